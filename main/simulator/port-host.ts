// One simulator port on a PTY: adds the reply latency, the scenario's port behaviour (silent,
// noise) and the rule for unsolicited output. A PTY with no reader keeps what we write in its
// tty buffer and hands it to the next client, so URCs, NMEA and indications go out only while
// someone holds the port open (checked through /proc, cached for a quarter second).

import type { PtyPort } from './pty.ts';
import { replyClock } from './reply-clock.ts';
import type { Rng } from './rng.ts';
import type { PortBehaviour } from './scenarios.ts';

const PRESENCE_CACHE_MS = 250;

export interface PortHostOptions {
  latencyMs: number;
  behaviour: PortBehaviour;
  rng: Rng;
  /** Bytes noise must not contain (0x01 would look like a QMUX marker; CR/LF like line ends). */
  noiseExcludes: readonly number[];
}

export class PortHost {
  readonly port: PtyPort;
  private readonly opts: PortHostOptions;
  private presence: { value: boolean; at: number } | null = null;
  private pending: Promise<boolean> | null = null;
  private closed = false;

  constructor(port: PtyPort, opts: PortHostOptions) {
    this.port = port;
    this.opts = opts;
    port.on('exit', () => { this.closed = true; });
  }

  get path(): string {
    return this.port.path;
  }

  onData(fn: (chunk: Buffer) => void): void {
    this.port.on('data', (chunk: Buffer) => {
      // Bytes from the client side: someone has the port open now, whatever /proc said before.
      this.presence = { value: true, at: Date.now() };
      // Replies made while these bytes are handled count their latency from their arrival.
      this.receivedAt = performance.now();
      try {
        fn(chunk);
      } finally {
        this.receivedAt = undefined;
      }
    });
  }

  /**
   * Sends a reply once the latency has passed since its request arrived (a modem's reply time
   * includes its own work on the request: the simulator's decoding and encoding are not added on
   * top). Replies leave in the order they were made. `written` runs once the reply has been
   * handed to the PTY (a reset must follow its OK, whatever the latency). A silent port writes
   * nothing but the command still took effect, so `written` still runs after the latency.
   */
  reply(data: Buffer | string, written?: () => void): void {
    if (this.closed) return;
    const at = (this.receivedAt ?? performance.now()) + this.opts.latencyMs;
    this.due.push({ at, data: this.opts.behaviour.silent ? null : data, ...(written ? { written } : {}) });
    this.arm();
  }

  // Replies waiting for their time, in the order they were made; their times never decrease
  // (arrival times do not, and the latency is one), so the head is always the next due.
  private readonly due: { at: number; data: Buffer | string | null; written?: () => void }[] = [];
  /** The head of `due` is on the clock (replyClock: timers, then naps and turns in the last ms). */
  private scheduled = false;
  private receivedAt: number | undefined;

  private arm(): void {
    if (this.scheduled || this.due.length === 0) return;
    this.scheduled = true;
    replyClock.schedule(this.due[0]!.at, () => { this.scheduled = false; this.flush(); });
  }

  private flush(): void {
    const now = performance.now();
    while (this.due.length > 0 && this.due[0]!.at <= now) {
      // A reply's `written` may close the port (a reset): nothing after it goes out then.
      if (this.closed) { this.due.length = 0; return; }
      const { data, written } = this.due.shift()!;
      if (data === null) {
        written?.();
        continue;
      }
      if (this.opts.behaviour.garbage) this.port.write(this.noise());
      this.port.write(data, written);
    }
    this.arm();
  }

  /** Sends output nobody asked for, only when a client has the port open. */
  async unsolicited(data: Buffer | string): Promise<boolean> {
    if (this.opts.behaviour.silent || this.closed) return false;
    if (!(await this.hasClient())) return false;
    if (this.closed) return false;
    this.port.write(data);
    return true;
  }

  async hasClient(): Promise<boolean> {
    const now = Date.now();
    if (this.presence && now - this.presence.at < PRESENCE_CACHE_MS) return this.presence.value;
    this.pending ??= this.port.hasClient().then((value) => {
      this.presence = { value, at: Date.now() };
      this.pending = null;
      return value;
    }, () => { this.pending = null; return false; });
    return this.pending;
  }

  private noise(): Buffer {
    const n = 3 + Math.floor(this.opts.rng() * 6);
    const out: number[] = [];
    while (out.length < n) {
      const b = Math.floor(this.opts.rng() * 256);
      if (!this.opts.noiseExcludes.includes(b)) out.push(b);
    }
    return Buffer.from(out);
  }

  markClosed(): void {
    this.closed = true;
  }
}
