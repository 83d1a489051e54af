// Field types: every QMI value format is one small object with decode and encode.
// Message declarations compose these; the one generic codec (message-codec.ts) drives them.
// Each type carries a `kind` and its parameters so that tests and tools can walk a declaration
// (e.g. to generate random values for property tests) without special cases.

import { Reader, Writer } from './cursor.ts';
import { QmiDecodeError, QmiEncodeError } from './errors.ts';
import { gsm7Unpack } from './gsm7.ts';

/** T is what decode gives; I what encode takes (the same, except where encode accepts less,
 *  e.g. a measure given in its unit without the raw number). */
export interface FieldBase<T, I = T> {
  readonly kind: string;
  /** Human description used in error messages, e.g. "u16" or "u8-prefixed string". */
  readonly describe: string;
  decode(r: Reader): T;
  encode(w: Writer, value: I, path: string): void;
}

export type IntName = 'u8' | 'u16' | 'u32' | 'u48' | 'i8' | 'i16' | 'i32';
export interface IntField extends FieldBase<number> { readonly kind: 'int'; readonly int: IntName }
export interface BigIntField extends FieldBase<bigint> { readonly kind: 'bigint'; readonly int: 'u64' | 'i64' }
export interface BoolField extends FieldBase<boolean> { readonly kind: 'bool'; readonly int: 'u8' | 'u32' }
export interface Ipv4Field extends FieldBase<string> { readonly kind: 'ipv4' }
export interface Ipv6Field extends FieldBase<string> { readonly kind: 'ipv6' }
export interface StringField extends FieldBase<string> {
  readonly kind: 'string';
  /** 0 = fills the rest of its container; 1/2 = u8/u16 length prefix; 'fixed' = `size` bytes. */
  readonly prefix: 0 | 1 | 2 | 'fixed';
  readonly size?: number;
  readonly encoding: 'utf8' | 'utf8-or-gsm7' | 'ascii';
}
export interface BytesField extends FieldBase<string> {
  readonly kind: 'bytes';
  readonly prefix: 0 | 1 | 2 | 'fixed';
  readonly size?: number;
}
export interface EnumField<N extends string> extends FieldBase<N | number> {
  readonly kind: 'enum';
  readonly base: IntField;
  readonly names: Readonly<Record<number, N>>;
}
export interface FlagsField<N extends string> extends FieldBase<string[]> {
  readonly kind: 'flags';
  readonly base: IntField | BigIntField;
  readonly names: Readonly<Record<number, N>>;
}
export interface ArrayField<T, I = T> extends FieldBase<T[], I[]> {
  readonly kind: 'array';
  readonly count: 'u8' | 'u16' | 'rest' | number;
  readonly of: Field<T, I>;
}
export interface StructField<T, I = T> extends FieldBase<T, I> {
  readonly kind: 'struct';
  readonly fields: Readonly<Record<string, AnyField>>;
}
/** How a raw integer becomes a value in its unit: value = raw * times / over, or a lookup table. */
export interface MeasureScale {
  readonly times?: number;
  readonly over?: number;
  /** Raw levels that stand for a value (HDR SINR levels 0..8 in dB); other raw values read as null. */
  readonly table?: Readonly<Record<number, number>>;
  /** The raw value firmwares send for "not available" (5G RSRP/SNR -32768): reads as null. */
  readonly unavailable?: number;
}
/** A value in its unit with the raw number kept: { dB: 12.5, raw: 125 }. null = not available. */
export type Measure<U extends string> = { [K in U]: number | null } & { raw: number };
/** What encoding a measure takes: the value in its unit, the raw number, or both (must agree). */
export type MeasureInput<U extends string> = { [K in U]?: number | null } & { raw?: number };
export interface MeasureField<U extends string> extends FieldBase<Measure<U>, MeasureInput<U>> {
  readonly kind: 'measure';
  readonly base: IntField;
  readonly unit: U;
  readonly scale: MeasureScale;
}
/** A code whose names depend on a selector read before it (WDS verbose call end reason: type, then
 *  a reason numbered per type). The number is kept; `name` is added when the table knows it. */
