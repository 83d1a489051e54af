// Starting a simulator in a fresh temp dir for a test, and stopping it afterwards.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../main/simulator/simulator.ts';

export async function withSim(profile: string, scenario: string, fn: (sim: Simulator) => Promise<void>, extra: Partial<SimulatorOptions> = {}): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-'));
  const sim = await startSimulator({ profile, scenario, dir: path.join(dir, 'm'), driftMs: 0, latency: { qmi: 1, at: 1 }, ...extra });
  try {
    await fn(sim);
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
