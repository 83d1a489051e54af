// The API every door speaks (the Electron window over IPC, the browser over a WebSocket, the
// command line in-process): intents in, replies out, the session state pushed. This file is
// types only, so the renderer may import it (`import type`) without pulling engine code in.

import type { SecretKind, FixId } from '../doctor/finding.ts';
import type { FindingId } from '../doctor/finding-ids.ts';
import type { SessionErrorCode } from '../doctor/session.ts';
import type { ProvisioningProfile } from '../doctor/provision/profile.ts';

export type { SessionState, StepId, StepState, StepStatus, ModemEntry, ActionEntry, PendingPlan, ProgressState, SavedUndo, SignalSampleState, ImportedLogState, SessionErrorState, FleetRow, FleetState } from '../doctor/session-state.ts';
export type { ProvisioningProfile } from '../doctor/provision/profile.ts';
export type { PlanView } from '../doctor/provision/plan-view.ts';
export type { Facts } from '../doctor/facts.ts';
export type { Finding, FixId, FixOffer, SecretKind, Severity, Evidence } from '../doctor/finding.ts';
export type { FindingId } from '../doctor/finding-ids.ts';
export type { FixPlan, UndoRecord, Change } from '../doctor/fix.ts';
export type { Exchange } from '../evidence/exchange.ts';
export type { ModemTarget } from '../doctor/target.ts';

/** What a door may ask. Every field is checked (main/api/validate.ts); unknown keys are refused. */
export type Intent =
  | { type: 'get-state' }
  | { type: 'refresh-modems' }
  | { type: 'select-modem'; modemId: string }
  | { type: 'diagnose' }
  | { type: 'plan-fix'; fix: FixId; finding?: FindingId; options?: Record<string, string>; force?: boolean }
  | { type: 'cancel-plan' }
  /** Sent after the user saw the plan and agreed. Secrets are used once and never kept. */
  | { type: 'apply-fix'; fix: FixId; finding?: FindingId; options?: Record<string, string>; force?: boolean; secrets?: Partial<Record<SecretKind, string>> }
  | { type: 'undo'; actionId: string }
  | { type: 'connect-test'; keep?: boolean }
  | { type: 'import-log'; text: string }
  | { type: 'export-report'; format: 'json' | 'html'; showIdentities?: boolean }
  | { type: 'start-virtual-modem'; scenario?: string; profile?: string }
  | { type: 'stop-virtual-modem'; modemId: string }
  /** Plugs an unplugged virtual modem back in (a real one is plugged in by hand). */
  | { type: 'replug-virtual-modem'; modemId: string }
  /** A provisioning profile (docs/provisioning.md) over the selected modems: plans, or applied
   *  (apply: true, sent after the user saw the plans and agreed). Secrets used once, never kept. */
  | { type: 'provision'; profile: ProvisioningProfile; modemIds: string[]; apply?: boolean; secrets?: Partial<Record<SecretKind, string>> };

export type IntentType = Intent['type'];

export type ApiErrorCode = 'invalid-input' | 'unknown-intent' | 'internal' | SessionErrorCode;

export interface ApiErrorInfo {
  code: ApiErrorCode;
  /** For people: what was wrong and what to do. Never contains a secret. */
  message: string;
  /** The offending field, as a path ("options.apn", "secrets.pin"). */
  field?: string;
}

export type ApiReply = { ok: true; result?: unknown } | { ok: false; error: ApiErrorInfo };

/** Over a WebSocket (and any other message channel): the door sends requests... */
export interface WireRequest {
  /** Chosen by the client; echoed in the reply. */
  id: number;
  intent: Intent;
}

/** ...and receives replies and state pushes. */
export type WireMessage =
  | { kind: 'reply'; id: number | null; reply: ApiReply }
  | { kind: 'state'; state: import('../doctor/session-state.ts').SessionState };

/** What preload exposes as window.modemDoctor (and the WebSocket client offers the same). */
export interface DoctorApi {
  send(intent: Intent): Promise<ApiReply>;
  /** Called with the current state at once and on every change; returns the unsubscribe. */
  onState(listener: (state: import('../doctor/session-state.ts').SessionState) => void): () => void;
}

/** Electron IPC channel names: main/electron and preload each declare a value of this type, so
 *  the typecheck holds them to the same names (a sandboxed preload cannot import this file). */
export interface IpcChannels {
  intent: 'modem-doctor:intent';
  state: 'modem-doctor:state';
  subscribe: 'modem-doctor:subscribe';
}
