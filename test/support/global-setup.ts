// Around the whole test run (node --test --test-global-setup): every process a test starts
// inherits a mark in its environment, and when the run ends any process still carrying it (a
// qmi-proxy, socat, dbus-daemon, ModemManager, udhcpc a test forgot) is named, ended and fails
// the run. And the run keeps out of the user's own state: undo records go to a directory of its
// own ($XDG_STATE_HOME), removed afterwards.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MARK = 'MODEM_DOCTOR_TEST_RUN';
let stateDir: string | undefined;

export function globalSetup(): void {
  process.env[MARK] = randomUUID();
  if (!process.env.MODEM_DOCTOR_TEST_KEEP_XDG) {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-test-state-'));
    process.env.XDG_STATE_HOME = stateDir;
  }
}

interface Leftover { pid: number; command: string }

/** Live processes (not zombies) whose environment carries this run's mark. */
function marked(run: string): Leftover[] {
  const needle = Buffer.from(`${MARK}=${run}\0`);
  const out: Leftover[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!fs.readFileSync(`/proc/${name}/environ`).includes(needle)) continue;
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const command = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      out.push({ pid: Number(name), command });
    } catch { /* gone, or not ours to read */ }
  }
  return out;
}

export async function globalTeardown(): Promise<void> {
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  const run = process.env[MARK];
  if (!run) return;
  // A process on its way out (a proxy whose last client just left) gets a moment.
  let left = marked(run);
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = marked(run);
  }
  if (left.length === 0) return;
  for (const p of left) {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  process.stderr.write(`\nThe tests left ${left.length} process(es) running (now killed):\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}\n`);
  process.exitCode = 1;
}
