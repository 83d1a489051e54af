// The fix matrix (issue #15's last must-show), run per profile and per way in (ec25.test.ts over
// QMI and AT, ec25-at.test.ts over AT alone, and so on): every scenario on every virtual modem,
// fixed the way the wizard fixes it and then undone. Diagnose; press the offered fixes one at a
// time, in FIX_ORDER (provisioning's order), each chosen from the diagnosis after the one before
// (the fix's own re-check, as the session shows it); secrets from the virtual card, the APN the
// doctor suggests. Then a new diagnosis must hold no error finding but the ones no fix exists for
// (NO_FIX, each with its reason). Then every applied fix is undone from its stored record, newest
// first: each undo must bring back the state just before its fix, the last one the state before
// the first, except the fields a record says it cannot put back (IRREVERSIBLE). Everything goes
// through the engine's doors (doctorEngine: diagnose, applyFix with its re-check, undo), on the
// simulator's real PTYs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { doctorEngine } from '../../../main/doctor/engine-doctor.ts';
import type { Finding, FixId, FixOffer, SecretKind } from '../../../main/doctor/finding.ts';
import type { FindingId } from '../../../main/doctor/finding-ids.ts';
import type { UndoRecord } from '../../../main/doctor/fix.ts';
import type { ModemTarget } from '../../../main/doctor/target.ts';
import type { DiagnosisResult } from '../../../main/doctor/session-engine.ts';
import { UndoStore } from '../../../main/doctor/undo-store.ts';
import { expectedFindings, SCENARIOS, type ScenarioName } from '../../../main/simulator/scenarios.ts';
import type { Simulator } from '../../../main/simulator/simulator.ts';
import { withSim } from '../../simulator/support.ts';
import { snapshot } from '../fixes/support.ts';
import { simTarget } from '../support.ts';

/** Error findings the doctor offers no fix for, by design: what is left after every fix. A finding
 *  here must really offer none (checked), and nothing else may remain. */
const NO_FIX: Readonly<Partial<Record<FindingId, string>>> = {
  'sim-absent': 'no SIM in the slot: a person inserts one; no command can',
  'sim-blocked': 'PUK attempts used up: only the operator can replace the SIM',
  'registration-denied': 'the network refuses this SIM: the operator has to allow it',
  'not-registered': 'no usable signal: the antenna or the place has to change, not a setting',
  'modem-unresponsive': 'no port answers: nothing can be sent to the modem (replug or power-cycle it)',
};

/** State a fix's record declares it cannot take back, by fix: excluded from the comparison, with why. */
const IRREVERSIBLE: Readonly<Partial<Record<FixId, { fields: readonly (keyof Simulator['model']['state']['sim'])[]; why: string }>>> = {
  // A PIN once accepted stays entered (the card is unlocked until it powers off) and a PUK unblock
  // resets the attempt counters; the record says "neither can be undone" (unlock-sim.ts).
  'unlock-sim': { fields: ['pinState', 'pinLeft'], why: 'an accepted PIN or PUK cannot be un-entered (the PIN counter is full again)' },
};

/** Scenarios this plain test cannot run, with where they are covered instead. Empty: every
 *  scenario runs here (none needs ModemManager or a data plane to be fixed and undone). */
const NOT_HERE: Readonly<Partial<Record<ScenarioName, string>>> = {};

/** Defects the matrix found that are not fixed yet: "scenario/profile/via" -> why. Empty is the goal. */
const KNOWN_DEFECTS: Readonly<Record<string, string>> = {};

/** Findings the doctor cannot raise when it reaches the modem over AT only (an AT-only module, a
 *  QMI port it was not given), with why: the scenario's other findings it must still raise. */
const UNSEEN_OVER_AT: Readonly<Partial<Record<FindingId, string>>> = {
  'data-format-mismatch': 'the modem\'s link layer is a QMI (WDA) setting',
  'autoconnect-holds-bearer': 'autoconnect and its session are QMI (WDS) settings',
  'apn-mismatch': 'it rests on the network refusing a test call, which the doctor makes over QMI',
};

/** qmi: the modem as discovery lists it (QMI port and AT ports); at: its AT ports only. */
export type Via = 'qmi' | 'at';

/** The order fixes are applied in: what the modem must be able to do first (a usable SIM, the
 *  radio on, its ports free), then provisioning's order for the data path (main/doctor/provision/
 *  desired.ts): the USB composition (the modem resets, everything is read again), autoconnect (its
 *  session would outlive an APN change: undone last, it comes back on the APN put back), the data
 *  format, the APN. */
const FIX_ORDER: readonly FixId[] = ['unlock-sim', 'radio-on', 'free-device', 'set-usbnet-mode', 'disable-autoconnect', 'align-data-format', 'set-apn', 'connect-test'];

