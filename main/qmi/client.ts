// The QMI client: speaks QMI over whatever byte pipe it is handed (a cdc-wdm node, a socket to
// qmi-proxy, a test pipe), allocates a client id per service on first use, keeps many requests
// in flight, matches replies by (service, client id, transaction id), delivers indications as
// events, times out every request, records every frame as evidence (an ExchangeLog), and gives every client id back on close
// and on SIGINT/SIGTERM/SIGHUP — a leaked CID stays allocated in the modem until a Sync, and enough of
// them lock everyone out. Which pipe to use, and whether we own the port, is decided by whoever
// opens the modem (main/system/open-qmi.ts): the client only acts on what it is told.

import { randomInt } from 'node:crypto';
import { buildQmiFrame, BROADCAST_CID, CTL_SERVICE, type QmiFrame } from './frame.ts';
import { QmuxFrameReader } from './frame-stream.ts';
import { decodeMessage, encodeTlvs, serviceById, type DecodedMessage, type QmiResult } from './message-codec.ts';
import type { MessageDecl, RequestOf, ResponseOf, ServiceDecl } from './schema.ts';
import { CTL } from './services/ctl.ts';
import { frameExchange, wireNote } from './exchange-record.ts';
import { ExchangeLog, type Exchange } from '../evidence/exchange.ts';
import { TransportError, type ByteTransport } from '../transport/byte-transport.ts';
import { CodedError } from '../errors/coded-error.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Messages that legitimately take long (network attach, radio changes). */
const SLOW_MESSAGES: Readonly<Record<string, number>> = {
  'WDS:Start Network': 90_000,
  'WDS:Stop Network': 30_000,
  'DMS:Set Operating Mode': 30_000,
  'NAS:Perform Network Scan': 180_000,
};
const RELEASE_TIMEOUT_MS = 1000;

/** How long a request may take before it times out, unless the caller says otherwise. */
export function defaultRequestTimeout(service: ServiceDecl, message: MessageDecl): number {
  return SLOW_MESSAGES[`${service.name}:${message.name}`] ?? DEFAULT_TIMEOUT_MS;
}

/** 'gone': the port vanished under us (EIO, hang-up: unplugged or reset) — not worth waiting for. */
export type QmiClientErrorCode = 'timeout' | 'closed' | 'gone' | 'transport' | 'encode' | 'allocation-failed';

/** The device went away (unplugged, reset) rather than failing in some other way. */
const isGone = (e: unknown): boolean => e instanceof TransportError && (e.code === 'io-error' || e.code === 'not-found');

export class QmiClientError extends CodedError<QmiClientErrorCode> {
  override readonly name = 'QmiClientError';
}

export interface QmiReply<M extends MessageDecl = MessageDecl> {
  /** True when the result TLV says success. */
  ok: boolean;
  result: QmiResult;
  fields: ResponseOf<M>;
  /** The reply as decoded (once, when it arrived). */
  message: DecodedMessage;
  /** The evidence: the request and the reply as recorded in the client's log. */
  request: Exchange;
  response: Exchange;
  durationMs: number;
}

export interface QmiIndication {
  service: ServiceDecl | undefined;
  message: DecodedMessage;
  exchange: Exchange;
}

/** Another process with the port open, as the opener found it (named in messages). */
export interface PortUser {
  pid: number;
  command: string;
}

export interface QmiClientOptions {
  /** True when nobody else uses the modem's QMI port: then a CTL Sync (which drops every
   *  program's client ids, ModemManager's included) is safe, on open and to free leaked ids. */
  ownsDevice: boolean;
  /** Other processes that had the port open when it was opened (for messages). */
  sharedWith?: readonly PortUser[];
  /** Default request time limit, for messages without a longer one of their own. */
  timeoutMs?: number;
  /** Release client ids when the process gets SIGINT/SIGTERM/SIGHUP (default true). */
  releaseOnSignals?: boolean;
  /** What to suggest when nothing at all comes back (the opener knows the path it chose). */
  silenceHint?: string;
  /** Where to record every frame and note (e.g. a session's log shared with the AT side);
   *  default: a log of the client's own. */
  log?: ExchangeLog;
}

