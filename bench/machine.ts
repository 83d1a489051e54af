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
