// The polkit policy read by the real polkitd: in a private mount namespace, polkit's actions
// folder is replaced by one holding only our policy, polkitd runs on a private system-type bus,
// and pkaction/pkcheck ask it. Proves the file parses, names the installed helper, and that a
// normal user's process must authenticate while root is allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { waitFor } from '../support/wait.ts';
import { HELPER_POLKIT_ACTION, INSTALLED_HELPER_PATH } from '../../main/system/helper-client.ts';

const POLKITD = '/usr/lib/polkit-1/polkitd';
const ACTIONS = '/usr/share/polkit-1/actions';
const POLICY = path.join(import.meta.dirname, '..', '..', 'build', 'polkit', `${HELPER_POLKIT_ACTION}.policy`);

function missing(): string | false {
  for (const f of [POLKITD, '/usr/bin/pkaction', '/usr/bin/pkcheck', '/usr/bin/dbus-daemon']) {
    if (!fs.existsSync(f)) return `${f} is not installed (Debian packages polkitd, pkexec's pkaction/pkcheck come with polkitd; dbus)`;
  }
  try {
    execFileSync('unshare', ['-m', 'true'], { stdio: 'ignore' });
  } catch {
    return 'mount namespaces are not available here';
  }
  return false;
}
const skip = skipUnlessRoot('a private mount namespace and polkitd need root') || missing();

interface Run { code: number; stdout: string; stderr: string }
function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 10000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'md-polkit-'));
const started: ChildProcess[] = [];
let busPid = 0;
let busEnv: NodeJS.ProcessEnv = {};

function start(file: string, args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(file, args, { env, stdio: 'ignore' });
  started.push(child);
  return child;
}

before(async () => {
  if (skip) return;
  // polkitd drops to its own user: it must reach the bus socket and read the actions.
  fs.chmodSync(work, 0o755);
  fs.mkdirSync(path.join(work, 'actions'));
  fs.copyFileSync(POLICY, path.join(work, 'actions', path.basename(POLICY)));
  fs.writeFileSync(path.join(work, 'bus.conf'), `<busconfig><type>system</type><listen>unix:path=${work}/bus.sock</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>\n`);
  const bus = await run('dbus-daemon', [`--config-file=${work}/bus.conf`, '--print-address=1', '--print-pid=1', '--fork']);
  assert.equal(bus.code, 0, bus.stderr);
  const [address, pid] = bus.stdout.trim().split('\n');
  busPid = Number(pid);
  busEnv = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: address };

  const holder = start('unshare', ['-m', '--propagation', 'private', 'sleep', 'infinity']);
  const own = fs.readlinkSync('/proc/self/ns/mnt');
  await waitFor(() => { try { return fs.readlinkSync(`/proc/${holder.pid}/ns/mnt`) !== own; } catch { return false; } }, 5000, 'the mount namespace');
  const bind = await run('nsenter', ['-t', String(holder.pid), '-m', '--', 'mount', '--bind', path.join(work, 'actions'), ACTIONS]);
  assert.equal(bind.code, 0, bind.stderr);
  // nsenter entering only a mount namespace execs polkitd in place: the pid is polkitd's.
  start('nsenter', ['-t', String(holder.pid), '-m', '--', POLKITD, '--no-debug'], busEnv);
  const end = Date.now() + 10000;
  while ((await run('pkaction', [], busEnv)).code !== 0) {
    if (Date.now() > end) throw new Error('polkitd never answered on the private bus');
    await new Promise((r) => setTimeout(r, 50));
  }
});

after(async () => {
  for (const c of started.reverse()) c.kill('SIGKILL');
  if (busPid) { try { process.kill(busPid, 'SIGKILL'); } catch { /* gone */ } }
  const pids = [...started.map((c) => c.pid), busPid].filter((p): p is number => !!p);
  await waitFor(() => pids.every((p) => { try { process.kill(p, 0); return false; } catch { return true; } }), 5000, 'the polkit test processes to end');
  fs.rmSync(work, { recursive: true, force: true });
});

test('polkitd parses the policy: our action, its defaults and the helper path pkexec matches', { skip }, async () => {
  const all = await run('pkaction', [], busEnv);
  assert.deepEqual(all.stdout.trim().split('\n'), [HELPER_POLKIT_ACTION], 'only our policy is in the private actions folder');
  const r = await run('pkaction', ['--action-id', HELPER_POLKIT_ACTION, '--verbose'], busEnv);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /implicit any: +auth_admin\n/);
  assert.match(r.stdout, /implicit inactive: +auth_admin\n/);
  assert.match(r.stdout, /implicit active: +auth_admin_keep\n/);
  assert.match(r.stdout, new RegExp(`annotation: +org\\.freedesktop\\.policykit\\.exec\\.path -> ${INSTALLED_HELPER_PATH}\\n`));
});

test('a normal user\'s process must authenticate; root is allowed', { skip }, async () => {
  const nobody = start('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '30']);
  await waitFor(() => { try { return fs.readFileSync(`/proc/${nobody.pid}/status`, 'utf8').includes('Uid:\t65534'); } catch { return false; } }, 5000, 'the unprivileged process');
  const user = await run('pkcheck', ['--action-id', HELPER_POLKIT_ACTION, '--process', String(nobody.pid)], busEnv);
  assert.equal(user.code, 2, `pkcheck exit 2 means "authentication required": ${user.stderr}`);
  assert.match(user.stderr, /requires authentication/);
  const root = await run('pkcheck', ['--action-id', HELPER_POLKIT_ACTION, '--process', String(process.pid)], busEnv);
  assert.equal(root.code, 0, root.stderr);
});
