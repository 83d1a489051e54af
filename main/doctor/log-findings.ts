// From pasted log text to findings: log import's observations (main/doctor/log-import) become
// Facts.imported, and the rules turn those into findings with the same ids and titles a live
// diagnosis uses (rules/imported.ts). Observations that name no finding (the kernel's driver
// bindings; mmcli's "failed" state, which says ModemManager gave up but not which of the doctor's
// causes it was) are kept as notes: shown, never counted as findings.
// The provider database narrows a byte-shifted MNC to the network that exists (222/88, not
// 222/344); without it the 2-digit candidate is taken and the finding says how sure it is.

import { loadProviderIndex } from '../apn/load-database.ts';
import { plmnListed } from '../apn/suggest.ts';
import type { ProviderIndex } from '../apn/types.ts';
import type { Facts, ImportedObservation } from './facts.ts';
import type { Finding } from './finding.ts';
import { importLog } from './log-import/import-log.ts';
import type { LogObservation } from './log-import/observation.ts';
import { evaluateRules } from './rules/index.ts';
import { isFindingId } from './rules/titles.ts';

export interface LogNote {
  id: string;
  severity: 'error' | 'warning' | 'info';
  title: string;
  text: string;
  lines: { n: number; text: string }[];
  /** The finding-like name the log gave it, when it is not one of the doctor's findings. */
  finding?: string;
}

export interface LogFindings {
  /** What the rules judged: the log's observations as Facts.imported. */
  facts: Facts;
  findings: Finding[];
  notes: LogNote[];
  lineCount: number;
  truncated: boolean;
  /** Where the MNC candidates were checked, or why they were not. */
  database?: string;
}

function toImported(o: LogObservation): ImportedObservation {
  return {
    finding: o.finding ?? o.id,
    text: o.summary,
    severity: o.severity,
    title: o.title,
    lines: o.evidence.map((l) => ({ n: l.n, text: l.text })),
    values: { ...(o.details as Record<string, unknown>) },
  };
}

/** Findings and notes for a log; pure apart from the optional provider index. */
export function findingsFromLog(text: string, index?: ProviderIndex): LogFindings {
  const result = importLog(text, index ? { plmnKnown: (mcc, mnc) => plmnListed(index, mcc, mnc) } : {});
  const imported = result.observations.filter((o) => o.finding !== undefined && isFindingId(o.finding));
  const facts: Facts = {
    reach: { value: { at: [] }, via: 'doctor', evidence: [] },
    imported: { value: imported.map(toImported), via: 'doctor', evidence: [] },
    problems: [],
  };
  const notes: LogNote[] = result.observations.filter((o) => !imported.includes(o)).map((o) => ({
    id: o.id, severity: o.severity, title: o.title, text: o.summary,
    lines: o.evidence.map((l) => ({ n: l.n, text: l.text })),
    ...(o.finding !== undefined ? { finding: o.finding } : {}),
  }));
  return { facts, findings: evaluateRules(facts), notes, lineCount: result.lineCount, truncated: result.truncated };
}

/** findingsFromLog with the provider database (the system's, else the bundled copy). */
export async function importLogFindings(text: string): Promise<LogFindings> {
  let index: ProviderIndex | undefined;
  let database: string;
  try {
    index = await loadProviderIndex();
    database = index.source.path;
  } catch (e) {
    database = `not used: ${e instanceof Error ? e.message : String(e)}`;
  }
  return { ...findingsFromLog(text, index), database };
}
