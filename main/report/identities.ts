// The identities a report masks (IMEI, IMSI, ICCID, MSISDN; MEID and ESN on CDMA modules): how
// each is masked, and where they are found. Masking keeps what tells modems apart and what a
// reader needs, and hides what identifies a subscriber or a unit:
//   IMEI   first 6 (of the TAC, which names the model, 3GPP TS 23.003 §6.2.1) + last 2
//   IMSI   MCC + MNC (first 5, or 6 with a 3-digit MNC: the home operator) + last 2
//   ICCID  first 7 (89, country and issuer, ITU-T E.118) + last 2
//   MSISDN leading "+" and first 2 digits (the country) + last 2
//   MEID / ESN  first 2 (manufacturer code) + last 2
// Every masked digit becomes "*". Identities are collected from the facts, from fields named
// after them anywhere (decoded QMI replies, finding values), and from the AT and QMI answers that
// carry them (AT+CGSN, AT+CIMI, AT+CCID..., ATI's "IMEI:" line, AT+CNUM, EF ICCID / EF IMSI reads),
// so one the facts missed is still masked wherever it appears.

import { normaliseIccid } from '../at/parsers/identity.ts';
import type { Json } from './json-safe.ts';

export type IdentityKind = 'imei' | 'imsi' | 'iccid' | 'msisdn' | 'meid' | 'esn';

export interface Identity {
  kind: IdentityKind;
  value: string;
}

/** How many leading and trailing characters stay visible, per kind. */
function keep(kind: IdentityKind, value: string, mncDigits?: 2 | 3): [number, number] {
  switch (kind) {
    case 'imei': return [6, 2];
    case 'imsi': return [mncDigits === 3 ? 6 : 5, 2];
    case 'iccid': return [7, 2];
    case 'msisdn': return [value.startsWith('+') ? 3 : 2, 2];
    case 'meid': case 'esn': return [2, 2];
  }
}

/** The masked form: the same length, hidden characters as "*". Never more than half (rounded up) shown. */
export function maskIdentity(kind: IdentityKind, value: string, mncDigits?: 2 | 3): string {
  let [head, tail] = keep(kind, value, mncDigits);
  // Short or odd values (a 10-digit MSISDN, a 14-digit IMEI without check digit): never show
  // more than half of the characters.
  const most = Math.ceil(value.length / 2);
  while (head + tail > most && head > 0) head--;
  while (head + tail > most && tail > 0) tail--;
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

/** Field names whose values are identities (compared case-insensitively). */
const KEY_KINDS: ReadonlyMap<string, IdentityKind> = new Map([
  ['imei', 'imei'], ['imsi', 'imsi'], ['iccid', 'iccid'], ['msisdn', 'msisdn'], ['meid', 'meid'], ['esn', 'esn'],
  // ModemManager's EquipmentIdentifier is the IMEI on 3GPP modems.
  ['equipmentid', 'imei'], ['equipmentidentifier', 'imei'],
]);

/** Too short or all zeros: no identity (CDMA-less modules answer ESN "0", data SIMs an empty MSISDN). */
function meaningful(v: string): boolean {
  return v.replace(/[^0-9A-Fa-f]/g, '').length >= 6 && !/^[0\s+]*$/.test(v) && !v.includes('*');
}

/** An ICCID as reported in either order (plain, or nibble-swapped BCD from EF ICCID); undefined if neither. */
function iccidFrom(raw: string): string | undefined {
  const r = normaliseIccid(raw);
  return r.ok ? r.value.iccid : undefined;
}

/** IMSI digits from EF IMSI content (TS 31.102 §4.2.2: length byte, then BCD with a parity nibble first). */
export function imsiFromEf(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{4,}$/.test(hex)) return undefined;
  const len = parseInt(hex.slice(0, 2), 16);
  let digits = '';
  for (let i = 2; i + 1 < 2 + len * 2 && i + 1 < hex.length; i += 2) digits += (hex[i + 1] ?? '') + (hex[i] ?? '');
  digits = digits.slice(1).replace(/[fF]+$/, '');
  return /^\d{6,15}$/.test(digits) ? digits : undefined;
}

function add(out: Map<string, Identity>, kind: IdentityKind, raw: unknown): void {
  if (typeof raw !== 'string') return;
  let value = raw.replace(/"/g, '').trim();
  if (kind === 'iccid') value = iccidFrom(value) ?? value;
  if (!meaningful(value)) return;
  if (!out.has(value)) out.set(value, { kind, value });
}

/** Identities in fields named after them, at any depth (decoded QMI fields, finding values, facts). */
function fromKeys(v: Json, out: Map<string, Identity>): void {
  if (Array.isArray(v)) { for (const x of v) fromKeys(x, out); return; }
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    const kind = KEY_KINDS.get(k.toLowerCase());
    if (kind && typeof x === 'string') add(out, kind, x);
    else fromKeys(x, out);
  }
}

