// Fault: while the doctor has a modem open in a session (the wizard on screen), ModemManager
// starts (or someone opens minicom) and takes the port. What a user notices: the next diagnosis
// names who holds the port and what to do, instead of a timeout or replies mixed up with the
// other program's. A real ModemManager is not needed for this: what the doctor sees of it is a
// process called ModemManager with the port open (/proc), and that is what the holder here is.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../main/doctor/default-engine.ts';
import { diagnose } from '../../main/doctor/diagnose.ts';
import { Session } from '../../main/doctor/session.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { simTarget } from '../doctor/support.ts';
import { withSim } from '../simulator/support.ts';

/** A process named `name` that holds `ports` open (without reading them) until killed. */
async function holder(name: string, ports: string[], dir: string): Promise<ChildProcess> {
  const bin = path.join(dir, name);
  fs.copyFileSync('/bin/sleep', bin);
  fs.chmodSync(bin, 0o755);
  const fds = ports.map((p) => fs.openSync(p, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK));
  try {
    const child = spawn(bin, ['600'], { stdio: ['ignore', 'ignore', 'ignore', ...fds] });
    await new Promise<void>((resolve, reject) => { child.once('spawn', resolve); child.once('error', reject); });
    return child;
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
}

async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

async function inSession(sim: Simulator, fn: (session: Session, dir: string) => Promise<void>): Promise<void> {
  const target = simTarget(sim);
  const session = new Session(createEngine({
    listModems: async () => [{ target, label: 'virtual EC25', problems: [] }],
    diagnose: (t, o) => diagnose(t, { ...o, modemManager: false, releaseOnSignals: false }),
  }), { presenceIntervalMs: 0 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-holder-'));
  try {
    await session.start();
    await fn(session, dir);
  } finally {
    await session.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('ModemManager takes the ports mid-session: the next diagnosis says ModemManager has the modem (by pid) and offers to free it', () => withSim('ec25', 'healthy', (sim) => inSession(sim, async (session, dir) => {
  assert.deepEqual((await session.diagnose()).findings.map((f) => f.id), []);
  const mm = await holder('ModemManager', [sim.ports.qmi!, ...sim.ports.at], dir);
  try {
    const { findings } = await session.diagnose();
    const f = findings.find((x) => x.id === 'modemmanager-holds-device');
    assert.ok(f, JSON.stringify(findings.map((x) => x.id)));
    assert.equal(f.severity, 'error');
    assert.match(f.evidence.map((e) => e.text).join(' '), new RegExp(`ModemManager \\(pid ${mm.pid}\\)`));
    assert.deepEqual(f.fixes.map((x) => x.fix), ['free-device']);
    assert.ok(!findings.some((x) => x.id === 'modem-unresponsive'), 'a held modem is not called unresponsive');
    // The held ports were not opened: the doctor took none of ModemManager's replies.
    const reach = session.state().facts!.reach.value;
    assert.equal(reach.qmi?.answer, 'held');
    assert.match(reach.qmi?.detail ?? '', /ModemManager/);
  } finally {
    await end(mm);
  }
  assert.deepEqual((await session.diagnose()).findings.map((f) => f.id), [], 'once it lets go, the modem is healthy again');
  assert.deepEqual(sim.clientIds(), {});
})));

test('another program opens the AT port mid-session: the next diagnosis names it (port-busy) and still reads the modem over QMI', () => withSim('ec25', 'healthy', (sim) => inSession(sim, async (session, dir) => {
  await session.diagnose();
  const other = await holder('minicom', [sim.ports.at[0]!], dir);
  try {
    const { findings } = await session.diagnose();
    const f = findings.find((x) => x.id === 'port-busy');
    assert.ok(f, JSON.stringify(findings.map((x) => x.id)));
    assert.match(f.title, /minicom/);
    assert.match(f.explanation, new RegExp(`${sim.ports.at[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*minicom \\(pid ${other.pid}\\)`));
    assert.ok(session.state().facts!.device, 'QMI still read the device');
  } finally {
    await end(other);
  }
})));