export interface QmiClientStartOptions extends QmiClientOptions {
  /** CTL Sync before the first request, dropping stale client ids. Default: ownsDevice. */
  sync?: boolean;
}

const DEFAULT_SILENCE_HINT = 'Another program may be reading the port (ModemManager: share it through qmi-proxy, or stop/inhibit it), ' +
  'or it is not a QMI port, or the modem is resetting.';

interface Received {
  frame: QmiFrame;
  message: DecodedMessage;
  exchange: Exchange;
}

interface Pending {
  key: string;
  label: string;
  messageId: number;
  /** Beyond (service, client id, transaction id, message id): is this reply really ours? */
  accepts?: (m: DecodedMessage) => boolean;
  resolve: (r: Received) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  /** An Allocate CID: if its reply comes too late, the id it carries must still be given back. */
  allocation: boolean;
}

const openClients = new Set<QmiClient>();

// While any client is open, SIGINT/SIGTERM/SIGHUP first give every client id back, then let the signal
// do what it would have done: if nobody else listens, it is raised again (terminate). Hooked
// only while clients are open, and run before other listeners so their presence is still seen.
function onSignal(sig: NodeJS.Signals): void {
  const othersListen = process.listenerCount(sig) > 1;
  setSignalHook(false);
  void Promise.allSettled([...openClients].map((c) => c.close())).then(() => {
    if (!othersListen) process.kill(process.pid, sig);
  });
}

let signalsHooked = false;
function setSignalHook(on: boolean): void {
  if (on === signalsHooked) return;
  signalsHooked = on;
  // SIGHUP too: closing the terminal a command runs in must not leave its client ids behind.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (on) process.prependListener(sig, onSignal);
    else process.removeListener(sig, onSignal);
  }
}

function track(client: QmiClient, open: boolean, hookSignals: boolean): void {
  if (open) openClients.add(client); else openClients.delete(client);
  if (open && hookSignals) setSignalHook(true);
  if (openClients.size === 0) setSignalHook(false);
}

export class QmiClient {
  /** What the client talks to, e.g. "/dev/cdc-wdm0" or "qmi-proxy for /dev/cdc-wdm0". */
  readonly port: string;
  /** Every frame sent and received, and what the client noticed on the wire. */
  readonly log: ExchangeLog;
  /** True when nobody else uses the port: a Sync or a leaked-id cleanup harms no one. */
  readonly ownsDevice: boolean;
  /** Other processes that had the port open when it was opened (empty through the proxy). */
  readonly sharedWith: readonly PortUser[];
  private readonly transport: ByteTransport;
  private readonly timeoutMs: number;
  private readonly silenceHint: string;
  private readonly reader: QmuxFrameReader;
  private readonly pending = new Map<string, Pending>();
  /** Per service: the allocation (in flight or done) and, once known, the client id. */
  /** Per service: its client id once allocated, and whether a Release CID was sent for it. */
  private readonly cids = new Map<number, { ready: Promise<number>; cid?: number; releaseAsked?: boolean }>();
  private readonly tids = new Map<string, number>();
  private readonly indicationListeners = new Set<(i: QmiIndication) => void>();
  private readonly closeListeners = new Set<(e?: TransportError) => void>();
  private bytesReceived = 0;
  private syncing: Promise<void> | undefined;
  private readonly lateAllocations = new Set<string>();
  private closing: Promise<void> | undefined;
  /** releaseClientIds() under way. */
  private releasing: Promise<void> | undefined;
  /** Set once the transport has closed; closedError is what closed it, when something did.
   *  No error object for a plain close: building one (its stack) is tens of microseconds on
   *  the way from the last Release CID reply to the end of every diagnosis. */
  private closed = false;
  private closedError: TransportError | undefined;

