// The AT channel: one command in flight per port, a FIFO queue behind it, every line of the
// modem's output sorted into echo, response, final result or unsolicited result code (URC).
//
// Why it is strict about the one-in-flight rule: V.250 modems process one command line at a
// time and give no transaction ids, so a reply can only be attributed by order. A second command
// written before the first one's final result is either dropped or answered in an interleaved way
// that no parser can untangle.
//
// The byte source is any ByteTransport (serial port, PTY, a future socket), so the doctor can run
// the same channel over other streams.

import { EventEmitter } from 'node:events';
import type { ByteTransport, TransportError } from '../transport/byte-transport.ts';
import { SerialTransport, type SerialOpenOptions } from '../transport/serial-port.ts';
import { ExchangeLog, type AtDecoded, type Exchange, type ExchangeDirection } from '../evidence/exchange.ts';
import { defaultTimeoutFor } from './command-timeouts.ts';
import { describeFinal, isErrorFinal, parseFinalResult, resultFormatAfter, type FinalResult } from './final-result.ts';
import { parseResponse } from './parsers/index.ts';
import type { Urc } from './urc.ts';
import { maskDeep, maskSecrets, maskSecretsNamed } from './secrets.ts';
import { AtChannelError, AtRestartError, AtTimeoutError, type AtChannelErrorCode, type TimeoutCause } from './channel-errors.ts';
import { isTextByte, LineAssembler } from './line-assembler.ts';
import { AtLineSorter, isFinal, sortUnsolicited, type LateReply, type SortedLine } from './line-sorter.ts';
import { NMEA_SENTENCE_RE } from './nmea.ts';
import { explainTimeout } from './timeout-cause.ts';

export type { Urc };
export { maskSecrets, AtChannelError, AtRestartError, AtTimeoutError, NMEA_SENTENCE_RE };
export type { AtChannelErrorCode, TimeoutCause };
export type ResponseParse = ReturnType<typeof parseResponse>;

// ---------------------------------------------------------------------------------------------
// Results and errors

export interface AtReply {
  /** The command as sent, with PINs/passwords masked. */
  command: string;
  /** Every byte received while the command was in flight (echo, URCs included), secrets masked. */
  raw: string;
  /** Information text lines: no echo, no URCs, no final result, no blank lines. */
  lines: string[];
  /** Lines that are not part of the answer: noise, text in front of the echo, foreign prefixes (masked). */
  garbage: string[];
  /** The rest of an earlier command's reply that arrived after it timed out, set aside (masked). */
  late?: string[];
  final: FinalResult;
  /** The final result line exactly as received (e.g. "+CME ERROR: 10"). */
  finalLine: string;
  /** Human words for the final result ("+CME ERROR 10: SIM not inserted"). */
  finalDescription: string;
  /** False for ERROR / +CME ERROR / +CMS ERROR / COMMAND NOT SUPPORT. */
  ok: boolean;
  /** URCs that arrived while this command was in flight (also emitted as 'urc' events). */
  urcs: Urc[];
  /** The response parser's outcome; null when no parser knows the command. */
  parsed: ResponseParse;
  /** True when the modem echoed the command (ATE1 is active, e.g. after a reset). */
  echoed: boolean;
  /**
   * True when the modem asked for text (`> `) but the caller gave none (SendOptions.promptText):
   * the channel sent ESC so that the modem does not swallow the next command as SMS text.
   */
  promptCancelled?: boolean;
  startedAt: string;
  durationMs: number;
}

// ---------------------------------------------------------------------------------------------
// The channel

export interface SendOptions {
  /** Overrides the default for the command family (main/at/command-timeouts.ts). */
  timeoutMs?: number;
  /** Text to send after a `> ` prompt (AT+CMGS); Ctrl-Z is appended. Without it the prompt ends the command. */
  promptText?: string;
}

export interface AtChannelOptions {
  /** Where the exchanges go: a session shares one log between its QMI and AT ports. */
  log?: ExchangeLog;
}

export interface RestartInfo {
  line: string;
  at: string;
  /** The command that was in flight and failed because of the restart (masked). */
  commandInFlight?: string;
}

interface Pending {
  command: string;
  masked: string;
  timeoutMs: number;
  timeoutWhy: string;
  promptText: string | undefined;
  resolve: (r: AtReply) => void;
  reject: (e: Error) => void;
}

