// Reassembles QMUX frames from a byte stream. A PTY or a socket delivers arbitrary chunks: a
// frame split over reads, several frames in one read, or noise between frames. Noise is skipped
// up to the next plausible frame start and reported, so the caller can show it as evidence.

import { parseFrame, QMUX_MARKER, sduHeaderSize, type QmiFrame } from './frame.ts';
import type { QmiDecodeError } from './codec/errors.ts';

/** cdc-wdm messages are at most a few KiB; anything longer is taken as a false marker. */
export const MAX_FRAME_LENGTH = 8192;

/** Every event carries `offset`: where its first byte sat in the whole stream pushed so far. */
export interface FrameStreamEvents {
  frame: (frame: QmiFrame, offset: number) => void;
  /** Bytes that were not part of any valid frame. */
  garbage: (bytes: Buffer, reason: string, offset: number) => void;
  /** A complete, framed message that failed the validity checks (kept for evidence). */
  invalid: (bytes: Buffer, error: QmiDecodeError, offset: number) => void;
  /** A partial frame that sat unfinished for `staleMs` and was dropped. */
  stale: (bytes: Buffer, offset: number) => void;
  /** At end(): the start of a frame whose remaining bytes never came. */
  incomplete: (bytes: Buffer, offset: number) => void;
}

/** Frames reach us whole within a few ms on cdc-wdm, a PTY or a socket; a start that has not
 *  completed after this long was cut (we opened mid-frame, or noise looked like a header). */
export const DEFAULT_STALE_MS = 250;

export class QmuxFrameReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Stream offset of buf[0]: bytes consumed (as frames, garbage, ...) before it. */
  private consumed = 0;
  private readonly on: Partial<FrameStreamEvents>;
  private readonly staleMs: number;
  private staleTimer: NodeJS.Timeout | undefined;

  /** staleMs 0 never drops a waiting partial frame (a file or pipe read to its end: use end()). */
  constructor(handlers: Partial<FrameStreamEvents>, opts: { staleMs?: number } = {}) {
    this.on = handlers;
    this.staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): number {
    return this.buf.length;
  }

  /** Stream offset of the first byte still held: every event from now on starts at or after it. */
  get offset(): number {
    return this.consumed;
  }

  push(chunk: Uint8Array): void {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    this.drain();
    this.armStaleTimer();
  }

  // Without this, one truncated frame would hold every later reply until its length was met.
  private armStaleTimer(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    if (this.buf.length === 0 || this.staleMs <= 0) return;
    const held = this.buf;
    this.staleTimer = setTimeout(() => {
      this.staleTimer = undefined;
      if (this.buf !== held || this.buf.length === 0) return;
      // Drop the false start (one byte) and rescan: a real frame may begin inside it.
      const dropped = Buffer.from(this.buf);
      const at = this.consumed;
      this.buf = this.buf.subarray(1);
      this.consumed += 1;
      this.on.stale?.(dropped, at);
      this.drain();
      this.armStaleTimer();
    }, this.staleMs);
    this.staleTimer.unref();
  }

  /** Drops a partial frame that never completed (the caller decides when: e.g. after a timeout). */
  flush(reason = 'incomplete frame discarded'): void {
    if (this.buf.length > 0) this.skip(this.buf.length, reason);
  }

  /**
   * The input has ended: nothing held is dropped silently. A held frame start is reported as
   * incomplete; if a whole frame starts later in what is held, the start before it was a false
   * one (noise that looked like a header) and is reported as such, and reading goes on from there.
   */
  end(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    while (this.buf.length > 0) {
      const next = this.nextWholeFrame(1);
      if (next < 0) {
        const rest = Buffer.from(this.buf);
        const at = this.consumed;
        this.consumed += rest.length;
        this.buf = Buffer.alloc(0);
        if (rest[0] === QMUX_MARKER) this.on.incomplete?.(rest, at);
        else this.on.garbage?.(rest, 'bytes before a QMUX marker', at);
        return;
      }
      this.skip(next, 'a frame start whose frame never completed (a whole frame follows it)');
      this.drain();
    }
  }

  /** Index >= from of the first marker at which a whole, valid frame sits in buf, or -1. */
  private nextWholeFrame(from: number): number {
    for (let i = this.buf.indexOf(QMUX_MARKER, from); i >= 0; i = this.buf.indexOf(QMUX_MARKER, i + 1)) {
      if (this.buf.length - i < 6) return -1;
      const length = this.buf.readUInt16LE(i + 1);
      if (i + length + 1 <= this.buf.length && parseFrame(this.buf.subarray(i, i + length + 1)).ok) return i;
    }
    return -1;
  }

  private skip(n: number, reason: string): void {
    const dropped = this.buf.subarray(0, n);
    const at = this.consumed;
    this.buf = this.buf.subarray(n);
    this.consumed += n;
    this.on.garbage?.(Buffer.from(dropped), reason, at);
  }

  private drain(): void {
    for (;;) {
      if (this.buf.length === 0) return;
      if (this.buf[0] !== QMUX_MARKER) {
        const next = this.buf.indexOf(QMUX_MARKER);
        this.skip(next < 0 ? this.buf.length : next, 'bytes before a QMUX marker');
        continue;
      }
      if (this.buf.length < 6) return;
      const length = this.buf.readUInt16LE(1);
      const flags = this.buf[3]!;
      const service = this.buf[4]!;
      const hdr = sduHeaderSize(service);
      // Plausibility before waiting for `length` bytes: a false marker in noise must not make
      // us sit on real frames behind it.
      if (length < 5 + hdr || length > MAX_FRAME_LENGTH || (flags !== 0x00 && flags !== 0x80)) {
        this.skip(1, 'a 0x01 byte that does not start a plausible QMUX header');
        continue;
      }
      if (this.buf.length >= 6 + hdr) {
        const tlvLength = this.buf.readUInt16LE(6 + hdr - 2);
        if (tlvLength !== length - (5 + hdr)) {
          this.skip(1, 'a 0x01 byte whose header lengths disagree');
          continue;
        }
      }
      if (this.buf.length < length + 1) return;
      const bytes = Buffer.from(this.buf.subarray(0, length + 1));
      const parsed = parseFrame(bytes);
      if (parsed.ok) {
        const at = this.consumed;
        this.buf = this.buf.subarray(length + 1);
        this.consumed += length + 1;
        this.on.frame?.(parsed.frame, at);
      } else {
        // Header looked right but the TLVs do not fit: report it and resynchronise one byte on.
        this.on.invalid?.(bytes, parsed.error, this.consumed);
        this.skip(1, 'invalid frame');
      }
    }
  }
}
