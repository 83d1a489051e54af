// What `start` decides before printing: a plugged-in modem is named, otherwise the virtual modem
// handed in is started and read once; a modem that cannot start or does not answer is a typed
// error, and one that does not answer is stopped again.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startSimulator } from '../../main/simulator/simulator.ts';
import { pluggedQmiPorts } from '../../main/startup/plugged.ts';
import { startUp, StartUpError, type VirtualModem } from '../../main/startup/start-up.ts';

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-startup-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Our live child processes (the simulator's socat PTY pairs), from /proc. */
function children(): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === process.pid && state !== 'Z') out.push(`${pid} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 1)}`);
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/** A simulator as `start` would hand it in, counting its stops. */
function virtual(dir: string, scenario: string): { start: () => Promise<VirtualModem>; stops: () => number } {
  let stops = 0;
  return {
    stops: () => stops,
    start: async () => {
      const sim = await startSimulator({ profile: 'ec25', scenario, dir: path.join(dir, 'modem'), latency: { qmi: 1, at: 1 } });
      return { ports: sim.ports, stop: async () => { stops++; await sim.stop(); } };
    },
  };
}

test('pluggedQmiPorts lists the cdc-wdm nodes only, in order; an unreadable folder is nothing plugged', (t) => {
  const dev = scratch(t);
  for (const n of ['cdc-wdm1', 'ttyUSB2', 'cdc-wdm0', 'cdc-wdm', 'wwan0']) fs.writeFileSync(path.join(dev, n), '');
  assert.deepEqual(pluggedQmiPorts(dev), [`${dev}/cdc-wdm0`, `${dev}/cdc-wdm1`]);
  assert.deepEqual(pluggedQmiPorts(path.join(dev, 'missing')), []);
});

test('a plugged-in modem is named and no virtual modem is started, unless asked for', async (t) => {
  const dev = scratch(t);
  fs.writeFileSync(path.join(dev, 'cdc-wdm0'), '');
  let started = 0;
  const never = async (): Promise<VirtualModem> => { started++; throw new Error('not wanted'); };
  assert.deepEqual(await startUp({ virtual: false, devDir: dev, startVirtualModem: never }), { kind: 'plugged', devices: [`${dev}/cdc-wdm0`] });
  assert.equal(started, 0);
  await assert.rejects(startUp({ virtual: true, devDir: dev, startVirtualModem: never }), StartUpError);
  assert.equal(started, 1);
});

test('no modem plugged in: the virtual modem is started and read once over QMI and AT', async (t) => {
  const dir = scratch(t);
  const v = virtual(dir, 'seed');
  const r = await startUp({ virtual: false, devDir: path.join(dir, 'no-dev'), startVirtualModem: v.start });
  assert.equal(r.kind, 'virtual');
  if (r.kind !== 'virtual') return;
  try {
    assert.equal(r.look.imei, '867698041234567');
    assert.equal(r.look.linkLayer, 'raw-ip');
    assert.equal(r.look.cpin, '+CPIN: READY');
    assert.equal(r.look.qmiPath, r.modem.ports.qmi);
  } finally {
    await r.modem.stop();
  }
  assert.deepEqual(children(), [], 'the virtual modem left no process behind');
});

test('a virtual modem that cannot start, or never answers, is a typed error; the silent one is stopped', async (t) => {
  const failing = async (): Promise<VirtualModem> => { throw new Error('socat is not installed'); };
  await assert.rejects(startUp({ virtual: true, startVirtualModem: failing }), (e: unknown) =>
    e instanceof StartUpError && e.code === 'virtual-modem-failed' && /socat is not installed/.test(e.message));

  const v = virtual(scratch(t), 'unresponsive');
  await assert.rejects(startUp({ virtual: true, startVirtualModem: v.start, timeoutMs: 300 }), (e: unknown) =>
    e instanceof StartUpError && e.code === 'virtual-modem-silent' && /did not answer/.test(e.message));
  assert.equal(v.stops(), 1);
  assert.deepEqual(children(), [], 'the silent modem left no process behind');
});
