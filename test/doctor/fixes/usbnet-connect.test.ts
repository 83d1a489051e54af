// set-usbnet-mode (each vendor's knob, a reset, the ports vanishing and coming back) and the
// connect test against the virtual modem.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFix, undoAction } from '../../../main/doctor/run-fix.ts';
import { openModem, factsOf, noSecrets, restartDuring, snapshot, withOpenModem } from './support.ts';

const yes = async (): Promise<boolean> => true;

for (const profile of ['ec25', 'mc7455', 'sim7600']) {
  test(`set-usbnet-mode (${profile}): a composition without QMI becomes one with QMI after a reset, with progress; undo resets back exactly`, async () => {
    await withOpenModem(profile, 'wrong-usbnet', async ({ sim, open, store }) => {
      const before = snapshot(sim);
      assert.equal(sim.ports.qmi, null, 'no QMI port in the wrong composition');
      const steps: string[] = [];
      const r = await runFix({ fix: 'set-usbnet-mode', finding: 'usbnet-mode-wrong', open, facts: factsOf(sim), secrets: noSecrets, consent: yes, store, progress: (p) => steps.push(p.step) });
      assert.equal(r.status, 'applied', r.error);
      assert.match(r.plan.warnings[0]!, /resets/);
      assert.equal(sim.model.state.usbComposition, sim.profile.composition.defaultValue);
      await sim.settled();
      assert.ok(sim.ports.qmi, 'the QMI port is there after the reset');
      assert.ok(steps.some((s) => /waiting for the modem/.test(s)), steps.join('; '));
      // The fix's channel died with the reset: undo reaches the modem afresh, as a later process would.
      const again = await openModem(sim, { qmi: false });
      try {
        await undoAction({ record: store.load(r.undo!.actionId), open: again, store });
      } finally {
        await again.close();
      }
      await sim.settled();
      assert.deepEqual(snapshot(sim), before);
      assert.equal(sim.ports.qmi, null);
    }, { qmi: false });
  });
}

// A module that answers AT before its power-up banner is done (the fix's own wait for it, then a
// quick undo) may print RDY while the reset is in flight, and still carry the reset out. That is
// the reset happening, not a failure: the ports go, and come back in the new composition.
test('set-usbnet-mode (ec25): RDY while AT+CFUN=1,1 is in flight, then the ports go: the reset happened, applied, sent once', async () => {
  await withOpenModem('ec25', 'wrong-usbnet', async (o) => {
    const running = runFix({ fix: 'set-usbnet-mode', finding: 'usbnet-mode-wrong', open: o.open, facts: factsOf(o.sim), secrets: noSecrets, consent: yes, store: o.store });
    await restartDuring(o, /^AT\+CFUN=1,1/);
    const r = await running;
    assert.equal(r.status, 'applied', r.error);
    const resets = o.open.log.all().filter((e) => e.protocol === 'at' && e.direction === 'tx' && /^AT\+CFUN=1,1/.test(e.raw));
    assert.equal(resets.length, 1, 'a reset whose ports went away is not sent again');
    await o.sim.settled();
    assert.equal(o.sim.model.state.usbComposition, o.sim.profile.composition.defaultValue);
    assert.ok(o.sim.ports.qmi, 'the QMI port is there after the reset');
  }, { qmi: false }, { latency: { at: 300 } });
});

test('connect-test on the healthy EC25: a 10.x address with MTU 1500, judged plausible, and the session stopped again', async () => {
  await withOpenModem('ec25', 'healthy', async ({ sim, open, store }) => {
    const before = snapshot(sim);
    const r = await runFix({ fix: 'connect-test', open, facts: factsOf(sim), secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'applied', r.error);
    const o = r.outcome as { connected: boolean; settings: { ipv4: string; mtu: number }; verdict: { ok: boolean }; stopped: boolean };
    assert.equal(o.connected, true);
    assert.match(o.settings.ipv4, /^10\./);
    assert.equal(o.settings.mtu, 1500);
    assert.equal(o.verdict.ok, true);
    assert.equal(o.stopped, true);
    assert.equal(r.undo, undefined);
    assert.deepEqual(store.list(), [], 'no undo record for a test that leaves nothing behind');
    assert.deepEqual(snapshot(sim), before);
  });
});

test('connect-test --keep leaves the session up', async () => {
  await withOpenModem('ec25', 'healthy', async ({ sim, open, store }) => {
    const r = await runFix({ fix: 'connect-test', open, facts: factsOf(sim), options: { keep: 'yes' }, secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'applied', r.error);
    assert.equal(sim.model.state.connection?.apn, 'internet.it');
  });
});

test('connect-test with no APN: the network\'s refusal (cause 33) in words and the suggestion to try', async () => {
  await withOpenModem('ec25', 'no-apn', async ({ sim, open, store }) => {
    const r = await runFix({ fix: 'connect-test', open, facts: factsOf(sim), secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'applied', r.error);
    assert.equal(r.outcome?.connected, false);
    assert.equal(r.outcome?.cause3gpp, 33);
    assert.equal(r.outcome?.next, 'internet.wind');
    assert.match(String(r.outcome?.message), /refused the APN \(none\) \(3GPP cause 33: requested service option not subscribed\)/);
  });
});
