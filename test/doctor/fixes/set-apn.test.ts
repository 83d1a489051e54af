// set-apn against the virtual modem: the profile gets the APN (given, or the provider database's
// first suggestion for 222/88), the network is asked, a refusal names the next suggestion, and
// undo puts the profile back exactly (or removes the one the fix created).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFix, undoAction } from '../../../main/doctor/run-fix.ts';
import { WDS } from '../../../main/qmi/services/index.ts';
import { factsOf, noSecrets, snapshot, withOpenModem } from './support.ts';

const yes = async (): Promise<boolean> => true;

test('set-apn without --apn takes the first suggestion for 222/88, the network accepts it, and undo empties profile 1 again', async () => {
  await withOpenModem('ec25', 'no-apn', async ({ sim, open, store }) => {
    const before = snapshot(sim);
    const r = await runFix({ fix: 'set-apn', finding: 'apn-missing', open, facts: factsOf(sim), secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'applied', r.error);
    assert.equal(r.plan.options.apn, 'internet.wind');
    assert.deepEqual(r.plan.changes, [{ what: 'APN of profile 1', from: '(none)', to: 'internet.wind' }]);
    assert.match(r.plan.warnings.join('\n'), /first suggestion for 222\/88/);
    assert.equal(sim.model.profile(1)?.apn, 'internet.wind');
    assert.equal(r.outcome?.check, 'accepted', String(r.outcome?.message));
    assert.equal(sim.model.state.connection, null, 'the test call was ended');
    await undoAction({ record: store.load(r.undo!.actionId), open, store });
    assert.deepEqual(snapshot(sim), before);
  });
});

test('set-apn over AT only (AT+CGDCONT) sets and undoes the APN the user gave', async () => {
  await withOpenModem('sim7600', 'wrong-apn', async ({ sim, open, store }) => {
    const before = snapshot(sim);
    const r = await runFix({ fix: 'set-apn', open, facts: factsOf(sim), options: { apn: 'internet.it' }, secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'applied', r.error);
    assert.deepEqual(r.plan.changes, [{ what: 'APN of profile 1', from: 'web.example.com', to: 'internet.it' }]);
    assert.equal(sim.model.profile(1)?.apn, 'internet.it');
    assert.equal(sim.model.profile(1)?.name, 'internet', 'the profile keeps its name');
    await undoAction({ record: store.load(r.undo!.actionId), open, store });
    assert.deepEqual(snapshot(sim), before);
  }, { qmi: false });
});

for (const profile of ['ec25', 'sim7600']) {
  test(`set-apn over AT only with a login (${profile}): user name and password land in their places (SIMCom's AT+CGAUTH takes the password first), and undo clears the login again`, async () => {
    await withOpenModem(profile, 'no-apn', async ({ sim, open, store }) => {
      const before = snapshot(sim);
      const secrets = async (kind: string): Promise<string> => { assert.equal(kind, 'apn-password'); return 's3cret'; };
      const r = await runFix({ fix: 'set-apn', open, facts: factsOf(sim), options: { apn: 'internet.it', username: 'alice', auth: 'chap' }, secrets, consent: yes, store });
      assert.equal(r.status, 'applied', r.error);
      assert.deepEqual({ ...sim.model.profile(1) }, { ...before.profiles[0], apn: 'internet.it', username: 'alice', password: 's3cret', auth: 2 });
      await undoAction({ record: store.load(r.undo!.actionId), open, store });
      assert.deepEqual(snapshot(sim), before);
    }, { qmi: false });
  });
}

test('an APN the network refuses (cause 27) is said, with the next suggestion to try', async () => {
  await withOpenModem('ec25', 'no-apn', async ({ sim, open, store }) => {
    const r = await runFix({ fix: 'set-apn', open, facts: factsOf(sim), options: { apn: 'web.example.com' }, secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'applied', r.error);
    assert.equal(r.outcome?.check, 'refused');
    assert.equal(r.outcome?.cause, 27);
    assert.equal(r.outcome?.next, 'internet.wind');
    assert.match(String(r.outcome?.message), /refused web\.example\.com: 3GPP cause 27 \(missing or unknown APN\).*next: internet\.wind/);
  });
});

test('a profile that does not exist is created, and undo deletes it (WDS Delete Profile)', async () => {
  await withOpenModem('mc7455', 'healthy', async ({ sim, open, store }) => {
    const before = snapshot(sim);
    const r = await runFix({ fix: 'set-apn', open, facts: factsOf(sim), options: { apn: 'internet.wind.biz', profile: '3' }, secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'applied', r.error);
    const created = Number(store.load(r.undo!.actionId).restore.index);
    assert.equal(sim.model.profile(created)?.apn, 'internet.wind.biz');
    await undoAction({ record: store.load(r.undo!.actionId), open, store });
    assert.deepEqual(snapshot(sim), before);
    const list = await open.qmi!.request(WDS, WDS.messages.getProfileList, {});
    assert.deepEqual(list.fields.profileList?.map((p) => p.profileIndex), [1]);
  });
});

test('an APN with quotes or spaces is refused before anything is sent', async () => {
  await withOpenModem('ec25', 'no-apn', async ({ sim, open, store }) => {
    const before = snapshot(sim);
    const r = await runFix({ fix: 'set-apn', open, facts: factsOf(sim), options: { apn: 'a",1,"b' }, secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'refused');
    assert.match(r.plan.refusal!.message, /is not an APN/);
    assert.deepEqual(snapshot(sim), before);
  });
});
