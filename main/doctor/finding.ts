// A finding: what the doctor concluded, for people (title, explanation a non-expert follows) and
// for programs (a stable id, severity, the facts and exchanges behind it, the fixes that apply).
// Rules (main/doctor/rules) make them from Facts only; the report and every door show them as is.

import type { FactName } from './facts.ts';
import type { FindingId } from './finding-ids.ts';

export type Severity = 'error' | 'warning' | 'info';

/** The fixes the doctor can apply (main/doctor/fixes), each with preview, consent, undo. */
export type FixId =
  | 'unlock-sim'
  | 'free-device'
  | 'set-apn'
  | 'align-data-format'
  | 'set-usbnet-mode'
  | 'disable-autoconnect'
  | 'radio-on'
  | 'connect-test';

export const FIX_IDS: readonly FixId[] = ['unlock-sim', 'free-device', 'set-apn', 'align-data-format', 'set-usbnet-mode', 'disable-autoconnect', 'radio-on', 'connect-test'];

/** A secret a fix asks for: from a prompt or --secrets-stdin, never an argument, never logged. */
export type SecretKind = 'pin' | 'puk' | 'new-pin' | 'apn-password';

export interface Evidence {
  /** The fact this rests on. */
  fact: FactName;
  /** The fact in words ("WDA link layer: raw-ip; /sys/class/net/wwan0/qmi/raw_ip: N"). */
  text: string;
  /** Exchange seq numbers, as the fact cites them. */
  exchanges: readonly number[];
  /** For a finding from an imported log: the log lines (1-based) it rests on, as they were. */
  lines?: { n: number; text: string }[];
}

export interface FixOffer {
  fix: FixId;
  /** What pressing it does, in words ("Set the APN of profile 1 to internet.it"). */
  label: string;
  /** Options the fix takes, with the value it would use unless told otherwise (e.g. { apn: 'internet.it' }). */
  options?: Record<string, string>;
  /** Secrets it will ask for. */
  secrets?: SecretKind[];
  /** Set when applying it needs --force (e.g. the last PIN attempt). */
  needsForce?: string;
}

export interface Finding {
  id: FindingId;
  severity: Severity;
  title: string;
  explanation: string;
  evidence: Evidence[];
  fixes: FixOffer[];
  /** Values worth showing beside the text (true values behind a byte shift, the APN suggested...). */
  values?: Record<string, unknown>;
}
