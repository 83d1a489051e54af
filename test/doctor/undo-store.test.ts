// The undo store: where records live, how they are written (whole or not at all, 0600), how a
// modem is named in them (masked IMEI, a keyed hash: never the IMEI), and a fix killed half-way.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { UndoRecord } from '../../main/doctor/fix.ts';
import { doctorEngine } from '../../main/doctor/engine-doctor.ts';
import { FixError } from '../../main/doctor/fixes/context.ts';
import { runFix, undoAction } from '../../main/doctor/run-fix.ts';
import { Session, SessionError } from '../../main/doctor/session.ts';
import type { ModemTarget } from '../../main/doctor/target.ts';
import { processStartTicks } from '../../main/system/device-holders.ts';
import { EC25_TARGET, TestEngine } from './session-fixture.ts';
import { applyingMark, isActionId, maskImei, newActionId, stateDir, UndoStore, UndoStoreError, undoDir } from '../../main/doctor/undo-store.ts';
import { factsOf, withOpenModem } from './fixes/support.ts';

const IMEI = '866758041234561';

function tempStore(): { store: UndoStore; dir: string; done: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-store-'));
  const dir = path.join(root, 'modem-doctor', 'undo');
  return { store: new UndoStore({ dir }), dir, done: () => fs.rmSync(root, { recursive: true, force: true }) };
}

function record(store: UndoStore, patch: Partial<UndoRecord> = {}): UndoRecord {
  return {
    version: 1, actionId: newActionId('set-apn'), fix: 'set-apn', status: 'applied', appliedAt: new Date().toISOString(),
    modem: store.modemIdentity(IMEI, 'EC25 (2c7c:0125)', 'qmi:/dev/cdc-wdm0'),
    changes: [{ what: 'APN of profile 1', from: '(none)', to: 'internet.it' }], restore: { index: 1 }, ...patch,
  };
}

