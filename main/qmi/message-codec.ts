// The one generic QMI message codec: decodes any frame against the declarations and encodes
// any declared message from plain values. Nothing here knows a particular message.

import { Reader, Writer } from './codec/cursor.ts';
import { minSize, show, type AnyField } from './codec/fields.ts';
import { QmiDecodeError, QmiEncodeError } from './codec/errors.ts';
import { buildFrame, parseFrame, parseHex, type MessageKind, type QmiFrame, type RawTlv } from './frame.ts';
import { ERROR_HINTS, protocolErrorName, protocolErrorCode } from './protocol-errors.ts';
import type { MessageDecl, ServiceDecl, TlvMap, EncodeFields, ReplyFields } from './schema.ts';
import { SERVICES } from './services/index.ts';

export const RESULT_TLV = 0x02;

export interface QmiResult {
  status: 'success' | 'failure';
  error: number;
  errorName: string;
  /** What the error usually means for the person at the keyboard, when we know. */
  hint?: string;
}

export interface TlvError {
  type: number;
  field: string;
  offset: number;
  code: string;
  message: string;
  /** For a TLV too short for its type: the bytes it carries and the fewest its type takes. */
  length?: number;
  needs?: number;
  /** The member of a struct or array that ran past the end, e.g. "snr" or "list[1].rssi". */
  member?: string;
}

export interface DecodedMessage {
  service: { id: number; name: string };
  message: { id: number; name: string; key?: string };
  kind: MessageKind;
  transactionId: number;
  clientId: number;
  result?: QmiResult;
  fields: Record<string, unknown>;
  /** TLVs the declaration does not know, kept as they came. */
  unknownTlvs: { type: number; hex: string }[];
  /** Per-TLV problems; the rest of the message still decoded. */
  tlvErrors: TlvError[];
}

// ---------------------------------------------------------------- registry lookups

const byServiceId = new Map<number, ServiceDecl>(SERVICES.map((s) => [s.id, s]));

export function serviceById(id: number): ServiceDecl | undefined {
  return byServiceId.get(id);
}

export function serviceByName(name: string): ServiceDecl | undefined {
  const n = name.toLowerCase();
  return SERVICES.find((s) => s.name.toLowerCase() === n);
}

// Per-service index by message id, built once: a frame is decoded on every read, and a service
// declares dozens of messages.
const messageIndex = new Map<ServiceDecl, Map<number, { key: string; decl: MessageDecl }[]>>();

function messagesWithId(service: ServiceDecl, id: number): readonly { key: string; decl: MessageDecl }[] {
  let index = messageIndex.get(service);
  if (!index) {
    index = new Map();
    for (const [key, decl] of Object.entries(service.messages)) {
      const list = index.get(decl.id) ?? [];
      list.push({ key, decl });
      index.set(decl.id, list);
    }
    messageIndex.set(service, index);
  }
  return index.get(id) ?? [];
}

/** Finds a message declaring the given kind (indications may live on their own entries). The
 *  entry returned is the index's own (declarations never change): callers must not modify it. */
export function messageById(service: ServiceDecl, id: number, kind?: MessageKind): { key: string; decl: MessageDecl } | undefined {
  const found = messagesWithId(service, id);
  if (found.length <= 1 || kind === undefined) return found[0];
  for (const x of found) if (x.decl[kind] !== undefined) return x;
  return found[0];
}

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Accepts "get-ids", "getIds", "Get IDs" or a numeric id ("0x0025", "37"). */
export function messageByName(service: ServiceDecl, name: string): { key: string; decl: MessageDecl } | undefined {
  if (/^(0x[0-9a-f]+|\d+)$/i.test(name)) return messageById(service, Number(name), 'request');
  const n = squash(name);
  for (const [key, decl] of Object.entries(service.messages)) {
    if (squash(key) === n || squash(decl.name) === n) return { key, decl };
  }
  return undefined;
}

