// How a QMI message is declared: as data. A service lists its messages; a message lists its
// request, response and indication TLVs by type id, each with a field type from codec/fields.ts.
// TypeScript types for requests and replies are inferred from these declarations, so a
// message is described exactly once (libqmi does the same with its JSON service files).

import type { AnyField, InputOf, ValueOf } from './codec/fields.ts';

export interface TlvDecl<F extends AnyField = AnyField, R extends boolean = boolean> {
  readonly type: number;
  readonly field: F;
  /** Mandatory TLVs must be present when we encode; a missing one is reported on decode. */
  readonly required: R;
  /** A secret (PIN, PUK, password): never shown in transcripts, logs or reports. */
  readonly secret: boolean;
}

export type TlvMap = Readonly<Record<string, TlvDecl>>;

export function tlv<F extends AnyField>(type: number, field: F): TlvDecl<F, false>;
export function tlv<F extends AnyField, R extends boolean>(type: number, field: F, opts: { required?: R; secret?: boolean }): TlvDecl<F, R>;
export function tlv(type: number, field: AnyField, opts: { required?: boolean; secret?: boolean } = {}): TlvDecl {
  return { type, field, required: opts.required ?? false, secret: opts.secret ?? false };
}

/** Shorthand for a mandatory TLV (usually type 0x01). */
export function req<F extends AnyField>(type: number, field: F, opts: { secret?: boolean } = {}): TlvDecl<F, true> {
  return { type, field, required: true, secret: opts.secret ?? false };
}

export interface MessageDecl<Q extends TlvMap = TlvMap, S extends TlvMap = TlvMap, I extends TlvMap = TlvMap> {
  readonly id: number;
  /** Display name as libqmi spells it, e.g. "Get Current Settings". */
  readonly name: string;
  readonly request?: Q;
  readonly response?: S;
  readonly indication?: I;
}

export interface ServiceDecl<M extends Readonly<Record<string, MessageDecl>> = Readonly<Record<string, MessageDecl>>> {
  readonly id: number;
  readonly name: string;
  readonly messages: M;
}

export function defineMessage<const Q extends TlvMap = Record<never, never>, const S extends TlvMap = Record<never, never>, const I extends TlvMap = Record<never, never>>(
  m: { id: number; name: string; request?: Q; response?: S; indication?: I },
): MessageDecl<Q, S, I> {
  return m;
}

export function defineService<const M extends Readonly<Record<string, MessageDecl>>>(s: { id: number; name: string; messages: M }): ServiceDecl<M> {
  return s;
}

// ---------------------------------------------------------------- inferred value types

type RequiredKeys<T extends TlvMap> = { [K in keyof T]: T[K] extends TlvDecl<AnyField, true> ? K : never }[keyof T];
type OptionalKeys<T extends TlvMap> = Exclude<keyof T, RequiredKeys<T>>;

/** What we pass when encoding: mandatory TLVs required, the rest optional. */
export type EncodeFields<T extends TlvMap | undefined> = T extends TlvMap
  ? { [K in RequiredKeys<T>]: InputOf<T[K]['field']> } & { [K in OptionalKeys<T>]?: InputOf<T[K]['field']> }
  : Record<never, never>;

/** What we get when decoding: every TLV may be absent (firmwares omit even "mandatory" ones). */
export type DecodedFields<T extends TlvMap | undefined> = T extends TlvMap
  ? { [K in keyof T]?: ValueOf<T[K]['field']> }
  : Record<never, never>;

/** What we pass when encoding a response or indication: every TLV optional (a failed reply
 *  carries few), each value in its encoder's input form (a measure may omit its raw number). */
export type ReplyFields<T extends TlvMap | undefined> = T extends TlvMap
  ? { [K in keyof T]?: InputOf<T[K]['field']> }
  : Record<never, never>;

export type RequestOf<M extends MessageDecl> = EncodeFields<NonNullable<M['request']>>;
export type ResponseOf<M extends MessageDecl> = DecodedFields<NonNullable<M['response']>>;
/** What a response is built from (a responder's side of ResponseOf). */
export type ReplyOf<M extends MessageDecl> = ReplyFields<NonNullable<M['response']>>;