  /** A client on an open transport; it sends nothing until asked (see start() for a Sync first). */
  constructor(transport: ByteTransport, opts: QmiClientOptions) {
    this.port = transport.description;
    this.transport = transport;
    this.ownsDevice = opts.ownsDevice;
    this.sharedWith = opts.sharedWith ?? [];
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.silenceHint = opts.silenceHint ?? DEFAULT_SILENCE_HINT;
    this.log = opts.log ?? new ExchangeLog();
    this.reader = new QmuxFrameReader({
      frame: (f) => this.onFrame(f),
      stale: (b) => this.note('rx', 'a frame start that never completed (bytes held shown); rescanning past it so later replies are not held behind it', b),
      garbage: (b, reason) => this.note('rx', `not a QMI frame: ${reason}`, b),
      invalid: (b, e) => this.note('rx', `invalid frame: ${e.message}`, b),
    });
    transport.onData((chunk) => {
      this.bytesReceived += chunk.length;
      this.reader.push(chunk);
    });
    transport.onClose((e) => this.onTransportClosed(e));
    track(this, true, opts.releaseOnSignals ?? true);
  }

  /** A client on `transport`, with a CTL Sync first when asked (default: when it owns the
   *  port); if that fails the client is closed and the error thrown. */
  static async start(transport: ByteTransport, opts: QmiClientStartOptions): Promise<QmiClient> {
    const client = new QmiClient(transport, opts);
    try {
      if (opts.sync ?? opts.ownsDevice) {
        await client.sync();
      } else if (client.sharedWith.length > 0) {
        client.note('note', `no CTL Sync on open: ${client.port} is also open by ` +
          `${client.sharedWith.map((h) => `${h.command} (pid ${h.pid})`).join(', ')}, whose client ids a Sync would drop`);
      }
    } catch (e) {
      await client.close();
      throw e;
    }
    return client;
  }

  /** CTL Sync: the modem drops every client id (ours too), so ours are forgotten and taken
   *  again on next use. One at a time: a second Sync would drop ids the first retry just got. */
  sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        const r = await this.request(CTL, CTL.messages.sync, {});
        // Forget the ids the Sync dropped; an allocation still in flight (the one that asked for
        // this Sync retries after it) keeps its slot, or the id it gets would never be released.
        if (r.ok) for (const [service, slot] of this.cids) if (slot.cid !== undefined) this.cids.delete(service);
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  /** Records bytes that were not a frame ('rx') or what the client did about the wire ('note'). */
  private note(direction: 'rx' | 'note', text: string, bytes?: Uint8Array): void {
    this.log.add(wireNote(this.port, direction, text, bytes));
  }

  /** Client ids we currently hold, per service id. */
  get clientIds(): ReadonlyMap<number, number> {
    const out = new Map<number, number>();
    for (const [service, slot] of this.cids) if (slot.cid !== undefined) out.set(service, slot.cid);
    return out;
  }

  /** Replies are matched on (service, client id, transaction id); CTL replies come on client id 0. */
  private static key(service: number, cid: number, tid: number): string {
    return `${service}:${service === CTL_SERVICE ? 0 : cid}:${tid}`;
  }

  onIndication(listener: (i: QmiIndication) => void): () => void {
    this.indicationListeners.add(listener);
    return () => this.indicationListeners.delete(listener);
  }

  onClose(listener: (e?: TransportError) => void): void {
    this.closeListeners.add(listener);
  }

  /** Sends a request and waits for its reply. Resolves for any reply (check `ok`); rejects on
   *  timeout, transport loss, close, or values the declaration cannot encode. */
  async request<M extends MessageDecl>(service: ServiceDecl, message: M, fields?: RequestOf<M>, opts: { timeoutMs?: number } = {}): Promise<QmiReply<M>> {
    this.assertOpen();
    // A client id already held is used in this turn: awaiting it anyway would put this request
    // behind every other promise reaction ready now (a burst of replies' continuations).
    const held = service.id === CTL_SERVICE ? 0 : this.cids.get(service.id)?.cid;
    const cid = held ?? await this.ensureCid(service);
    return this.send(service, message, cid, (fields ?? {}) as Record<string, unknown>, opts.timeoutMs);
  }

