// Small display helpers: masking identities, severity order, quality words. Display only.

import type { Finding, Severity, SessionState, StepId } from '../../../main/api/contract.ts';

/** IMSI, ICCID and IMEI are shown masked unless the user asks: the last four digits stay. */
export function masked(value: string | undefined, show: boolean): string {
  if (!value) return '—';
  if (show || value.length <= 4) return value;
  return '•'.repeat(value.length - 4) + value.slice(-4);
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export const SEVERITY_WORD: Readonly<Record<Severity, string>> = { error: 'Problem', warning: 'Warning', info: 'Note' };

export function findingsOfStep(s: SessionState, step: StepId): Finding[] {
  const ids = s.steps.find((x) => x.id === step)?.findings ?? [];
  return s.findings.filter((f) => ids.includes(f.id)).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

export const STATUS_WORD: Readonly<Record<string, string>> = {
  pending: 'not checked yet', running: 'checking', ok: 'fine', attention: 'needs attention', blocked: 'problem', skipped: 'skipped',
};

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

export function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}

/** A finding's value name for people: "modemManagerPath" → "modem manager path". */
export function valueLabel(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A finding's value as text: lists as "a, b", words as they are, anything else as compact JSON. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(', ');
  return JSON.stringify(v);
}
