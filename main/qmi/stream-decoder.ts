// A byte stream (raw bytes, or hex text cut anywhere) to decoded QMI frames, through the same
// frame reader the client uses (QmuxFrameReader): frames split across reads are joined, noise
// between frames is reported as noise (adjacent runs as one), and at the end of input the bytes
// still held are reported as an incomplete frame, never dropped. How the input was cut into
// reads does not change what comes out.

import type { QmiDecodeError } from './codec/errors.ts';
import { QmuxFrameReader } from './frame-stream.ts';
import type { QmiFrame } from './frame.ts';
import { HexStream } from './hex-stream.ts';

/** Where an event sits: its byte offset in the stream, and for hex text the line it began on. */
export interface StreamPlace { offset: number; line?: number }

export type StreamEvent =
  | { kind: 'frame'; at: StreamPlace; frame: QmiFrame }
  | { kind: 'noise'; at: StreamPlace; bytes: Buffer; reason: string }
  | { kind: 'invalid'; at: StreamPlace; bytes: Buffer; error: QmiDecodeError }
  | { kind: 'incomplete'; at: StreamPlace; bytes: Buffer }
  | { kind: 'bad-hex'; at: { line: number; column: number }; message: string };

export class QmiStreamDecoder {
  private readonly out: StreamEvent[] = [];
  private readonly reader: QmuxFrameReader;
  private readonly hex: HexStream | undefined;
  private noise: { offset: number; length: number; bytes: Buffer[]; reasons: Set<string> } | undefined;

  constructor(opts: { hexText: boolean }) {
    this.hex = opts.hexText ? new HexStream() : undefined;
    // staleMs 0: a file or pipe is read to its end, where end() reports what is left.
    this.reader = new QmuxFrameReader({
      frame: (frame, offset) => { this.flushNoise(); this.out.push({ kind: 'frame', at: this.place(offset), frame }); },
      garbage: (bytes, reason, offset) => {
        // The reader resynchronises a byte at a time: runs that touch are one piece of noise.
        const n = this.noise;
        if (n && n.offset + n.length === offset) {
          n.bytes.push(bytes);
          n.length += bytes.length;
          n.reasons.add(reason);
        } else {
          this.flushNoise();
          this.noise = { offset, length: bytes.length, bytes: [bytes], reasons: new Set([reason]) };
        }
      },
      invalid: (bytes, error, offset) => { this.flushNoise(); this.out.push({ kind: 'invalid', at: this.place(offset), bytes, error }); },
      incomplete: (bytes, offset) => { this.flushNoise(); this.out.push({ kind: 'incomplete', at: this.place(offset), bytes }); },
    }, { staleMs: 0 });
  }

  /** Feeds one read; returns what became certain (a noise run is held until it ends). */
  push(chunk: Uint8Array): StreamEvent[] {
    if (this.hex) {
      const r = this.hex.push(chunk);
      for (const e of r.errors) this.out.push({ kind: 'bad-hex', at: { line: e.line, column: e.column }, message: e.message });
      this.reader.push(r.bytes);
      this.hex.forgetBefore(Math.min(this.reader.offset, this.noise?.offset ?? Infinity));
    } else {
      this.reader.push(chunk);
    }
    return this.out.splice(0);
  }

  /** The input has ended: everything still held is reported. */
  end(): StreamEvent[] {
    const left = this.hex?.end();
    if (left) this.out.push({ kind: 'bad-hex', at: { line: left.line, column: left.column }, message: left.message });
    this.reader.end();
    this.flushNoise();
    return this.out.splice(0);
  }

  private place(offset: number): StreamPlace {
    return this.hex ? { offset, line: this.hex.lineOf(offset) } : { offset };
  }

  private flushNoise(): void {
    const n = this.noise;
    if (!n) return;
    this.noise = undefined;
    this.out.push({ kind: 'noise', at: this.place(n.offset), bytes: Buffer.concat(n.bytes), reason: [...n.reasons].join('; ') });
  }
}