export interface KeyedCode { type: string | number; reason: number; name?: string }
export interface KeyedEnumField extends FieldBase<KeyedCode, KeyedCode> {
  readonly kind: 'keyed-enum';
  readonly selector: EnumField<string>;
  readonly code: IntField;
  readonly tables: Readonly<Record<string, Readonly<Record<number, string>>>>;
}

/** The parameters of every field kind, without the value type: what introspection switches on. */
export type FieldShape =
  | { readonly kind: 'int'; readonly int: IntName }
  | { readonly kind: 'bigint'; readonly int: 'u64' | 'i64' }
  | { readonly kind: 'bool'; readonly int: 'u8' | 'u32' }
  | { readonly kind: 'ipv4' }
  | { readonly kind: 'ipv6' }
  | { readonly kind: 'string'; readonly prefix: 0 | 1 | 2 | 'fixed'; readonly size?: number; readonly encoding: StringField['encoding'] }
  | { readonly kind: 'bytes'; readonly prefix: 0 | 1 | 2 | 'fixed'; readonly size?: number }
  | { readonly kind: 'enum'; readonly base: IntField; readonly names: Readonly<Record<number, string>> }
  | { readonly kind: 'flags'; readonly base: IntField | BigIntField; readonly names: Readonly<Record<number, string>> }
  | { readonly kind: 'array'; readonly count: 'u8' | 'u16' | 'rest' | number; readonly of: AnyField }
  | { readonly kind: 'struct'; readonly fields: Readonly<Record<string, AnyField>> }
  | { readonly kind: 'measure'; readonly base: IntField; readonly unit: string; readonly scale: MeasureScale }
  | { readonly kind: 'keyed-enum'; readonly selector: EnumField<string>; readonly code: IntField; readonly tables: Readonly<Record<string, Readonly<Record<number, string>>>> };

export type Field<T, I = T> = FieldBase<T, I> & FieldShape;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = Field<any>;

/** What a field decodes to. */
export type ValueOf<F> = F extends { decode(r: Reader): infer T } ? T : never;
/** What a field's encoder takes. */
export type InputOf<F> = F extends { encode(w: Writer, value: infer I, path: string): void } ? I : never;

/** A value quoted in an error message. JSON.stringify throws on a bigint (a TypeError that
 *  would escape the encoder) and says nothing useful about undefined or a function. */
