// Opening a ModemTarget for the doctor: its QMI port (directly, or through qmi-proxy when the
// target says so) and the first of its AT candidates that answers, both recording into one
// ExchangeLog. How every port answered becomes the reach fact; nothing here throws for a port
// that is held, denied, absent or silent — that is what the doctor is there to say. Every wait is
// bounded, so a modem that answers nothing gives 'silent' for every port within seconds.

import { AtChannel, AtChannelError, AtRestartError, AtTimeoutError } from '../at/channel.ts';
import { ExchangeLog } from '../evidence/exchange.ts';
import { QmiClientError, type QmiClient } from '../qmi/client.ts';
import type { ServiceDecl } from '../qmi/schema.ts';
import { CTL } from '../qmi/services/ctl.ts';
import { TransportError } from '../transport/byte-transport.ts';
import { deviceHolders, type DeviceHolder } from '../system/device-holders.ts';
import { openQmiPort, QmiPortHeldError } from '../system/open-qmi.ts';
import { checkPortAccess } from '../system/permissions.ts';
import type { Fact, PortAnswer, ReachFacts } from './facts.ts';
import type { OpenModem } from './open-modem.ts';
import type { ModemTarget } from './target.ts';

/** A QMI modem answers CTL within milliseconds; after a reset it may take a second. */
export const DEFAULT_QMI_ANSWER_MS = 2500;
/** A bare AT is answered at once by a module that listens. */
export const DEFAULT_AT_ANSWER_MS = 1500;

export interface ConnectOptions {
  /** How long the QMI port may stay silent before it counts as 'silent' (also the client's default request limit). */
  qmiAnswerMs?: number;
  /** How long each AT candidate may stay silent. */
  atAnswerMs?: number;
  /** Through qmi-proxy (overrides target.viaProxy). */
  proxy?: boolean;
  /** Record into this log (default: a new one). */
  log?: ExchangeLog;
  /** Release QMI client ids on SIGINT/SIGTERM (default true; tests turn it off). */
  releaseOnSignals?: boolean;
  /** QMI services to take client ids for as soon as the port has answered (QmiClient.allocateAhead). */
  allocateAhead?: readonly ServiceDecl[];
}

type QmiReach = NonNullable<ReachFacts['qmi']>;
type AtReach = ReachFacts['at'][number];

const holderText = (h: readonly DeviceHolder[]): string => h.map((x) => `${x.command} (pid ${x.pid})`).join(', ');

function transportAnswer(e: TransportError): PortAnswer {
  switch (e.code) {
    case 'permission-denied': return 'denied';
    case 'not-found': return 'absent';
    case 'busy': return 'held';
    default: return 'failed';
  }
}

const lastSeq = (log: ExchangeLog): number => log.all().at(-1)?.seq ?? 0;

async function connectQmi(t: ModemTarget, path: string, opts: ConnectOptions, log: ExchangeLog, onClaimed: () => void): Promise<{ reach: QmiReach; client?: QmiClient }> {
  const proxy = opts.proxy ?? t.viaProxy ?? false;
  const via = proxy ? 'qmi-proxy' as const : 'direct' as const;
  const timeoutMs = opts.qmiAnswerMs ?? DEFAULT_QMI_ANSWER_MS;
  let client: QmiClient;
  try {
    client = await openQmiPort({ device: path, proxy, timeoutMs, log, releaseOnSignals: opts.releaseOnSignals ?? true, onClaimed });
  } catch (e) {
    if (e instanceof QmiPortHeldError) return { reach: { path, answer: 'held', via, detail: e.message } };
    if (e instanceof TransportError) return { reach: { path, answer: transportAnswer(e), via, detail: e.message } };
    if (e instanceof QmiClientError && e.code === 'timeout') return { reach: { path, answer: 'silent', via, detail: e.message } };
    return { reach: { path, answer: 'failed', via, detail: e instanceof Error ? e.message : String(e) } };
  }
  // A direct open that owned the port has had its Sync answered by the modem. Otherwise (through
  // the proxy, whose Internal Proxy Open the proxy answers itself, or beside another holder) ask
  // the modem something harmless before calling it answered.
  if (!client.ownsDevice) {
    try {
      await client.request(CTL, CTL.messages.getVersionInfo, {}, { timeoutMs });
    } catch (e) {
      await client.close();
      const silent = e instanceof QmiClientError && e.code === 'timeout';
      return { reach: { path, answer: silent ? 'silent' : 'failed', via, detail: e instanceof Error ? e.message : String(e) } };
    }
  }
  return { reach: { path, answer: 'answered', via }, client };
}

/** One AT candidate: never opened when another program holds it or this user may not.
 *  `since`: a /proc pass that began then or later tells who holds it (connectTarget's). */
