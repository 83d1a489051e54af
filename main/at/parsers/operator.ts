// AT+COPS? and AT+COPS=? (27.007 §7.3). Names may contain commas (quoted) and, with
// AT+CSCS="UCS2", arrive hex-encoded (MM test_cops_response_ublox_lara).

import { ACCESS_TECHNOLOGY } from './registration.ts';
import { afterPrefix, fieldsAfter, nameOf, splitFields, toInt } from './fields.ts';
import { isContinuationLine } from './command.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

const MODE_NAMES: Readonly<Record<number, string>> = {
  0: 'automatic', 1: 'manual', 2: 'deregistered', 3: 'set-format-only', 4: 'manual-then-automatic',
};
const FORMAT_NAMES: Readonly<Record<number, string>> = { 0: 'long', 1: 'short', 2: 'numeric' };
const AVAILABILITY: Readonly<Record<number, string>> = { 0: 'unknown', 1: 'available', 2: 'current', 3: 'forbidden' };

/**
 * Decode a UCS2 hex name when it unmistakably is one: groups of four hex digits, each a
 * character below U+0100 written `00xx` (operator names and digits). Anything else is kept.
 */
export function decodeUcs2Name(text: string): { text: string; ucs2: boolean } {
  if (text.length < 8 || text.length % 4 !== 0 || !/^[0-9A-Fa-f]+$/.test(text)) return { text, ucs2: false };
  let out = '';
  for (let i = 0; i < text.length; i += 4) {
    if (text.slice(i, i + 2) !== '00') return { text, ucs2: false };
    const code = Number.parseInt(text.slice(i, i + 4), 16);
    if (code < 0x20) return { text, ucs2: false };
    out += String.fromCharCode(code);
  }
  return { text: out, ucs2: true };
}

function splitPlmn(numeric: string): { mcc: string; mnc: string } | undefined {
  return /^\d{5,6}$/.test(numeric) ? { mcc: numeric.slice(0, 3), mnc: numeric.slice(3) } : undefined;
}

export interface CopsReadResult {
  mode: number;
  modeName: string;
  format?: number;
  formatName?: string;
  operator?: string;
  /** MCC/MNC when the operator is numeric (format 2). */
  mcc?: string;
  mnc?: string;
  act?: number;
  accessTechnology?: string;
  /** true when the operator was hex UCS2 and has been decoded. */
  ucs2?: boolean;
}

export function parseCopsRead(lines: string[]): ParseOutcome<CopsReadResult> {
  const f = fieldsAfter(lines, '+COPS');
  if (f === null) return fail(lines.join('\n'), 'no +COPS: line in the response');
  if (f.fields[0]?.text.startsWith('(')) return fail(f.line, 'this is a +COPS=? scan list, not a +COPS? answer');
  const mode = toInt(f.fields[0]?.text);
  if (mode === undefined) return fail(f.line, `+COPS mode "${f.fields[0]?.text ?? ''}" is not a number`);
  const res: CopsReadResult = { mode, modeName: nameOf(MODE_NAMES, mode) };
  const format = toInt(f.fields[1]?.text);
  if (format !== undefined) {
    res.format = format;
    res.formatName = nameOf(FORMAT_NAMES, format);
    const opField = f.fields[2];
    if (opField !== undefined) {
      const dec = decodeUcs2Name(opField.text);
      res.operator = dec.text;
      if (dec.ucs2) res.ucs2 = true;
      const plmn = format === 2 ? splitPlmn(dec.text) : undefined;
      if (plmn) { res.mcc = plmn.mcc; res.mnc = plmn.mnc; }
    }
    const act = toInt(f.fields[3]?.text);
    if (act !== undefined) { res.act = act; res.accessTechnology = nameOf(ACCESS_TECHNOLOGY, act); }
  }
  return ok(res);
}

export interface ScannedNetwork {
  stat: number;
  status: string;
  long?: string;
  short?: string;
  numeric: string;
  mcc?: string;
  mnc?: string;
  act?: number;
  accessTechnology?: string;
}

export interface CopsTestResult {
  networks: ScannedNetwork[];
}

/**
 * Top-level parenthesised groups of `(..),(..),,(..)`, quote-aware. Firmwares put a stray `)`
 * before the last field of an entry (`(2,"T - Mobile","T - Mobile","310260"),2)`, MM
 * test_cops_response_tm506 and _f3607gw): a `,<digits>)` after a group at the top level is taken
 * as that group's last field, as ModemManager does. Other stray text between groups is ignored.
 */
function groups(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  let between = '';
  for (const ch of body) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') {
      if (depth === 0) { cur = ''; between = ''; depth = 1; continue; }
      depth += 1;
    }
    if (!quoted && ch === ')') {
      if (depth > 0) {
        depth -= 1;
        if (depth === 0) { out.push(cur); between = ''; continue; }
      } else {
        const stray = /^\s*,\s*(\d{1,3})\s*$/.exec(between);
        if (stray && out.length > 0) out[out.length - 1] += `,${stray[1]}`;
        between = '';
        continue;
      }
    }
    if (depth > 0) cur += ch;
    else if (between.length < 16) between += ch;
  }
  return out;
}

export function parseCopsTest(lines: string[]): ParseOutcome<CopsTestResult> {
  // Some firmwares wrap the list: an unprefixed `(...)` line continues the +COPS: line before it.
  const bodies: string[] = [];
  for (const l of lines) {
    const body = afterPrefix(l, '+COPS');
    if (body !== null) bodies.push(body);
    else if (bodies.length > 0 && isContinuationLine(l)) bodies[bodies.length - 1] += l.trim();
  }
  if (bodies.length === 0) return fail(lines.join('\n'), 'no +COPS: line in the response');
  const networks: ScannedNetwork[] = [];
  for (const body of bodies) {
    for (const g of groups(body)) {
      const fields = splitFields(g);
      // Network entries have quoted names; trailing groups like (0,1,2,3,4),(0-2) list the
      // supported modes and formats and are skipped.
      if (!fields.some((x) => x.quoted)) continue;
      const stat = toInt(fields[0]?.text);
      const numeric = decodeUcs2Name(fields[3]?.text ?? '').text;
      if (stat === undefined || numeric === '') continue;
      const net: ScannedNetwork = { stat, status: nameOf(AVAILABILITY, stat), numeric };
      const long = decodeUcs2Name(fields[1]?.text ?? '').text;
      const short = decodeUcs2Name(fields[2]?.text ?? '').text;
      if (long !== '') net.long = long;
      if (short !== '') net.short = short;
      const plmn = splitPlmn(numeric);
      if (plmn) { net.mcc = plmn.mcc; net.mnc = plmn.mnc; }
      const act = toInt(fields[4]?.text);
      if (act !== undefined) { net.act = act; net.accessTechnology = nameOf(ACCESS_TECHNOLOGY, act); }
      networks.push(net);
    }
  }
  return ok({ networks });
}
