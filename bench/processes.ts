// Every process the bench starts is ended by its pid (or its process group), never by name; at
// the end the bench checks that none is left (leftOverProcesses): not the simulators (nor the
// helper that unlocks their PTYs), qmicli, modem-doctor's own processes, serve, Chromium, nor ModemManager's world (whose
// harness ends its namespace by pid and names what would not end).

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';

/** Process groups the bench made (each spawnGroup child leads one) or learnt of (Chromium's). */
const ourGroups = new Set<number>();

export function registerGroup(pgid: number | undefined): void {
  if (pgid !== undefined) ourGroups.add(pgid);
}

/** Our direct children whose command starts with `prefix` (Chromium, which Playwright starts). */
export function childrenNamed(prefix: string): number[] {
  return [...readProcs().values()].filter((p) => p.ppid === process.pid && p.comm.startsWith(prefix)).map((p) => p.pid);
}

interface Proc { pid: number; ppid: number; pgrp: number; comm: string; zombie: boolean }

function readProcs(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      out.set(Number(name), { pid: Number(name), comm: stat.slice(stat.indexOf('(') + 1, close), zombie: f[0] === 'Z', ppid: Number(f[1]), pgrp: Number(f[2]) });
    } catch { /* gone */ }
  }
  return out;
}

/**
 * Processes of ours still alive: our descendants, and members of the process groups we made
 * (which keeps an orphan whose parent has gone), apart from ourselves and the processes that
 * started us (npm, its shell).
 */
export function leftOverProcesses(): string[] {
  const procs = readProcs();
  const self = procs.get(process.pid);
  const ancestors = new Set<number>();
  for (let p = self; p && !ancestors.has(p.pid); p = procs.get(p.ppid)) ancestors.add(p.pid);
  const descends = (p: Proc): boolean => {
    const seen = new Set<number>();
    for (let q: Proc | undefined = p; q && !seen.has(q.pid); q = procs.get(q.ppid)) {
      if (q.ppid === process.pid) return true;
      seen.add(q.pid);
    }
    return false;
  };
  return [...procs.values()]
    .filter((p) => !p.zombie && !ancestors.has(p.pid))
    .filter((p) => descends(p) || ourGroups.has(p.pgrp))
    .map((p) => `${p.comm} (pid ${p.pid})`);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
}

function groupAlive(pgid: number): boolean {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/** Ends a process we started in its own group: SIGTERM to it (so it can clean up), then
 *  SIGTERM and SIGKILL to whatever of its group is left. */
export async function endGroup(pid: number, graceMs = 3000): Promise<void> {
  try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
  let end = Date.now() + graceMs;
  while (alive(pid) && Date.now() < end) await sleep(20);
  for (const s of ['SIGTERM', 'SIGKILL'] as const) {
    if (!groupAlive(pid) && !alive(pid)) return;
    try { process.kill(-pid, s); } catch { try { process.kill(pid, s); } catch { /* gone */ } }
    end = Date.now() + 1000;
    while ((groupAlive(pid) || alive(pid)) && Date.now() < end) await sleep(20);
  }
}

/** spawn() in its own process group, so that endGroup() reaches its children too. */
export function spawnGroup(argv: readonly string[], opts: SpawnOptions = {}): ChildProcess {
  const child = spawn(argv[0]!, argv.slice(1), { ...opts, detached: true });
  registerGroup(child.pid);
  child.on('error', () => { /* reported by whoever waits for it */ });
  return child;
}