async function tryAt(path: string, role: string, opts: ConnectOptions, log: ExchangeLog, since: number): Promise<{ reach: AtReach; channel?: AtChannel }> {
  const holders = await deviceHolders(path, { since });
  if (holders.length > 0) {
    return { reach: { path, answer: 'held', role, detail: `held by ${holderText(holders)}: not opened, so as not to take its replies` } };
  }
  const access = checkPortAccess(path);
  if (!access.ok) {
    return { reach: { path, answer: access.code === 'ENOENT' ? 'absent' : 'denied', role, detail: [access.reason, access.fix].filter(Boolean).join('; ') } };
  }
  let channel: AtChannel;
  try {
    channel = await AtChannel.open(path, { log, openTimeoutMs: opts.atAnswerMs ?? DEFAULT_AT_ANSWER_MS });
  } catch (e) {
    if (e instanceof TransportError) return { reach: { path, answer: transportAnswer(e), role, detail: e.message } };
    return { reach: { path, answer: 'failed', role, detail: e instanceof Error ? e.message : String(e) } };
  }
  try {
    // Any final result (OK, ERROR) means an AT interpreter listens. A module that has just
    // (re)started says RDY over the first AT, which the channel takes as a restart: ask again.
    const ask = (): Promise<unknown> => channel.send('AT', { timeoutMs: opts.atAnswerMs ?? DEFAULT_AT_ANSWER_MS });
    await ask().catch((e: unknown) => (e instanceof AtRestartError ? ask() : Promise.reject(e)));
    return { reach: { path, answer: 'answered', role }, channel };
  } catch (e) {
    await channel.close().catch(() => undefined);
    if (e instanceof AtTimeoutError) {
      // What did come back names the port: GPS sentences, binary DIAG frames, or nothing.
      const seen = e.likelyCause === 'nmea' ? 'nmea' : e.likelyCause === 'binary' ? 'diag' : role;
      return { reach: { path, answer: 'silent', role: seen, detail: e.message } };
    }
    return { reach: { path, answer: 'failed', role, detail: e instanceof AtChannelError || e instanceof Error ? e.message : String(e) } };
  }
}

async function connectAt(t: ModemTarget, opts: ConnectOptions, log: ExchangeLog, since: number): Promise<{ tried: AtReach[]; channel?: AtChannel }> {
  const tried: AtReach[] = [];
  for (const path of t.at) {
    const r = await tryAt(path, 'at', opts, log, since);
    tried.push(r.reach);
    if (r.channel) return { tried, channel: r.channel };
  }
  return { tried };
}

/** An opening under way: the QMI client as soon as the QMI port has answered (or not), and the
 *  whole OpenModem once every port has been tried. */
export interface Opening {
  /** The QMI client once the port answered; undefined when there is none or it did not answer. */
  readonly qmi: Promise<QmiClient | undefined>;
  readonly opened: Promise<OpenModem>;
  /** performance.now() when the opening began. */
  readonly openedAt: number;
}

/**
 * Opens what can be opened of the target. The QMI port and the AT candidates are tried at the
 * same time; the AT candidates one after another, in the target's order. Never rejects.
 * `qmi` settles as soon as the QMI port has answered, so that QMI reads can begin while an AT
 * port is still being asked (an AT reply takes several times a QMI one).
 */
export function openTarget(target: ModemTarget, opts: ConnectOptions = {}): Opening {
  const log = opts.log ?? new ExchangeLog();
  const before = lastSeq(log);
  const openedAt = performance.now();
  // Who holds each port is read from /proc (a pass over every process's open files, tens of ms).
  // The direct QMI open must hold its port before it looks; the AT candidates look once it does,
  // so that all of them, and the ports probe later, share that one pass.
  let claimed!: () => void;
  const qmiClaimed = new Promise<void>((resolve) => { claimed = resolve; });
  // The last record each side added while opening: the reach fact cites those, not the reads
  // that may start on the QMI port while AT is still being asked.
  let qmiEnd = before;
  let atEnd = before;
  const qmiOpening = (target.qmi ? connectQmi(target, target.qmi, opts, log, claimed) : Promise.resolve(undefined))
    .finally(() => { claimed(); qmiEnd = lastSeq(log); })
    // Once the reach fact's records end: the Allocate CIDs are the reads' first requests.
    .then((q) => { if (q?.client && opts.allocateAhead) q.client.allocateAhead(opts.allocateAhead); return q; });
  const atOpening = qmiClaimed.then(() => connectAt(target, opts, log, openedAt)).finally(() => { atEnd = lastSeq(log); });
  const opened = (async (): Promise<OpenModem> => {
    const [q, a] = await Promise.all([qmiOpening, atOpening]);
    const reach: ReachFacts = {
      ...(q ? { qmi: q.reach } : {}),
      at: a.tried,
      ...(a.channel ? { atUsed: a.channel.description } : {}),
    };
    const evidence = log.all().filter((e) => e.seq > before && (e.protocol === 'qmi' ? e.seq <= qmiEnd : e.seq <= atEnd)).map((e) => e.seq);
    const reachFact: Fact<ReachFacts> = { value: reach, via: 'doctor', evidence };
    const qmi = q?.client;
    const at = a.channel;
    let closing: Promise<void> | undefined;
    return {
      target, log, reach: reachFact, openedAt,
      ...(qmi ? { qmi } : {}),
      ...(at ? { at } : {}),
      close: () => {
        // The QMI client's Release CIDs go out first: their replies are the last thing the
        // diagnosis waits for, and the AT port closes (a few tenths of a millisecond of our
        // time) while the modem answers them.
        closing ??= Promise.allSettled([qmi?.close(), at && new Promise<void>((r) => setImmediate(r)).then(() => at.close())])
          .then(() => undefined);
        return closing;
      },
    };
  })();
  return { qmi: qmiOpening.then((q) => q?.client), opened, openedAt };
}

/** openTarget, once every port has been tried. */
export function connectTarget(target: ModemTarget, opts: ConnectOptions = {}): Promise<OpenModem> {
  return openTarget(target, opts).opened;
}
