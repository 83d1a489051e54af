// The `provision` intent, as the wizard's fleet view sends it through the one dispatcher: three
// virtual seed EC25s, a profile planned for all (per-modem rows with the plan), then applied with
// the APN password (rows changed, actions with undo records, the modems as the profile says), a
// second plan with nothing to change. A profile holding a secret is refused at the door, and the
// password is never in the state or a reply.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createDispatcher } from '../../../main/api/dispatcher.ts';
import { createEngine } from '../../../main/doctor/default-engine.ts';
import { diagnose } from '../../../main/doctor/diagnose.ts';
import { provisionForSession } from '../../../main/doctor/provision/session-provision.ts';
import { Session } from '../../../main/doctor/session.ts';
import type { FleetRow, SessionState } from '../../../main/doctor/session-state.ts';
import { UndoStore } from '../../../main/doctor/undo-store.ts';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.ts';
import { simTarget } from '../support.ts';

const PASSWORD = 'Qa-7702-wizard';
const PROFILE = { version: 1, name: 'shop routers', apn: { name: 'internet.it', auth: 'chap', username: 'shop' }, dataFormat: 'raw-ip', autoconnect: false };

test('provision through the API: plans per modem, applied with the password to three modems at once, a second plan empty; no secret in state or replies', { timeout: 300000 }, async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'md-prov-api-'));
  const sims: Simulator[] = [];
  try {
    for (let i = 0; i < 3; i++) sims.push(await startSimulator({ profile: 'ec25', scenario: 'seed', dir: path.join(base, `m${i}`), seed: i + 1, index: i, driftMs: 0, latency: { qmi: 1, at: 1 } }));
    const engine = createEngine({
      listModems: async () => sims.map((s, i) => ({ target: simTarget(s), label: `virtual EC25 #${i + 1}`, problems: [] })),
      diagnose: async (t, o) => diagnose(t, o),
      provision: provisionForSession({ store: new UndoStore({ dir: path.join(base, 'undo') }) }),
    });
    const session = new Session(engine, { presenceIntervalMs: 0 });
    await session.start();
    const states: SessionState[] = [];
    session.subscribe((s) => states.push(s));
    const d = createDispatcher(session);
    const ids = session.state().modems.map((m) => m.id);
    assert.equal(ids.length, 3);

    const bad = await d.dispatch({ type: 'provision', profile: { ...PROFILE, apn: { ...PROFILE.apn, password: PASSWORD } }, modemIds: ids });
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.equal(bad.error.field, 'profile');
      assert.match(bad.error.message, /apn\.password: secrets never go in a profile/);
    }
    assert.equal((await d.dispatch({ type: 'provision', profile: PROFILE, modemIds: [] })).ok, false);

    const planned = await d.dispatch({ type: 'provision', profile: PROFILE, modemIds: ids });
    assert.ok(planned.ok, JSON.stringify(planned));
    const rows = (planned as { result: FleetRow[] }).result;
    assert.deepEqual(rows.map((r) => r.status), ['planned', 'planned', 'planned']);
    for (const r of rows) assert.deepEqual(r.plan?.steps.map((s) => s.key), ['autoconnect', 'dataFormat', 'apn']);
    assert.ok(sims.every((s) => s.model.state.profiles[0]!.apn === ''), 'planning changed nothing');

    // Without the password, applying fails for each modem in words, before anything changes.
    const noPw = await d.dispatch({ type: 'provision', profile: PROFILE, modemIds: ids, apply: true });
    assert.ok(noPw.ok);
    for (const r of (noPw as { result: FleetRow[] }).result) {
      assert.equal(r.status, 'failed');
      assert.match(r.error ?? '', /nothing was changed: .*APN password/);
      assert.deepEqual(r.changed, []);
    }
    assert.ok(sims.every((s) => s.model.state.autoconnect === 'enabled' && !s.model.state.dataFormat.kernelRawIp), 'nothing changed without the password');

    const applied = await d.dispatch({ type: 'provision', profile: PROFILE, modemIds: ids, apply: true, secrets: { 'apn-password': PASSWORD } });
    assert.ok(applied.ok, JSON.stringify(applied));
    const done = (applied as { result: FleetRow[] }).result;
    for (const r of done) {
      assert.equal(r.status, 'changed', r.error);
      assert.deepEqual(r.changed, ['autoconnect', 'dataFormat', 'apn']);
      assert.deepEqual(r.remaining, []);
      assert.deepEqual(r.errors, []);
    }
    for (const s of sims) {
      const p = s.model.state.profiles[0]!;
      assert.deepEqual([p.apn, p.username, p.auth, p.password], ['internet.it', 'shop', 2, PASSWORD]);
      assert.equal(s.model.state.autoconnect, 'disabled');
      assert.equal(s.model.state.dataFormat.kernelRawIp, true);
    }
    const st = session.state();
    assert.equal(st.fleet?.profileName, 'shop routers');
    assert.ok(st.fleet?.finishedAt);
    assert.ok(st.actions.filter((a) => a.undo).length >= 3);
    assert.ok(states.some((s) => s.fleet?.rows.some((r) => r.status === 'running' && r.phase !== 'waiting')), 'rows showed their phase while running');

    const again = await d.dispatch({ type: 'provision', profile: PROFILE, modemIds: ids });
    assert.ok(again.ok);
    for (const r of (again as { result: FleetRow[] }).result) assert.deepEqual(r.plan?.steps, [], 'nothing left to change');

    for (const text of [...states.map((s) => JSON.stringify(s)), JSON.stringify([bad, planned, noPw, applied, again])]) {
      assert.ok(!text.includes(PASSWORD), 'the password is in no state and no reply');
    }
    await session.dispose();
  } finally {
    await Promise.all(sims.map((s) => s.stop()));
    fs.rmSync(base, { recursive: true, force: true });
  }
});
