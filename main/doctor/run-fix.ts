// Running a fix: plan → consent (asked by the door: a prompt, --yes, a button) → undo record saved
// as 'applying' → apply → record 'applied' (or 'failed', with the reason) → re-check. The re-check
// is a diagnosis of the modem after the change, handed in by the caller (the diagnose function
// of main/doctor/diagnose.ts), so this file does not decide how a modem is probed.
// Undo: the record's fix puts things back, after checking the record belongs to this modem.

import type { Facts } from './facts.ts';
import type { Finding, FixId, SecretKind } from './finding.ts';
import type { FindingId } from './finding-ids.ts';
import type { FixPlan, FixResult, Progress, UndoRecord } from './fix.ts';
import { FixError, refusedPlan, type FixSystem, type UndoOutcome } from './fixes/context.ts';
import { FIXES } from './fixes/index.ts';
import type { OpenModem } from './open-modem.ts';
import { targetLabel } from './target.ts';
import { applyingElsewhereMessage } from './applying-elsewhere.ts';
import { applyingElsewhere, applyingMark, newActionId, stillApplying, UndoStore } from './undo-store.ts';

export interface Recheck {
  findings: Finding[];
  facts?: Facts;
}

export interface RunFixRequest {
  fix: FixId;
  /** The finding it answers (the re-check looks for it). */
  finding?: FindingId;
  open: OpenModem;
  facts: Facts;
  options?: Record<string, string>;
  force?: boolean;
  secrets: (kind: SecretKind) => Promise<string>;
  progress?: (p: Progress) => void;
  /** Shown the plan; true to go ahead. */
  consent: (plan: FixPlan) => Promise<boolean>;
  store?: UndoStore;
  system?: FixSystem;
  /** A new diagnosis after applying (diagnose); without it there is no re-check. */
  recheck?: () => Promise<Recheck>;
}

export type RunStatus = 'refused' | 'declined' | 'applied' | 'failed';

export interface RunFixResult extends FixResult {
  status: RunStatus;
  /** Why it failed, in words (never a secret). */
  error?: string;
}

