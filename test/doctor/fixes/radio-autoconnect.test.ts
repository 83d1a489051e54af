// radio-on and disable-autoconnect against the virtual modem: the change a user would notice,
// and undo putting the simulator's state back exactly.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { runFix, undoAction } from '../../../main/doctor/run-fix.ts';
import { newActionId } from '../../../main/doctor/undo-store.ts';
import { WDS } from '../../../main/qmi/services/index.ts';
import { processStartTicks } from '../../../main/system/device-holders.ts';
import { factsOf, noSecrets, restartDuring, snapshot, withOpenModem } from './support.ts';

const yes = async (): Promise<boolean> => true;

for (const use of [{ qmi: true, at: true }, { qmi: false, at: true }] as const) {
  const via = use.qmi ? 'QMI' : 'AT only';
  test(`radio-on (${via}): the radio-off EC25 goes online; undo puts low-power (CFUN 4) back exactly`, async () => {
    await withOpenModem('ec25', 'radio-off', async ({ sim, open, store }) => {
      const before = snapshot(sim);
      const r = await runFix({ fix: 'radio-on', finding: 'radio-off', open, facts: factsOf(sim), secrets: noSecrets, consent: yes, store });
      assert.equal(r.status, 'applied', r.error);
      assert.deepEqual(r.plan.changes, [{ what: 'operating mode', from: 'low-power (AT+CFUN=4)', to: 'online (AT+CFUN=1)' }]);
      assert.equal(sim.model.state.operatingMode, 'online');
      assert.equal(sim.model.registered, true);
      const saved = store.load(r.undo!.actionId);
      assert.equal(saved.status, 'applied');
      const u = await undoAction({ record: saved, open, store });
      assert.equal(u.outcome.restored, true);
      assert.deepEqual(snapshot(sim), before);
      assert.equal(store.load(saved.actionId).status, 'undone');
    }, use);
  });
}

test('the modem restarts (RDY) while undo\'s AT+CFUN=4 is in flight: the command goes once more and low-power is back', async () => {
  await withOpenModem('ec25', 'radio-off', async (o) => {
    const r = await runFix({ fix: 'radio-on', finding: 'radio-off', open: o.open, facts: factsOf(o.sim), secrets: noSecrets, consent: yes, store: o.store });
    assert.equal(r.status, 'applied', r.error);
    // The AT port answers after 300 ms: the banner lands while the command waits for its answer.
    const undone = undoAction({ record: o.store.load(r.undo!.actionId), open: o.open, store: o.store });
    await restartDuring(o, /^AT\+CFUN=4/);
    const u = await undone;
    assert.equal(u.outcome.restored, true, u.outcome.message);
    assert.equal(o.sim.model.state.operatingMode, 'low-power');
    const sent = o.open.log.all().filter((e) => e.protocol === 'at' && e.direction === 'tx' && /AT\+CFUN=4/.test(e.raw));
    assert.equal(sent.length, 2, 'sent, cut short by the banner, sent again');
  }, { qmi: false, at: true }, { latency: { at: 300 } });
});

