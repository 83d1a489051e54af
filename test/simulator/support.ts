// Starting a simulator in a fresh temp dir for a test, and stopping it afterwards; and running a
// program (umockdev-run, qmicli) against it.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../main/simulator/simulator.ts';

/**
 * No drift (what a client reads must equal the state read right after) and 1 ms latencies. fn
 * runs once the modem has finished its power-up banner (RDY...), so a test that is not about a
 * booting modem never has its first command cut short by it (on a loaded machine it was); a test
 * about the banner says `{ booted: false }`.
 */
export async function withSim(profile: string, scenario: string, fn: (sim: Simulator) => Promise<void>, extra: Partial<SimulatorOptions> & { booted?: boolean } = {}): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-'));
  try {
    const { booted = true, ...options } = extra;
    const sim = await startSimulator({ profile, scenario, dir: path.join(dir, 'm'), driftMs: 0, latency: { qmi: 1, at: 1 }, ...options });
    try {
      if (booted) await sim.booted();
      await fn(sim);
    } finally {
      await sim.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** withSim for a test about a modem that is already up: its boot URCs (RDY, +CPIN: READY, 300 ms
 *  after the ports appear on a Quectel or SIMCom AT port) go out at once, while no client has the
 *  port open, instead of landing in the middle of the test's first AT exchanges on a slow machine
 *  (a restart mid-command, which the modem-reset tests are about). */
export function withBootedSim(profile: string, scenario: string, fn: (sim: Simulator) => Promise<void>, extra: Partial<SimulatorOptions> = {}): Promise<void> {
  return withSim(profile, scenario, fn, { bootDelayMs: 0, ...extra });
}

export interface ProgramRun { code: number; stdout: string; stderr: string }

/** Runs argv to its end; code -1 when it was killed (timeout) or could not start. */
export function runProgram(argv: readonly string[], timeoutMs = 20000): Promise<ProgramRun> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}