  private assertOpen(): void {
    if (this.closing || this.closed) {
      throw new QmiClientError(isGone(this.closedError) ? 'gone' : 'closed', this.closed ? this.closedMessage() : `the QMI client for ${this.port} is closed`);
    }
  }

  private nextTid(service: number, cid: number): number {
    const key = `${service}:${cid}`;
    const max = service === CTL_SERVICE ? 0xff : 0xffff;
    // CTL is one channel for every program on the port (client id 0): starting at a random point
    // keeps two programs that start together from using the same ids and taking each other's
    // replies. Wrap back to 1: tid 0 is avoided, as libqmi does.
    let t = (this.tids.get(key) ?? (service === CTL_SERVICE ? randomInt(0, max) : 0)) + 1;
    if (t > max) t = 1;
    // Skip ids still waiting for an answer after a wrap.
    for (let i = 0; i < max && this.pending.has(QmiClient.key(service, cid, t)); i++) t = t >= max ? 1 : t + 1;
    this.tids.set(key, t);
    return t;
  }

  private async send<M extends MessageDecl>(service: ServiceDecl, message: M, cid: number, values: Record<string, unknown>,
    timeoutMs?: number, accepts?: (m: DecodedMessage) => boolean): Promise<QmiReply<M>> {
    const label = `${service.name} ${message.name}`;
    let tlvs: { type: number; value: Buffer }[];
    try {
      tlvs = encodeTlvs(message.request, values, label);
    } catch (e) {
      throw new QmiClientError('encode', (e as Error).message);
    }
    const tid = this.nextTid(service.id, cid);
    let frame: QmiFrame;
    try {
      frame = buildQmiFrame({ service: service.id, clientId: cid, kind: 'request', transactionId: tid, messageId: message.id, tlvs });
    } catch (e) {
      throw new QmiClientError('encode', `${label}: ${(e as Error).message}`);
    }
    // Recorded from the values we encoded: built once, never parsed back.
    const sent: DecodedMessage = {
      service: { id: service.id, name: service.name },
      message: { id: message.id, name: message.name },
      kind: 'request', transactionId: frame.transactionId, clientId: cid,
      fields: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
      unknownTlvs: [], tlvErrors: [],
    };
    const requestExchange = this.log.add(frameExchange(this.port, 'tx', frame, sent));
    const limit = timeoutMs ?? SLOW_MESSAGES[`${service.name}:${message.name}`] ?? this.timeoutMs;
    const key = QmiClient.key(service.id, cid, tid);
    const started = performance.now();
    const reply = new Promise<Received>((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = this.pending.get(key);
        this.pending.delete(key);
        // A late reply to an Allocate CID still takes an id in the modem: remember to give it back.
        if (p?.allocation) this.lateAllocations.add(key);
        reject(new QmiClientError('timeout', this.timeoutMessage(label, limit)));
      }, limit);
      this.pending.set(key, {
        key, label, messageId: message.id, resolve, reject, timer,
        allocation: message.id === CTL.messages.allocateCid.id && service.id === CTL_SERVICE,
        ...(accepts ? { accepts } : {}),
      });
    });
    // If the write fails, the transport may reject every pending reply (this one included)
    // before we get to await it: keep that from surfacing as an unhandled rejection.
    reply.catch(() => undefined);
    try {
      await this.transport.write(frame.bytes);
    } catch (e) {
      const p = this.pending.get(key);
      if (p) { clearTimeout(p.timer); this.pending.delete(key); }
      throw new QmiClientError(isGone(e) ? 'gone' : 'transport', `${label}: ${(e as Error).message}`);
    }
    const got = await reply;
    const result: QmiResult = got.message.result
      ?? { status: 'failure', error: 1, errorName: 'malformed-message' };
    return {
      ok: result.status === 'success',
      result,
      fields: got.message.fields as ResponseOf<M>,
      message: got.message,
      request: requestExchange,
      response: got.exchange,
      durationMs: performance.now() - started,
    };
  }

  private timeoutMessage(label: string, ms: number): string {
    const where = this.port;
    if (this.bytesReceived === 0) {
      return `no answer to ${label} within ${ms} ms: nothing at all has come back from ${where}. ${this.silenceHint}`;
    }
    return `no answer to ${label} within ${ms} ms from ${where}: the modem answers other requests but not this one ` +
      '(busy, resetting, or another program reading the same device is taking replies).';
  }

  /**
   * Asks for a client id for each of these services now, in this order, instead of on each one's
   * first request. A program that knows what it will ask (the doctor's probes) sends every
   * Allocate CID at once, the first it will need first; asked on first use, they left one by one
   * as each probe's code reached its first request. A refusal is reported to the requests waiting
   * on that allocation; a request made after it asks again.
   */
  allocateAhead(services: readonly ServiceDecl[]): void {
    if (this.closing || this.closed) return;
    for (const s of services) if (s.id !== CTL_SERVICE) this.ensureCid(s).catch(() => undefined);
  }

  private ensureCid(service: ServiceDecl): Promise<number> {
    let slot = this.cids.get(service.id);
    if (!slot) {
      const fresh: { ready: Promise<number>; cid?: number } = { ready: this.allocate(service) };
      fresh.ready.then(
        (cid) => { fresh.cid = cid; },
        () => { if (this.cids.get(service.id) === fresh) this.cids.delete(service.id); },
      );
      this.cids.set(service.id, fresh);
      slot = fresh;
    }
    return slot.ready;
  }


  private async allocate(service: ServiceDecl, retried = false): Promise<number> {
    this.assertOpen();
    // CTL is shared by every program on the port: an Allocate CID reply that names another
    // service answers someone else's request that happened to use our transaction id.
    const r = await this.send(CTL, CTL.messages.allocateCid, 0, { service: service.id }, undefined, (m) => {
      const a = m.fields.allocation as { service?: number } | undefined;
      return a === undefined ? m.result?.status === 'failure' : a.service === service.id;
    });
    if (!r.ok) {
      if (r.result.errorName === 'client-ids-exhausted' && !retried && this.ownsDevice) {
        // Leaked CIDs from programs long gone: a Sync frees them all (CTL Sync, libqmi
        // data/qmi-service-ctl.json), then try once more.
        // Never when someone else uses the device: their ids would go too.
        await this.sync();
        return this.allocate(service, true);
      }
      throw new QmiClientError('allocation-failed',
        `the modem refused a client id for ${service.name}: ${r.result.errorName}` +
        (r.result.errorName === 'client-ids-exhausted'
          ? (this.ownsDevice ? ' (still none free after a CTL Sync; a modem reset frees them)'
            : ` (other programs hold them all; ${this.sharedWith.map((h) => h.command).join(', ') || 'the proxy\'s other clients'} use the device, so no Sync was sent)`)
          : ` (${r.result.hint ?? `this firmware may not offer the ${service.name} service`})`));
    }
    const cid = r.fields.allocation?.clientId;
    if (cid === undefined || r.fields.allocation?.service !== service.id) throw new QmiClientError('allocation-failed', `Allocate CID for ${service.name} answered without a client id`);
    return cid;
  }

  private onFrame(frame: QmiFrame): void {
    // Decoded once, here: the log, the waiting request and indication listeners share it.
    const message = decodeMessage(frame);
    const exchange = this.log.add(frameExchange(this.port, 'rx', frame, message));
    if (frame.kind === 'indication') {
      const mine = frame.service === CTL_SERVICE || frame.clientId === BROADCAST_CID || this.cids.get(frame.service)?.cid === frame.clientId;
      if (!mine) return;
      for (const l of this.indicationListeners) {
        // A listener's bug must not take the reader (and every later reply) down with it.
        try {
          l({ service: serviceById(frame.service), message, exchange });
        } catch (e) {
          this.note('note', `an indication listener failed: ${(e as Error).message}`);
        }
      }
      return;
    }
    if (frame.kind !== 'response') return; // a request echoed back is not for us
    const key = QmiClient.key(frame.service, frame.clientId, frame.transactionId);
    const p = this.pending.get(key);
    if (!p && this.lateAllocations.delete(key)) {
      this.releaseLate(message);
      return;
    }
    if (!p || p.messageId !== frame.messageId || (p.accepts && !p.accepts(message))) {
      this.note('note', `reply tid ${frame.transactionId} (${message.service.name} ${message.message.name}) matches no request of ours: ` +
        'late, or another program\'s on the same port; ignored');
      return;
    }
    clearTimeout(p.timer);
    this.pending.delete(key);
    p.resolve({ frame, message, exchange });
  }

  private releaseLate(m: DecodedMessage): void {
    const a = m.fields.allocation as { service: number; clientId: number } | undefined;
    if (m.result?.status !== 'success' || !a) return;
    this.note('note', `late Allocate CID reply: giving client id ${a.clientId} (service ${a.service}) back`);
    this.send(CTL, CTL.messages.releaseCid, 0, { release: a }, RELEASE_TIMEOUT_MS).catch(() => undefined);
  }

  private closedMessage(): string {
    return this.closedError?.message ?? `${this.port} was closed`;
  }

  private onTransportClosed(error?: TransportError): void {
    this.closed = true;
    this.closedError = error;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new QmiClientError(isGone(error) ? 'gone' : error ? 'transport' : 'closed', `${p.label}: ${this.closedMessage()}`));
    }
    this.pending.clear();
    track(this, false, false);
    for (const l of this.closeListeners) {
      try { l(error); } catch { /* a listener's failure must not stop the others */ }
    }
  }

  /**
   * Gives every client id back to the modem (best effort, bounded in time) and keeps the port
   * open, so that its going away is still heard: a diagnosis done with QMI gives the modem back
   * while an AT port is still being asked, and a modem that resets meanwhile must still be noticed.
   * For when no request is in flight or coming; a later request allocates again, and close()
   * releases what is held then.
   */
  releaseClientIds(): Promise<void> {
    if (this.closing || this.closed) return this.closing ?? Promise.resolve();
    this.releasing ??= this.releaseHeld().finally(() => { this.releasing = undefined; });
    return this.releasing;
  }

  /** Releases every client id (best effort, bounded in time), then closes the device. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.closed) {
        // Awaited only when there is one: otherwise the releases leave in the caller's turn.
        if (this.releasing) await this.releasing;
        await this.releaseHeld();
      }
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new QmiClientError('closed', `${p.label}: the QMI client was closed before the reply came`));
      }
      this.pending.clear();
      track(this, false, false);
      await this.transport.close();
    })();
    return this.closing;
  }

  /** Release CIDs for every id held, each asked once: one the modem left unanswered is not
   *  asked again at close (a silent modem would cost the wait twice). */
  private async releaseHeld(): Promise<void> {
    // Allocations still in flight will hold ids in the modem: let them land (briefly) so
    // they can be released too. With none in flight the releases leave at once, in the
    // caller's turn: the caller (a diagnosis) goes on with its own work while the modem
    // answers them, instead of ahead of them.
    const inFlight = [...this.cids.values()].filter((slot) => slot.cid === undefined).map((slot) => slot.ready);
    if (inFlight.length > 0) {
      await Promise.race([
        Promise.allSettled(inFlight),
        new Promise((r) => setTimeout(r, RELEASE_TIMEOUT_MS).unref()),
      ]);
    }
    const releases: Promise<unknown>[] = [];
    for (const [service, slot] of this.cids) {
      if (slot.cid === undefined || slot.releaseAsked) continue;
      slot.releaseAsked = true;
      // Released: the slot goes, and a later request allocates a new one.
      releases.push(this.send(CTL, CTL.messages.releaseCid, 0, { release: { service, clientId: slot.cid } }, RELEASE_TIMEOUT_MS)
        .then(() => { if (this.cids.get(service) === slot) this.cids.delete(service); }));
    }
    await Promise.allSettled(releases);
  }
}

