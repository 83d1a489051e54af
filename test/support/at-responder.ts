// A scripted AT modem on the master side of a real PTY, for channel and port-role tests. It reads
// command lines (ended by \r, as V.250 says), asks a script for the reply, and writes it back,
// optionally one byte at a time. It also checks the channel's promise to keep one command in
// flight: a command that arrives while the previous reply is still being written is recorded as
// an overlap.

import type { PtyPort } from '../../main/simulator/pty.ts';

/** Text to write back; null = stay silent (a port that ignores us). */
export type ScriptReply = string | null;
export type Script = (command: string, responder: AtResponder) => ScriptReply | Promise<ScriptReply>;

export interface ResponderOptions {
  /** Echo each command line back before the reply (ATE1). */
  echo?: boolean;
  /** Write replies one byte per write, with a pause, so they arrive split over many reads. */
  byteByByte?: boolean;
  /** Wait this long before answering (lets tests queue commands behind one in flight). */
  replyDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AtResponder {
  /** Every command line received, in order. */
  readonly received: string[] = [];
  /** Every raw byte received (e.g. to count how many AT a DIAG port got). */
  rawReceived = '';
  /** How many ESC bytes arrived (each cancels a `> ` prompt). */
  escapes = 0;
  /** Commands that arrived while a previous one was still unanswered. */
  readonly overlaps: string[] = [];
  echo: boolean;
  byteByByte: boolean;
  replyDelayMs: number;
  script: Script;
  private readonly pty: PtyPort;
  private buffer = '';
  private busy = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(pty: PtyPort, script: Script, options: ResponderOptions = {}) {
    this.pty = pty;
    this.script = script;
    this.echo = options.echo ?? false;
    this.byteByByte = options.byteByByte ?? false;
    this.replyDelayMs = options.replyDelayMs ?? 0;
    pty.on('data', (chunk) => this.onData(chunk));
  }

  /** Writes text now, whatever is in flight (a URC, an NMEA sentence, a restart banner). */
  push(text: string | Buffer): void {
    this.pty.write(text);
  }

  private onData(chunk: Buffer): void {
    const text = chunk.toString('latin1');
    this.rawReceived += text;
    this.buffer += text;
    // ESC leaves a `> ` prompt without sending: the text typed so far is dropped (27.005).
    const esc = this.buffer.lastIndexOf('\u001b');
    if (esc >= 0) {
      this.buffer = this.buffer.slice(esc + 1);
      this.escapes += 1;
    }
    for (;;) {
      // A command line ends at CR; the text after a `> ` prompt ends at Ctrl-Z.
      const cr = this.buffer.indexOf('\r');
      const ctrlZ = this.buffer.indexOf('\u001a');
      const end = cr < 0 ? ctrlZ : ctrlZ < 0 ? cr : Math.min(cr, ctrlZ);
      if (end < 0) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1).replace(/^\n/, '');
      if (line.trim() === '') continue;
      if (this.busy) this.overlaps.push(line);
      this.received.push(line);
      this.busy = true;
      this.chain = this.chain.then(() => this.answer(line));
    }
  }

  private async answer(command: string): Promise<void> {
    if (this.echo) this.pty.write(`${command}\r`);
    if (this.replyDelayMs > 0) await sleep(this.replyDelayMs);
    const reply = await this.script(command, this);
    if (reply === null) {
      this.busy = false; // a silent port: the next command is not an overlap
      return;
    }
    if (this.byteByByte) {
      for (let i = 0; i < reply.length; i++) {
        // Mark the exchange done before the last byte leaves: the channel may answer it at once.
        if (i === reply.length - 1) this.busy = false;
        this.pty.write(reply[i]!);
        await sleep(2);
      }
    } else {
      this.busy = false;
      this.pty.write(reply);
    }
  }
}

/**
 * The replies of a small, healthy EC25-like modem (response shapes per 27.007 and the Quectel EC25
 * AT Commands Manual).
 */
export function healthyModem(command: string): ScriptReply {
  switch (command.toUpperCase()) {
    case 'AT': case 'ATE0': case 'ATE1': case 'ATV1': case 'AT+CMEE=1': case 'AT+CMEE=2':
      return '\r\nOK\r\n';
    case 'AT+CSQ': return '\r\n+CSQ: 20,99\r\n\r\nOK\r\n';
    case 'AT+CPIN?': return '\r\n+CPIN: READY\r\n\r\nOK\r\n';
    case 'AT+CGMI': return '\r\nQuectel\r\n\r\nOK\r\n';
    case 'AT+CGMM': return '\r\nEC25\r\n\r\nOK\r\n';
    case 'AT+CIMI': return '\r\n228012345678901\r\n\r\nOK\r\n';
    case 'AT+CREG?': return '\r\n+CREG: 0,1\r\n\r\nOK\r\n';
    default: return '\r\nERROR\r\n';
  }
}
