// QMUX framing (libqmi src/libqmi-glib/qmi-message.c): marker, QMUX header, SDU header (CTL 6
// bytes, services 7), TLVs.
// parseFrame applies libqmi's validity checks in libqmi's order and returns a typed error
// naming the offset and the expectation; buildFrame is its inverse.

import { QmiDecodeError, QmiEncodeError } from './codec/errors.ts';
import { Writer } from './codec/cursor.ts';

export const QMUX_MARKER = 0x01;
export const CTL_SERVICE = 0x00;
export const BROADCAST_CID = 0xff;
/** Bytes before the SDU: marker, u16 length, flags, service, client id. */
export const QMUX_HEADER_SIZE = 6;

export type MessageKind = 'request' | 'response' | 'indication';

export interface RawTlv {
  type: number;
  /** Absolute offset of the TLV's value within the frame. */
  offset: number;
  /** Bytes in the value (the TLV header's length). */
  length: number;
  /** The value's bytes, a view into the frame. */
  readonly value: Buffer;
}

/** A TLV parsed from a frame. Its value view is made when first asked for: the codec reads values
 *  from the frame by offset and length, and a Buffer view per TLV would be most of a frame's
 *  decoding cost. */
class FrameTlv implements RawTlv {
  readonly type: number;
  readonly offset: number;
  readonly length: number;
  readonly #frame: Buffer;
  #value: Buffer | undefined;

  constructor(frame: Buffer, type: number, offset: number, length: number) {
    this.#frame = frame;
    this.type = type;
    this.offset = offset;
    this.length = length;
  }

