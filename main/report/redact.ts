// Redaction of a report, applied to the whole JSON value just before it is returned, so nothing
// added later in building can slip past it:
// - secrets (PIN, PUK, passwords) are removed always, with or without --no-redact: a field named
//   after one is replaced by "[secret]" (not a masked form: neither value nor length survives),
//   and any such value found is also removed wherever else it appears, as text and as hex;
// - identities (identities.ts) are masked unless the caller asks for them shown: as text, as the
//   hex of their ASCII (a QMI DMS Get IDs reply carries the IMEI that way), and as nibble-swapped
//   BCD (EF ICCID / EF IMSI contents). In hex the ASCII form keeps its length with "*" (2a), so
//   the frame still decodes to the masked value; masked BCD nibbles read "x", as the QMI
//   transcript marks secret bytes "xx" (main/qmi/message-codec.ts redactedHex).

import { maskSecrets } from '../at/secrets.ts';
import { collectIdentities, maskIdentity, type Identity, type IdentityKind } from './identities.ts';
import type { Json } from './json-safe.ts';
import { luhnValid } from '../at/parsers/identity.ts';

export const SECRET_MARK = '[secret]';

/** Field names that hold a secret's value (compared case-insensitively). "secrets" (a list of
 *  what a fix will ask for, by name) is not one. */
const SECRET_KEYS = new Set(['pin', 'puk', 'newpin', 'oldpin', 'pin1', 'pin2', 'puk1', 'puk2', 'pincode', 'pukcode', 'password', 'passwd', 'apnpassword', 'secret']);

export interface Replacement {
  kind: IdentityKind | 'secret';
  /** Text patterns, each with what replaces it (most specific first), and the literal it
   *  matches, lowercased: a string that does not contain it is not searched with the pattern. */
  patterns: { re: RegExp; to: (m: string) => string; needle: string }[];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const asciiHex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
/** Nibble-swapped BCD of a digit string, padded with F (TS 102 221 / TS 31.102 coding). "*" -> "x". */
function swappedBcd(digits: string): string {
  const d = digits.length % 2 === 1 ? `${digits}f` : digits;
  let out = '';
  for (let i = 0; i + 1 < d.length; i += 2) out += (d[i + 1] ?? '') + (d[i] ?? '');
  return out.replace(/\*/g, 'x');
}
/** Keeps the case of the hex it replaces. */
const likeCase = (found: string, to: string): string => (/[A-F]/.test(found) ? to.toUpperCase().replace(/X/g, 'x') : to);

function hexPattern(from: string, to: string): Replacement['patterns'][number] {
  return { re: new RegExp(escapeRe(from), 'gi'), to: (m) => likeCase(m, to), needle: from.toLowerCase() };
}

/** The patterns that hide one identity in every form it takes. */
export function identityReplacement(id: Identity, mncDigits?: 2 | 3): Replacement {
  const masked = maskIdentity(id.kind, id.value, mncDigits);
  const patterns: Replacement['patterns'] = [
    { re: new RegExp(escapeRe(id.value), /[A-Fa-f]/.test(id.value) ? 'gi' : 'g'), to: () => masked, needle: id.value.toLowerCase() },
    hexPattern(asciiHex(id.value), asciiHex(masked)),
  ];
  if (/^\+?\d+$/.test(id.value)) {
    const digits = id.value.replace('+', '');
    const maskedDigits = masked.replace('+', '');
    patterns.push(hexPattern(swappedBcd(digits), swappedBcd(maskedDigits)));
    // EF IMSI: a parity/type nibble (9 odd, 1 even) in front of the digits.
    if (id.kind === 'imsi') for (const p of ['9', '1']) patterns.push(hexPattern(swappedBcd(p + digits), swappedBcd(p + maskedDigits)));
  }
  return { kind: id.kind, patterns };
}

/** The patterns that remove one secret value: as text (as a whole token when short), as ASCII hex. */
export function secretReplacement(value: string): Replacement {
  const text = value.length < 6
    ? new RegExp(`(?<![0-9A-Za-z])${escapeRe(value)}(?![0-9A-Za-z])`, 'g')
    : new RegExp(escapeRe(value), 'g');
  const hex = asciiHex(value);
  return {
    kind: 'secret',
    patterns: [
      { re: new RegExp(escapeRe(hex), 'gi'), to: () => 'xx'.repeat(value.length), needle: hex.toLowerCase() },
      { re: text, to: () => SECRET_MARK, needle: value.toLowerCase() },
    ],
  };
}

function applyTo(s: string, reps: readonly Replacement[], hit: Set<string>): string {
  let out = s;
  let lower = s.toLowerCase();
  for (const r of reps) {
    for (const p of r.patterns) {
      if (!lower.includes(p.needle)) continue;
      const next = out.replace(p.re, (m) => p.to(m));
      lower = next.toLowerCase();
      if (next !== out) hit.add(r.kind === 'secret' ? 'secret' : r.kind);
      out = next;
    }
  }
  return out;
}

/** Takes secret values out of fields named after them (collecting the values), at any depth. */
function stripSecretFields(v: Json, found: Set<string>): Json {
  if (Array.isArray(v)) return v.map((x) => stripSecretFields(x, found));
  if (v === null || typeof v !== 'object') return v;
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) {
    if (SECRET_KEYS.has(k.toLowerCase()) && x !== SECRET_MARK && x !== null && x !== '' && typeof x !== 'boolean') {
      collectStrings(x, found);
      out[k] = SECRET_MARK;
    } else {
      out[k] = stripSecretFields(x, found);
    }
  }
  return out;
}