/** The secrets a fix asks for, from the virtual SIM card itself (what its owner would type). The
 *  new PIN after a PUK is the card's old one, so the card's PIN is what it was. */
function cardSecrets(sim: Simulator): (kind: SecretKind) => Promise<string> {
  return async (kind) => {
    const s = sim.model.state.sim;
    if (kind === 'pin' || kind === 'new-pin') return s.pin;
    if (kind === 'puk') return s.puk;
    throw new Error(`no ${kind} on the virtual card: no scenario should ask for it`);
  };
}

const errorsOf = (findings: readonly Finding[]): FindingId[] => findings.filter((f) => f.severity === 'error').map((f) => f.id).sort();

/** The state to compare: snapshot() after the virtual kernel has read back what was written to
 *  its raw_ip file (qmi_wwan applies a write at once; the simulator follows it through a watch),
 *  without the fields at `without` (dotted paths, e.g. "sim.pinState"). */
function state(sim: Simulator, without: ReadonlySet<string>, from: unknown = undefined): unknown {
  if (from === undefined) sim.sysfs.syncFromDisk();
  const s = structuredClone(from ?? snapshot(sim)) as Record<string, unknown>;
  for (const p of without) {
    const keys = p.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce<Record<string, unknown> | undefined>((o, k) => o?.[k] as Record<string, unknown> | undefined, s);
    if (parent) delete parent[last];
  }
  return s;
}

/** With fixes pressed in the order the doctor lists its findings, APN before autoconnect (as the
 *  wizard's steps and its fleet view go): the autoconnect session undo brings back comes up on the
 *  APN set-apn wrote (the profile is put back after it, and a live session keeps the APN it was
 *  started with, on a real module as here), so that session's APN is the one field left changed.
 *  Provisioning's order (FIX_ORDER) turns autoconnect off first and undoes it last: exact. */
const LISTED_ORDER_LEAVES = { field: 'connection.apn', why: 'the autoconnect session comes back before the APN is put back and keeps the newer APN until it reconnects' };

/** provisioning: FIX_ORDER; listed: the first offer of the first finding, as the doctor lists them. */
type Order = 'provisioning' | 'listed';

