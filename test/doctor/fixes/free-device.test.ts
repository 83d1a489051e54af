// free-device against a real ModemManager holding the virtual EC25 (#10's harness): the fix
// inhibits, ModemManager lets go of every port, the record says how long that lasts, and undo in
// the same process gives the modem back (ModemManager lists it again).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Facts } from '../../../main/doctor/facts.ts';
import type { OpenModem } from '../../../main/doctor/open-modem.ts';
import { runFix, undoAction } from '../../../main/doctor/run-fix.ts';
import { UndoStore } from '../../../main/doctor/undo-store.ts';
import { ExchangeLog } from '../../../main/evidence/exchange.ts';
import { modemManagerStatus } from '../../../main/system/modemmanager.ts';
import { skipUnlessModemManagerWorld, startModemManagerWorld } from '../../support/modemmanager-harness.ts';
import { noSecrets } from './support.ts';

const skip = skipUnlessModemManagerWorld();

test('free-device inhibits: ModemManager lets go of the EC25; undo gives it back', { skip, timeout: 120000 }, async (t) => {
  const world = await startModemManagerWorld({ profile: 'ec25' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-undo-'));
  try {
    const modem = await world.waitForModem();
    const sim = world.sim;
    // ModemManager holds the ports, so the fix reaches the modem only by name.
    const open: OpenModem = { target: { id: 'qmi:cdc-wdm0', qmi: sim.ports.qmi!, at: sim.ports.at }, log: new ExchangeLog(), close: async () => undefined };
    const facts: Facts = {
      reach: { value: { at: [] }, via: 'doctor', evidence: [] },
      modemManager: { value: { running: true, modem: { path: modem.path, ports: modem.ports.map((p) => p.name) } }, via: 'dbus', evidence: [] },
      problems: [],
    };
    const store = new UndoStore({ dir });
    const r = await runFix({ fix: 'free-device', finding: 'modemmanager-holds-device', open, facts, secrets: noSecrets, consent: async () => true, store, system: { busAddress: world.busAddress } });
    assert.equal(r.status, 'applied', r.error);
    assert.match(r.plan.warnings.join(' '), /lasts while the Modem Doctor process that made it runs/);
    assert.equal((await modemManagerStatus({ busAddress: world.busAddress })).modems.length, 0, 'ModemManager lists no modem while inhibited');
    const rec = store.load(r.undo!.actionId);
    assert.equal(rec.restore.way, 'inhibit');
    const u = await undoAction({ record: rec, store, system: { busAddress: world.busAddress } });
    assert.equal(u.outcome.restored, true, u.outcome.message);
    const back = await world.waitForModem(30000);
    assert.equal(back.device, modem.device);
  } catch (e) {
    t.diagnostic(world.log().slice(-3000));
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(await world.close(), [], 'every process of the world ended');
  }
});
