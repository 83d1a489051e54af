// One diagnosis: open the target, probe it (QMI first; AT where QMI is not there), judge the
// facts with the rules, close. Never throws for anything the modem or the system does: a port
// that cannot be opened is a reach fact, a read that failed a ProbeProblem, and the rules say
// what they mean. The transcript is every exchange the facts cite, by seq.

import { loadProviderIndex } from '../apn/load-database.ts';
import { ExchangeLog, type Exchange } from '../evidence/exchange.ts';
import type { Progress } from './fix.ts';
import { connectTarget, type ConnectOptions } from './connect-target.ts';
import type { Facts } from './facts.ts';
import type { Finding } from './finding.ts';
import type { OpenModem } from './open-modem.ts';
import { probeOverAt } from './probes/at-probe.ts';
import { probeModem } from './probes/index.ts';
import { evaluateRules } from './rules/index.ts';
import type { ModemTarget } from './target.ts';

export interface Diagnosis {
  target: ModemTarget;
  facts: Facts;
  findings: Finding[];
  transcript: Exchange[];
  /** Wall time from start to the list of findings, in ms. */
  durationMs: number;
}

/** The AT probes' entry point: facts QMI could not give, read over the open AT channel. */
export type AtProber = (open: OpenModem) => Promise<Partial<Facts>>;

export interface DiagnoseOptions extends ConnectOptions {
  /** Per-request limit for probe reads (ms). */
  requestMs?: number;
  /** Ask ModemManager over D-Bus (default true). */
  modemManager?: boolean;
  /** Facts over AT where QMI gave none (default: the AT probes, main/doctor/probes/at-probe.ts). */
  probeOverAt?: AtProber;
  onProgress?: (p: Progress) => void;
}

const STEPS = ['opening ports', 'device', 'SIM', 'network', 'APN profiles', 'data format', 'ports', 'judging'];

/** Fills in what the QMI probes could not read from the AT probes' facts; QMI's stay. */
function mergeAtFacts(facts: Facts, at: Partial<Facts>): Facts {
  const out: Record<string, unknown> = { ...facts };
  for (const [k, v] of Object.entries(at)) {
    if (k === 'problems' || k === 'reach' || v === undefined) continue;
    if (out[k] === undefined) out[k] = v;
  }
  // What discovery knew of the USB device stays beside what the modem says of itself over AT.
  if (facts.device?.via === 'usb' && at.device) {
    out.device = { ...at.device, value: { ...at.device.value, ...(facts.device.value.usb ? { usb: facts.device.value.usb } : {}) } };
  }
  return { ...(out as unknown as Facts), problems: [...facts.problems, ...(at.problems ?? [])] };
}

export async function diagnose(target: ModemTarget, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const started = performance.now();
  const progress = (step: string): void => {
    const i = STEPS.indexOf(step);
    try { opts.onProgress?.({ step, ...(i >= 0 ? { fraction: i / STEPS.length } : {}) }); } catch { /* never stops the diagnosis */ }
  };
  const log = opts.log ?? new ExchangeLog();
  // The provider database is parsed once per process; start it while the ports open.
  const providerIndex = loadProviderIndex();
  providerIndex.catch(() => undefined);
  progress('opening ports');
  const open = await connectTarget(target, { ...opts, log });
  let facts: Facts;
  try {
    facts = await probeModem(open, {
      providerIndex, onStep: progress,
      ...(opts.requestMs !== undefined ? { requestMs: opts.requestMs } : {}),
      ...(opts.modemManager !== undefined ? { modemManager: opts.modemManager } : {}),
    });
    if (open.at && !open.qmi) {
      try {
        facts = mergeAtFacts(facts, await (opts.probeOverAt ?? probeOverAt)(open));
      } catch (e) {
        facts.problems.push({ probe: 'at', message: e instanceof Error ? e.message : String(e), evidence: [] });
      }
    }
  } finally {
    await open.close();
  }
  progress('judging');
  let findings: Finding[];
  try {
    findings = evaluateRules(facts);
  } catch (e) {
    // A rule that throws is a bug; the facts are still worth showing.
    facts.problems.push({ probe: 'rules', message: `a rule failed: ${e instanceof Error ? e.message : String(e)}`, evidence: [] });
    findings = [];
  }
  return { target, facts, findings, transcript: log.all().map((e) => ({ ...e })), durationMs: Math.round(performance.now() - started) };
}