export async function runFix(req: RunFixRequest): Promise<RunFixResult> {
  const fix = FIXES[req.fix];
  const progress = req.progress ?? (() => undefined);
  const ctx = {
    open: req.open, facts: req.facts, options: req.options ?? {}, force: req.force ?? false,
    secrets: req.secrets, progress, ...(req.system ? { system: req.system } : {}),
  };
  const store = req.store ?? new UndoStore();
  const t = req.open.target;
  const modem = store.modemIdentity(req.facts.device?.value.imei, targetLabel(t), t.id);
  // The same fix on the same modem, being applied right now by another process: a second run
  // would change the modem under it, and its record would be taken for a half-made one.
  const busy = store.undoable().find((r) => r.fix === req.fix && r.modem.imeiHash === modem.imeiHash && applyingElsewhere(r));
  if (busy) return { plan: refusedPlan(req.fix, 'in-progress', applyingElsewhereMessage(busy.actionId, busy.applyingIn!.pid)), status: 'refused' };
  const plan = await fix.plan(ctx);
  if (req.finding) plan.finding = req.finding;
  if (plan.refusal) return { plan, status: 'refused' };
  if (!(await req.consent(plan))) return { plan, status: 'declined' };

  // Secrets are asked for before anything is recorded or changed, in the plan's order (the order
  // --secrets-stdin reads them); apply gets them from here, and they go nowhere else.
  const given = new Map<SecretKind, string>();
  try {
    for (const k of plan.secrets) given.set(k, await req.secrets(k));
  } catch (e) {
    return { plan, status: 'failed', error: e instanceof Error ? e.message : String(e) };
  }
  const secrets = async (k: SecretKind): Promise<string> => given.get(k) ?? req.secrets(k);

  const actionId = newActionId(req.fix);
  // Running a fix again after it was cut short while applying finishes it: what was there
  // before the first run (its record's "from" values and restore) is what undo must go back to,
  // not the half-made state this run found.
  const cutShort = store.cutShort().filter((r) => r.fix === req.fix && r.modem.imeiHash === modem.imeiHash);
  const first = cutShort.at(-1);
  const mark = applyingMark();
  let record: UndoRecord = {
    version: 1, actionId, fix: req.fix, status: 'applying', appliedAt: new Date().toISOString(), modem,
    ...(mark ? { applyingIn: mark } : {}),
    changes: first ? plan.changes.map((c) => ({ ...c, from: first.changes.find((o) => o.what === c.what)?.from ?? c.from })) : plan.changes,
    restore: { ...plan.restore, ...first?.restore }, target: t,
    ...(req.finding ? { finding: req.finding } : {}),
    ...(cutShort.length ? { finishes: cutShort.map((r) => r.actionId) } : {}),
  };
  // Saved before anything changes: a process killed during apply leaves a record that says so.
  store.save(record);
  let applied;
  try {
    applied = await fix.apply({ ...ctx, secrets, actionId }, plan);
  } catch (e) {
    const message = e instanceof FixError ? e.message : `${(e as Error).message ?? String(e)}`;
    store.update(actionId, { status: 'failed', error: message });
    return { plan, status: 'failed', error: message };
  }
  // Finished: the cut-short records live on in this one.
  for (const r of cutShort) store.remove(r.actionId);
  if (!applied.undoable) {
    store.remove(actionId);
  } else {
    record = store.update(actionId, {
      status: 'applied', restore: { ...record.restore, ...applied.restore, ...first?.restore },
      ...(applied.irreversible ? { irreversible: applied.irreversible } : {}),
    });
  }
  const result: RunFixResult = { plan, status: 'applied', ...(applied.undoable ? { undo: record } : {}), ...(applied.outcome ? { outcome: applied.outcome } : {}) };
  if (req.recheck) {
    progress({ step: 'checking the modem again' });
    const after = await req.recheck();
    const remaining = after.findings.map((f) => f.id);
    result.recheck = {
      resolved: req.finding ? !remaining.includes(req.finding) : !after.findings.some((f) => f.severity === 'error'),
      remaining,
    };
    if (after.facts) result.facts = after.facts;
  }
  return result;
}

export interface UndoRequest {
  record: UndoRecord;
  open?: OpenModem;
  /** The IMEI of the modem `open` reaches (readImei), to refuse another modem's record. */
  imei?: string;
  store?: UndoStore;
  progress?: (p: Progress) => void;
  system?: FixSystem;
}

export async function undoAction(req: UndoRequest): Promise<{ record: UndoRecord; outcome: UndoOutcome }> {
  const store = req.store ?? new UndoStore();
  const r = req.record;
  if (r.undoneAt || r.status === 'undone') throw new FixError('refused', `${r.actionId} was already undone (${r.undoneAt ?? 'earlier'}).`);
  // Undoing a change another process is making right now would pull it from under that process.
  // (This process's own fix in progress cannot be undone either: it is not finished.)
  if (stillApplying(r)) throw new FixError('refused', applyingElsewhere(r) ? applyingElsewhereMessage(r.actionId, r.applyingIn!.pid) : `${r.actionId} is still being applied: undo it once it has finished.`);
  if (req.imei && !store.sameModem(r, req.imei)) {
    throw new FixError('refused', `${r.actionId} belongs to another modem (IMEI ${r.modem.imeiMasked}, ${r.modem.label}); the modem reached now is IMEI ${store.modemIdentity(req.imei, '', '').imeiMasked}.`);
  }
  const outcome = await FIXES[r.fix].undo({ ...(req.open ? { open: req.open } : {}), progress: req.progress ?? (() => undefined), ...(req.system ? { system: req.system } : {}) }, r);
  const record = store.update(r.actionId, { status: 'undone', undoneAt: new Date().toISOString() });
  return { record, outcome };
}