function collectStrings(v: Json, into: Set<string>): void {
  if (typeof v === 'string' || typeof v === 'number') { if (String(v).length > 0) into.add(String(v)); return; }
  if (Array.isArray(v)) { for (const x of v) collectStrings(x, into); return; }
  if (v && typeof v === 'object') for (const x of Object.values(v)) collectStrings(x, into);
}

function mapStrings(v: Json, f: (s: string) => string): Json {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v === null || typeof v !== 'object') return v;
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) out[k] = mapStrings(x, f);
  return out;
}

function eachString(v: Json, f: (s: string) => void): void {
  if (typeof v === 'string') f(v);
  else if (Array.isArray(v)) for (const x of v) eachString(x, f);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) eachString(x, f);
}

/** Last resort in free text (not hex): a Luhn-valid 15-digit number is an IMEI, 89 + 17/18 digits an ICCID. */
function identitiesByShape(v: Json, out: Identity[]): void {
  const seen = new Set(out.map((i) => i.value));
  eachString(v, (s) => {
    if (/^[0-9a-fA-F]*$/.test(s) && s.length > 20) return; // a hex dump
    for (const m of s.matchAll(/(?<!\d)(\d{15}|89\d{17,18})(?!\d)/g)) {
      const d = m[1] ?? '';
      if (seen.has(d) || !luhnValid(d)) continue;
      seen.add(d);
      out.push({ kind: d.length === 15 ? 'imei' : 'iccid', value: d });
    }
  });
}

export interface RedactOptions {
  /** Mask identities (default true). Secrets are removed either way. */
  identities: boolean;
  /** Secret values the caller knows of (a PIN just entered): removed wherever they appear. */
  forget?: readonly string[];
  mncDigits?: 2 | 3;
}

export interface RedactResult {
  value: Json;
  /** Identities masked, as they now read (for the report's redaction summary). */
  masked: { kind: IdentityKind; shown: string }[];
}

/**
 * Redacts a report-shaped JSON value. `transcriptKey` names the member holding the exchanges:
 * each exchange whose text changed gets the kinds masked added to its `redacted` marks.
 */
export function redactReport(input: Json, opts: RedactOptions, transcriptKey = 'transcript'): RedactResult {
  const secrets = new Set<string>(opts.forget ?? []);
  let value = stripSecretFields(input, secrets);
  // AT text is masked by the channel already; again here for exchanges made elsewhere (imports).
  value = maskAtText(value, transcriptKey);
  const reps: Replacement[] = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length).map(secretReplacement);
  const masked: RedactResult['masked'] = [];
  if (opts.identities) {
    const transcript = (isObj(value) && Array.isArray(value[transcriptKey]) ? value[transcriptKey] : []) as Json[];
    const ids = collectIdentities(value, transcript);
    identitiesByShape(value, ids);
    ids.sort((a, b) => b.value.length - a.value.length);
    for (const id of ids) {
      reps.push(identityReplacement(id, opts.mncDigits));
      // The summary names each identity once, not also its check-digit-less form.
      if (!ids.some((o) => o !== id && o.kind === id.kind && o.value.startsWith(id.value))) {
        masked.push({ kind: id.kind, shown: maskIdentity(id.kind, id.value, opts.mncDigits) });
      }
    }
  }
  if (reps.length === 0) return { value, masked };
  if (isObj(value) && Array.isArray(value[transcriptKey])) {
    const { [transcriptKey]: transcript, ...rest } = value;
    const redactedRest = mapStrings(rest, (s) => applyTo(s, reps, new Set()));
    const xs = (transcript as Json[]).map((x) => {
      const hit = new Set<string>();
      const y = mapStrings(x, (s) => applyTo(s, reps, hit));
      if (hit.size === 0 || !isObj(y)) return y;
      const marks = new Set<string>(Array.isArray(y.redacted) ? y.redacted.filter((m): m is string => typeof m === 'string') : []);
      for (const h of hit) marks.add(h);
      return { ...y, redacted: [...marks].sort() };
    });
    return { value: { ...(redactedRest as Record<string, Json>), [transcriptKey]: xs }, masked: dedupe(masked) };
  }
  return { value: mapStrings(value, (s) => applyTo(s, reps, new Set())), masked: dedupe(masked) };
}

function maskAtText(v: Json, transcriptKey: string): Json {
  if (!isObj(v) || !Array.isArray(v[transcriptKey])) return v;
  const xs = (v[transcriptKey] as Json[]).map((x) => (isObj(x) && x.protocol === 'at' ? mapStrings(x, maskSecrets) : x));
  return { ...v, [transcriptKey]: xs };
}

const isObj = (v: Json): v is { [k: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

function dedupe(xs: RedactResult['masked']): RedactResult['masked'] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.shown) ? false : (seen.add(x.shown), true)));
}
