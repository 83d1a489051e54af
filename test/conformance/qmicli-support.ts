// Running libqmi's qmicli (and qmi-proxy) against the simulator, and reading what it prints.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { runProgram, type ProgramRun } from '../simulator/support.ts';

export type QmicliRun = ProgramRun;

export function qmicli(args: readonly string[], timeoutMs = 20000): Promise<QmicliRun> {
  return runProgram(['qmicli', ...args], timeoutMs);
}

/** The quoted value qmicli prints after "Label: '...'" (first match), or undefined. */
export function printed(out: string, label: string): string | undefined {
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${esc}:\\s*'([^']*)'`).exec(out) ?? new RegExp(`${esc}:\\s*(\\S[^\\n]*)`).exec(out);
  return m?.[1]?.trim();
}

export type Mode = 'direct' | 'proxy';

/** qmicli arguments for a device: direct open of the PTY, or through qmi-proxy (-p). */
export function deviceArgs(mode: Mode, sim: Simulator): string[] {
  const qmi = sim.ports.qmi;
  if (!qmi) throw new Error('this simulator has no QMI port');
  return [...(mode === 'proxy' ? ['-p'] : []), '-d', qmi, '--device-open-qmi'];
}

/**
 * Makes sure a qmi-proxy listens. The abstract socket "qmi-proxy" is one per machine and other
 * test files (run in parallel) may be using a proxy at this very moment, so nobody kills it:
 * ours exits by itself once it has had no client for a few seconds (when another proxy already
 * listens, ours exits at once and that one is used).
 */
export async function startProxy(): Promise<{ stop: () => Promise<void> }> {
  const child: ChildProcess = spawn('/usr/libexec/qmi-proxy', ['--empty-timeout=5'], { stdio: 'ignore', detached: true });
  child.unref();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await Promise.race([exited, new Promise((r) => setTimeout(r, 300))]);
  return { stop: async () => { /* it times out on its own; see above */ } };
}
