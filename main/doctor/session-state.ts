// The session's state as every door sees it: one plain, JSON-serialisable object, pushed whole to
// subscribers with a version number that grows by one on every change. It never holds a secret
// (PIN, PUK, passwords pass through an apply and are dropped); identities (IMSI, ICCID, IMEI)
// appear in facts as the modem reports them, for the user's own screen, and are masked in reports.

import type { Exchange } from '../evidence/exchange.ts';
import type { Facts } from './facts.ts';
import type { Finding, FixId, Severity } from './finding.ts';
import type { FindingId } from './finding-ids.ts';
import type { FixPlan, UndoRecord } from './fix.ts';
import type { ModemTarget } from './target.ts';
import type { PlanView } from './provision/plan-view.ts';

/** The wizard's eight steps, in order (DESIGN: detect, conflicts, SIM, network, APN, data format, connect test, report). */
export type StepId = 'detect' | 'conflicts' | 'sim' | 'network' | 'apn' | 'data-format' | 'connect' | 'report';

export const STEP_IDS: readonly StepId[] = ['detect', 'conflicts', 'sim', 'network', 'apn', 'data-format', 'connect', 'report'];

/**
 * pending: nothing known yet; running: being read now; ok: nothing wrong; attention: warnings;
 * blocked: an error finding of this step; skipped: cannot be judged because an earlier step is blocked.
 */
export type StepStatus = 'pending' | 'running' | 'ok' | 'attention' | 'blocked' | 'skipped';

export interface StepState {
  id: StepId;
  title: string;
  status: StepStatus;
  /** The findings this step shows, by id (their text is in `findings`). */
  findings: FindingId[];
  /** One line for the step list ("PIN required, 3 attempts left", "LTE, RSRP -95 dBm"). */
  summary?: string;
}

export interface ModemEntry {
  /** The target's id: the USB path, or the port for a modem given by hand or virtual. */
  id: string;
  label: string;
  source: 'discovery' | 'virtual';
  /** False when its ports went away (unplug); it stays listed until it comes back or is dropped. */
  present: boolean;
  target: ModemTarget;
  /** What discovery saw before anything was opened. */
  problems: string[];
  /** From the last diagnosis of this modem (the fleet view's column). */
  worst?: { severity: Severity; finding: FindingId; title: string };
  findingCount?: number;
  diagnosedAt?: string;
}

export interface ProgressState {
  /** What is running: "diagnose", "apply set-apn", "undo …", "connect-test", "start virtual modem". */
  task: string;
  /** What it is doing or waiting for now. */
  step: string;
  /** 0..1 when known. */
  fraction?: number;
  startedAt: string;
}

export type ActionStatus = 'applied' | 'failed' | 'refused' | 'declined' | 'undone';

export interface ActionEntry {
  /** The undo record's id when there is one; otherwise a session-local id. */
  id: string;
  modemId: string;
  fix: FixId;
  finding?: FindingId;
  status: ActionStatus;
  at: string;
  plan: FixPlan;
  undo?: UndoRecord;
  /** Why it failed or was refused, in words (never a secret). */
  error?: string;
  outcome?: Record<string, unknown>;
  recheck?: { resolved: boolean; remaining: FindingId[] };
}

export interface PendingPlan {
  modemId: string;
  plan: FixPlan;
  /** What apply-fix must be sent with to apply exactly this plan. */
  request: { fix: FixId; finding?: FindingId; options: Record<string, string>; force: boolean };
}

export interface SignalSampleState {
  time: string;
  rsrp?: number;
  rsrq?: number;
  snr?: number;
  rssi?: number;
  quality?: string;
}

export interface ImportedLogState {
  at: string;
  lineCount: number;
  truncated: boolean;
  findings: Finding[];
  facts: Facts;
}

export interface SessionErrorState {
  code: string;
  message: string;
  at: string;
}

/** One modem of a provisioning run (the fleet view's row). */
export interface FleetRow {
  modemId: string;
  label: string;
  /** Where it is now, in words ("waiting", "checking", "setting the APN…", "done"). */
  phase: string;
  status: 'waiting' | 'running' | 'planned' | 'changed' | 'unchanged' | 'failed';
  plan?: PlanView;
  /** After applying: the settings changed, the ones still different, error findings left, undo ids. */
  changed?: string[];
  remaining?: string[];
  errors?: string[];
  undo?: string[];
  error?: string;
}

/** The last provisioning run: a profile planned or applied to the modems the user selected. */
export interface FleetState {
  profileName?: string;
  apply: boolean;
  startedAt: string;
  finishedAt?: string;
  rows: FleetRow[];
}

/**
 * An undo record saved earlier, as the wizard lists it. `applyingElsewhere` names another process
 * that still runs and is applying this fix right now (the record's pid, its start time checked by
 * the engine, as the renderer cannot read /proc): neither finishing nor undoing it may pull the
 * change from under that process, so the wizard says so and offers neither.
 */
export interface SavedUndo extends UndoRecord {
  applyingElsewhere?: { pid: number };
}

export interface SessionState {
  version: number;
  modems: ModemEntry[];
  selected: string | null;
  steps: StepState[];
  /** The selected modem's last diagnosis (null before the first). */
  facts: Facts | null;
  findings: Finding[];
  diagnosedAt: string | null;
  busy: ProgressState | null;
  plan: PendingPlan | null;
  actions: ActionEntry[];
  /** Undo records saved earlier for the selected modem (another process, an earlier run). */
  savedUndo: SavedUndo[];
  /** The last exchanges of the selected modem, oldest first, at most TRANSCRIPT_LIMIT. */
  transcript: Exchange[];
  /** How many older exchanges were left out of `transcript`. */
  transcriptDropped: number;
  /** Signal over time for the selected modem, at most SIGNAL_LIMIT samples. */
  signal: SignalSampleState[];
  imported: ImportedLogState | null;
  virtualModem: 'unavailable' | 'available' | 'starting' | 'running';
  /** The last provisioning run (null before the first). */
  fleet: FleetState | null;
  /** The last thing that went wrong, for the door to show; cleared by the next intent that succeeds. */
  error: SessionErrorState | null;
}

export const TRANSCRIPT_LIMIT = 400;
export const SIGNAL_LIMIT = 240;
export const ACTION_LIMIT = 100;
