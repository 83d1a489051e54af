// The secrets scanner every suite can use on what it produced (a report, an undo record, CLI
// output, a raw capture): given a virtual modem's secrets and identities, it names every place one
// of them appears — as text, as the hex of its ASCII (QMI string TLVs: DMS Get IDs carries the
// IMEI so), as nibble-swapped BCD hex (EF ICCID, EF IMSI), and in raw bytes in both codings.
// Secrets are looked for always; identities only in their full (unmasked) form.

import type { ModemState } from '../../main/simulator/state.ts';

export type SecretKind = 'pin' | 'puk' | 'password' | 'imei' | 'imsi' | 'iccid' | 'msisdn';
export type SecretForm = 'text' | 'ascii-hex' | 'bcd-hex' | 'bytes' | 'bcd-bytes';

export interface KnownSecrets {
  pin?: readonly string[];
  puk?: readonly string[];
  password?: readonly string[];
  imei?: readonly string[];
  imsi?: readonly string[];
  iccid?: readonly string[];
  msisdn?: readonly string[];
}

export interface SecretHit {
  kind: SecretKind;
  form: SecretForm;
  /** Offset in the text (characters) or in the bytes. */
  offset: number;
  /** What surrounds it, the secret itself replaced by <kind>: safe to print in a failing test. */
  context: string;
}

/** Everything of one virtual modem that must not appear (identities: unmasked). */
export function knownSecretsOf(state: ModemState): KnownSecrets {
  const nonEmpty = (xs: string[]): string[] => [...new Set(xs.filter((x) => x.length > 0))];
  return {
    pin: nonEmpty([state.sim.pin]),
    puk: nonEmpty([state.sim.puk]),
    password: nonEmpty(state.profiles.map((p) => p.password)),
    imei: nonEmpty([state.identity.imei]),
    imsi: nonEmpty([state.sim.imsi]),
    iccid: nonEmpty([state.sim.iccid]),
  };
}

/** Only the secrets (PIN, PUK, passwords): for output where identities may legitimately show. */
export function secretsOnly(k: KnownSecrets): KnownSecrets {
  return { ...(k.pin ? { pin: k.pin } : {}), ...(k.puk ? { puk: k.puk } : {}), ...(k.password ? { password: k.password } : {}) };
}

const asciiHex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
function swappedBcdHex(digits: string): string {
  const d = digits.length % 2 === 1 ? `${digits}f` : digits;
  let out = '';
  for (let i = 0; i + 1 < d.length; i += 2) out += (d[i + 1] ?? '') + (d[i] ?? '');
  return out;
}

interface Needle { kind: SecretKind; value: string; forms: { form: SecretForm; text: string }[] }

function needles(known: KnownSecrets): Needle[] {
  const out: Needle[] = [];
  for (const kind of ['pin', 'puk', 'password', 'imei', 'imsi', 'iccid', 'msisdn'] as const) {
    for (const value of known[kind] ?? []) {
      if (value.length === 0) continue;
      const forms: Needle['forms'] = [{ form: 'text', text: value }, { form: 'ascii-hex', text: asciiHex(value) }];
      const digits = value.replace(/^\+/, '');
      if (/^\d+$/.test(digits) && kind !== 'pin' && kind !== 'puk') {
        forms.push({ form: 'bcd-hex', text: swappedBcdHex(digits) });
        // EF IMSI: the parity/type nibble first (TS 31.102 §4.2.2).
        if (kind === 'imsi') forms.push({ form: 'bcd-hex', text: swappedBcdHex(`9${digits}`) }, { form: 'bcd-hex', text: swappedBcdHex(`1${digits}`) });
      }
      out.push({ kind, value, forms });
    }
  }
  return out;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /[0-9a-fA-F]/.test(c);

function contextOf(text: string, at: number, len: number, kind: SecretKind): string {
  return `${text.slice(Math.max(0, at - 24), at)}<${kind}>${text.slice(at + len, at + len + 24)}`.replace(/[\r\n]/g, ' ');
}

/** Offsets of `needle` in `hay` (case-insensitive for hex forms). */
function offsets(hay: string, needle: string, hex: boolean): number[] {
  const h = hex ? hay.toLowerCase() : hay;
  const n = hex ? needle.toLowerCase() : needle;
  const out: number[] = [];
  for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + 1)) out.push(at);
  return out;
}

