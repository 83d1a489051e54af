// What every fix sees and what it is: plan (read only: what will change, from what to what, and
// what undo will need), apply (changes the modem or the system), undo (puts it back from a
// persisted record, possibly in a later process). The runner (main/doctor/run-fix.ts) asks for
// consent between plan and apply, saves the undo record before applying and re-checks after.

import type { OpenModem } from '../open-modem.ts';
import type { Facts } from '../facts.ts';
import type { FixId, SecretKind } from '../finding.ts';
import type { FixPlan, Progress, UndoRecord } from '../fix.ts';
import type { HelperRequest, HelperResult } from '../../system/helper-client.ts';
import type { ProviderIndex } from '../../apn/types.ts';
import { CodedError } from '../../errors/coded-error.ts';

/** The machine around the modem, injectable so tests reach a private D-Bus, a fake helper... */
export interface FixSystem {
  /** The privileged helper (default: runHelperVerb, pkexec unless root). */
  runHelper?: (req: HelperRequest) => Promise<HelperResult>;
  /** ModemManager's bus (default: the system bus). */
  busAddress?: string;
  /** The provider database (default: the system copy, else the bundled one). */
  apnIndex?: () => Promise<ProviderIndex>;
  /** How long to wait for a reset modem to come back (default 90 s). */
  resetWaitMs?: number;
}

export interface FixContext {
  open: OpenModem;
  facts: Facts;
  /** Values the fix takes (--apn internet.it, --profile 1, --way stop...): strings, as typed. */
  options: Readonly<Record<string, string>>;
  /** The user said --force (e.g. spend the last PIN attempt). */
  force: boolean;
  /** Asks for one secret (prompt or --secrets-stdin); the value never goes anywhere but the modem. */
  secrets: (kind: SecretKind) => Promise<string>;
  progress: (p: Progress) => void;
  system?: FixSystem;
  /** The undo record's id, once the runner made it (free-device keeps its inhibition under it). */
  actionId?: string;
}

/** What undo sees: no fresh diagnosis, only the modem (when it is needed) and the system. */
export interface UndoContext {
  open?: OpenModem;
  progress: (p: Progress) => void;
  system?: FixSystem;
}

export interface Applied {
  /** What undo needs, beyond what the plan already saved (e.g. the index a new profile got). */
  restore?: Record<string, unknown>;
  /** What can never be taken back, said in the record. */
  irreversible?: string;
  /** What the fix measured or read (shown to the user, kept in FixResult.outcome). */
  outcome?: Record<string, unknown>;
  /** False when nothing was changed that undo could put back (connect-test). */
  undoable: boolean;
}

export interface UndoOutcome {
  /** True when the change is put back; false when there was nothing left to put back. */
  restored: boolean;
  message: string;
}

export interface Fix {
  id: FixId;
  /** Never changes anything. A plan's `restore` is saved before apply runs. */
  plan(ctx: FixContext): Promise<FixPlan>;
  apply(ctx: FixContext, plan: FixPlan): Promise<Applied>;
  undo(ctx: UndoContext, record: UndoRecord): Promise<UndoOutcome>;
}

export type FixErrorCode = 'refused' | 'modem-error' | 'no-port' | 'timeout' | 'bad-secret' | 'system';

/** A fix that could not do what it set out to: a message a person acts on, never a secret. */
export class FixError extends CodedError<FixErrorCode> {
  override readonly name = 'FixError';
}

/** A plan that changes nothing and says why. */
export function refusedPlan(fix: FixId, code: NonNullable<FixPlan['refusal']>['code'], message: string, extra: Partial<FixPlan> = {}): FixPlan {
  return { fix, changes: [], warnings: [], secrets: [], options: {}, ...extra, refusal: { code, message } };
}
