// One diagnosis: open the target, probe it (QMI first; AT where QMI is not there), judge the
// facts with the rules, close. Never throws for anything the modem or the system does: a port
// that cannot be opened is a reach fact, a read that failed a ProbeProblem, and the rules say
// what they mean. The transcript is every exchange the facts cite, by seq.
// A modem that drops off USB while it is being read (a reset re-enumerates it; so does a loose
// cable) is waited for, within a bound, and read again from the start: facts from before and
// after a reset do not mix, and the diagnosis says what happened.

import fs from 'node:fs';
import { loadProviderIndex } from '../apn/load-database.ts';
import { ExchangeLog, type Exchange } from '../evidence/exchange.ts';
import type { Progress } from './fix.ts';
import { openTarget, type ConnectOptions } from './connect-target.ts';
import type { Facts } from './facts.ts';
import type { Finding } from './finding.ts';
import type { OpenModem } from './open-modem.ts';
import { probeApnSuggestions } from './probes/apn-suggestions.ts';
import { probeOverAt } from './probes/at-probe.ts';
import { probeContext } from './probes/context.ts';
import { probeModem, QMI_PROBE_SERVICES } from './probes/index.ts';
import { evaluateRules } from './rules/index.ts';
import type { ModemTarget } from './target.ts';

export interface Diagnosis {
  target: ModemTarget;
  facts: Facts;
  findings: Finding[];
  transcript: Exchange[];
  /** Wall time from start to the list of findings, in ms. */
  durationMs: number;
  /** What interrupted the reading, in words (the modem went away mid-diagnosis, came back or not). */
  interruptions?: string[];
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
  /** How long to wait for a modem that went away mid-diagnosis to come back (ms; default 30 s). */
  resetWaitMs?: number;
}

/** A reset takes a module off USB for a few seconds (up to ~20 s with a SIM that needs a PIN). */
export const DEFAULT_RESET_WAIT_MS = 30_000;
const PORT_POLL_MS = 100;

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

/** Watches an open modem for its ports going away (EIO, hang-up) while it is being read. */
function watchLoss(open: OpenModem): () => string | undefined {
  let lost: string | undefined;
  open.qmi?.onClose((e) => { if (e && (e.code === 'io-error' || e.code === 'not-found')) lost ??= e.message; });
  open.at?.on('closed', (e?: Error) => { if (e) lost ??= e.message; });
  return () => lost;
}

/** Resolves true once every control port of the target exists again, false after `ms`. */
async function portsBack(target: ModemTarget, ms: number): Promise<boolean> {
  const ports = [target.qmi, ...target.at].filter((p): p is string => p !== undefined);
  const deadline = performance.now() + ms;
  for (;;) {
    if (ports.length > 0 && ports.every((p) => fs.existsSync(p))) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, PORT_POLL_MS));
  }
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
  const interruptions: string[] = [];
  let reading = await readOnce(target, opts, log, providerIndex, progress);
  // Judged while the modem answers the reading's last requests (closing's Release CIDs, whose
  // replies it waits for): the rules need none of them. Judged again should the modem turn out
  // to have gone away meanwhile, and been read again; the progress step is told once, at the end.
  let verdict = judge(reading.facts);
  await reading.closed;
  const lost = reading.lost();
  if (lost) {
    const waitMs = opts.resetWaitMs ?? DEFAULT_RESET_WAIT_MS;
    const note = (text: string): void => { log.add({ port: target.qmi ?? target.at[0] ?? target.id, protocol: target.qmi ? 'qmi' : 'at', direction: 'note', raw: '', error: text }); };
    const gone = `The modem went away while it was being read (${lost}).`;
    note(`${gone} Waiting up to ${Math.round(waitMs / 1000)} s for its ports to come back.`);
    const t0 = performance.now();
    if (await portsBack(target, waitMs)) {
      const back = `${gone} It came back after ${((performance.now() - t0) / 1000).toFixed(1)} s (a reset, or plugged in again); its ports were opened again and everything was read again from the start.`;
      note(back);
      interruptions.push(back);
      reading = await readOnce(target, opts, log, providerIndex, progress);
      await reading.closed;
      const again = reading.lost();
      if (again) interruptions.push(`It went away again during the second reading (${again}): what could not be read is listed below.`);
      verdict = judge(reading.facts);
    } else {
      const stayed = `${gone} It did not come back within ${Math.round(waitMs / 1000)} s: check the cable and power, then diagnose again.`;
      note(stayed);
      interruptions.push(stayed);
    }
  }
  progress('judging');
  return {
    target, facts: verdict.facts, findings: verdict.findings, transcript: log.all().map((e) => ({ ...e })), durationMs: Math.round(performance.now() - started),
    ...(interruptions.length ? { interruptions } : {}),
  };
}