/** Where the start of a hex run is, so that a hex match can be checked for byte alignment. */
function hexRunStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && isHex(text[i - 1])) i--;
  return i;
}

function scanText(text: string, known: KnownSecrets, hexOnly = false): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const n of needles(known)) {
    for (const f of n.forms) {
      if (hexOnly && f.form === 'text') continue;
      for (const at of offsets(text, f.text, f.form !== 'text')) {
        if (f.form === 'text') {
          // A short numeric secret (a 4-digit PIN) inside a longer number is not that secret.
          if (/^\d+$/.test(f.text) && (isDigit(text[at - 1]) || isDigit(text[at + f.text.length]))) continue;
          // Nor is a process id: a port's holders are named "(pid 1216)", and on a fresh machine
          // pids run through the same four digits as the virtual modems' PINs (a CI run failed so).
          if (/^\d+$/.test(f.text) && /\bpid\s*$/i.test(text.slice(Math.max(0, at - 6), at))) continue;
        } else if ((at - hexRunStart(text, at)) % 2 !== 0) {
          continue; // not on a byte boundary: two bytes that merely look alike
        }
        hits.push({ kind: n.kind, form: f.form, offset: at, context: contextOf(text, at, f.text.length, n.kind) });
      }
    }
  }
  return hits;
}

function scanBytes(bytes: Uint8Array, known: KnownSecrets): SecretHit[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hits: SecretHit[] = [];
  for (const n of needles(known)) {
    const forms: { form: SecretForm; needle: Buffer }[] = [{ form: 'bytes', needle: Buffer.from(n.value, 'latin1') }];
    for (const f of n.forms) if (f.form === 'bcd-hex') forms.push({ form: 'bcd-bytes', needle: Buffer.from(f.text, 'hex') });
    for (const f of forms) {
      for (let at = buf.indexOf(f.needle); at >= 0; at = buf.indexOf(f.needle, at + 1)) {
        // As in text: a short numeric secret inside a longer run of ASCII digits is not it.
        if (f.form === 'bytes' && /^\d+$/.test(n.value) && (isDigit(String.fromCharCode(buf[at - 1] ?? 0)) || isDigit(String.fromCharCode(buf[at + f.needle.length] ?? 0)))) continue;
        hits.push({ kind: n.kind, form: f.form, offset: at, context: `${buf.subarray(Math.max(0, at - 8), at).toString('hex')}<${n.kind}>${buf.subarray(at + f.needle.length, at + f.needle.length + 8).toString('hex')}` });
      }
    }
  }
  return hits;
}

/**
 * Every occurrence of a known secret or identity. Text is searched as text and for hex forms;
 * bytes are searched as bytes (ASCII and BCD) and, read as Latin-1 text, for the hex forms.
 */
export function scanForSecrets(data: string | Uint8Array, known: KnownSecrets): SecretHit[] {
  if (typeof data === 'string') return scanText(data, known);
  return [...scanBytes(data, known), ...scanText(Buffer.from(data).toString('latin1'), known, true)];
}

/** Throws, naming each hit (never the secret itself), when any known secret or identity appears. */
export function assertNoSecrets(data: string | Uint8Array, known: KnownSecrets, what: string): void {
  const hits = scanForSecrets(data, known);
  if (hits.length === 0) return;
  const lines = hits.slice(0, 20).map((h) => `  ${h.kind} as ${h.form} at ${h.offset}: ${h.context}`);
  throw new Error(`${what} holds ${hits.length} secret(s) or unmasked identit(ies):\n${lines.join('\n')}`);
}
