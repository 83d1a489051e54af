// The report: everything a diagnosis knew and did, in one JSON document an expert can read and a
// program can check against its published schema (report.schema.json, described in
// docs/report.md). Built from the doctor's own shapes — facts, findings, undo records and the
// transcript they cite — and redacted as the last step (redact.ts): identities masked unless
// asked otherwise, secrets never present.

import type { Exchange } from '../evidence/exchange.ts';
import type { Facts } from '../doctor/facts.ts';
import type { Finding, Severity } from '../doctor/finding.ts';
import type { UndoRecord } from '../doctor/fix.ts';
import { targetLabel, type ModemTarget } from '../doctor/target.ts';
import type { Environment } from './environment.ts';
import { jsonSafe, type Json } from './json-safe.ts';
import { redactReport } from './redact.ts';
import { signalSamples, type SignalSample } from './signal.ts';
import type { IdentityKind } from './identities.ts';

/** The schema's version (semver: a new optional member is a minor step, anything a reader of the
 *  old version would misread is a major one). Its $id carries it, and every report names both. */
export const REPORT_SCHEMA_VERSION = '1.0.0';
export const REPORT_SCHEMA_ID = `urn:modem-doctor:report-schema:${REPORT_SCHEMA_VERSION}`;

export interface ReportDevice {
  /** For people: the model and USB id, or the port when nothing else is known. */
  label: string;
  /** The target's id (USB path, or "qmi:/dev/cdc-wdm0" when given by hand). */
  id?: string;
  qmiPort?: string;
  atPorts: string[];
  netInterface?: string;
  usb?: { vid: number; pid: number; vendorName?: string; model?: string; busPath?: string };
  manufacturer?: string;
  model?: string;
  revision?: string;
  hardwareRevision?: string;
  /** Masked unless the report was made with identities shown. */
  imei?: string;
}

export interface ReportSummary {
  verdict: 'ok' | 'warnings' | 'errors';
  errors: number;
  warnings: number;
  infos: number;
}

export interface Report {
  schema: string;
  schemaVersion: string;
  /** ISO 8601. */
  generatedAt: string;
  generator: { name: 'modem-doctor'; version: string };
  redaction: {
    identities: 'masked' | 'shown';
    secrets: 'removed';
    /** The identities masked, as they read now. */
    masked: { kind: IdentityKind; shown: string }[];
  };
  device: ReportDevice;
  environment: Environment;
  summary: ReportSummary;
  findings: Finding[];
  facts?: Facts;
  actions: UndoRecord[];
  signal: SignalSample[];
  transcript: Exchange[];
}

export interface ReportInput {
  target?: ModemTarget;
  facts?: Facts;
  findings?: readonly Finding[];
  actions?: readonly UndoRecord[];
  transcript?: readonly Exchange[];
  environment: Environment;
  /** Samples taken over time by the caller; the transcript's readings are added to them. */
  signal?: readonly SignalSample[];
  generatedAt?: Date;
}

export interface ReportOptions {
  /** Mask IMEI, IMSI, ICCID, MSISDN (default true). Secrets are removed either way. */
  redact?: boolean;
  /** Secret values the caller knows of (a PIN the session asked for): removed wherever they appear. */
  forget?: readonly string[];
}

function summarise(findings: readonly Finding[]): ReportSummary {
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  return { verdict: errors > 0 ? 'errors' : warnings > 0 ? 'warnings' : 'ok', errors, warnings, infos: count('info') };
}

function deviceOf(target: ModemTarget | undefined, facts: Facts | undefined): ReportDevice {
  const d = facts?.device?.value;
  // The model as the modem names itself beats a port path (ports given by hand carry no USB id).
  const named = [d?.manufacturer, d?.model].filter(Boolean).join(' ');
  const dev: ReportDevice = {
    label: target?.usb ? targetLabel(target) : named || (target ? targetLabel(target) : 'unknown modem'),
    atPorts: target ? [...target.at] : [],
  };
  if (target) {
    dev.id = target.id;
    if (target.qmi) dev.qmiPort = target.qmi;
    if (target.net) dev.netInterface = target.net;
    if (target.usb) dev.usb = { ...target.usb };
  } else if (d?.usb) {
    dev.usb = { vid: d.usb.vid, pid: d.usb.pid, ...(d.usb.vendorName ? { vendorName: d.usb.vendorName } : {}) };
  }
  for (const k of ['manufacturer', 'model', 'revision', 'hardwareRevision', 'imei'] as const) {
    const v = d?.[k];
    if (v) dev[k] = v;
  }
  return dev;
}

/** Undo records as a report shows them: the IMEI hash only with identities shown (see docs/report.md). */
function actionOf(a: UndoRecord, redact: boolean): UndoRecord {
  if (!redact) return a;
  const { imeiHash: _hash, ...modem } = a.modem;
  return { ...a, modem: modem as UndoRecord['modem'] };
}

export function buildReport(input: ReportInput, opts: ReportOptions = {}): Report {
  const redact = opts.redact ?? true;
  const findings = input.findings ?? [];
  const transcript = input.transcript ?? [];
  const draft = {
    schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    generator: { name: 'modem-doctor', version: input.environment.modemDoctor.version },
    device: deviceOf(input.target, input.facts),
    environment: input.environment,
    summary: summarise(findings),
    findings,
    ...(input.facts ? { facts: input.facts } : {}),
    actions: (input.actions ?? []).map((a) => actionOf(a, redact)),
    signal: signalSamples(input.signal ?? [], transcript),
    transcript,
  };
  const mncDigits = input.facts?.sim?.value.mncDigits;
  const { value, masked } = redactReport(jsonSafe(draft), {
    identities: redact,
    ...(opts.forget ? { forget: opts.forget } : {}),
    ...(mncDigits ? { mncDigits } : {}),
  });
  const body = value as unknown as Omit<Report, 'redaction'>;
  // Member order as documented: the redaction summary right after the generator.
  const { schema, schemaVersion, generatedAt, generator, ...rest } = body;
  return {
    schema, schemaVersion, generatedAt, generator,
    redaction: { identities: redact ? 'masked' : 'shown', secrets: 'removed', masked },
    ...rest,
  };
}

/** The report as the file holds it. */
export function reportJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

export type { SignalSample, Environment, Json };