interface InFlight extends Pending {
  startedAt: string;
  startedPerf: number;
  timer: NodeJS.Timeout;
  raw: Buffer[];
  bytes: number;
  nonTextBytes: number;
  nmeaLines: number;
  /** Sorts every line of this command's reply (shared with the offline decoder). */
  sorter: AtLineSorter;
  promptSent: boolean;
  promptEchoLines: Set<string>;
  /** ESC was sent to leave a `> ` prompt nobody had text for; waiting for the modem's word on it. */
  promptCancelled: boolean;
  /** The timed-out command whose late reply this one watches for (masked). */
  lateMasked?: string;
  /** The resynchronising `AT` after a timeout: what it collects is thrown away (see resync). */
  sync?: SyncState;
}

interface SyncState {
  /** The command that timed out. */
  after: TimedOut;
  discarded: string[];
  sawFinal: boolean;
  /** Final results among the discarded lines: two mean the late reply's and AT's both came. */
  finals: number;
  quietTimer?: NodeJS.Timeout;
}

interface TimedOut {
  command: string;
  masked: string;
  echoed: boolean;
  /** How it ended without its reply: 'timed out', or cut short by a restart banner. */
  ended: string;
}

const MAX_COMMAND_LENGTH = 2048;
// The transcript is kept whole for the report, but a chatty port (NMEA, a URC storm) must not
// grow it without end: beyond this many entries the oldest are dropped (ExchangeLog's bound).
const TRANSCRIPT_LIMIT = 5000;
const CTRL_Z = '\x1a'; // ends the text after a `> ` prompt
const ESC = '\x1b'; // leaves a `> ` prompt without sending anything (27.005 §3.5.1)
// Node's timers hold a signed 32-bit number of ms; a longer one fires at once.
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
// After a timeout the modem may still be answering the command we gave up on. Before the next
// command a bare AT is sent and everything up to its final result is thrown away; then the port
// must stay quiet this long, because the late final result and AT's own may both still come.
const SYNC_TIMEOUT_MS = 2000;
const SYNC_QUIET_MS = 150;
// After ESC most modems say OK (some nothing): wait this long for it before moving on.
const PROMPT_CANCEL_WAIT_MS = 1000;

export class AtChannel extends EventEmitter {
  readonly description: string;
  /** Every exchange on this port (shared with other ports when the caller passed a log). */
  readonly log: ExchangeLog;
  private readonly transport: ByteTransport;
  private readonly assembler = new LineAssembler();
  private queue: Pending[] = [];
  private current: InFlight | null = null;
  private closed = false;
  /** The command that last timed out, until the resynchronising AT has run. */
  private timedOut: TimedOut | null = null;
  /** After a resynchronisation: the timed-out command whose reply may still come, for the next command. */
  private late: LateReply | null = null;
  /** ATV0 is in effect (a command set it): result codes are digits. */
  private numericCodes = false;

  constructor(transport: ByteTransport, options: AtChannelOptions = {}) {
    super();
    this.transport = transport;
    this.description = transport.description;
    this.log = options.log ?? new ExchangeLog(TRANSCRIPT_LIMIT);
    transport.onData((chunk) => this.onData(chunk));
    transport.onClose((error) => this.onTransportClosed(error));
  }

  /** Opens a serial port (or PTY) and puts a channel on it. Rejects with a TransportError. */
  static async open(path: string, options: SerialOpenOptions & AtChannelOptions = {}): Promise<AtChannel> {
    const { log, ...serial } = options;
    const transport = await SerialTransport.open(path, serial);
    return new AtChannel(transport, log ? { log } : {});
  }

  override on(event: 'urc', listener: (urc: Urc, line: string) => void): this;
  override on(event: 'unsolicited', listener: (line: string) => void): this;
  override on(event: 'restart', listener: (info: RestartInfo) => void): this;
  override on(event: 'closed', listener: (error?: Error) => void): this;
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A copy of this port's exchanges so far (time, direction, text, what it decoded to), secrets masked. */
  transcript(): Exchange[] {
    return this.log.all().filter((e) => e.protocol === 'at' && e.port === this.description).map((e) => ({ ...e }));
  }

