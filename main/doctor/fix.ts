// The shape every fix has (main/doctor/fixes/*): plan (what will change, from what to what),
// consent (by the door: a prompt, --yes, a button), apply, re-check, and an undo record that
// persists so `undo` works from a later process. A plan may refuse (the last PIN attempt without
// --force, a fix that does not apply); applying never starts without a plan the user saw.

import type { Facts } from './facts.ts';
import type { FixId, SecretKind } from './finding.ts';
import type { FindingId } from './finding-ids.ts';
import type { ModemTarget } from './target.ts';

export interface Change {
  /** What changes, in words ("APN of profile 1", "qmi_wwan raw_ip on wwan0"). */
  what: string;
  from: string;
  to: string;
}

export interface FixPlan {
  fix: FixId;
  /** The finding it answers, when it answers one. */
  finding?: FindingId;
  changes: Change[];
  /** Things to know before saying yes ("the modem resets and is gone for about 20 s"). */
  warnings: string[];
  /** Secrets applying will ask for, in this order (--secrets-stdin reads them one per line). */
  secrets: SecretKind[];
  /** Why this plan cannot be applied (nothing to do, needs --force, not supported here). */
  refusal?: { code: 'nothing-to-do' | 'needs-force' | 'not-applicable' | 'unsupported' | 'in-progress'; message: string };
  /** Option values the plan settled on (the APN chosen, the mode...), echoed back to apply. */
  options: Record<string, string>;
  /** What undo will need (the previous profile, raw_ip, mode...), read while planning and saved
   *  in the undo record before apply starts, so a fix killed half-way can still be undone. */
  restore?: Record<string, unknown>;
}

/** Progress of anything slow: shown by every door (stderr, the wizard's bar). */
export interface Progress {
  step: string;
  /** 0..1 when known. */
  fraction?: number;
}

/** Where an undo record stands: saved before apply ('applying': a record left in this state
 *  means the process died between saving and finishing: the change may be half made). */
export type UndoStatus = 'applying' | 'applied' | 'failed' | 'undone';

/** Persisted in $XDG_STATE_HOME/modem-doctor/undo: enough to put things back, never a secret. */
export interface UndoRecord {
  /** Record format version. */
  version?: 1;
  status?: UndoStatus;
  /** The modem's ports when the fix ran, so `undo` in a later process can reach it again. */
  target?: ModemTarget;
  /** The finding the fix answered. */
  finding?: FindingId;
  /** Why apply failed (status 'failed'), in words. */
  error?: string;
  /** Unique, e.g. "20261201T231500Z-set-apn-3f9a". */
  actionId: string;
  fix: FixId;
  /** ISO 8601. */
  appliedAt: string;
  /** The modem: masked IMEI for people, a hash to match it (never the IMEI itself). */
  modem: { imeiMasked: string; imeiHash: string; label: string };
  changes: Change[];
  /** What the fix's undo needs (previous profile, previous raw_ip, inhibit holder...). No secrets. */
  restore: Record<string, unknown>;
  /** Set once undone. */
  undoneAt?: string;
  /** Some changes cannot be taken back (a PIN entered stays entered): said, not hidden. */
  irreversible?: string;
  /** While 'applying': the process applying it (pid and start time, as a pid is reused), so a
   *  record of a fix still running in another process is not taken for one cut short. */
  applyingIn?: { pid: number; startTicks: number };
  /** Earlier runs of the same fix on the same modem cut short while applying that this one
   *  finished: their records are folded into this one (its undo goes back to before them). */
  finishes?: string[];
}

export interface FixResult {
  plan: FixPlan;
  /** Undefined when the fix changes nothing that can be put back (connect-test). */
  undo?: UndoRecord;
  /** The diagnosis after applying: did the finding go? */
  recheck?: { resolved: boolean; remaining: FindingId[] };
  /** What the fix measured or read (the connect test's settings, the SIM state after unlock...). */
  outcome?: Record<string, unknown>;
  facts?: Facts;
}
