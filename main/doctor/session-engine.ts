// What the session asks of the engine, as one small seam: list modems (and hear of hotplug),
// diagnose one, plan / apply / undo a fix, read a log, render a report. The default wiring
// (default-engine.ts) joins discovery, the probes, the rules, the fixes and the report; tests
// hand in their own. Secrets pass through `applyFix` as a function and are never kept.

import type { Exchange } from '../evidence/exchange.ts';
import type { Facts } from './facts.ts';
import type { Finding, FixId, SecretKind } from './finding.ts';
import type { FindingId } from './finding-ids.ts';
import type { FixPlan, Progress, UndoRecord } from './fix.ts';
import type { SavedUndo } from './session-state.ts';
import type { ModemTarget } from './target.ts';
import type { ProvisionOutcome, ProvisionRequest } from './provision/plan-view.ts';
import { CodedError } from '../errors/coded-error.ts';

/** A modem as discovery sees it: enough to list it and to reach it. */
export interface FoundModem {
  target: ModemTarget;
  /** For people: "Quectel EC25 (2c7c:0125)". */
  label: string;
  /** What discovery saw wrong before anything was opened (held ports, storage mode...). */
  problems: string[];
}

export interface DiagnosisResult {
  facts: Facts;
  findings: Finding[];
  transcript: Exchange[];
}

export interface FixRequest {
  target: ModemTarget;
  facts: Facts;
  fix: FixId;
  finding?: FindingId;
  options: Record<string, string>;
  force: boolean;
}

export interface ApplyRequest extends FixRequest {
  /** Asked once per secret the plan names; the answer is used and dropped. */
  secrets: (kind: SecretKind) => Promise<string>;
  progress: (p: Progress) => void;
}

export interface ApplyOutcome {
  status: 'refused' | 'declined' | 'applied' | 'failed';
  plan: FixPlan;
  undo?: UndoRecord;
  error?: string;
  outcome?: Record<string, unknown>;
  recheck?: { resolved: boolean; remaining: FindingId[] };
  /** The diagnosis after applying, when the fix re-checked. */
  after?: DiagnosisResult;
}

export interface ReportRequest {
  target?: ModemTarget;
  facts?: Facts;
  findings: readonly Finding[];
  actions: readonly UndoRecord[];
  transcript: readonly Exchange[];
  format: 'json' | 'html';
  /** IMSI/ICCID/IMEI shown unmasked (the user's explicit choice; secrets are removed regardless). */
  showIdentities: boolean;
}

export interface LogResult {
  facts: Facts;
  findings: Finding[];
  lineCount: number;
  truncated: boolean;
}

export interface SessionEngine {
  listModems(): Promise<FoundModem[]>;
  /** Calls back on every USB attach/detach; returns the stop function. */
  watchModems?(onChange: () => void): () => void;
  /** Whether the ports of a modem discovery does not list (virtual, given by hand) are still there. */
  portsPresent?(target: ModemTarget): boolean;
  diagnose(target: ModemTarget, opts: { onProgress: (p: Progress) => void }): Promise<DiagnosisResult>;
  planFix(req: FixRequest): Promise<FixPlan>;
  applyFix(req: ApplyRequest): Promise<ApplyOutcome>;
  /** Undo records saved earlier (this process or another) for this modem, newest first; one a
   *  running process is applying right now is marked `applyingElsewhere`. */
  undoRecords(target: ModemTarget, facts: Facts | undefined): Promise<SavedUndo[]>;
  undo(record: UndoRecord, opts: { target: ModemTarget | undefined; progress: (p: Progress) => void }): Promise<UndoRecord>;
  importLog(text: string): LogResult;
  report(req: ReportRequest): Promise<string>;
  /** A provisioning profile against one modem: its plan, and applied when asked (fleet view). */
  provision?(req: ProvisionRequest): Promise<ProvisionOutcome>;
}

/** A virtual modem the door started (only the door may: the engine never imports the simulator). */
export interface VirtualModemHandle {
  target: ModemTarget;
  label: string;
  stop(): Promise<void>;
  /** Plugs it back in after it was unplugged (its ports come back at the same paths), where the
   *  door's virtual modem can: what a user does with a real one by hand. */
  replug?(): Promise<void>;
}

export type StartVirtualModem = (opts: { scenario: string; profile: string }) => Promise<VirtualModemHandle>;

/** The engine refusing something it cannot do here, in words. */
export type EngineErrorCode = 'unavailable' | 'failed' | 'not-found' | 'refused';

export class EngineError extends CodedError<EngineErrorCode> {
  override readonly name = 'EngineError';
}
