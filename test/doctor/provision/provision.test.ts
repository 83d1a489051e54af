// Provisioning a virtual modem through the engine: a profile checked against the modem's real
// diagnosis gives a plan (what, from what, to what) made of the existing fixes; applying it brings
// the modem to the profile with undo records, a second plan is empty, and undoing the records
// puts the modem back exactly. A reset (usbnet) in the middle is planned around.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { connectTarget } from '../../../main/doctor/connect-target.ts';
import { checkProfile } from '../../../main/doctor/provision/desired.ts';
import type { ProvisioningProfile } from '../../../main/doctor/provision/profile.ts';
import { applyPlan, planModem } from '../../../main/doctor/provision/provision.ts';
import { undoAction } from '../../../main/doctor/run-fix.ts';
import { readImei } from '../../../main/doctor/read-imei.ts';
import { UndoStore } from '../../../main/doctor/undo-store.ts';
import { withSim } from '../../simulator/support.ts';
import { factsOf, snapshot } from '../fixes/support.ts';
import { simTarget } from '../support.ts';

const FLEET: ProvisioningProfile = {
  version: 1, apn: { name: 'internet.it', pdpType: 'ipv4v6', username: 'fleet', auth: 'pap' }, dataFormat: 'raw-ip', autoconnect: false, usbComposition: 'qmi',
};
const PASSWORD = 'Pw-5521-prov';

test('checkProfile on the seed EC25: autoconnect, data format and APN differ (in the order they are applied), each with its fix; a modem that matches gives only ok', async () => {
  await withSim('ec25', 'seed', async (sim) => {
    const checks = checkProfile(FLEET, factsOf(sim));
    assert.deepEqual(checks.map((c) => [c.key, c.state, c.fix ?? '-']), [
      ['usbComposition', 'ok', '-'], ['autoconnect', 'change', 'disable-autoconnect'], ['dataFormat', 'change', 'align-data-format'], ['apn', 'change', 'set-apn'],
    ]);
    assert.deepEqual(checks.find((c) => c.key === 'apn')?.options, { apn: 'internet.it', profile: '1', pdpType: 'ipv4v6', username: 'fleet', auth: 'pap' });
    assert.deepEqual(checks.find((c) => c.key === 'dataFormat')?.options, { linkLayer: 'raw-ip', strict: 'yes' });
    // The same modem as the profile wants it.
    const s = sim.model.state;
    s.autoconnect = 'disabled';
    s.connection = null;
    s.dataFormat.kernelRawIp = true;
    Object.assign(s.profiles[0]!, { apn: 'internet.it', pdpType: 'ipv4v6', username: 'fleet', auth: 1, password: 'x' });
    assert.deepEqual(checkProfile(FLEET, factsOf(sim)).filter((c) => c.state !== 'ok'), []);
    // A password the modem does not hold is a login not yet set.
    s.profiles[0]!.password = '';
    assert.equal(checkProfile(FLEET, factsOf(sim)).find((c) => c.key === 'apn')?.state, 'change');
  });
});