  /** Queues a command; resolves with the reply at its final result, rejects with a typed error. */
  send(command: string, options: SendOptions = {}): Promise<AtReply> {
    const masked = typeof command === 'string' ? maskSecrets(command) : String(command);
    if (typeof command !== 'string' || command.trim() === '' || /[\r\n]/.test(command) || command.includes(CTRL_Z) || command.length > MAX_COMMAND_LENGTH) {
      return Promise.reject(new AtChannelError('invalid-command', masked,
        `not a valid AT command line: ${JSON.stringify(masked)} (one line, no CR/LF, at most ${MAX_COMMAND_LENGTH} characters)`));
    }
    if (this.closed) {
      return Promise.reject(new AtChannelError('closed', masked, `cannot send ${masked}: the channel on ${this.description} is closed`));
    }
    const t = options.timeoutMs;
    if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t <= 0 || t > MAX_TIMEOUT_MS)) {
      return Promise.reject(new AtChannelError('invalid-command', masked,
        `timeout ${String(t)} ms for ${masked} is not usable: give a positive number of milliseconds up to ${MAX_TIMEOUT_MS} (about 24.8 days)`));
    }
    const trimmed = command.trim();
    const def = defaultTimeoutFor(trimmed);
    return new Promise<AtReply>((resolve, reject) => {
      this.queue.push({
        command: trimmed,
        masked: maskSecrets(trimmed),
        timeoutMs: options.timeoutMs ?? def.ms,
        timeoutWhy: options.timeoutMs !== undefined ? 'set by the caller' : def.why,
        promptText: options.promptText,
        resolve,
        reject,
      });
      this.startNext();
    });
  }

  /** Rejects everything queued or in flight with a typed error and releases the port. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll((p) => new AtChannelError('closed', p.masked, `${p.masked} was not answered: the channel on ${this.description} was closed`));
    this.note('channel closed');
    await this.transport.close();
    this.safeEmit('closed');
  }

  // --- sending ---------------------------------------------------------------------------------

  private startNext(): void {
    if (this.current || this.closed) return;
    if (this.queue.length === 0) return;
    if (this.timedOut !== null) {
      this.resync(this.timedOut);
      return;
    }
    const next = this.queue.shift() as Pending;
    // The first command after a resynchronisation watches for the late reply; later ones do not.
    const late = this.late;
    this.late = null;
    this.begin(next, undefined, late);
  }

  private begin(next: Pending, sync?: SyncState, late?: LateReply | null): void {
    const sorter = new AtLineSorter(next.command, {
      numericCodes: this.numericCodes, ...(late ? { late } : {}),
    });
    const cur: InFlight = {
      ...next,
      startedAt: new Date().toISOString(),
      startedPerf: performance.now(),
      timer: setTimeout(() => this.onTimeout(cur), next.timeoutMs),
      raw: [], bytes: 0, nonTextBytes: 0, nmeaLines: 0,
      sorter, promptSent: false, promptEchoLines: new Set(),
      promptCancelled: false,
    };
    if (sync) cur.sync = sync;
    if (late) cur.lateMasked = maskSecrets(late.command);
    this.current = cur;
    this.record('tx', next.command, { command: cur.masked });
    this.transport.write(Buffer.from(`${cur.command}\r`, 'latin1')).catch((e: unknown) => {
      if (this.current !== cur) return;
      this.settle(cur);
      const te = e as TransportError;
      cur.reject(new AtChannelError('write-failed', cur.masked, `could not send ${cur.masked}: ${te?.message ?? String(e)}`));
      this.startNext();
    });
  }

  /**
   * The modem may still answer the command that timed out: its late reply would be taken as the
   * next command's. So before the next command: a bare AT, everything up to its final result
   * (and a short quiet spell after it) thrown away and noted in the transcript as evidence.
   */
  private resync(after: TimedOut): void {
    this.timedOut = null;
    // A partial line left by the timed-out command is part of what is thrown away.
    const leftover = this.assembler.pending();
    this.assembler.reset();
    const sync: SyncState = { after, discarded: leftover.trim() ? [leftover] : [], sawFinal: false, finals: 0 };
    this.note(`resynchronising after ${after.masked} ${after.ended}: sending AT and discarding everything up to its final result`);
    this.begin({
      command: 'AT', masked: 'AT', timeoutMs: SYNC_TIMEOUT_MS, timeoutWhy: 'resynchronisation',
      promptText: undefined, resolve: () => {}, reject: () => {},
    }, sync);
  }

  private endSync(cur: InFlight, how: string): void {
    const sync = cur.sync as SyncState;
    if (sync.quietTimer) clearTimeout(sync.quietTimer);
    this.settle(cur);
    const what = sync.discarded.length === 0 ? 'nothing arrived late'
      : `discarded ${sync.discarded.length} line(s) that arrived after ${sync.after.masked} ${sync.after.ended}: ${JSON.stringify(sync.discarded.map(maskSecrets))}`;
    this.note(`resynchronised (${how}): ${what}`);
    // Unless both final results came (the late reply's and AT's), the late reply may still be on
    // its way: the next command sets it aside when it comes (line-sorter.ts, "late").
    if (sync.finals < 2) {
      const echoed = sync.after.echoed || sync.discarded.some((l) => l.trim().toUpperCase() === 'AT');
      this.late = { command: sync.after.command, echoExpected: echoed };
    }
    this.startNext();
  }

  // --- receiving -------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    const cur = this.current;
    if (cur) {
      cur.raw.push(chunk);
      cur.bytes += chunk.length;
      for (const b of chunk) if (!isTextByte(b)) cur.nonTextBytes++;
      // Still talking after the resynchronising AT's final result: not quiet yet.
      if (cur.sync?.sawFinal) this.armQuiet(cur);
    }
    for (const line of this.assembler.push(chunk)) this.onLine(line);
    // The SMS prompt is "\r\n> " with nothing after it: it never completes a line.
    const active = this.current;
    if (active && !active.sync && this.assembler.pending() === '> ') {
      this.assembler.reset();
      this.record('rx', '> ');
      this.onFinal(active, { kind: 'prompt' }, '> ');
    }
  }

  private onLine(text: string): void {
    const cur = this.current;
    const trimmed = text.trim();
    if (!cur) {
      const u = sortUnsolicited(trimmed);
      if (!u && this.timedOut !== null && this.lateWhileIdle(text, trimmed, this.timedOut)) return;
      this.record('rx', text, u ? { value: u.urc } : undefined);
      if (u?.restart) this.onRestart(trimmed);
      if (u) this.safeEmit('urc', u.urc, trimmed);
      else this.safeEmit('unsolicited', trimmed);
      return;
    }
    if (cur.promptSent && cur.promptEchoLines.has(trimmed)) {
      this.record('rx', text, { command: cur.masked });
      return;
    }
    if (NMEA_SENTENCE_RE.test(trimmed)) cur.nmeaLines++;
    const sorted = cur.sorter.push(text);
    if (sorted.role !== 'final') this.record('rx', text, decodedOf(cur, sorted));
    if (sorted.role === 'urc') {
      if (sorted.restart) this.onRestart(trimmed);
      this.safeEmit('urc', sorted.urc, trimmed);
      return;
    }
    if (cur.sync) {
      if (sorted.role === 'echo') return;
      cur.sync.discarded.push(trimmed);
      if (sorted.role === 'final') this.record('rx', text, decodedOf(cur, sorted));
      // The sorter takes only the first final result as one (the rest of a reply is noise to
      // it); here a second one is the other reply: the late one's and this AT's both came.
      const final = sorted.final ? sorted.final.kind !== 'prompt' : sorted.role === 'garbage' && isFinal(trimmed, this.numericCodes);
      if (final) {
        cur.sync.finals += 1;
        cur.sync.sawFinal = true;
        this.armQuiet(cur);
      }
      return;
    }
    if (sorted.role === 'late') {
      if (sorted.final) this.note(`set aside the rest of the reply to ${cur.lateMasked ?? 'an earlier command'}, which had timed out: ${JSON.stringify(cur.sorter.late.map(maskSecrets))}`);
      return;
    }
    if (sorted.role === 'final' && sorted.final) this.onFinal(cur, sorted.final, sorted.line);
  }

  /**
   * A line while nothing is in flight, after a command timed out or was cut short by a restart:
   * it belongs to that command's late reply (whose final result may still come). Once its final
   * result is here the reply is whole, and the next command needs no resynchronisation: without
   * this, the resynchronising AT would expect the late reply still, and take the next command's
   * own answer for it (a command sent again after a restart would then never be answered).
   */
  private lateWhileIdle(text: string, trimmed: string, after: TimedOut): boolean {
    this.record('rx', text, { command: after.masked });
    const final = parseFinalResult(trimmed);
    const ends = (final !== null && final.kind !== 'prompt') || (this.numericCodes && /^\d$/.test(trimmed));
    if (ends) {
      this.timedOut = null;
      this.note(`the reply to ${after.masked} (which ${after.ended}) came late, while the port was idle: set aside`);
    }
    return true;
  }

  private armQuiet(cur: InFlight): void {
    const sync = cur.sync as SyncState;
    if (sync.quietTimer) clearTimeout(sync.quietTimer);
    sync.quietTimer = setTimeout(() => {
      if (this.current === cur) this.endSync(cur, 'AT answered and the port went quiet');
    }, SYNC_QUIET_MS);
  }

  /** A listener that throws must not take the rest of the chunk (or the channel) with it. */
  private safeEmit(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (e) {
      this.note(`a '${event}' listener threw (ignored): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private onFinal(cur: InFlight, final: FinalResult, finalLine: string): void {
    if (cur.promptCancelled) {
      if (final.kind !== 'prompt') this.finishCancelledPrompt(cur, final, finalLine);
      return;
    }
    if (final.kind === 'prompt' && cur.promptText !== undefined && !cur.promptSent) {
      cur.promptSent = true;
      for (const l of cur.promptText.split(/[\r\n]+/)) if (l.trim()) cur.promptEchoLines.add(l.trim());
      this.record('tx', '<prompt text>');
      this.transport.write(Buffer.from(cur.promptText + CTRL_Z, 'latin1')).catch(() => {
        /* the timeout reports it: the modem never answers */
      });
      return;
    }
    if (final.kind === 'prompt' && cur.promptText === undefined) {
      // Nobody has text for this prompt. Left alone, the modem would take the next command line
      // as the message text: leave the prompt with ESC, then wait for the modem's word on it.
      this.cancelPrompt(cur);
      return;
    }
    this.settle(cur);
    const sorter = cur.sorter;
    sorter.settle().forEach((u) => this.safeEmit('urc', u, u.line));
    let parsed: ResponseParse = null;
    try {
      parsed = maskDeep(parseResponse(cur.command, sorter.lines));
    } catch (e) {
      this.note(`parser failed on ${cur.masked}: ${String(e)}`);
    }
    const ok = !isErrorFinal(final);
    this.record('rx', finalLine, { command: cur.masked, value: parsed ?? { final } });
    if (ok) {
      // ATV0 / ATV1 / ATZ change how the following replies end.
      const format = resultFormatAfter(cur.command);
      if (format !== null) this.numericCodes = format === 'numeric';
    }
    const reply: AtReply = {
      command: cur.masked,
      raw: maskSecrets(Buffer.concat(cur.raw).toString('latin1')),
      lines: sorter.lines.map(maskSecrets),
      garbage: sorter.garbage.map(maskSecrets),
      final,
      finalLine,
      finalDescription: describeFinal(final),
      ok,
      urcs: sorter.urcs,
      parsed,
      echoed: sorter.echo,
      startedAt: cur.startedAt,
      durationMs: Math.round(performance.now() - cur.startedPerf),
    };
    if (sorter.late.length > 0) reply.late = sorter.late.map(maskSecrets);
    cur.resolve(reply);
    this.startNext();
  }

  private cancelPrompt(cur: InFlight): void {
    cur.promptCancelled = true;
    this.record('tx', '<ESC> (the modem asked for text with "> " but none was given: prompt cancelled)');
    this.transport.write(Buffer.from(ESC, 'latin1')).catch(() => { /* the wait below ends it anyway */ });
    clearTimeout(cur.timer);
    cur.timer = setTimeout(() => this.finishCancelledPrompt(cur, null, ''), PROMPT_CANCEL_WAIT_MS);
  }

  /** Ends a command whose prompt was cancelled: with the modem's word after ESC, or without. */
  private finishCancelledPrompt(cur: InFlight, after: FinalResult | null, afterLine: string): void {
    if (this.current !== cur) return;
    this.settle(cur);
    const modemSaid = after === null ? 'the modem said nothing after ESC' : `the modem answered ${afterLine} to ESC`;
    cur.resolve({
      command: cur.masked,
      raw: maskSecrets(Buffer.concat(cur.raw).toString('latin1')),
      lines: cur.sorter.lines.map(maskSecrets),
      garbage: cur.sorter.garbage.map(maskSecrets),
      final: { kind: 'prompt' },
      finalLine: '> ',
      finalDescription: `> prompt cancelled: the modem asked for text but none was given (SendOptions.promptText), ` +
        `so ESC was sent and nothing was transmitted; ${modemSaid}`,
      ok: false,
      urcs: cur.sorter.urcs,
      parsed: null,
      echoed: cur.sorter.echo,
      promptCancelled: true,
      startedAt: cur.startedAt,
      durationMs: Math.round(performance.now() - cur.startedPerf),
    });
    this.startNext();
  }

  private onTimeout(cur: InFlight): void {
    if (this.current !== cur) return;
    if (cur.sync) {
      this.endSync(cur, `AT got no final result within ${SYNC_TIMEOUT_MS} ms; going on`);
      return;
    }
    this.settle(cur);
    this.timedOut = { command: cur.command, masked: cur.masked, echoed: cur.sorter.echo, ended: 'timed out' };
    const { cause, message, sample } = explainTimeout({
      command: cur.masked, timeoutMs: cur.timeoutMs, timeoutWhy: cur.timeoutWhy, bytes: cur.bytes,
      nonTextBytes: cur.nonTextBytes, nmeaLines: cur.nmeaLines, received: maskSecrets(Buffer.concat(cur.raw).toString('latin1')),
    });
    this.note(`timeout: ${message}`);
    cur.reject(new AtTimeoutError(cur.masked, cur.timeoutMs, cause, cur.bytes, sample, message));
    this.startNext();
  }

  // --- restarts --------------------------------------------------------------------------------

  private onRestart(line: string): void {
    const cur = this.current;
    const info: RestartInfo = { line, at: new Date().toISOString() };
    if (cur) {
      if (cur.sync) {
        if (cur.sync.quietTimer) clearTimeout(cur.sync.quietTimer);
        this.settle(cur);
      } else {
        info.commandInFlight = cur.masked;
        this.settle(cur);
        cur.reject(new AtRestartError(cur.masked, line));
      }
    }
    // Whatever was late from before the reset will not come any more; the reset restores ATV1.
    this.timedOut = null;
    this.late = null;
    this.numericCodes = false;
    // But the command in flight may have reached the modem just after its banner (a module
    // still booting reads commands before it says RDY): its reply may still come, and would be
    // taken as the next command's. Resynchronise before the next one, as after a timeout.
    if (cur && !cur.sync) {
      this.timedOut = { command: cur.command, masked: cur.masked, echoed: cur.sorter.echo, ended: `was cut short by the restart ("${line}")` };
    }
    this.note(`modem restart detected ("${line}")`);
    this.safeEmit('restart', info);
    if (cur) this.startNext();
  }

  // --- the end ---------------------------------------------------------------------------------

  private onTransportClosed(error?: TransportError): void {
    if (this.closed) return;
    this.closed = true;
    const why = error?.message ?? `${this.description} was closed`;
    this.failAll((p) => new AtChannelError('port-lost', p.masked, `${p.masked} was not answered: ${why}`));
    this.note(`port closed: ${why}`);
    this.safeEmit('closed', error);
  }

  private failAll(make: (p: Pending) => AtChannelError): void {
    const cur = this.current;
    if (cur) {
      this.settle(cur);
      cur.reject(make(cur));
    }
    const queued = this.queue;
    this.queue = [];
    for (const p of queued) p.reject(make(p));
  }

  private settle(cur: InFlight): void {
    clearTimeout(cur.timer);
    if (cur.sync?.quietTimer) clearTimeout(cur.sync.quietTimer);
    if (this.current === cur) this.current = null;
  }

  /** Adds one exchange to the log, secrets masked and named. */
  private record(direction: ExchangeDirection, text: string, decoded?: AtDecoded): void {
    const { text: raw, redacted } = maskSecretsNamed(text);
    this.log.add({
      port: this.description, protocol: 'at', direction, raw,
      ...(decoded ? { decoded: maskDeep(decoded) } : {}),
      ...(redacted.length > 0 ? { redacted } : {}),
    });
  }

  private note(text: string): void {
    this.record('note', text);
  }
}

/** What a received line is, for the evidence: the command it answers, and its URC or final result. */
function decodedOf(cur: InFlight, sorted: SortedLine): AtDecoded {
  if (sorted.urc) return { value: sorted.urc };
  const value: Record<string, unknown> = { role: sorted.role };
  if (sorted.final) value.final = sorted.final;
  if (sorted.noise !== undefined) value.noise = sorted.noise;
  return { command: cur.masked, value };
}
