// Running a test file inside a network namespace of its own (`unshare -n`), for tests that create
// network interfaces: whatever they make cannot touch the machine's network, and it all goes
// when the namespace's last process ends. The outer test runs the file again under unshare with
// MD_TEST_PRIVATE_NETNS=1; the inner run reports its namespace, and afterwards the outer one
// lists every process still in it (a socat left behind would keep its interface alive), ends
// those by pid, and returns them so the test can assert there were none.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRoot } from './needs-root.ts';

export const IN_PRIVATE_NETNS = process.env.MD_TEST_PRIVATE_NETNS === '1';

// The inner run says which namespace it is in, first thing.
if (IN_PRIVATE_NETNS && process.env.MD_TEST_NETNS_REPORT) {
  fs.writeFileSync(process.env.MD_TEST_NETNS_REPORT, fs.readlinkSync('/proc/self/ns/net'));
}

let usable: boolean | undefined;
/** false when a private network namespace can be made here; otherwise why not (the skip reason). */
export function skipUnlessPrivateNetns(): string | false {
  if (!isRoot) return 'needs root: creating network namespaces and interfaces';
  if (usable === undefined) {
    try {
      usable = spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
    } catch {
      usable = false;
    }
  }
  return usable ? false : 'network namespaces are not available here (unshare -n failed)';
}

export interface NetnsRun {
  code: number | null;
  output: string;
  /** Processes that were still in the namespace after the run (each ended by pid since). */
  leftovers: { pid: number; command: string }[];
}

function netnsOf(pid: number): string | undefined {
  try { return fs.readlinkSync(`/proc/${pid}/ns/net`); } catch { return undefined; }
}

function processesIn(ns: string): { pid: number; command: string }[] {
  const out: { pid: number; command: string }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || netnsOf(Number(name)) !== ns) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // a zombie holds nothing
      out.push({ pid: Number(name), command: fs.readFileSync(`/proc/${name}/comm`, 'utf8').trim() });
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/** Runs `file` with node's test runner inside a fresh network namespace. */
export async function runFileInPrivateNetns(file: string, timeoutMs = 100_000): Promise<NetnsRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-netns-'));
  const report = path.join(dir, 'netns');
  const env: NodeJS.ProcessEnv = { ...process.env, MD_TEST_PRIVATE_NETNS: '1', MD_TEST_NETNS_REPORT: report };
  // Set by the outer runner for its children; the inner runner must be a runner of its own.
  delete env.NODE_TEST_CONTEXT;
  const child = spawn('unshare', ['-n', '--', process.execPath, '--test', '--test-reporter=spec', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', (e) => { output += String(e); resolve(null); });
    child.on('exit', (c) => resolve(c));
  });
  clearTimeout(timer);
  let leftovers: NetnsRun['leftovers'] = [];
  try {
    const ns = fs.readFileSync(report, 'utf8');
    leftovers = processesIn(ns);
    for (const p of leftovers) {
      try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  } catch {
    output += '\n(the inner run never reported its network namespace)';
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, output, leftovers };
}
