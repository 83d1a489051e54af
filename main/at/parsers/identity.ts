// Identity of the SIM and the module: IMSI, ICCID, IMEI, manufacturer/model/revision, ATI.
// ICCID rules follow ModemManager's mm_3gpp_parse_iccid (src/mm-modem-helpers.c): strip quotes;
// starting with
// `98` means BCD nibble-swapped (Huawei ^ICCID) → swap pairs; drop one trailing F; MII must be 89.

import { afterPrefix, bareText } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

const firstLine = (lines: string[]): string | undefined => lines.find((l) => l.trim().length > 0);

export interface ImsiResult {
  imsi: string;
  /** First three digits. The MNC length (2 or 3) is not derivable from the IMSI alone. */
  mcc: string;
}

export function parseImsi(lines: string[]): ParseOutcome<ImsiResult> {
  const line = firstLine(lines);
  if (line === undefined) return fail('', 'no IMSI in the response');
  const imsi = bareText(line, ['+CIMI']).replace(/"/g, '').trim();
  if (!/^\d{6,15}$/.test(imsi)) return fail(line, `"${imsi}" is not an IMSI (6 to 15 digits)`);
  return ok({ imsi, mcc: imsi.slice(0, 3) });
}

export interface IccidResult {
  iccid: string;
  /** true when the modem reported it BCD-swapped and we swapped it back. */
  swapped: boolean;
}

const ICCID_PREFIXES = ['+QCCID', '+ICCID', '+CCID', '^ICCID', '!ICCID', '#CCID', 'ICCID', '+CICCID'];

/** Normalise one ICCID string as a modem prints it. */
export function normaliseIccid(raw: string): ParseOutcome<IccidResult> {
  let s = raw.replace(/"/g, '').trim().toUpperCase();
  if (!/^[0-9A-F]+$/.test(s)) return fail(raw, `ICCID "${s}" contains characters other than hex digits`);
  if (s.length < 18 || s.length > 20) return fail(raw, `ICCID "${s}" has ${s.length} digits (expected 19 or 20)`);
  let swapped = false;
  if (s.startsWith('98')) {
    let out = '';
    for (let i = 0; i + 1 < s.length; i += 2) out += `${s[i + 1] ?? ''}${s[i] ?? ''}`;
    if (s.length % 2 === 1) out += s[s.length - 1] ?? '';
    s = out;
    swapped = true;
  }
  if (s.endsWith('F')) s = s.slice(0, -1);
  if (!s.startsWith('89')) return fail(raw, `ICCID "${s}" does not start with 89 (telecom issuer)`);
  return ok({ iccid: s, swapped });
}

export function parseIccid(lines: string[]): ParseOutcome<IccidResult> {
  const line = firstLine(lines);
  if (line === undefined) return fail('', 'no ICCID in the response');
  const r = normaliseIccid(bareText(line, ICCID_PREFIXES));
  return r.ok ? r : fail(line, r.error.message);
}

export interface ImeiResult {
  imei: string;
  /** Luhn check digit verified (IMEI, 15 digits). */
  checkDigitValid: boolean;
}

/** Luhn check digit for a string of decimal digits (IMEI per 3GPP TS 23.003 §B.2, ICCID per
 *  ITU-T E.118); the simulator numbers its fleet's IMEIs and ICCIDs with it. */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Doubling starts at the rightmost digit of the body (it sits next to the check digit).
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Decimal digits whose last one is their Luhn check digit. */
export function luhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

export function parseImei(lines: string[]): ParseOutcome<ImeiResult> {
  const line = firstLine(lines);
  if (line === undefined) return fail('', 'no IMEI in the response');
  // Some answers append a serial number: `356936001568843,NL2A62Z0N5` (MM test_cdma_parse_gsn).
  const text = bareText(line, ['+CGSN', '+GSN']).replace(/"/g, '').split(',')[0]?.trim() ?? '';
  if (!/^\d{15}$/.test(text)) return fail(line, `"${text}" is not an IMEI (15 digits)`);
  return ok({ imei: text, checkDigitValid: luhnValid(text) });
}

export interface InfoTextResult {
  text: string;
}

/** +CGMI / +CGMM / +CGMR / +GMR / +QGMR: bare text, sometimes prefixed or quoted. */
export function parseInfoText(lines: string[]): ParseOutcome<InfoTextResult> {
  const parts = lines.map((l) => bareText(l, ['+CGMI', '+CGMM', '+CGMR', '+GMI', '+GMM', '+GMR', '+QGMR']))
    .map((t) => t.replace(/^"(.*)"$/, '$1').trim()).filter((t) => t.length > 0);
  if (parts.length === 0) return fail('', 'no text in the response');
  return ok({ text: parts.join('\n') });
}

export interface AtiResult {
  manufacturer?: string;
  model?: string;
  revision?: string;
  imei?: string;
  lines: string[];
}

/**
 * ATI: Quectel prints `Quectel` / `EC25` / `Revision: ...`; others label every line
 * (`Manufacturer: huawei`, `Model: E1550`, `Revision: ...`, `IMEI: ...`; MM devid tests).
 */
export function parseAti(lines: string[]): ParseOutcome<AtiResult> {
  const clean = lines.map((l) => l.trim()).filter((l) => l.length > 0);
  if (clean.length === 0) return fail('', 'no text in the ATI response');
  const res: AtiResult = { lines: clean };
  const unlabelled: string[] = [];
  for (const l of clean) {
    const m = /^(Manufacturer|Model|Revision|IMEI)\s*:\s*(.*)$/i.exec(l);
    if (m) {
      const key = (m[1] ?? '').toLowerCase();
      const value = (m[2] ?? '').trim();
      if (key === 'manufacturer') res.manufacturer = value;
      else if (key === 'model') res.model = value;
      else if (key === 'revision') res.revision = value;
      else res.imei = value;
    } else if (afterPrefix(l, '+GCAP') === null) {
      unlabelled.push(l);
    }
  }
  if (res.manufacturer === undefined && unlabelled[0] !== undefined) res.manufacturer = unlabelled[0];
  if (res.model === undefined && unlabelled[1] !== undefined) res.model = unlabelled[1];
  return ok(res);
}