export function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n (a bigint)`;
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return typeof v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

// ---------------------------------------------------------------- integers

const ranges: Record<IntName, [number, number]> = {
  u8: [0, 0xff], u16: [0, 0xffff], u32: [0, 0xffffffff], u48: [0, 2 ** 48 - 1],
  i8: [-0x80, 0x7f], i16: [-0x8000, 0x7fff], i32: [-0x80000000, 0x7fffffff],
};

function checkInt(name: IntName, v: unknown, path: string): number {
  const [lo, hi] = ranges[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new QmiEncodeError(path, `expected an integer ${lo}..${hi} for ${name}, got ${show(v)}`);
  }
  return v;
}

// One direct reader per width: `r[name](name)` would be a lookup by a computed key on every value.
const INT_READERS: Record<IntName, (r: Reader) => number> = {
  u8: (r) => r.u8('u8'), u16: (r) => r.u16('u16'), u32: (r) => r.u32('u32'), u48: (r) => r.u48('u48'),
  i8: (r) => r.i8('i8'), i16: (r) => r.i16('i16'), i32: (r) => r.i32('i32'),
};

function intField(name: IntName): IntField {
  return {
    kind: 'int', int: name, describe: name,
    decode: INT_READERS[name],
    encode: (w, v, path) => w[name](checkInt(name, v, path)),
  };
}

export const u8 = intField('u8');
export const u16 = intField('u16');
export const u32 = intField('u32');
/** 6-byte little-endian unsigned: only DMS Get Time's device time counter uses it. */
export const u48 = intField('u48');
export const i8 = intField('i8');
export const i16 = intField('i16');
export const i32 = intField('i32');

function bigField(name: 'u64' | 'i64'): BigIntField {
  return {
    kind: 'bigint', int: name, describe: name,
    decode: (r) => r[name](name),
    encode: (w, v, path) => {
      if (typeof v !== 'bigint') throw new QmiEncodeError(path, `expected a bigint for ${name}`);
      const ok = name === 'u64' ? v >= 0n && v < 1n << 64n : v >= -(1n << 63n) && v < 1n << 63n;
      if (!ok) throw new QmiEncodeError(path, `value out of range for ${name}`);
      w[name](v);
    },
  };
}
export const u64 = bigField('u64');
export const i64 = bigField('i64');

/** A u8 (or u32) read as a boolean: zero is false, anything else true (as libqmi does). */
export function bool(int: 'u8' | 'u32' = 'u8'): BoolField {
  return {
    kind: 'bool', int, describe: `${int} boolean`,
    decode: (r) => (int === 'u8' ? r.u8('u8 boolean') : r.u32('u32 boolean')) !== 0,
    encode: (w, v, path) => {
      if (typeof v !== 'boolean') throw new QmiEncodeError(path, 'expected true or false');
      if (int === 'u8') w.u8(v ? 1 : 0); else w.u32(v ? 1 : 0);
    },
  };
}

// ---------------------------------------------------------------- addresses

/** IPv4 as QMI sends it: a little-endian u32 host value, shown dotted from the top byte down. */
export const ipv4: Ipv4Field = {
  kind: 'ipv4', describe: 'IPv4 address (u32 LE)',
  decode: (r) => {
    const v = r.u32('IPv4 address (u32 LE)');
    return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
  },
  encode: (w, v, path) => {
    const m = typeof v === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v) : null;
    const o = m ? m.slice(1).map(Number) : [];
    if (!m || o.some((x) => x > 255)) throw new QmiEncodeError(path, `expected a dotted IPv4 address, got ${show(v)}`);
    w.u32(((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0);
  },
};

export function formatIpv6(words: number[]): string {
  // Longest run of two or more zero words becomes "::" (RFC 5952).
  let bestAt = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  const hex = words.map((x) => x.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

export function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split('::').length > 2) return null;
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const part = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const p of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
      out.push(parseInt(p, 16));
    }
    return out;
  };
  const h = part(head);
  const t = tail === undefined ? [] : part(tail);
  if (!h || !t) return null;
  if (tail === undefined) return h.length === 8 ? h : null;
  if (h.length + t.length > 7) return null;
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}

/** IPv6 as QMI sends it: eight big-endian (network order) u16 words. */
export const ipv6: Ipv6Field = {
  kind: 'ipv6', describe: 'IPv6 address (8 x u16 BE)',
  decode: (r) => {
    r.need(16, 'IPv6 address (8 x u16 BE)');
    const words: number[] = [];
    for (let i = 0; i < 8; i++) words.push(r.u16be());
    return formatIpv6(words);
  },
  encode: (w, v, path) => {
    const words = typeof v === 'string' ? parseIpv6(v) : null;
    if (!words) throw new QmiEncodeError(path, `expected an IPv6 address, got ${show(v)}`);
    for (const x of words) w.u16be(x);
  },
};

// ---------------------------------------------------------------- strings and bytes

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

// Control characters other than TAB/CR/LF: a "UTF-8" operator name containing them is not text.
function hasNonPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** Plain ASCII (the usual case: IMEIs, revisions, APNs) reads the same as UTF-8 and latin1.
 *  Works on a range of the frame: no Buffer view is made for the common case. */
function asciiText(b: Buffer, start: number, end: number): string | undefined {
  const n = end - start;
  if (n <= 64) {
    // Short strings (nearly all of them): String.fromCharCode over a reused array of the right
    // length is several times cheaper than a call into Buffer's native decoder.
    const codes = CHAR_CODES[n]!;
    for (let i = 0; i < n; i++) {
      const c = b[start + i]!;
      if (c >= 0x80) return undefined;
      codes[i] = c;
    }
    return String.fromCharCode.apply(null, codes);
  }
  for (let i = start; i < end; i++) if (b[i]! >= 0x80) return undefined;
  return b.toString('latin1', start, end);
}
// One scratch array per length 0..64 (decoding is synchronous: never two users at once).
const CHAR_CODES: number[][] = Array.from({ length: 65 }, (_, n) => new Array<number>(n).fill(0));

function decodeText(buf: Buffer, start: number, end: number, encoding: StringField['encoding']): string {
  if (encoding === 'ascii') return asciiText(buf, start, end) ?? buf.toString('latin1', start, end);
  let text = asciiText(buf, start, end);
  if (text === undefined) {
    try {
      text = utf8Strict.decode(buf.subarray(start, end));
    } catch {
      text = undefined;
    }
  }
  if (encoding === 'utf8-or-gsm7') {
    // Operator names in NAS are often GSM-7 packed (libqmi src/libqmi-glib/test/test-generated.c).
    // Packed septets are frequently valid ASCII too ("Iliad" packs to 49 76 3A 4C 06), so like
    // libqmi we accept UTF-8 only when it is also printable, and unpack GSM-7 otherwise.
    return text !== undefined && !hasNonPrintable(text) ? text : gsm7Unpack(buf.subarray(start, end));
  }
  // Not UTF-8: latin1 keeps every byte visible instead of replacement characters.
  return text ?? buf.toString('latin1', start, end);
}

/** Steps over a sized value (length prefix, fixed size, or the rest) and returns where it
 *  starts; it ends at r.pos. The descriptions for errors are built only when one is thrown. */
function skipSized(r: Reader, prefix: 0 | 1 | 2 | 'fixed', size: number | undefined, what: string): number {
  let n: number;
  if (prefix === 0) n = r.remaining;
  else if (prefix === 'fixed') {
    n = size ?? 0;
    if (r.remaining < n) r.need(n, `${what} (${size} bytes)`);
  } else {
    n = prefix === 1 ? r.u8(`${what} length (u8)`) : r.u16(`${what} length (u16)`);
    if (r.remaining < n) r.need(n, `${what} of ${n} bytes`);
  }
  const start = r.pos;
  r.pos = start + n;
  return start;
}

// Trailing NUL, TAB, CR, LF or space (see trim below).
const isTrailJunk = (c: number): boolean => c === 0 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20;

function writeSized(w: Writer, b: Buffer, prefix: 0 | 1 | 2 | 'fixed', size: number | undefined, path: string, pad: number): void {
  if (prefix === 'fixed') {
    const n = size ?? 0;
    if (b.length > n) throw new QmiEncodeError(path, `longer than the fixed ${n} bytes`);
    w.bytes(b);
    for (let i = b.length; i < n; i++) w.u8(pad);
    return;
  }
  if (prefix === 1 && b.length > 0xff) throw new QmiEncodeError(path, 'longer than 255 bytes');
  if (prefix === 2 && b.length > 0xffff) throw new QmiEncodeError(path, 'longer than 65535 bytes');
  if (prefix === 1) w.u8(b.length);
  if (prefix === 2) w.u16(b.length);
  w.bytes(b);
}

interface StringOptions { encoding?: StringField['encoding']; }

function stringField(prefix: 0 | 1 | 2 | 'fixed', size: number | undefined, opts: StringOptions & { pad?: number; trim?: boolean } = {}): StringField {
  const encoding = opts.encoding ?? 'utf8';
  const what = prefix === 0 ? 'string' : prefix === 'fixed' ? `char[${size}]` : `u${prefix * 8}-prefixed string`;
  const pad = opts.pad ?? 0;
  return {
    kind: 'string', prefix, size, encoding, describe: what,
    decode: (r) => {
      const start = skipSized(r, prefix, size, what);
      let end = r.pos;
      if (prefix === 'fixed') {
        const b = r.buf;
        while (end > start && (b[end - 1] === 0xff || b[end - 1] === 0x00)) end--;
      }
      const text = decodeText(r.buf, start, end, encoding);
      // Some firmwares end strings with NUL or TAB (DMS Get Model): not part of the value.
      if (!opts.trim || text.length === 0 || !isTrailJunk(text.charCodeAt(text.length - 1))) return text;
      let n = text.length;
      while (n > 0 && isTrailJunk(text.charCodeAt(n - 1))) n--;
      return text.slice(0, n);
    },
    encode: (w, v, path) => {
      if (typeof v !== 'string') throw new QmiEncodeError(path, `expected a string, got ${show(v)}`);
      writeSized(w, Buffer.from(v, encoding === 'ascii' ? 'latin1' : 'utf8'), prefix, size, path, pad);
    },
  };
}

/** A string filling the rest of its TLV (no prefix): the TLV length gives its size. */
export const str = (opts: StringOptions & { trim?: boolean } = {}): StringField => stringField(0, undefined, opts);
/** A string with a u8 length prefix (the default inside structs and arrays). */
export const str8 = (opts: StringOptions = {}): StringField => stringField(1, undefined, opts);
/** A string with a u16 length prefix. */
export const str16 = (opts: StringOptions = {}): StringField => stringField(2, undefined, opts);
/** A fixed-size character field; padding (0xFF or 0x00) is removed on decode, `pad` is written on encode. */
export const fixedStr = (size: number, pad = 0xff): StringField => stringField('fixed', size, { encoding: 'ascii', pad });

function bytesField(prefix: 0 | 1 | 2 | 'fixed', size?: number): BytesField {
  const what = prefix === 0 ? 'bytes' : prefix === 'fixed' ? `${size} bytes` : `u${prefix * 8}-prefixed bytes`;
  return {
    kind: 'bytes', prefix, size, describe: what,
    decode: (r) => {
      const start = skipSized(r, prefix, size, what);
      return r.buf.toString('hex', start, r.pos);
    },
    encode: (w, v, path) => {
      if (typeof v !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(v)) throw new QmiEncodeError(path, 'expected an even-length hex string');
      writeSized(w, Buffer.from(v, 'hex'), prefix, size, path, 0);
    },
  };
}

/** Raw bytes filling the rest of the container, shown as hex. */
export const bytes = (): BytesField => bytesField(0);
/** Raw bytes with a u8 count, shown as hex (e.g. a UIM application id). */
export const bytes8 = (): BytesField => bytesField(1);
/** Raw bytes with a u16 count, shown as hex (e.g. a UIM Read Transparent result). */
export const bytes16 = (): BytesField => bytesField(2);
/** Exactly n raw bytes, shown as hex. */
export const fixedBytes = (n: number): BytesField => bytesField('fixed', n);

// ---------------------------------------------------------------- enums and flags

/** A number with names. Decodes to the name, or to the bare number when the value is not named. */
export function enumOf<const N extends string>(base: IntField, names: Record<number, N>): EnumField<N> {
  const byName = new Map<string, number>(Object.entries(names).map(([k, v]) => [v as string, Number(k)]));
  // Own keys only (as hasOwnProperty would): a Map lookup by number, not a string-keyed probe.
  const byValue = new Map<number, N>(Object.entries(names).map(([k, v]) => [Number(k), v]));
  return {
    kind: 'enum', base, names, describe: `${base.int} enum`,
    decode: (r) => {
      const v = base.decode(r);
      const name = byValue.get(v);
      return name === undefined ? v : name;
    },
    encode: (w, v, path) => {
      const n = typeof v === 'number' ? v : byName.get(v);
      if (n === undefined) throw new QmiEncodeError(path, `unknown name ${show(v)}; expected one of ${[...byName.keys()].join(', ')}`);
      base.encode(w, n, path);
    },
  };
}

/** A bit set with names per bit index. Decodes to the list of set bits' names ("bitN" when unnamed). */
export function flagsOf<const N extends string>(base: IntField | BigIntField, names: Record<number, N>): FlagsField<N> {
  const bits = base.kind === 'bigint' ? 64 : Number(base.int.slice(1));
  const bitNames = Array.from({ length: bits }, (_, i) => names[i] ?? `bit${i}`);
  const byName = new Map<string, number>(Object.entries(names).map(([k, v]) => [v as string, Number(k)]));
  return {
    kind: 'flags', base, names, describe: `${base.int} flags`,
    decode: (r) => {
      const raw = base.decode(r as never) as number | bigint;
      const out: string[] = [];
      if (typeof raw === 'number' && bits <= 32) {
        // Up to 32 bits: plain number arithmetic (a BigInt per bit is the slow path for u64 only).
        // raw is a non-negative integer below 2^32 (u8/u16/u32) or a signed one below 2^31.
        const v = raw >>> 0;
        for (let i = 0; i < bits; i++) if ((v >>> i) & 1) out.push(bitNames[i]!);
        return out;
      }
      const v = BigInt(raw) & ((1n << BigInt(bits)) - 1n);
      for (let i = 0; i < bits; i++) if ((v >> BigInt(i)) & 1n) out.push(names[i] ?? `bit${i}`);
      return out;
    },
    encode: (w, v, path) => {
      if (!Array.isArray(v)) throw new QmiEncodeError(path, 'expected a list of flag names');
      let acc = 0n;
      for (const name of v) {
        const bit = typeof name !== 'string' ? undefined : byName.get(name) ?? (/^bit(\d+)$/.exec(name) ? Number(name.slice(3)) : undefined);
        if (bit === undefined || bit >= bits) throw new QmiEncodeError(path, `unknown flag ${show(name)}`);
        acc |= 1n << BigInt(bit);
      }
      if (base.kind === 'bigint') base.encode(w, acc, path);
      else base.encode(w, Number(acc), path);
    },
  };
}

// ---------------------------------------------------------------- arrays and structs

/** A sequence: a u8 or u16 element count (or a fixed count, or "until the end"), then elements. */
export function array<T, I = T>(of: Field<T, I>, count: 'u8' | 'u16' | 'rest' | number = 'u8'): ArrayField<T, I> {
  const describe = `array(${typeof count === 'number' ? count : count}) of ${of.describe}`;
  return {
    kind: 'array', count, of, describe,
    decode: (r) => {
      const out: T[] = [];
      if (count === 'rest') {
        while (r.remaining > 0) out.push(of.decode(r));
        return out;
      }
      const n = typeof count === 'number' ? count : count === 'u8' ? r.u8('array count (u8)') : r.u16('array count (u16)');
      let i = 0;
      try {
        for (; i < n; i++) out.push(of.decode(r));
      } catch (e) {
        throw inMember(`[${i}]`, e);
      }
      return out;
    },
    encode: (w, v, path) => {
      if (!Array.isArray(v)) throw new QmiEncodeError(path, 'expected an array');
      if (typeof count === 'number' && v.length !== count) throw new QmiEncodeError(path, `expected exactly ${count} elements`);
      if (count === 'u8') { if (v.length > 0xff) throw new QmiEncodeError(path, 'more than 255 elements'); w.u8(v.length); }
      if (count === 'u16') { if (v.length > 0xffff) throw new QmiEncodeError(path, 'more than 65535 elements'); w.u16(v.length); }
      v.forEach((e, i) => of.encode(w, e, `${path}[${i}]`));
    },
  };
}

/** Prefixes a member's name to the path of a decode error thrown while reading that member; the
 *  caller rethrows what this returns. (Called only on the error path: decoding a member costs no
 *  closure and no name string.) */
function inMember(name: string, e: unknown): unknown {
  if (e instanceof QmiDecodeError) e.member = e.member ? `${name}${e.member.startsWith('[') ? '' : '.'}${e.member}` : name;
  return e;
}

type StructValue<F extends Record<string, AnyField>> = { [K in keyof F]: ValueOf<F[K]> };
type StructInput<F extends Record<string, AnyField>> = { [K in keyof F]: InputOf<F[K]> };

/** Fields in order, no padding. */
export function struct<const F extends Record<string, AnyField>>(fields: F): StructField<StructValue<F>, StructInput<F>> {
  const entries = Object.entries(fields);
  const keys = entries.map(([k]) => k);
  const decoders = entries.map(([, f]) => f);
  return {
    kind: 'struct', fields, describe: `{${entries.map(([k, f]) => `${k}: ${f.describe}`).join(', ')}}`,
    decode: (r) => {
      const out: Record<string, unknown> = {};
      let i = 0;
      try {
        for (; i < keys.length; i++) out[keys[i]!] = decoders[i]!.decode(r);
      } catch (e) {
        throw inMember(keys[i]!, e);
      }
      return out as StructValue<F>;
    },
    encode: (w, v, path) => {
      if (typeof v !== 'object' || v === null) throw new QmiEncodeError(path, 'expected an object');
      for (const [k, f] of entries) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) throw new QmiEncodeError(`${path}.${k}`, 'missing');
        f.encode(w, x, `${path}.${k}`);
      }
    },
  };
}

// ---------------------------------------------------------------- values in their units

function measureValue(scale: MeasureScale, raw: number): number | null {
  if (scale.unavailable !== undefined && raw === scale.unavailable) return null;
  if (scale.table) return Object.hasOwn(scale.table, raw) ? scale.table[raw]! : null;
  // Multiply then divide by integers: 3 / 10 is the double nearest 0.3, where 3 * 0.1 is not.
  return (raw * (scale.times ?? 1)) / (scale.over ?? 1);
}

function measureRaw(scale: MeasureScale, value: number, path: string): number {
  if (scale.table) {
    const hit = Object.entries(scale.table).find(([, v]) => v === value);
    if (!hit) throw new QmiEncodeError(path, `${value} is not one of the levels ${Object.values(scale.table).join(', ')}`);
    return Number(hit[0]);
  }
  const raw = Math.round((value * (scale.over ?? 1)) / (scale.times ?? 1));
  if (measureValue(scale, raw) !== value && Math.abs(measureValue(scale, raw)! - value) > 1e-9 * Math.max(1, Math.abs(value))) {
    throw new QmiEncodeError(path, `${value} is not a multiple of the field's step (${scale.times ?? 1}/${scale.over ?? 1})`);
  }
  return raw;
}