test('provision the seed EC25: plan from its diagnosis, apply with the password asked once, a second plan is empty; undo of every record restores it exactly', { timeout: 120000 }, async () => {
  await withSim('ec25', 'seed', async (sim) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-prov-'));
    try {
      const before = snapshot(sim);
      const target = simTarget(sim);
      const plan = await planModem(target, FLEET);
      assert.equal(plan.unreachable, undefined);
      assert.deepEqual(plan.steps.map((s) => s.check.fix), ['disable-autoconnect', 'align-data-format', 'set-apn']);
      assert.ok(plan.steps.every((s) => !s.blocked), JSON.stringify(plan.steps.map((s) => s.blocked)));
      const apnChanges = plan.steps[2]!.plan!.changes.map((c) => `${c.what}: ${c.from} → ${c.to}`);
      assert.deepEqual(apnChanges, [
        'APN of profile 1: (none) → internet.it', 'IP type of profile 1: ipv4 → ipv4v6', 'user name of profile 1: (none) → fleet',
        'authentication of profile 1: none → pap', 'password of profile 1: (none) → (the one you enter)',
      ]);
      assert.deepEqual(plan.steps[2]!.plan!.secrets, ['apn-password']);
      assert.deepEqual(snapshot(sim), before, 'planning changes nothing');

      const asked: string[] = [];
      const store = new UndoStore({ dir });
      const r = await applyPlan(plan, FLEET, { secrets: async (k) => { asked.push(k); return PASSWORD; }, store });
      assert.equal(r.status, 'changed', r.error);
      assert.deepEqual(asked, ['apn-password']);
      assert.deepEqual(r.remaining, []);
      assert.deepEqual(r.errors, [], 'no error finding after');
      const p1 = sim.model.state.profiles[0]!;
      assert.deepEqual([p1.apn, p1.pdpType, p1.username, p1.auth, p1.password], ['internet.it', 'ipv4v6', 'fleet', 1, PASSWORD]);
      assert.equal(sim.model.state.autoconnect, 'disabled');
      assert.equal(sim.model.state.dataFormat.kernelRawIp, true);
      assert.equal(r.undo.length, 3);
      for (const u of r.undo) assert.ok(!JSON.stringify(store.load(u.actionId)).includes(PASSWORD), 'no password in an undo record');

      const second = await planModem(target, FLEET);
      assert.deepEqual(second.steps, [], 'a second plan changes nothing');
      const again = await applyPlan(second, FLEET, { secrets: async () => { throw new Error('not asked'); }, store });
      assert.equal(again.status, 'unchanged');

      // Newest first, as `modem-doctor undo` would, each on a fresh connection.
      for (const u of [...r.undo].reverse()) {
        const open = await connectTarget(target, { releaseOnSignals: false });
        try {
          const imei = await readImei(open);
          await undoAction({ record: store.load(u.actionId), open, ...(imei ? { imei } : {}), store });
        } finally {
          await open.close();
        }
      }
      for (let i = 0; i < 100 && JSON.stringify(snapshot(sim)) !== JSON.stringify(before); i++) await new Promise((res) => setTimeout(res, 50));
      // The profile's password cannot come back as it was not there: undo cleared it.
      assert.deepEqual(snapshot(sim), before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('apn fromDatabase on the seed EC25: the provider database\'s first data APN for 222/88 with its published login (nothing asked); applied, the modem has it and a second plan is empty', { timeout: 120000 }, async () => {
  await withSim('ec25', 'seed', async (sim) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-prov-'));
    try {
      const profile: ProvisioningProfile = { version: 1, apn: { fromDatabase: true }, dataFormat: 'raw-ip', autoconnect: false };
      const target = simTarget(sim);
      const plan = await planModem(target, profile);
      const apnStep = plan.steps.find((s) => s.check.key === 'apn');
      assert.ok(apnStep && !apnStep.blocked, JSON.stringify(plan.steps.map((s) => s.blocked)));
      // main/apn/data lists internet.wind first for 222/88 (WINDTRE), login Wind/Wind.
      assert.deepEqual(apnStep.check.options, { apn: 'internet.wind', profile: '1', username: 'Wind', auth: 'pap-chap' });
      assert.match(apnStep.check.wanted, /^internet\.wind \(the provider database's first for /);
      assert.deepEqual(apnStep.plan?.secrets, [], 'the database\'s password is used, nothing is asked');
      const r = await applyPlan(plan, profile, { secrets: async () => { throw new Error('not asked'); }, store: new UndoStore({ dir }) });
      assert.equal(r.status, 'changed', r.error);
      assert.deepEqual(r.errors, [], 'no error finding after');
      const p1 = sim.model.state.profiles[0]!;
      assert.deepEqual([p1.apn, p1.username, p1.password], ['internet.wind', 'Wind', 'Wind']);
      assert.deepEqual((await planModem(target, profile)).steps, [], 'a second plan changes nothing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('apn fromDatabase where the database cannot answer: the APN check is unknown with the reason (no suggestion for the SIM, or no MCC/MNC); the profile\'s own login wins over the database\'s', async () => {
  await withSim('ec25', 'seed', async (sim) => {
    const facts = factsOf(sim);
    const check = (f: typeof facts, a: ProvisioningProfile['apn']): ReturnType<typeof checkProfile>[number] | undefined =>
      checkProfile({ version: 1, apn: a }, f).find((c) => c.key === 'apn');
    const none = check(facts, { fromDatabase: true });
    assert.equal(none?.state, 'unknown');
    assert.match(none?.note ?? '', /provider database lists no data APN for this SIM \(222\/88\): name the APN/);
    const noSim = check({ ...facts, sim: undefined }, { fromDatabase: true });
    assert.match(noSim?.note ?? '', /MCC\/MNC\) is not known/);
    const suggested = { ...facts, apnSuggestions: { value: [{ apn: 'mms.wind', provider: 'WINDTRE', usage: 'mms', reason: '' }, { apn: 'internet.wind', provider: 'WINDTRE', usage: 'internet', username: 'Wind', reason: '' }], via: 'database' as const, evidence: [] } };
    assert.deepEqual(check(suggested, { fromDatabase: true })?.options, { apn: 'internet.wind', profile: '1', username: 'Wind', auth: 'pap-chap' }, 'an MMS-only APN is passed over');
    assert.deepEqual(check(suggested, { fromDatabase: true, auth: 'none' })?.options, { apn: 'internet.wind', profile: '1' }, 'no login wanted, none there: the database\'s is not added');
  });
});

test('provision the EC25 in a composition without QMI: the usbnet change resets it, what is left is planned again from a new diagnosis, and it ends as the profile says', { timeout: 180000 }, async () => {
  await withSim('ec25', 'wrong-usbnet', async (sim) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-prov-'));
    try {
      // The QMI port is named where it will appear after the reset (absent now: diagnose goes over AT).
      const target = { ...simTarget(sim), qmi: path.join(path.dirname(sim.ports.at[0]!), 'cdc-wdm0') };
      const profile: ProvisioningProfile = { version: 1, usbComposition: 'qmi', autoconnect: false, apn: { name: 'internet.it' } };
      const plan = await planModem(target, profile);
      assert.equal(plan.steps[0]?.check.fix, 'set-usbnet-mode', JSON.stringify(plan.checks));
      const steps: string[] = [];
      const r = await applyPlan(plan, profile, { secrets: async () => { throw new Error('not asked'); }, store: new UndoStore({ dir }), progress: (p) => steps.push(p.step) });
      assert.equal(r.status, 'changed', `${r.error} ${JSON.stringify(r.steps)}`);
      assert.ok(steps.some((s) => /waiting for the modem/.test(s)), steps.join('; '));
      assert.equal(sim.model.state.usbComposition, sim.profile.composition.defaultValue);
      assert.equal(sim.model.state.profiles.find((p) => p.index === 1)?.apn, 'internet.it');
      assert.equal(sim.model.state.autoconnect, 'disabled');
      assert.deepEqual((await planModem(target, profile)).steps, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a framing the firmware cannot do fails in words and changes nothing: 802.3 on the raw-ip-only MC7455', { timeout: 60000 }, async () => {
  await withSim('mc7455', 'healthy', async (sim) => {
    const before = snapshot(sim);
    const profile: ProvisioningProfile = { version: 1, dataFormat: '802-3' };
    const plan = await planModem(simTarget(sim), profile);
    assert.equal(plan.steps.length, 1);
    const r = await applyPlan(plan, profile, { secrets: async () => '', store: new UndoStore({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'md-prov-')) }) });
    assert.equal(r.status, 'failed');
    assert.equal(r.steps[0]?.status, 'failed');
    // The modem is asked first; its refusal leaves the kernel side untouched.
    assert.match(r.error ?? '', /answered Set Data Format with raw-ip, not 802\.3; .*left as it was/);
    assert.deepEqual(snapshot(sim), before);
  });
});
