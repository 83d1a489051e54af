// A test-side client of a simulator port: opens the PTY slave as a program opens /dev/ttyUSB2,
// collects what arrives, and waits for a condition with a timeout.

import fs from 'node:fs';
import tty from 'node:tty';
import { QmuxFrameReader } from '../../main/qmi/frame-stream.ts';
import { decodeMessage, encodeMessage, type DecodedMessage } from '../../main/qmi/message-codec.ts';
import type { MessageDecl, ServiceDecl } from '../../main/qmi/schema.ts';
import { CTL } from '../../main/qmi/services/index.ts';

export class PtyClient {
  readonly fd: number;
  private readonly stream: tty.ReadStream;
  data = Buffer.alloc(0);
  error: NodeJS.ErrnoException | null = null;
  /** The other side hung up: a Linux PTY slave then reads EOF (and writes fail with EIO). */
  ended = false;
  private waiters: (() => void)[] = [];
  /** Also called with every chunk (clear() does not affect it). */
  onChunk: ((d: Buffer) => void) | null = null;

  constructor(path: string) {
    this.fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
    this.stream = new tty.ReadStream(this.fd);
    this.stream.on('data', (d: Buffer) => { this.data = Buffer.concat([this.data, d]); this.onChunk?.(d); this.wake(); });
    this.stream.on('error', (e: NodeJS.ErrnoException) => { this.error = e; this.wake(); });
    this.stream.on('end', () => { this.ended = true; this.wake(); });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(data: string | Buffer): void {
    if (typeof data === 'string') fs.writeSync(this.fd, data); else fs.writeSync(this.fd, data);
  }

  /** The errno a write gets now, or null when it succeeds. */
  writeError(data: string): string | null {
    try { fs.writeSync(this.fd, data); return null; } catch (e) { return (e as NodeJS.ErrnoException).code ?? 'unknown'; }
  }

  text(): string {
    return this.data.toString('latin1');
  }

  clear(): void {
    this.data = Buffer.alloc(0);
  }

  /** Resolves true when pred holds, false after timeoutMs. */
  async until(pred: () => boolean, timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 50));
        this.waiters.push(() => { clearTimeout(t); r(); });
      });
    }
    return true;
  }

  /** Sends an AT line and returns everything up to its final result ('' on timeout). */
  async at(cmd: string, timeoutMs = 3000): Promise<string> {
    this.clear();
    this.write(`${cmd}\r`);
    const final = /\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n/;
    await this.until(() => final.test(this.text()), timeoutMs);
    return final.test(this.text()) ? this.text() : '';
  }

  close(): void {
    this.stream.destroy();
  }
}

/** A raw QMI conversation on a client: allocate a CID, send requests, read decoded replies. */
export class QmiTestClient {
  readonly c: PtyClient;
  private readonly frames: DecodedMessage[] = [];
  readonly garbage: Buffer[] = [];
  private tid = 1;
  private seen = 0;

  constructor(path: string) {
    this.c = new PtyClient(path);
    const reader = new QmuxFrameReader({ frame: (f) => this.frames.push(decodeMessage(f)), garbage: (b) => this.garbage.push(b) });
    this.c.onChunk = (d) => reader.push(d);
  }

  /** Sends a request; resolves with the response, or null after timeoutMs. */
  async request<M extends MessageDecl>(svc: ServiceDecl, msg: M, values: Record<string, unknown>, clientId: number, timeoutMs = 2000): Promise<DecodedMessage | null> {
    const tid = this.tid++;
    this.c.write(encodeMessage(svc, msg, 'request', values as never, { clientId, transactionId: tid }));
    let found: DecodedMessage | undefined;
    await this.c.until(() => {
      found = this.frames.slice(this.seen).find((f) => f.kind === 'response' && f.service.id === svc.id && f.transactionId === (svc.id === 0 ? tid & 0xff : tid));
      return found !== undefined;
    }, timeoutMs);
    return found ?? null;
  }

  indications(): DecodedMessage[] {
    return this.frames.filter((f) => f.kind === 'indication');
  }

  async allocate(service: number): Promise<number> {
    const r = await this.request(CTL, CTL.messages.allocateCid, { service }, 0);
    const a = r?.fields.allocation as { clientId: number } | undefined;
    if (!a) throw new Error('no CID');
    return a.clientId;
  }

  close(): void {
    this.c.close();
  }
}