/**
 * An integer on the wire that people read in a unit: ECIO in -0.5 dB steps, SNR in 0.1 dB, a
 * time zone in quarter hours. Decodes to { <unit>: value, raw } so the raw number stays visible
 * where the scale is not obvious; encodes from either (both given must agree).
 */
export function measure<const U extends string>(base: IntField, unit: U, scale: MeasureScale = {}): MeasureField<U> {
  const parts = [scale.times !== undefined && `x${scale.times}`, scale.over !== undefined && `/${scale.over}`, scale.table && 'levels'].filter(Boolean).join('');
  return {
    kind: 'measure', base, unit, scale, describe: `${base.int} in ${unit}${parts ? ` (${parts})` : ''}`,
    decode: (r) => {
      const raw = base.decode(r);
      return { [unit]: measureValue(scale, raw), raw } as Measure<U>;
    },
    encode: (w, v, path) => {
      if (typeof v !== 'object' || v === null) throw new QmiEncodeError(path, `expected { ${unit}: number } or { raw: number }, got ${show(v)}`);
      const value = (v as Record<string, unknown>)[unit];
      const raw = (v as Record<string, unknown>).raw;
      if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
        throw new QmiEncodeError(path, `expected a number of ${unit}, got ${show(value)}`);
      }
      if (raw === undefined) {
        if (typeof value !== 'number') throw new QmiEncodeError(path, `expected { ${unit}: number } or { raw: number }`);
        base.encode(w, measureRaw(scale, value, path), path);
        return;
      }
      if (typeof raw === 'number' && typeof value === 'number' && measureValue(scale, raw) !== value) {
        throw new QmiEncodeError(path, `${unit} ${value} and raw ${raw} disagree (raw ${raw} is ${measureValue(scale, raw)} ${unit})`);
      }
      base.encode(w, raw as number, path);
    },
  };
}

