// Running libqmi's qmicli (and qmi-proxy) against the simulator, and reading what it prints.

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

