// A record of every frame that crossed the wire, in both directions, with time, hex and the
// decoded summary: the evidence later findings and reports cite. Secrets are masked on entry,
// so nothing downstream can leak a PIN by accident.

import type { QmiFrame } from './frame.ts';
import { decodeMessage, redactedFields, redactedHex, type QmiResult } from './message-codec.ts';

export interface TranscriptEntry {
  /** Sequence number within this transcript. */
  seq: number;
  time: string;
  direction: 'tx' | 'rx';
  /** Frame bytes as hex, secret TLV values replaced by "xx". */
  hex: string;
  service?: string;
  message?: string;
  kind?: string;
  transactionId?: number;
  clientId?: number;
  result?: QmiResult;
  fields?: Record<string, unknown>;
  /** For bytes that were not a valid frame. */
  note?: string;
}

export class Transcript {
  private entries: TranscriptEntry[] = [];
  private seq = 0;
  private readonly limit: number;

  constructor(limit = 10000) {
    this.limit = limit;
  }

  addFrame(direction: 'tx' | 'rx', frame: QmiFrame): TranscriptEntry {
    const m = decodeMessage(frame);
    const e: TranscriptEntry = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      direction,
      hex: redactedHex(frame),
      service: m.service.name,
      message: m.message.name,
      kind: m.kind,
      transactionId: m.transactionId,
      clientId: m.clientId,
      fields: redactedFields(m),
    };
    if (m.result) e.result = m.result;
    return this.push(e);
  }

  addNote(direction: 'tx' | 'rx', bytes: Uint8Array, note: string): TranscriptEntry {
    return this.push({ seq: ++this.seq, time: new Date().toISOString(), direction, hex: Buffer.from(bytes).toString('hex'), note });
  }

  private push(e: TranscriptEntry): TranscriptEntry {
    this.entries.push(e);
    // Bounded: a long session keeps its most recent frames.
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return e;
  }

  all(): readonly TranscriptEntry[] {
    return this.entries;
  }
}
