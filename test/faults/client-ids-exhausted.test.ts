// Fault: the modem's table of QMI client ids is full (programs killed without giving theirs
// back: each one leaks an id until a CTL Sync or a reset). What a user notices: when the doctor
// has the modem to itself, nothing (it frees them with a CTL Sync, libqmi data/qmi-service-ctl.json
// message 0x0027, and carries on); through qmi-proxy, beside ModemManager, it must not Sync (that
// would drop ModemManager's ids too) and says so in words instead.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from '../../main/doctor/diagnose.ts';
import { QmiClientError } from '../../main/qmi/client.ts';
import { DMS, NAS } from '../../main/qmi/services/index.ts';
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { simTarget } from '../doctor/support.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { withOwnQmiProxy } from '../support/own-qmi-proxy.ts';
import { withSim } from '../simulator/support.ts';

const syncs = (log: { all(): readonly { direction: string; decoded?: unknown }[] }): number =>
  log.all().filter((e) => e.direction === 'tx' && (e.decoded as { message?: string } | undefined)?.message === 'Sync').length;

test('leaked client ids fill the table: a diagnosis that owns the port frees them (CTL Sync) and is healthy; nothing is left allocated', () => withSim('ec25', 'healthy', async (sim) => {
  for (const s of ['DMS', 'NAS', 'WDS', 'UIM', 'WDA']) assert.ok(sim.leakClientIds(s) > 0);
  const d = await diagnose(simTarget(sim), { modemManager: false, releaseOnSignals: false });
  assert.deepEqual(d.findings.map((f) => f.id), []);
  assert.deepEqual(d.facts.problems, []);
  assert.deepEqual(sim.clientIds(), {}, 'the leaked ids were freed, and the diagnosis gave its own back');
}));

test('the table fills up while we hold the port alone: the next request gets CLIENT_IDS_EXHAUSTED, the client Syncs and the request succeeds', () => withSim('ec25', 'healthy', async (sim) => {
  const c = await openQmiPort({ device: sim.ports.qmi!, releaseOnSignals: false });
  try {
    assert.equal(c.ownsDevice, true);
    assert.equal((await c.request(DMS, DMS.messages.getIds)).ok, true);
    const before = syncs(c.log);
    sim.leakClientIds('NAS');
    const r = await c.request(NAS, NAS.messages.getSignalStrength);
    assert.equal(r.ok, true);
    assert.equal(syncs(c.log) - before, 1, 'one CTL Sync, after the refusal');
    assert.ok(c.log.all().some((e) => (e.decoded as { result?: { error?: string } } | undefined)?.result?.error === 'client-ids-exhausted'));
    // After the Sync our DMS id was gone too: it is taken again on the next DMS request.
    assert.equal((await c.request(DMS, DMS.messages.getIds)).ok, true);
  } finally {
    await c.close();
  }
  assert.deepEqual(sim.clientIds(), {}, 'everything given back on close');
}));

test('through qmi-proxy the table full is reported in words and no Sync is sent (it would drop the other programs\' ids)',
  { skip: skipUnlessRoot('libqmi\'s qmi-proxy refuses to start without root') }, () => withOwnQmiProxy(() => withSim('ec25', 'healthy', async (sim) => {
    const leaked = sim.leakClientIds('NAS');
    const c = await openQmiPort({ device: sim.ports.qmi!, proxy: true, releaseOnSignals: false });
    try {
      assert.equal(c.ownsDevice, false);
      const e = await c.request(NAS, NAS.messages.getSignalStrength).then(() => null, (x: unknown) => x);
      assert.ok(e instanceof QmiClientError, String(e));
      assert.equal(e.code, 'allocation-failed');
      assert.match(e.message, /client-ids-exhausted/);
      assert.match(e.message, /no Sync was sent/);
      assert.equal(syncs(c.log), 0);
      assert.equal(sim.clientIds().NAS?.length, leaked, 'the other programs\' ids are all still there');
      // Services with free ids still work beside it.
      assert.equal((await c.request(DMS, DMS.messages.getIds)).ok, true);
    } finally {
      await c.close();
    }
  }), { startedByClient: true }));