  get value(): Buffer {
    return (this.#value ??= this.#frame.subarray(this.offset, this.offset + this.length));
  }
}

export interface QmiFrame {
  /** The whole frame, marker included. */
  bytes: Buffer;
  qmuxFlags: number;
  service: number;
  clientId: number;
  sduFlags: number;
  kind: MessageKind;
  transactionId: number;
  messageId: number;
  tlvs: RawTlv[];
}

export function sduHeaderSize(service: number): number {
  return service === CTL_SERVICE ? 6 : 7;
}

export function kindFromFlags(service: number, flags: number): MessageKind {
  if (service === CTL_SERVICE) return flags & 0x02 ? 'indication' : flags & 0x01 ? 'response' : 'request';
  return flags & 0x04 ? 'indication' : flags & 0x02 ? 'response' : 'request';
}

export function flagsForKind(service: number, kind: MessageKind): number {
  if (service === CTL_SERVICE) return kind === 'indication' ? 0x02 : kind === 'response' ? 0x01 : 0x00;
  return kind === 'indication' ? 0x04 : kind === 'response' ? 0x02 : 0x00;
}

export type ParseResult = { ok: true; frame: QmiFrame } | { ok: false; error: QmiDecodeError };

/**
 * Parses exactly one frame occupying the whole buffer (libqmi qmi-message.c message_check's checks,
 * in order).
 */
export function parseFrame(buf: Buffer): ParseResult {
  // Every failure builds its error (and message) only on its own path; the happy path reads
  // bytes and compares numbers.
  if (buf.length < QMUX_HEADER_SIZE) {
    return fail(new QmiDecodeError('too-short', buf.length, 'a 6-byte QMUX header',
      `buffer length too short for QMUX header: ${buf.length} byte(s), need at least 6`));
  }
  const marker = buf[0]!;
  if (marker !== QMUX_MARKER) {
    return fail(new QmiDecodeError('bad-marker', 0, 'QMUX marker 0x01',
      `unexpected marker 0x${marker.toString(16).padStart(2, '0')} at offset 0, expected 0x01`));
  }
  const length = buf[1]! | (buf[2]! << 8);
  if (length !== buf.length - 1) {
    return fail(new QmiDecodeError('length-mismatch', 1, `QMUX length ${buf.length - 1} (buffer length - 1)`,
      `message length and buffer length don't match: QMUX length says ${length}, buffer holds ${buf.length - 1} after the marker`));
  }
  const qmuxFlags = buf[3]!;
  const service = buf[4]!;
  const clientId = buf[5]!;
  const hdr = sduHeaderSize(service);
  if (length < 5 + hdr) {
    return fail(new QmiDecodeError('sdu-too-short', 1, `QMUX length of at least ${5 + hdr}`,
      `QMUX length ${length} is too short for the ${hdr}-byte ${service === 0 ? 'CTL' : 'service'} header`));
  }
  // From here every byte read lies within the 6 + hdr bytes the length check above guarantees.
  let p = QMUX_HEADER_SIZE;
  const sduFlags = buf[p]!;
  p += 1;
  let transactionId: number;
  if (service === CTL_SERVICE) { transactionId = buf[p]!; p += 1; } else { transactionId = buf[p]! | (buf[p + 1]! << 8); p += 2; }
  const messageId = buf[p]! | (buf[p + 1]! << 8); p += 2;
  const tlvLength = buf[p]! | (buf[p + 1]! << 8); p += 2;
  if (length - (5 + hdr) !== tlvLength) {
    return fail(new QmiDecodeError('tlv-length-mismatch', p - 2, `TLV area length ${length - (5 + hdr)}`,
      `QMUX length and QMI TLV lengths don't match: the header at offset ${p - 2} says ${tlvLength} byte(s) of TLVs, the frame has ${length - (5 + hdr)}`));
  }
  const tlvs: RawTlv[] = [];
  while (p < buf.length) {
    if (p + 3 > buf.length) {
      return fail(new QmiDecodeError('tlv-header-overrun', p, 'a 3-byte TLV header',
        `TLV header runs over buffer at offset ${p}: ${buf.length - p} byte(s) left, a TLV header needs 3`));
    }
    const type = buf[p]!;
    const len = buf[p + 1]! | (buf[p + 2]! << 8);
    if (p + 3 + len > buf.length) {
      return fail(new QmiDecodeError('tlv-value-overrun', p, `TLV 0x${type.toString(16).padStart(2, '0')} value of ${len} byte(s)`,
        `TLV value runs over buffer: TLV 0x${type.toString(16).padStart(2, '0')} at offset ${p} declares ${len} byte(s), only ${buf.length - p - 3} remain`));
    }
    tlvs.push(new FrameTlv(buf, type, p + 3, len));
    p += 3 + len;
  }
  return {
    ok: true,
    frame: { bytes: buf, qmuxFlags, service, clientId, sduFlags, kind: kindFromFlags(service, sduFlags), transactionId, messageId, tlvs },
  };
}

function fail(e: QmiDecodeError): ParseResult {
  return { ok: false, error: e };
}

export interface FrameSpec {
  service: number;
  clientId: number;
  kind: MessageKind;
  transactionId: number;
  messageId: number;
  /** TLVs in wire order. */
  tlvs: { type: number; value: Uint8Array }[];
  /** Defaults: 0x80 for replies and indications (sent by the modem), 0x00 for requests. */
  qmuxFlags?: number;
  /** Overrides the SDU flags derived from kind (e.g. to set the compound bit). */
  sduFlags?: number;
}

function headerInt(name: string, v: number | undefined, max: number): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= max)) {
    throw new QmiEncodeError(name, `expected an integer 0..${max}, got ${String(v)}`);
  }
}

