// A provisioning plan as plain data, for people and every door (the session state's fleet rows,
// the CLI's --json). Types only, so the renderer can name it without pulling engine code in.

import type { Exchange } from '../../evidence/exchange.ts';
import type { Facts } from '../facts.ts';
import type { Finding, SecretKind } from '../finding.ts';
import type { FixPlan, Progress, UndoRecord } from '../fix.ts';
import type { ModemTarget } from '../target.ts';
import type { SettingCheck } from './desired.ts';
import type { ProvisioningProfile } from './profile.ts';

/** A plan as plain data for people and doors: per setting to change, the fix's own changes. */
export interface PlanView {
  target: ModemTarget;
  label: string;
  checks: SettingCheck[];
  steps: {
    key: SettingCheck['key']; fix?: string; what: string; from: string; to: string;
    changes?: FixPlan['changes']; warnings?: string[]; secrets?: SecretKind[]; blocked?: string;
  }[];
  unreachable?: string;
}


export interface AppliedStep {
  key: SettingCheck['key'];
  fix: string;
  status: 'applied' | 'failed' | 'skipped';
  changes: FixPlan['changes'];
  actionId?: string;
  message?: string;
}

/** One modem after applying a plan (plain data). */
export interface ResultView {
  target: ModemTarget;
  label: string;
  /** changed: something applied and the modem now matches; unchanged: it matched already; failed. */
  status: 'changed' | 'unchanged' | 'failed';
  steps: AppliedStep[];
  /** After applying, the settings that still differ from the profile (none when it worked). */
  remaining: SettingCheck[];
  /** Error findings of the diagnosis after applying. */
  errors: { id: string; title: string }[];
  undo: UndoRecord[];
  error?: string;
}

export interface ProvisionRequest {
  target: ModemTarget;
  profile: ProvisioningProfile;
  apply: boolean;
  secrets: (kind: SecretKind) => Promise<string>;
  progress: (p: Progress) => void;
}

export interface ProvisionOutcome {
  plan: PlanView;
  /** When applied: what happened, without the diagnosis (that is `after`). */
  result?: ResultView;
  /** The diagnosis after applying, for the session to remember. */
  after?: { facts: Facts; findings: Finding[]; transcript: Exchange[] };
}

