// Bounds-checked reading and growable writing of little-endian binary data.
// A Reader works on a window [pos, end) of a larger buffer and reports absolute offsets,
// so an error inside a TLV names its position in the whole frame.

import { QmiDecodeError } from './errors.ts';

export class Reader {
  readonly buf: Buffer;
  pos: number;
  /** Not readonly: the codec moves one Reader from TLV to TLV of a frame (see window()). */
  end: number;

  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = pos;
    this.end = Math.min(end, this.buf.length);
  }

  /** Points this reader at another window of the same buffer: a frame's TLVs are read one
   *  after another with one Reader instead of one allocated per TLV. */
  window(pos: number, end: number): this {
    this.pos = pos;
    this.end = Math.min(end, this.buf.length);
    return this;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws a typed error unless n more bytes are available. */
  need(n: number, what: string): void {
    if (this.end - this.pos < n) this.short(n, what);
  }

  // The error (and its message string) is built only when the bytes are missing: on the happy
  // path a read is a comparison and the byte arithmetic below, nothing allocated.
  private short(n: number, what: string): never {
    throw new QmiDecodeError('tlv-too-short', this.pos,
      `${what} (${n} byte${n === 1 ? '' : 's'})`,
      `expected ${what} (${n} byte${n === 1 ? '' : 's'}) at offset ${this.pos}, but only ${this.remaining} left`);
  }

  // Little-endian integers from the bytes directly (Buffer's readUInt16LE and friends check the
  // offset again and are several times slower); need() has already checked the bounds.
  u8(what = 'u8'): number { if (this.end - this.pos < 1) this.short(1, what); return this.buf[this.pos++]!; }
  i8(what = 'i8'): number { if (this.end - this.pos < 1) this.short(1, what); const v = this.buf[this.pos++]!; return (v << 24) >> 24; }
  u16(what = 'u16'): number {
    if (this.end - this.pos < 2) this.short(2, what);
    const b = this.buf, p = this.pos;
    this.pos = p + 2;
    return b[p]! | (b[p + 1]! << 8);
  }
  i16(what = 'i16'): number {
    if (this.end - this.pos < 2) this.short(2, what);
    const b = this.buf, p = this.pos;
    this.pos = p + 2;
    return ((b[p]! | (b[p + 1]! << 8)) << 16) >> 16;
  }
  u16be(what = 'u16 (big-endian)'): number {
    if (this.end - this.pos < 2) this.short(2, what);
    const b = this.buf, p = this.pos;
    this.pos = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }
  u32(what = 'u32'): number {
    if (this.end - this.pos < 4) this.short(4, what);
    const b = this.buf, p = this.pos;
    this.pos = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
  }
  /** 6-byte little-endian unsigned (DMS Get Time's device time counter); fits a JS number exactly. */
  u48(what = 'u48'): number { this.need(6, what); const v = this.buf.readUIntLE(this.pos, 6); this.pos += 6; return v; }
  i32(what = 'i32'): number {
    if (this.end - this.pos < 4) this.short(4, what);
    const b = this.buf, p = this.pos;
    this.pos = p + 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }
  u64(what = 'u64'): bigint { this.need(8, what); const v = this.buf.readBigUInt64LE(this.pos); this.pos += 8; return v; }
  i64(what = 'i64'): bigint { this.need(8, what); const v = this.buf.readBigInt64LE(this.pos); this.pos += 8; return v; }

  bytes(n: number, what = 'bytes'): Buffer {
    this.need(n, what);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }
}

// Small buffers come from Node's shared pool (allocUnsafe): a Buffer.alloc of its own for every
// TLV and frame was a fresh zeroed ArrayBuffer each time, the largest part of encoding a reply.
// Only bytes written are ever read back or handed out.
export class Writer {
  private buf = Buffer.allocUnsafe(64);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u8(v: number): void { this.room(1); this.buf.writeUInt8(v, this.len); this.len += 1; }
  i8(v: number): void { this.room(1); this.buf.writeInt8(v, this.len); this.len += 1; }
  u16(v: number): void { this.room(2); this.buf.writeUInt16LE(v, this.len); this.len += 2; }
  i16(v: number): void { this.room(2); this.buf.writeInt16LE(v, this.len); this.len += 2; }
  u16be(v: number): void { this.room(2); this.buf.writeUInt16BE(v, this.len); this.len += 2; }
  u32(v: number): void { this.room(4); this.buf.writeUInt32LE(v, this.len); this.len += 4; }
  u48(v: number): void { this.room(6); this.buf.writeUIntLE(v, this.len, 6); this.len += 6; }
  i32(v: number): void { this.room(4); this.buf.writeInt32LE(v, this.len); this.len += 4; }
  u64(v: bigint): void { this.room(8); this.buf.writeBigUInt64LE(v, this.len); this.len += 8; }
  i64(v: bigint): void { this.room(8); this.buf.writeBigInt64LE(v, this.len); this.len += 8; }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Overwrites a u16 LE written earlier (used for length fields known only at the end). */
  patchU16(at: number, v: number): void {
    this.buf.writeUInt16LE(v, at);
  }

  /** The bytes written (a view: the writer is done with them). */
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}
