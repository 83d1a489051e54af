// The doctor's half of the session engine: diagnose, plan / apply a fix, list and undo actions,
// each opening the modem for as long as it needs it and closing it again (the wizard holds no
// port between steps, so ModemManager or a terminal the user opens in between is seen as it is).
// The fix itself runs through run-fix.ts exactly as the command line runs it.

import { connectTarget } from './connect-target.ts';
import { diagnose, type DiagnoseOptions } from './diagnose.ts';
import type { Facts } from './facts.ts';
import type { FixPlan, Progress, UndoRecord } from './fix.ts';
import { FixError, type FixSystem } from './fixes/context.ts';
import { FIXES } from './fixes/index.ts';
import { readImei } from './read-imei.ts';
import { runFix, undoAction } from './run-fix.ts';
import { EngineError, type ApplyOutcome, type ApplyRequest, type DiagnosisResult, type FixRequest, type SessionEngine } from './session-engine.ts';
import type { SavedUndo } from './session-state.ts';
import type { ModemTarget } from './target.ts';
import { applyingElsewhere, stillApplying, UndoStore } from './undo-store.ts';

export interface DoctorEngineOptions {
  /** Where undo records live (default: $XDG_STATE_HOME/modem-doctor/undo). */
  store?: () => UndoStore;
  /** The machine around the modem (a private D-Bus, a helper) for the fixes. */
  system?: FixSystem;
  diagnose?: DiagnoseOptions;
}

/** Fixes whose undo works on the system around the modem, without its ports. */
const UNDO_WITHOUT_MODEM = new Set(['free-device']);

const noSecrets = async (): Promise<never> => {
  throw new EngineError('refused', 'A plan is made without secrets; they are asked for when the fix is applied.');
};

export function doctorEngine(opts: DoctorEngineOptions = {}): Pick<SessionEngine, 'diagnose' | 'planFix' | 'applyFix' | 'undoRecords' | 'undo'> {
  const store = opts.store ?? (() => new UndoStore());
  const system = opts.system ? { system: opts.system } : {};

  async function diagnoseOne(target: ModemTarget, onProgress: (p: Progress) => void): Promise<DiagnosisResult> {
    const d = await diagnose(target, { ...opts.diagnose, onProgress });
    return { facts: d.facts, findings: d.findings, transcript: d.transcript };
  }

  async function planFix(req: FixRequest): Promise<FixPlan> {
    const open = await connectTarget(req.target);
    try {
      const plan = await FIXES[req.fix].plan({
        open, facts: req.facts, options: req.options, force: req.force, secrets: noSecrets, progress: () => undefined, ...system,
      });
      if (req.finding) plan.finding = req.finding;
      return plan;
    } finally {
      await open.close();
    }
  }

  async function applyFix(req: ApplyRequest): Promise<ApplyOutcome> {
    const open = await connectTarget(req.target);
    let closed = false;
    const close = async (): Promise<void> => { if (!closed) { closed = true; await open.close(); } };
    let after: DiagnosisResult | undefined;
    try {
      const r = await runFix({
        fix: req.fix, ...(req.finding ? { finding: req.finding } : {}), open, facts: req.facts, options: req.options,
        force: req.force, secrets: req.secrets, progress: req.progress, consent: async () => true, store: store(), ...system,
        recheck: async () => {
          // The re-check opens the ports afresh, as a new diagnosis does: the fix's own handle goes first.
          await close();
          after = await diagnoseOne(req.target, () => undefined);
          return { findings: after.findings, facts: after.facts };
        },
      });
      return {
        status: r.status, plan: r.plan,
        ...(r.undo ? { undo: r.undo } : {}), ...(r.error ? { error: r.error } : {}),
        ...(r.outcome ? { outcome: r.outcome } : {}), ...(r.recheck ? { recheck: r.recheck } : {}),
        ...(after ? { after } : {}),
      };
    } finally {
      await close();
    }
  }

  async function undoRecords(target: ModemTarget, facts: Facts | undefined): Promise<SavedUndo[]> {
    const s = store();
    const imei = facts?.device?.value.imei;
    // The same modem by its IMEI when the diagnosis read one; otherwise by the ports it was reached on.
    // A fix a running process is applying right now is marked, not hidden: the user is told it is
    // under way (as `undo --list` tells), and offered neither finish nor undo, which would pull the
    // change from under that process. One left 'applying' by a process that died is cut short:
    // the wizard offers to finish or undo it. One this process is applying (the wizard's own fix,
    // while a reset it made brings the modem back and it is diagnosed again) is not another
    // program's: it is left out, as the wizard shows its own fix's progress.
    return s.undoable()
      .filter((r) => (imei ? s.sameModem(r, imei) : r.target?.id === target.id))
      .filter((r) => !stillApplying(r) || applyingElsewhere(r))
      .map((r) => { const elsewhere = applyingElsewhere(r); return elsewhere ? { ...r, applyingElsewhere: elsewhere } : r; });
  }

  async function undo(record: UndoRecord, o: { target: ModemTarget | undefined; progress: (p: Progress) => void }): Promise<UndoRecord> {
    const target = o.target ?? record.target;
    const needsModem = !UNDO_WITHOUT_MODEM.has(record.fix);
    if (needsModem && !target) throw new EngineError('not-found', `${record.actionId} needs the modem it was made on; plug it in and try again.`);
    const open = needsModem && target ? await connectTarget(target) : undefined;
    try {
      const imei = open ? await readImei(open) : undefined;
      const u = await undoAction({ record, ...(open ? { open } : {}), ...(imei ? { imei } : {}), store: store(), progress: o.progress, ...system });
      return u.record;
    } catch (e) {
      if (e instanceof FixError) throw new EngineError(e.code === 'refused' ? 'refused' : 'failed', e.message);
      throw e;
    } finally {
      await open?.close();
    }
  }

  return { diagnose: (t, o) => diagnoseOne(t, o.onProgress), planFix, applyFix, undoRecords, undo };
}