/** Builds a frame; a header value or TLV that cannot be written is a QmiEncodeError, nothing else. */
export function buildFrame(spec: FrameSpec): Buffer {
  // The transaction id is masked below, as it always was (callers count it up freely).
  headerInt('service', spec.service, 0xff);
  headerInt('clientId', spec.clientId, 0xff);
  headerInt('messageId', spec.messageId, 0xffff);
  headerInt('qmuxFlags', spec.qmuxFlags, 0xff);
  headerInt('sduFlags', spec.sduFlags, 0xff);
  for (const t of spec.tlvs) headerInt('TLV type', t.type, 0xff);
  const w = new Writer();
  w.u8(QMUX_MARKER);
  w.u16(0); // patched below
  w.u8(spec.qmuxFlags ?? (spec.kind === 'request' ? 0x00 : 0x80));
  w.u8(spec.service);
  w.u8(spec.clientId);
  w.u8(spec.sduFlags ?? flagsForKind(spec.service, spec.kind));
  if (spec.service === CTL_SERVICE) w.u8(spec.transactionId & 0xff); else w.u16(spec.transactionId & 0xffff);
  w.u16(spec.messageId);
  const tlvLenAt = w.length;
  w.u16(0);
  const tlvStart = w.length;
  for (const t of spec.tlvs) {
    // Typed errors only: the TLV length field is a u16, and a bare RangeError would escape callers.
    if (t.value.length > 0xffff) throw new QmiEncodeError(`TLV 0x${t.type.toString(16).padStart(2, '0')}`, `is ${t.value.length} bytes, more than the 65535 a TLV length can say`);
    w.u8(t.type);
    w.u16(t.value.length);
    w.bytes(t.value);
  }
  // The QMUX length (after the marker) is a u16 too: several large TLVs can overflow it together.
  if (w.length - 1 > 0xffff) throw new QmiEncodeError('frame', `is ${w.length} bytes, more than a QMUX length (u16) can say`);
  w.patchU16(tlvLenAt, w.length - tlvStart);
  w.patchU16(1, w.length - 1);
  return w.toBuffer();
}

/** Parses a hex string (spaces, colons and a 0x prefix tolerated) into bytes, or a typed error. */
export function parseHex(text: string): { ok: true; bytes: Buffer } | { ok: false; error: QmiDecodeError } {
  const clean = text.trim().replace(/^0x/i, '').replace(/[\s:,-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) {
    return { ok: false, error: new QmiDecodeError('bad-hex', bad.index, 'hex digits', `not a hex digit: ${JSON.stringify(bad[0])} at character ${bad.index}`) };
  }
  if (clean.length % 2 !== 0) {
    return { ok: false, error: new QmiDecodeError('bad-hex', clean.length, 'an even number of hex digits', `odd number of hex digits (${clean.length})`) };
  }
  return { ok: true, bytes: Buffer.from(clean, 'hex') };
}

/** Builds a frame and returns the same view parseFrame would give of it, without parsing it
 *  again: every TLV sits where buildFrame put it. (Our own requests are built once, sent, and
 *  recorded from this view.) */
export function buildQmiFrame(spec: FrameSpec): QmiFrame {
  const bytes = buildFrame(spec);
  let p = QMUX_HEADER_SIZE + sduHeaderSize(spec.service);
  const tlvs: RawTlv[] = spec.tlvs.map((t) => {
    const tlv = new FrameTlv(bytes, t.type, p + 3, t.value.length);
    p += 3 + t.value.length;
    return tlv;
  });
  return {
    bytes, qmuxFlags: bytes[3]!, service: spec.service, clientId: spec.clientId, sduFlags: bytes[6]!, kind: kindFromFlags(spec.service, bytes[6]!),
    transactionId: spec.transactionId & (spec.service === CTL_SERVICE ? 0xff : 0xffff), messageId: spec.messageId, tlvs,
  };
}

/** The header's flag bytes in words (libqmi qmi-message.c): the QMUX flags say who sent the
 *  frame, the SDU flags its kind (CTL and services number these bits differently). */
export interface HeaderFlags {
  qmux: { value: number; sender: 'control-point' | 'service' | 'unknown' };
  sdu: { value: number; names: string[] };
}

const CTL_SDU_BITS = ['response', 'indication'];
const SERVICE_SDU_BITS = ['compound', 'response', 'indication'];

export function headerFlags(frame: Pick<QmiFrame, 'qmuxFlags' | 'sduFlags' | 'service'>): HeaderFlags {
  const q = frame.qmuxFlags;
  const bits = frame.service === CTL_SERVICE ? CTL_SDU_BITS : SERVICE_SDU_BITS;
  const names: string[] = [];
  for (let i = 0; i < 8; i++) if (frame.sduFlags & (1 << i)) names.push(bits[i] ?? `bit${i}`);
  if (names.length === 0) names.push('request');
  return {
    qmux: { value: q, sender: q === 0x80 ? 'service' : q === 0x00 ? 'control-point' : 'unknown' },
    sdu: { value: frame.sduFlags, names },
  };
}
