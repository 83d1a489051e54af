// Findings from an imported log (Facts.imported, from main/doctor/log-import): the same ids and
// titles the live rules use, the log's lines as evidence. decoder-byte-shift carries the true
// values the arithmetic recovered (mtu 1500 for a printed 263644...). Observations naming no
// FindingId (mmcli's "failed" state) are not findings: the import shows them as notes.
// The fixes offered are the ones the doctor would apply once it looks at the modem itself: a log
// alone never applies anything.

import type { Facts, ImportedObservation } from '../facts.ts';
import type { Finding } from '../finding.ts';
import { FINDING_TITLES, FIX_FOR, isFindingId } from './titles.ts';

/** How a uqmi dump key is called among the true values. */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  mtu: 'mtu', 'ipv4.ip': 'ip', 'ipv4.gateway': 'gateway', 'ipv4.subnet': 'subnet', 'ipv4.dns1': 'dns1', 'ipv4.dns2': 'dns2', plmn_mcc: 'mcc', plmn_mnc: 'mnc',
};

interface ShiftedFieldLike { field: string; printed: unknown; recovered?: unknown; confidence?: string; known?: string; candidates?: number[]; how?: string; line?: number }

function shiftedFields(o: ImportedObservation): ShiftedFieldLike[] {
  const f = o.values?.fields;
  return Array.isArray(f) ? (f as ShiftedFieldLike[]).filter((x) => typeof x?.field === 'string') : [];
}

function byteShift(facts: Facts, o: ImportedObservation): Finding {
  const fields = shiftedFields(o);
  const trueValues: Record<string, unknown> = {};
  const printed: Record<string, unknown> = {};
  for (const f of fields) {
    const name = VALUE_NAMES[f.field] ?? f.field;
    // The first dump's value wins: a log with several dumps of one session shows the same values.
    if (f.recovered !== undefined && !(name in trueValues)) trueValues[name] = f.recovered;
    if (!(name in printed)) printed[name] = f.printed;
  }
  const words = fields.filter((f) => f.recovered !== undefined).map((f) => `${VALUE_NAMES[f.field] ?? f.field} ${String(f.printed)} → ${String(f.recovered)}`);
  return {
    id: 'decoder-byte-shift',
    severity: 'error',
    title: FINDING_TITLES['decoder-byte-shift'],
    explanation: `${o.text}${words.length > 0 ? ` The true values: ${[...new Set(words)].join(', ')}.` : ''}`,
    evidence: lineEvidence(facts, o),
    fixes: [],
    values: { trueValues, printed, fields },
  };
}

function lineEvidence(facts: Facts, o: ImportedObservation) {
  const lines = o.lines ?? [];
  return [{
    fact: 'imported' as const,
    text: lines.length > 0 ? lines.map((l) => `line ${l.n}: ${l.text.trim()}`).join('\n') : o.text,
    exchanges: [...(facts.imported?.evidence ?? [])],
    lines,
  }];
}

export function importedRules(facts: Facts): Finding[] {
  const list = facts.imported?.value ?? [];
  const out: Finding[] = [];
  for (const o of list) {
    if (!isFindingId(o.finding)) continue;
    if (o.finding === 'decoder-byte-shift') { out.push(byteShift(facts, o)); continue; }
    const fix = FIX_FOR[o.finding];
    out.push({
      id: o.finding,
      severity: o.severity ?? 'error',
      title: FINDING_TITLES[o.finding],
      explanation: o.title && o.title !== FINDING_TITLES[o.finding] ? `${o.title}. ${o.text}` : o.text,
      evidence: lineEvidence(facts, o),
      fixes: fix ? [{ fix: fix.fix, label: `${fix.label} (once the doctor can see the modem)` }] : [],
      ...(o.values ? { values: o.values } : {}),
    });
  }
  return out;
}