// AT commands whose answer is one identity (27.007 §5.3 +CGSN, §7.1 +CNUM, §5.6 +CIMI; the ICCID
// commands of Quectel, SIMCom, Sierra, Telit, Huawei).
const AT_ANSWERS: readonly [RegExp, IdentityKind][] = [
  [/^AT\+C?GSN/i, 'imei'],
  [/^AT\+CIMI/i, 'imsi'],
  [/^AT[+^!#]?(?:Q|C)?C?ICCID|^AT\+CCID|^AT\+QCCID|^AT#CCID/i, 'iccid'],
];
// Labelled identities in any AT text (ATI prints "IMEI: ...", Sierra "IMEI SV", +CNUM's number).
const AT_LABELLED: readonly [RegExp, IdentityKind][] = [
  [/IMEI(?:\s*SV)?\s*[:=]\s*"?(\d{14,16})/gi, 'imei'],
  [/IMSI\s*[:=]\s*"?(\d{6,15})/gi, 'imsi'],
  [/ICCID\s*[:=]\s*"?([0-9A-Fa-f]{18,20})/gi, 'iccid'],
  [/\+CNUM:\s*"[^"]*"\s*,\s*"(\+?\d{6,15})"/gi, 'msisdn'],
];
// SIM files read by number: EF ICCID (2FE2 = 12258) and EF IMSI (6F07 = 28423), TS 31.102 §4.2.2, TS 102 221 §13.2.
const EF_ICCID = 0x2fe2;
const EF_IMSI = 0x6f07;

interface ExchangeLike { protocol?: Json; direction?: Json; raw?: Json; decoded?: Json }

function fromAt(x: ExchangeLike, out: Map<string, Identity>): void {
  if (typeof x.raw !== 'string') return;
  for (const [re, kind] of AT_LABELLED) for (const m of x.raw.matchAll(re)) add(out, kind, m[1]);
  const command = x.decoded && typeof x.decoded === 'object' && !Array.isArray(x.decoded) ? x.decoded.command : undefined;
  if (x.direction !== 'rx' || typeof command !== 'string') return;
  for (const [re, kind] of AT_ANSWERS) {
    if (!re.test(command)) continue;
    // The answer line: a run of digits (or hex for a swapped ICCID) after an optional "+XXX:" prefix.
    const m = /^(?:[+^!#]?[A-Za-z]+:\s*)?"?([0-9A-Fa-f]{6,20})"?\s*$/.exec(x.raw.trim());
    if (m) add(out, kind, m[1]);
  }
  // AT+CRSM=176,<fileid>,...: the answer's last quoted field is the file's content.
  const crsm = /^AT\+CRSM=176,(\d+)/i.exec(command);
  const content = /\+CRSM:\s*\d+\s*,\s*\d+\s*,\s*"?([0-9A-Fa-f]+)/.exec(x.raw)?.[1];
  if (crsm && content) {
    if (Number(crsm[1]) === EF_ICCID) add(out, 'iccid', content);
    if (Number(crsm[1]) === EF_IMSI) add(out, 'imsi', imsiFromEf(content));
  }
}

const obj = (v: Json | undefined): Record<string, Json> | undefined =>
  v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;

/** UIM Read Transparent of EF ICCID / EF IMSI: the file id is in the request, the content in the reply. */
function fromUimReads(transcript: readonly ExchangeLike[], out: Map<string, Identity>): void {
  const asked = new Map<string, number>();
  for (const x of transcript) {
    const d = obj(x.decoded);
    if (x.protocol !== 'qmi' || !d || d.service !== 'UIM' || d.message !== 'Read Transparent') continue;
    const key = `${String(d.clientId)}:${String(d.transactionId)}`;
    const fields = obj(d.fields);
    if (x.direction === 'tx') {
      const fileId = obj(fields?.file)?.fileId;
      if (typeof fileId === 'number') asked.set(key, fileId);
    } else if (x.direction === 'rx') {
      const content = fields?.readResult;
      const fileId = asked.get(key);
      if (typeof content !== 'string') continue;
      if (fileId === EF_ICCID) add(out, 'iccid', content);
      if (fileId === EF_IMSI) add(out, 'imsi', imsiFromEf(content));
    }
  }
}

/** Every identity the report holds, longest first (so a longer value is masked before its prefix). */
export function collectIdentities(report: Json, transcript: readonly Json[]): Identity[] {
  const out = new Map<string, Identity>();
  fromKeys(report, out);
  const xs = transcript.map((x) => (obj(x) ?? {}) as ExchangeLike);
  for (const x of xs) if (x.protocol === 'at') fromAt(x, out);
  fromUimReads(xs, out);
  // Forms that carry most of an identity: the IMEI without its check digit (also the start of
  // the IMEISV), the ICCID without its check digit (modems that print 19 digits).
  for (const id of [...out.values()]) {
    if (id.kind === 'imei' && id.value.length === 15) add(out, 'imei', id.value.slice(0, 14));
    if (id.kind === 'iccid' && id.value.length >= 19) add(out, 'iccid', id.value.slice(0, 18));
  }
  return [...out.values()].sort((a, b) => b.value.length - a.value.length);
}