test('records live in $XDG_STATE_HOME/modem-doctor/undo, else ~/.local/state (a relative XDG_STATE_HOME is ignored)', () => {
  assert.equal(undoDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' }), '/x/state/modem-doctor/undo');
  assert.equal(undoDir({ HOME: '/home/u' }), '/home/u/.local/state/modem-doctor/undo');
  assert.equal(stateDir({ XDG_STATE_HOME: 'rel', HOME: '/home/u' }), '/home/u/.local/state/modem-doctor');
});

test('a record is one 0600 file in a 0700 folder, written whole (no temporary file left), read back by a new store', () => {
  const t = tempStore();
  try {
    const r = record(t.store);
    t.store.save(r);
    const files = fs.readdirSync(t.dir).filter((f) => !f.startsWith('.modem-key'));
    assert.deepEqual(files, [`${r.actionId}.json`]);
    assert.equal(fs.statSync(path.join(t.dir, files[0]!)).mode & 0o777, 0o600);
    assert.equal(fs.statSync(t.dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(t.dir, '.modem-key')).mode & 0o777, 0o600);
    assert.deepEqual(new UndoStore({ dir: t.dir }).load(r.actionId), r);
  } finally { t.done(); }
});

test('the modem is named by a masked IMEI and a keyed hash; the IMEI itself is in no file', () => {
  const t = tempStore();
  try {
    const r = record(t.store);
    t.store.save(r);
    assert.equal(r.modem.imeiMasked, '86675********61');
    assert.equal(maskImei(undefined), 'unknown');
    const text = fs.readFileSync(path.join(t.dir, `${r.actionId}.json`), 'utf8');
    assert.ok(!text.includes(IMEI));
    assert.equal(t.store.sameModem(r, IMEI), true);
    assert.equal(t.store.sameModem(r, '866758041234579'), false);
    // Another user's store (another key) gives another hash: not a lookup table for IMEIs.
    const other = tempStore();
    try { assert.notEqual(other.store.modemIdentity(IMEI, '', '').imeiHash, r.modem.imeiHash); } finally { other.done(); }
  } finally { t.done(); }
});

test('action ids are checked before they name a file; undoable lists newest first, without undone records', () => {
  const t = tempStore();
  try {
    assert.throws(() => t.store.load('../../etc/passwd'), (e: unknown) => e instanceof UndoStoreError && e.code === 'bad-id');
    assert.throws(() => t.store.load('20261201T231500Z-set-apn-abcdef'), (e: unknown) => e instanceof UndoStoreError && e.code === 'not-found');
    assert.ok(isActionId(newActionId('free-device')));
    const a = record(t.store, { appliedAt: '2026-12-01T10:00:00.000Z' });
    const b = record(t.store, { appliedAt: '2026-12-01T11:00:00.000Z' });
    const c = record(t.store, { appliedAt: '2026-12-01T12:00:00.000Z', status: 'undone', undoneAt: '2026-12-01T12:30:00.000Z' });
    for (const r of [a, b, c]) t.store.save(r);
    fs.writeFileSync(path.join(t.dir, '20261201T000000Z-set-apn-000000.json'), '{ damaged');
    assert.deepEqual(t.store.undoable().map((r) => r.actionId), [b.actionId, a.actionId]);
  } finally { t.done(); }
});

test('a fix stopped between saving its record and finishing leaves a record that says "applying"', async () => {
  await withOpenModem('ec25', 'radio-off', async ({ sim, open, store }) => {
    // Looked at from another store (as a later process would) while apply runs: its first
    // progress report comes after the record is saved and before the modem is touched.
    const seen: { status?: string; mode: string }[] = [];
    const r = await runFix({
      fix: 'radio-on', open, facts: factsOf(sim), consent: async () => true, store, secrets: async () => '',
      progress: () => { if (seen.length === 0) seen.push({ ...(new UndoStore({ dir: store.dir }).undoable()[0]?.status ? { status: new UndoStore({ dir: store.dir }).undoable()[0]!.status! } : {}), mode: sim.model.state.operatingMode }); },
    });
    assert.deepEqual(seen, [{ status: 'applying', mode: 'low-power' }]);
    assert.equal(r.status, 'applied', r.error);
    assert.equal(store.load(r.undo!.actionId).status, 'applied');
  });
});

test('an "applying" record is cut short only when the process applying it has gone, not while it still runs', () => {
  const { store, done } = tempStore();
  try {
    const mine = applyingMark();
    assert.ok(mine, 'this process has a start time in /proc');
    const running = record(store, { status: 'applying', applyingIn: mine });
    // The same pid started at another tick: the pid was reused, the applying process is gone.
    const reused = record(store, { status: 'applying', applyingIn: { pid: mine.pid, startTicks: mine.startTicks + 1 } });
    const older = record(store, { status: 'applying' }); // written before records carried the mark
    for (const r of [running, reused, older]) store.save(r);
    assert.deepEqual(store.cutShort().map((r) => r.actionId).sort(), [reused.actionId, older.actionId].sort());
    assert.equal(store.undoable().length, 3, 'the running one is still listed, as applying');
  } finally {
    done();
  }
});

test('the wizard\'s saved records (doctorEngine.undoRecords) list a fix cut short, and one a running process is applying right now as applied elsewhere, which the session and undo refuse to finish or undo', async () => {
  const { store, done } = tempStore();
  // The other program applying the fix: a live process, its mark read from /proc as applyingMark does.
  const other = spawn('sleep', ['30'], { stdio: 'ignore' });
  const session = new Session(Object.assign(new TestEngine(), {
    undoRecords: (t: ModemTarget) => doctorEngine({ store: () => store }).undoRecords(t, undefined),
  }), { presenceIntervalMs: 0 });
  try {
    const startTicks = processStartTicks(other.pid!);
    assert.ok(startTicks !== undefined, 'the child has a start time in /proc');
    const target = EC25_TARGET;
    const running = record(store, { status: 'applying', applyingIn: { pid: other.pid!, startTicks }, target });
    const cut = record(store, { status: 'applying', applyingIn: { pid: other.pid!, startTicks: startTicks + 1 }, target });
    const applied = record(store, { target });
    // The wizard's own fix under way (this process): not another program's, and not listed.
    const ours = record(store, { status: 'applying', applyingIn: { pid: process.pid, startTicks: processStartTicks(process.pid)! }, target });
    for (const r of [running, cut, applied, ours]) store.save(r);
    const marks = async (): Promise<Record<string, unknown>> => Object.fromEntries(
      (await doctorEngine({ store: () => store }).undoRecords(target, undefined)).map((r) => [r.actionId, r.applyingElsewhere ?? null]));
    assert.deepEqual(await marks(), { [running.actionId]: { pid: other.pid }, [cut.actionId]: null, [applied.actionId]: null });

    // The wizard's session shows it marked and refuses an intent that would finish or undo it.
    await session.start();
    await session.diagnose();
    assert.deepEqual(session.state().savedUndo.find((r) => r.actionId === running.actionId)?.applyingElsewhere, { pid: other.pid });
    const byOther = (e: unknown): boolean => e instanceof SessionError && e.code === 'refused'
      && e.message.includes(`being applied now by another program (process ${other.pid}): wait for it to finish, then check again`);
    await assert.rejects(session.undo(running.actionId), byOther);
    await assert.rejects(session.planFix({ fix: 'set-apn', finding: 'apn-missing' }), byOther);
    await assert.rejects(session.applyFix({ fix: 'set-apn', finding: 'apn-missing' }), byOther);
    assert.equal(session.state().plan, null);
    // Undo itself checks again (a door holding the record from before): refused, the record untouched.
    await assert.rejects(undoAction({ record: running, store }), (e: unknown) => e instanceof FixError && e.code === 'refused' && e.message.includes(`process ${other.pid}`));
    assert.equal(store.load(running.actionId).status, 'applying');

    // The other program dies mid-change: its record is cut short now, offered to finish or undo.
    other.kill('SIGKILL');
    await once(other, 'exit');
    assert.deepEqual(await marks(), { [running.actionId]: null, [cut.actionId]: null, [applied.actionId]: null });
    assert.deepEqual(store.cutShort().map((r) => r.actionId).sort(), [running.actionId, cut.actionId].sort());
    await session.diagnose();
    assert.equal(session.state().savedUndo.find((r) => r.actionId === running.actionId)?.applyingElsewhere, undefined);
    assert.ok(await session.planFix({ fix: 'set-apn', finding: 'apn-missing' }));
  } finally {
    await session.dispose();
    if (other.exitCode === null && other.signalCode === null) { other.kill('SIGKILL'); await once(other, 'exit'); }
    done();
  }
});
