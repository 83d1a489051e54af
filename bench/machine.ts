// The machine a run was made on, recorded beside the figures.

import fs from 'node:fs';
import os from 'node:os';

export interface Machine { cpu: string; cores: number; memoryGiB: number; kernel: string; node: string; loadAverage: number[] }

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Whether /proc says we run in a container or VM (for the README's note); best effort. */
export function virtualisation(): string | undefined {
  try {
    const c = fs.readFileSync('/proc/1/cgroup', 'utf8');
    if (/docker|containerd|kubepods|lxc/.test(c)) return 'container';
  } catch { /* not readable */ }
  return undefined;
}

/**
 * How fast this machine ran a fixed piece of work just now (ms; the median of three, after one
 * that warms up): strings and objects in a Map, then a sort, which is what a diagnosis does
 * between its system calls. A virtual machine shares its host: on the machine of the README's run
 * a Python loop of three million additions took 0.085 s at 14:16 UTC, 0.34 s twelve minutes later
 * and 0.19 s an hour after, with nothing of ours running (2026-12-02), and the doctor's figures
 * moved with it. Measured at the end of a run (details.cpuCheckMs; at its start, in a young
 * process, it reads about twice as long), it tells runs on a quiet host from runs on a busy one,
 * roughly: two calls in one process differ by up to a quarter. (A loop of integer arithmetic
 * alone stayed within 5% through all of that: it does not show what slows the doctor down.)
 */
export function cpuCheckMs(): number {
  const times: number[] = [];
  let keep = 0;
  // The first round compiles the code and grows the heap: it is left out.
  for (let k = 0; k < 4; k++) {
    const t = performance.now();
    const m = new Map<string, { i: number; s: string }>();
    for (let i = 0; i < 100_000; i++) m.set(`k${(i * 7919) % 1_000_003}`, { i, s: String(i) });
    for (const [key, v] of m) keep += key.length + v.s.length;
    const a = Array.from({ length: 60_000 }, (_, i) => (i * 2654435761) % 4294967296);
    a.sort((x, y) => x - y);
    keep += a[0]!;
    if (k > 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return keep < 0 ? NaN : Math.round(times[1]!); // `keep` is used, so none of the work is optimised away
}
