// What every probe is handed, and the one way probes ask the modem over QMI: a request whose
// failure (an error result, a timeout, a closed port) becomes a ProbeProblem with its evidence
// instead of an exception, so one probe that cannot read never stops the others.

import type { QmiReply } from '../../qmi/client.ts';
import type { MessageDecl, RequestOf, ServiceDecl } from '../../qmi/schema.ts';
import type { ProbeProblem } from '../facts.ts';
import type { OpenModem } from '../open-modem.ts';

/** A read that a healthy modem answers in milliseconds; generous for a busy one. */
export const PROBE_REQUEST_MS = 5000;

export interface ProbeContext {
  readonly open: OpenModem;
  readonly problems: ProbeProblem[];
  /** Per-request limit for QMI reads. */
  readonly requestMs: number;
}

export function probeContext(open: OpenModem, requestMs = PROBE_REQUEST_MS): ProbeContext {
  return { open, problems: [], requestMs };
}

/** The exchange seq numbers a fact cites, gathered as its requests are answered. */
export class EvidenceList {
  private readonly seqs = new Set<number>();
  add(r: { request: { seq: number }; response: { seq: number } } | undefined): void {
    if (!r) return;
    this.seqs.add(r.request.seq);
    this.seqs.add(r.response.seq);
  }
  addAll(seqs: readonly number[]): void {
    for (const s of seqs) this.seqs.add(s);
  }
  get list(): number[] {
    return [...this.seqs].sort((a, b) => a - b);
  }
}

export interface QmiReadOptions {
  /** Error names that are an answer, not a problem (e.g. out-of-call for current settings). */
  expected?: readonly string[];
}

/**
 * One QMI request for `probe`. Resolves with the reply when the modem said success (or one of
 * the `expected` errors), else records the problem and resolves undefined. Never rejects.
 */
export async function qmiRead<M extends MessageDecl>(
  ctx: ProbeContext, probe: string, service: ServiceDecl, message: M, fields?: RequestOf<M>, opts: QmiReadOptions = {},
): Promise<QmiReply<M> | undefined> {
  const client = ctx.open.qmi;
  if (!client) return undefined;
  const label = `${service.name} ${message.name}`;
  try {
    const r = await client.request(service, message, fields, { timeoutMs: ctx.requestMs });
    if (r.ok || opts.expected?.includes(r.result.errorName)) return r;
    ctx.problems.push({
      probe, message: `${label} answered ${r.result.errorName}${r.result.hint ? ` (${r.result.hint})` : ''}`,
      evidence: [r.request.seq, r.response.seq],
    });
    return undefined;
  } catch (e) {
    ctx.problems.push({ probe, message: `${label}: ${e instanceof Error ? e.message : String(e)}`, evidence: [] });
    return undefined;
  }
}

/** Runs a probe body; anything it throws (a bug, a sysfs read that failed) becomes a problem. */
export async function guarded<T>(ctx: ProbeContext, probe: string, body: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await body();
  } catch (e) {
    ctx.problems.push({ probe, message: e instanceof Error ? e.message : String(e), evidence: [] });
    return undefined;
  }
}