function hex2(n: number): string {
  return `0x${n.toString(16).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- decode

function decodeResult(frame: QmiFrame, errors: TlvError[], r: Reader): QmiResult | undefined {
  let t: RawTlv | undefined;
  for (const x of frame.tlvs) if (x.type === RESULT_TLV) { t = x; break; }
  if (!t) return undefined;
  try {
    r.window(t.offset, t.offset + t.length);
    const status = r.u16('result status (u16)');
    const error = r.u16('result error code (u16)');
    const errorName = protocolErrorName(error);
    const result: QmiResult = { status: status === 0 ? 'success' : 'failure', error, errorName };
    const hint = ERROR_HINTS[errorName];
    if (hint && result.status === 'failure') result.hint = hint;
    return result;
  } catch (e) {
    errors.push(tlvErrorFrom(e, RESULT_TLV, 'result', t.value));
    return undefined;
  }
}

function tlvErrorFrom(e: unknown, type: number, field: string, value: Buffer, format?: AnyField): TlvError {
  if (e instanceof QmiDecodeError) {
    const base = { type, field, offset: e.offset, code: e.code };
    if (e.code !== 'tlv-too-short') return { ...base, message: `TLV ${hex2(type)} (${field}): ${e.message}` };
    const needs = format ? minSize(format) : undefined;
    const where = e.member ? `: ${e.member} (${e.expected}) at offset ${e.offset} runs past its end` : '';
    const size = `${value.length} byte${value.length === 1 ? '' : 's'} long`;
    const message = needs !== undefined && value.length < needs
      ? `TLV ${hex2(type)} (${field}) is ${size}, but its format ${format!.describe} needs at least ${needs}${where}`
      : `TLV ${hex2(type)} (${field}) is ${size}, shorter than its own contents say: ${e.member ?? e.expected} needs ${e.expected} at offset ${e.offset}, past the end`;
    return { ...base, message, length: value.length, ...(needs !== undefined ? { needs } : {}), ...(e.member ? { member: e.member } : {}) };
  }
  // Field decoders only throw QmiDecodeError; anything else is a bug, still reported, never thrown.
  return { type, field, offset: -1, code: 'internal', message: `TLV ${hex2(type)} (${field}): ${String(e)}` };
}

type TlvEntry = [string, TlvMap[string]];
// A Map, not a WeakMap: declarations live as long as the process, and a Map is the faster lookup.
const tlvIndexes = new Map<TlvMap, { byType: Map<number, TlvEntry>; required: TlvEntry[] }>();
const NO_TLVS = { byType: new Map<number, TlvEntry>(), required: [] as TlvEntry[] };

// A TLV map by type and its mandatory entries, built once per map (declarations never change).
function tlvIndex(map: TlvMap | undefined): { byType: Map<number, TlvEntry>; required: TlvEntry[] } {
  if (!map) return NO_TLVS;
  let index = tlvIndexes.get(map);
  if (!index) {
    const byType = new Map<number, TlvEntry>();
    for (const [name, d] of Object.entries(map)) byType.set(d.type, [name, d]);
    index = { byType, required: Object.entries(map).filter(([, d]) => d.required) };
    tlvIndexes.set(map, index);
  }
  return index;
}

// Which TLV types a frame has shown so far: a stamp per type instead of a Set per frame. The
// stamp changes with every call, so nothing is cleared. (Decoding is synchronous: no two calls
// ever use it at once.)
const seenStamp = new Uint32Array(256);
let stamp = 0;

/** Decodes the TLVs of a frame against a TLV map (request, response or indication). A failed
 *  response need not carry the TLVs that are mandatory on success, so `resultFailed` spares them. */
export function decodeTlvs(frame: QmiFrame, map: TlvMap | undefined, resultFailed = false, reader?: Reader): Pick<DecodedMessage, 'fields' | 'unknownTlvs' | 'tlvErrors'> {
  const fields: Record<string, unknown> = {};
  const unknownTlvs: { type: number; hex: string }[] = [];
  const tlvErrors: TlvError[] = [];
  const { byType, required } = tlvIndex(map);
  if (++stamp === 0xffffffff) { seenStamp.fill(0); stamp = 1; }
  const seen = stamp;
  const r = reader ?? new Reader(frame.bytes);
  const skipResult = frame.kind === 'response';
  for (const t of frame.tlvs) {
    if (skipResult && t.type === RESULT_TLV) continue;
    const entry = byType.get(t.type);
    if (!entry) {
      unknownTlvs.push({ type: t.type, hex: frame.bytes.toString('hex', t.offset, t.offset + t.length) });
      continue;
    }
    const name = entry[0];
    const d = entry[1];
    if (seenStamp[t.type] === seen) {
      // Some firmwares repeat a TLV; like uqmi we keep the first and say so.
      tlvErrors.push({ type: t.type, field: name, offset: t.offset, code: 'duplicate',
        message: `TLV ${hex2(t.type)} (${name}) appears more than once; the first one was used` });
      continue;
    }
    seenStamp[t.type] = seen;
    try {
      fields[name] = d.field.decode(r.window(t.offset, t.offset + t.length));
    } catch (e) {
      tlvErrors.push(tlvErrorFrom(e, t.type, name, t.value, d.field));
    }
  }
  if (frame.kind !== 'indication' && !resultFailed) {
    for (const [name, d] of required) {
      if (seenStamp[d.type] !== seen) {
        tlvErrors.push({ type: d.type, field: name, offset: frame.bytes.length, code: 'missing',
          message: `mandatory TLV ${hex2(d.type)} (${name}) is missing` });
      }
    }
  }
  return { fields, unknownTlvs, tlvErrors };
}

const unknownServiceNames = new Map<number, string>();

/** Decodes a parsed frame into names and typed values. Never throws. */
export function decodeMessage(frame: QmiFrame): DecodedMessage {
  const svc = serviceById(frame.service);
  const found = svc ? messageById(svc, frame.messageId, frame.kind) : undefined;
  // One Reader for the whole frame, moved from TLV to TLV.
  const r = new Reader(frame.bytes);
  const errors: TlvError[] = [];
  const result = frame.kind === 'response' ? decodeResult(frame, errors, r) : undefined;
  const body = decodeTlvs(frame, found?.decl[frame.kind], result?.status === 'failure', r);
  let serviceName = svc?.name;
  if (serviceName === undefined) {
    serviceName = unknownServiceNames.get(frame.service);
    if (serviceName === undefined) unknownServiceNames.set(frame.service, serviceName = `unknown-${hex2(frame.service)}`);
  }
  const service = { id: frame.service, name: serviceName };
  const message = found
    ? { id: frame.messageId, name: found.decl.name, key: found.key }
    : { id: frame.messageId, name: `unknown-0x${frame.messageId.toString(16).padStart(4, '0')}` };
  const tlvErrors = errors.length === 0 ? body.tlvErrors : [...errors, ...body.tlvErrors];
  // Two literals rather than a spread of an optional result: the same key order either way.
  return result
    ? { service, message, kind: frame.kind, transactionId: frame.transactionId, clientId: frame.clientId, result, fields: body.fields, unknownTlvs: body.unknownTlvs, tlvErrors }
    : { service, message, kind: frame.kind, transactionId: frame.transactionId, clientId: frame.clientId, fields: body.fields, unknownTlvs: body.unknownTlvs, tlvErrors };
}

export type DecodeOutcome = { ok: true; frame: QmiFrame; message: DecodedMessage } | { ok: false; error: QmiDecodeError };

/** Hex text to a decoded message, or a typed error with an offset. */
export function decodeHexFrame(text: string): DecodeOutcome {
  const hex = parseHex(text);
  if (!hex.ok) return hex;
  return decodeBytes(hex.bytes);
}

export function decodeBytes(bytes: Buffer): DecodeOutcome {
  const parsed = parseFrame(bytes);
  if (!parsed.ok) return parsed;
  return { ok: true, frame: parsed.frame, message: decodeMessage(parsed.frame) };
}

// ---------------------------------------------------------------- encode

export interface EncodeOptions {
  clientId: number;
  transactionId: number;
  /** Responses only: the result TLV. Defaults to success. */
  result?: { error: number | string };
  /** TLVs to append as they are (e.g. to keep unknown ones when re-encoding). */
  extraTlvs?: { type: number; hex: string }[];
}

/** Encodes the TLVs of a map from values; missing mandatory TLVs are an encode error. */
export function encodeTlvs(map: TlvMap | undefined, values: Record<string, unknown>, path: string, enforceRequired = true): { type: number; value: Buffer }[] {
  const out: { type: number; value: Buffer }[] = [];
  if (typeof values !== 'object' || values === null) throw new QmiEncodeError(path, `expected an object of field values, got ${show(values)}`);
  for (const name of Object.keys(values)) {
    if (values[name] !== undefined && !(map && name in map)) throw new QmiEncodeError(`${path}.${name}`, 'not a field of this message');
  }
  for (const [name, d] of Object.entries(map ?? {})) {
    const v = values[name];
    if (v === undefined) {
      if (d.required && enforceRequired) throw new QmiEncodeError(`${path}.${name}`, `mandatory TLV 0x${d.type.toString(16)} is missing`);
      continue;
    }
    const w = new Writer();
    try {
      d.field.encode(w, v, `${path}.${name}`);
    } catch (e) {
      // The encoder's message quotes the value; for a PIN or password that must not happen.
      if (d.secret && e instanceof QmiEncodeError) throw new QmiEncodeError(`${path}.${name}`, 'invalid value (not shown: it is a secret)');
      throw e;
    }
    out.push({ type: d.type, value: w.toBuffer() });
  }
  return out;
}

export function encodeMessage<M extends MessageDecl, K extends MessageKind>(
  service: ServiceDecl,
  message: M,
  kind: K,
  values: K extends 'request' ? EncodeFields<NonNullable<M[K]>> : ReplyFields<NonNullable<M[K]>>,
  opts: EncodeOptions,
): Buffer {
  const map = message[kind];
  const code = opts.result === undefined ? 0 : typeof opts.result.error === 'number' ? opts.result.error : protocolErrorCode(opts.result.error);
  if (code === undefined) throw new QmiEncodeError('result', `unknown QMI error name ${show(opts.result?.error)}`);
  // Only a request or a successful response must carry every mandatory TLV: a failed response
  // need not, and indications are declared without mandatory TLVs in mind.
  const enforce = kind === 'request' || (kind === 'response' && code === 0);
  const tlvs = encodeTlvs(map, values as Record<string, unknown>, `${service.name}.${message.name}.${kind}`, enforce);
  if (kind === 'response') {
    const v = Buffer.alloc(4);
    v.writeUInt16LE(code === 0 ? 0 : 1, 0);
    v.writeUInt16LE(code, 2);
    tlvs.unshift({ type: RESULT_TLV, value: v });
  }
  for (const t of opts.extraTlvs ?? []) tlvs.push({ type: t.type, value: Buffer.from(t.hex, 'hex') });
  return buildFrame({ service: service.id, clientId: opts.clientId, kind, transactionId: opts.transactionId, messageId: message.id, tlvs });
}

// ---------------------------------------------------------------- secrets

// The secret TLVs of each TLV map, by type and by name, found once per map (declarations never
// change): every frame that crosses the wire is recorded, and most declare no secret.
const NO_SECRETS: { types: ReadonlySet<number>; names: readonly [string, number][] } = { types: new Set(), names: [] };
const secretIndexes = new Map<TlvMap, typeof NO_SECRETS>();

/** The secret TLVs (PIN, PUK, password) a frame's declaration has: their types and names. */
export function secretTlvsOf(frame: Pick<QmiFrame, 'service' | 'messageId' | 'kind'>): typeof NO_SECRETS {
  const svc = serviceById(frame.service);
  const map = svc ? messageById(svc, frame.messageId, frame.kind)?.decl[frame.kind] : undefined;
  if (!map) return NO_SECRETS;
  let index = secretIndexes.get(map);
  if (!index) {
    const names = Object.entries(map).filter(([, d]) => d.secret).map(([name, d]): [string, number] => [name, d.type]);
    index = names.length === 0 ? NO_SECRETS : { types: new Set(names.map(([, t]) => t)), names };
    secretIndexes.set(map, index);
  }
  return index;
}

/** The frame as hex with every secret TLV value (PIN, PUK, password) replaced by "xx" bytes. */
export function redactedHex(frame: QmiFrame): string {
  const secretTypes = secretTlvsOf(frame).types;
  if (secretTypes.size === 0) return frame.bytes.toString('hex');
  let hex = '';
  let at = 0;
  for (const t of frame.tlvs) {
    if (!secretTypes.has(t.type)) continue;
    hex += frame.bytes.subarray(at, t.offset).toString('hex') + 'xx'.repeat(t.value.length);
    at = t.offset + t.value.length;
  }
  return hex + frame.bytes.subarray(at).toString('hex');
}

/** Decoded fields with secret TLVs replaced by a marker, safe for logs and reports. */
export function redactedFields(msg: DecodedMessage): Record<string, unknown> {
  const svc = serviceById(msg.service.id);
  const decl = svc ? messageById(svc, msg.message.id, msg.kind)?.decl[msg.kind] : undefined;
  const out: Record<string, unknown> = { ...msg.fields };
  for (const [name, d] of Object.entries(decl ?? {})) if (d.secret && name in out) out[name] = '[secret]';
  return out;
}
