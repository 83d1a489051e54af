// The helper's link verbs with the real `ip` on a real interface: a tun device in a private
// network namespace (so the machine's own interfaces are never touched). The same namespace
// shows the counters module on a raw-IP-like link (a tun has no link-layer header: link_type
// "none", as qmi_wwan in raw-IP mode).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { runProgram } from '../simulator/support.ts';
import { runHelper } from './helper-run.ts';

function namespacesMissing(): string | false {
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    return false;
  } catch (e) {
    return `network namespaces are not available here (unshare -n: ${(e as Error).message.split('\n')[0]})`;
  }
}
const skip = skipUnlessRoot('network namespaces and tun devices need root') || namespacesMissing();
let nsPid = 0;
const enter = (): string[] => ['nsenter', '-t', String(nsPid), '-n', '--'];
const KERNEL = path.join(import.meta.dirname, '..', '..', 'main', 'system', 'kernel-counters.ts');

async function linkFlags(): Promise<string[]> {
  const r = await runProgram([...enter(), 'ip', '-j', 'link', 'show', 'dev', 'mdtun0']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { flags: string[] }[])[0]!.flags;
}

before(async () => {
  if (skip) return;
  // A namespace that lives as long as this sleep; killing it removes the namespace and the tun.
  const holder = spawn('unshare', ['-n', 'sleep', 'infinity'], { stdio: 'ignore' });
  nsPid = holder.pid!;
  // unshare execs sleep in the new namespace: wait until the pid's namespace differs from ours.
  const own = execFileSync('readlink', ['/proc/self/ns/net'], { encoding: 'utf8' });
  const end = Date.now() + 5000;
  while (execFileSync('readlink', [`/proc/${nsPid}/ns/net`], { encoding: 'utf8' }) === own) {
    if (Date.now() > end) throw new Error('the namespace holder never entered its namespace');
    await new Promise((r) => setTimeout(r, 10));
  }
  const r = await runProgram([...enter(), 'ip', 'tuntap', 'add', 'dev', 'mdtun0', 'mode', 'tun']);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  if (!nsPid) return;
  process.kill(nsPid, 'SIGKILL');
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    try { process.kill(nsPid, 0); } catch { return; }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`namespace holder ${nsPid} still running`);
});

test('link-up and link-down change the real interface, through the real ip', { skip }, async () => {
  assert.ok(!(await linkFlags()).includes('UP'));
  const up = await runHelper(['link-up', 'mdtun0'], { wrap: enter() });
  assert.equal(up.status, 0, up.stdout);
  assert.ok((await linkFlags()).includes('UP'));
  const down = await runHelper(['link-down', 'mdtun0'], { wrap: enter() });
  assert.equal(down.status, 0, down.stdout);
  assert.ok(!(await linkFlags()).includes('UP'));
  const missing = await runHelper(['link-up', 'mdnone0'], { wrap: enter() });
  assert.equal(missing.status, 1);
  assert.equal(missing.result.code, 'not-found');
});

test('the counters module on a raw-IP-like link: link type none, up, counters at 0', { skip }, async () => {
  await runHelper(['link-up', 'mdtun0'], { wrap: enter() });
  const script = `import { readIpLink } from '${KERNEL}'; process.stdout.write(JSON.stringify(await readIpLink('mdtun0')));`;
  const r = await runProgram([...enter(), process.execPath, '--input-type=module', '-e', script]);
  assert.equal(r.code, 0, r.stderr);
  const link = JSON.parse(r.stdout) as { linkType: string; adminUp: boolean; lowerUp: boolean; counters: { rxPackets: number } };
  assert.equal(link.linkType, 'none');
  assert.equal(link.adminUp, true);
  assert.equal(link.lowerUp, false, 'no program holds the tun: no carrier');
  assert.equal(link.counters.rxPackets, 0);
});