/** The findings for these facts. A rule that throws is a bug: it becomes a problem beside the
 *  facts, which are still worth showing. */
function judge(facts: Facts): { facts: Facts; findings: Finding[] } {
  const judged: Facts = { ...facts, problems: [...facts.problems] };
  try {
    return { facts: judged, findings: evaluateRules(judged) };
  } catch (e) {
    judged.problems.push({ probe: 'rules', message: `a rule failed: ${e instanceof Error ? e.message : String(e)}`, evidence: [] });
    return { facts: judged, findings: [] };
  }
}

/** One reading of the target: its facts once read, while it closes (`closed`); `lost` says why,
 *  once closed, when its ports went away meanwhile. */
interface Reading {
  facts: Facts;
  closed: Promise<void>;
  lost(): string | undefined;
}

/** Opens the target, reads it and starts closing it. */
async function readOnce(target: ModemTarget, opts: DiagnoseOptions, log: ExchangeLog,
  providerIndex: ReturnType<typeof loadProviderIndex>, progress: (step: string) => void): Promise<Reading> {
  progress('opening ports');
  const opening = openTarget(target, { ...opts, log, allocateAhead: QMI_PROBE_SERVICES });
  const probeOptions = {
    onStep: progress,
    ...(opts.requestMs !== undefined ? { requestMs: opts.requestMs } : {}),
    ...(opts.modemManager !== undefined ? { modemManager: opts.modemManager } : {}),
  };
  // QMI reads begin once the QMI port has answered, while an AT port may still be asked (an AT
  // reply takes several times a QMI one); over QMI the probes need nothing from AT.
  const early = await opening.qmi;
  // The modem going away while the QMI probes run ahead of the AT port is a loss too.
  let lostEarly: string | undefined;
  early?.onClose((e) => { if (e && (e.code === 'io-error' || e.code === 'not-found')) lostEarly ??= e.message; });
  const qmiFacts = early
    ? probeModem({ target, log, qmi: early, openedAt: opening.openedAt, close: () => opening.opened.then((o) => o.close()) }, probeOptions)
    : undefined;
  // Awaited below, after the other ports; a failure is that await's, never an unhandled one.
  qmiFacts?.catch(() => undefined);
  // Once they are read the modem's client ids are given back (its Release CIDs), without waiting
  // for an AT port still being asked: the modem's replies to them are the last thing a reading
  // waits for, and nothing after the QMI probes asks the QMI port again. The port itself stays
  // open until the opened modem closes, so that the modem going away meanwhile is still heard.
  const released = early && qmiFacts ? qmiFacts.then(() => early.releaseClientIds(), () => early.releaseClientIds()) : undefined;
  released?.catch(() => undefined);
  const open = await opening.opened;
  const lost = watchLoss(open);
  let facts: Facts;
  try {
    if (qmiFacts) {
      facts = await qmiFacts;
      if (open.reach) facts = { ...facts, reach: open.reach };
    } else {
      facts = await probeModem(open, probeOptions);
    }
    if (open.at && !open.qmi) {
      try {
        facts = mergeAtFacts(facts, await (opts.probeOverAt ?? probeOverAt)(open));
      } catch (e) {
        facts.problems.push({ probe: 'at', message: e instanceof Error ? e.message : String(e), evidence: [] });
      }
    }
  } catch (e) {
    await open.close();
    throw e;
  }
  // Every read is done: the modem is given back now (its Release CID replies are the last thing
  // a reading waits for), and meanwhile the provider database is asked for the SIM's home
  // network, which needs no reply. The network comes from QMI, or over AT from AT+CIMI (without
  // suggestions the APN rules judged an AT-only modem with no database entry: a missing APN was
  // a mere warning and its fix offered no APN; found by test/doctor/fix-matrix).
  const closed = open.close();
  if (facts.sim) {
    const ctx = probeContext(open);
    const suggested = await probeApnSuggestions(ctx, facts.sim, providerIndex);
    if (suggested) {
      const { problems, ...read } = facts;
      facts = { ...read, apnSuggestions: suggested, problems };
    }
    facts.problems.push(...ctx.problems);
  }
  return { facts, closed, lost: () => lostEarly ?? lost() };
}