async function fixAndUndo(sim: Simulator, scenario: ScenarioName, store: UndoStore, say: (s: string) => void, via: Via, order: Order = 'provisioning'): Promise<void> {
  const engine = doctorEngine({
    store: () => store,
    // No resets of the real kind here: the virtual modem is back within a second or two.
    system: { resetWaitMs: 30_000 },
    diagnose: {
      releaseOnSignals: false, modemManager: false,
      // A silent modem is judged silent sooner than a real one would be (as in scenarios.test.ts).
      ...(scenario === 'unresponsive' ? { qmiAnswerMs: 500, atAnswerMs: 400 } : {}),
    },
  });
  const progress = (): void => undefined;
  // The modem as discovery lists it now: after a USB mode switch its ports are others (hotplug).
  const target = (): ModemTarget => {
    const t = simTarget(sim);
    if (via === 'at') delete t.qmi;
    return t;
  };
  let d: DiagnosisResult = await engine.diagnose(target(), { onProgress: progress });
  const expected = expectedFindings(scenario).filter((id) => via === 'qmi' || !UNSEEN_OVER_AT[id]);
  assert.deepEqual(d.findings.map((f) => f.id).sort(), [...expected].sort(), 'the scenario\'s own findings to start from');
  say(`found: ${d.findings.map((f) => `${f.id} (${f.severity})`).join(', ')}`);
  sim.sysfs.syncFromDisk();
  const before = snapshot(sim);
  /** The state just before each applied fix (same index as `applied`): its undo must return there. */
  const beforeEach: ReturnType<typeof snapshot>[] = [];

  const applied: UndoRecord[] = [];
  const tried = new Set<string>();
  const pressed: string[] = [];
  for (let round = 0; round < 8; round++) {
    // The offer not pressed yet whose fix comes first in FIX_ORDER; among equals, the doctor's
    // order of findings (errors first).
    const offers = d.findings.flatMap((f) => f.fixes.map((o): [Finding, FixOffer] => [f, o])).filter(([f, o]) => !tried.has(`${f.id}/${o.fix}`));
    const next = order === 'listed' ? offers[0] : offers.sort((a, b) => FIX_ORDER.indexOf(a[1].fix) - FIX_ORDER.indexOf(b[1].fix))[0];
    if (!next) break;
    const [finding, offer] = next;
    tried.add(`${finding.id}/${offer.fix}`);
    const t = target();
    sim.sysfs.syncFromDisk();
    const was = snapshot(sim);
    const out = await engine.applyFix({
      target: t, facts: d.facts, fix: offer.fix, finding: finding.id, options: offer.options ?? {}, force: false,
      secrets: cardSecrets(sim), progress,
    });
    pressed.push(`${offer.fix} for ${finding.id}: ${out.status}${out.error ? ` (${out.error})` : ''}`);
    assert.equal(out.status, 'applied', `${offer.fix} for ${finding.id}: ${out.error ?? out.plan.refusal?.message ?? out.status}`);
    assert.ok(out.recheck, 'the fix re-checked the modem');
    assert.ok(!out.recheck.remaining.includes(finding.id), `${offer.fix} cleared ${finding.id}; after it: ${out.recheck.remaining.join(', ')}`);
    if (out.undo) { applied.push(out.undo); beforeEach.push(was); }
    await sim.settled();
    // The session shows the re-check's diagnosis; a modem that re-enumerated is listed anew by
    // hotplug with its new ports, and diagnosed there.
    const moved = JSON.stringify(target()) !== JSON.stringify(t);
    d = !moved && out.after ? out.after : await engine.diagnose(target(), { onProgress: progress });
  }

  say(`pressed: ${pressed.join('; ') || 'nothing'}`);
  // A new diagnosis: no error but the ones no fix exists for.
  d = await engine.diagnose(target(), { onProgress: progress });
  const left = errorsOf(d.findings);
  for (const id of left) {
    assert.ok(NO_FIX[id], `error ${id} remains after ${pressed.join('; ') || 'no fix'}: ${d.findings.find((f) => f.id === id)?.title}`);
    assert.deepEqual(d.findings.find((f) => f.id === id)!.fixes, [], `${id} is in NO_FIX yet offers a fix`);
    // An unfixable error the fixes brought about (a modem silent after its reset) is a defect.
    assert.ok(expectedFindings(scenario).includes(id), `${id} appeared after ${pressed.join('; ')}`);
  }

  // Undo, newest first, each on the modem as it is listed now; each must bring back the state
  // just before its fix, and the last one the state before the first.
  const without = new Set<string>();
  const setApn = applied.find((r) => r.fix === 'set-apn');
  for (let i = applied.length - 1; i >= 0; i--) {
    const r = applied[i]!;
    const irr = IRREVERSIBLE[r.fix];
    if (r.irreversible) {
      assert.ok(irr, `${r.fix} says it is irreversible (${r.irreversible}) but IRREVERSIBLE does not list what it leaves`);
      for (const f of irr.fields) without.add(`sim.${f}`);
    }
    // The record as the store kept it: what `undo` in a later process reads.
    await engine.undo(store.load(r.actionId), { target: target(), progress });
    await sim.settled();
    if (order === 'listed' && r.fix === 'disable-autoconnect' && setApn && applied.indexOf(setApn) < i) {
      // Exactly the field and the value LISTED_ORDER_LEAVES names, nothing else.
      assert.equal(sim.model.state.connection?.apn, setApn.changes.find((c) => c.what.startsWith('APN of profile'))?.to, LISTED_ORDER_LEAVES.why);
      without.add(LISTED_ORDER_LEAVES.field);
    }
    assert.deepEqual(state(sim, without), state(sim, without, beforeEach[i]), `undo of ${r.fix} puts back the state before it`);
  }
  assert.deepEqual(state(sim, without), state(sim, without, before), `undo of ${applied.map((r) => r.fix).join(', ') || 'nothing'} puts the modem back`);
  assert.deepEqual(store.undoable(), [], 'every record undone');
}

/** One test per scenario on `profile` reached `via` QMI+AT or AT alone (one file per profile and
 *  way, so the runner spreads them). */
export function fixMatrix(profile: string, via: Via): void {
  const run = (scenario: ScenarioName, order: Order) => (t: TestContext) => withSim(profile, scenario, async (sim) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-matrix-'));
    try {
      await fixAndUndo(sim, scenario, new UndoStore({ dir }), (m) => t.diagnostic(m), via, order);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  // The unplug scenario pulls the ports after 5 s: fixing and undoing must not race it.
  }, scenario === 'unplug' ? { unplugAfterMs: null } : {});
  describe(`fix and undo every scenario on the virtual ${profile}, over ${via === 'qmi' ? 'QMI and AT' : 'AT only'}`, () => {
    for (const scenario of SCENARIOS) {
      const skip = NOT_HERE[scenario] ?? KNOWN_DEFECTS[`${scenario}/${profile}/${via}`];
      test(`${scenario}: ${expectedFindings(scenario).join(', ') || 'no finding'}`, { ...(skip ? { skip } : {}) }, run(scenario, 'provisioning'));
    }
    // The one scenario with several fixes, pressed as the wizard lists them.
    if (via === 'qmi') test('seed, fixes pressed in the order the doctor lists its findings', run('seed', 'listed'));
  });
}