/** The decoded form of a raw number (used to build values from raw numbers, e.g. in tests). */
export function measureOf<U extends string>(f: MeasureField<U>, raw: number): Measure<U> {
  return { [f.unit]: measureValue(f.scale, raw), raw } as Measure<U>;
}

/** See KeyedCode: `selector` (an enum) picks which table names the `code` that follows it. */
export function keyedEnum(selector: EnumField<string>, code: IntField, tables: Record<string, Record<number, string>>): KeyedEnumField {
  const nameOf = (type: string | number, reason: number): string | undefined => {
    const t = typeof type === 'string' ? tables[type] : undefined;
    return t && Object.hasOwn(t, reason) ? t[reason] : undefined;
  };
  return {
    kind: 'keyed-enum', selector, code, tables, describe: `{type: ${selector.describe}, reason: ${code.describe}}`,
    decode: (r) => {
      let type: string | number, reason: number;
      try { type = selector.decode(r); } catch (e) { throw inMember('type', e); }
      try { reason = code.decode(r); } catch (e) { throw inMember('reason', e); }
      const name = nameOf(type, reason);
      return name === undefined ? { type, reason } : { type, reason, name };
    },
    encode: (w, v, path) => {
      if (typeof v !== 'object' || v === null) throw new QmiEncodeError(path, 'expected { type, reason }');
      selector.encode(w, v.type, `${path}.type`);
      code.encode(w, v.reason, `${path}.reason`);
      const type = typeof v.type === 'number' && Object.hasOwn(selector.names, v.type) ? selector.names[v.type]! : v.type;
      if (v.name !== undefined && v.name !== nameOf(type, v.reason)) {
        throw new QmiEncodeError(`${path}.name`, `${show(v.name)} is not the name of ${String(type)} reason ${v.reason}`);
      }
    },
  };
}

// ---------------------------------------------------------------- sizes

const INT_SIZE: Record<IntName | 'u64' | 'i64', number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u48: 6, u64: 8, i64: 8 };

/** The fewest bytes a value of this field can take (what a TLV must at least carry). */
export function minSize(f: FieldShape): number {
  switch (f.kind) {
    case 'int': case 'bigint': return INT_SIZE[f.int];
    case 'bool': return f.int === 'u8' ? 1 : 4;
    case 'ipv4': return 4;
    case 'ipv6': return 16;
    case 'string': case 'bytes': return f.prefix === 'fixed' ? (f.size ?? 0) : f.prefix;
    case 'enum': case 'measure': return INT_SIZE[f.base.int];
    case 'flags': return INT_SIZE[f.base.int];
    case 'array':
      if (f.count === 'rest') return 0;
      if (typeof f.count === 'number') return f.count * minSize(f.of);
      return f.count === 'u8' ? 1 : 2;
    case 'struct': return Object.values(f.fields).reduce((n, x) => n + minSize(x), 0);
    case 'keyed-enum': return INT_SIZE[f.selector.base.int] + INT_SIZE[f.code.int];
  }
}