test('radio-on while another process is applying radio-on to the same modem: refused naming that process, nothing asked, sent or saved; once it has gone, the run finishes it', async () => {
  await withOpenModem('ec25', 'radio-off', async ({ sim, open, store }) => {
    const facts = factsOf(sim);
    // The other program's record, as runFix saves it before changing anything: it is still alive.
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const modem = store.modemIdentity(facts.device?.value.imei, 'EC25', open.target.id);
      const theirs = {
        version: 1 as const, actionId: newActionId('radio-on'), fix: 'radio-on' as const, status: 'applying' as const, appliedAt: new Date().toISOString(), modem,
        applyingIn: { pid: other.pid!, startTicks: processStartTicks(other.pid!)! },
        changes: [{ what: 'operating mode', from: 'low-power (AT+CFUN=4)', to: 'online (AT+CFUN=1)' }], restore: {}, target: open.target,
      };
      store.save(theirs);
      let asked = false;
      const sentBefore = open.log.all().length;
      const r = await runFix({ fix: 'radio-on', finding: 'radio-off', open, facts, secrets: noSecrets, consent: async () => { asked = true; return true; }, store });
      assert.equal(r.status, 'refused');
      assert.equal(r.plan.refusal?.code, 'in-progress');
      assert.match(r.plan.refusal?.message ?? '', new RegExp(`being applied now by another program \\(process ${other.pid}\\)`));
      assert.equal(asked, false);
      assert.equal(open.log.all().length, sentBefore, 'nothing sent to the modem');
      assert.deepEqual(store.list().map((x) => x.actionId), [theirs.actionId]);
      assert.equal(sim.model.state.operatingMode, 'low-power');

      other.kill('SIGKILL');
      await once(other, 'exit');
      const done = await runFix({ fix: 'radio-on', finding: 'radio-off', open, facts, secrets: noSecrets, consent: async () => true, store });
      assert.equal(done.status, 'applied', done.error);
      assert.deepEqual(done.undo?.finishes, [theirs.actionId], 'the cut-short record is finished by this run');
    } finally {
      if (other.exitCode === null && other.signalCode === null) { other.kill('SIGKILL'); await once(other, 'exit'); }
    }
  });
});

test('radio-on on a modem whose radio is on: nothing to do, nothing asked, nothing saved', async () => {
  await withOpenModem('ec25', 'healthy', async ({ sim, open, store }) => {
    let asked = false;
    const r = await runFix({ fix: 'radio-on', open, facts: factsOf(sim), secrets: noSecrets, consent: async () => { asked = true; return true; }, store });
    assert.equal(r.status, 'refused');
    assert.equal(r.plan.refusal?.code, 'nothing-to-do');
    assert.equal(asked, false);
    assert.deepEqual(store.list(), []);
  });
});

test('declining the plan changes nothing and leaves no record', async () => {
  await withOpenModem('ec25', 'radio-off', async ({ sim, open, store }) => {
    const before = snapshot(sim);
    const r = await runFix({ fix: 'radio-on', open, facts: factsOf(sim), secrets: noSecrets, consent: async () => false, store });
    assert.equal(r.status, 'declined');
    assert.deepEqual(snapshot(sim), before);
    assert.deepEqual(store.list(), []);
  });
});

for (const profile of ['ec25', 'mc7455', 'sim7600']) {
  test(`disable-autoconnect (${profile}): the held bearer goes and Start Network works; undo brings autoconnect and its bearer back exactly`, async () => {
    await withOpenModem(profile, 'autoconnect-lock', async ({ sim, open, store }) => {
      const before = snapshot(sim);
      assert.equal(before.connection?.byAutoconnect, true);
      const r = await runFix({ fix: 'disable-autoconnect', finding: 'autoconnect-holds-bearer', open, facts: factsOf(sim), secrets: noSecrets, consent: yes, store });
      assert.equal(r.status, 'applied', r.error);
      assert.equal(sim.model.state.autoconnect, 'disabled');
      assert.equal(sim.model.state.connection, null);
      assert.deepEqual(r.outcome, { autoconnect: 'disabled', session: 'disconnected' });
      // What the user wanted: the host's own Start Network now works (it said NO_EFFECT before).
      const start = await open.qmi!.request(WDS, WDS.messages.startNetwork, { profileIndex3gpp: 1 });
      assert.equal(start.ok, true, start.result.errorName);
      await open.qmi!.request(WDS, WDS.messages.stopNetwork, { packetDataHandle: start.fields.packetDataHandle! });
      const steps: string[] = [];
      await undoAction({ record: store.load(r.undo!.actionId), open, store, progress: (p) => steps.push(p.step) });
      assert.deepEqual(snapshot(sim), before);
    });
  });
}
