// Signal: AT+CSQ, AT+CESQ (27.007 §8.5, §8.69) and Quectel AT+QCSQ. Conversions per 27.007 and the
// Quectel EC25 AT Commands Manual.

import { fieldsAfter, toInt } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

export interface CsqResult {
  rssi: number;
  ber: number;
  /** −113 + 2·rssi; 31 means ≥ −51; null for 99 (not known). */
  rssiDbm: number | null;
  /** ModemManager's quality: dBm clamped to −113..−51 scaled to 0..100; null when unknown. */
  qualityPercent: number | null;
  /** null for 99 (always on LTE). */
  berKnown: boolean;
}

export function csqToDbm(rssi: number): number | null {
  return rssi >= 0 && rssi <= 31 ? -113 + 2 * rssi : null;
}

export function parseCsq(lines: string[]): ParseOutcome<CsqResult> {
  const f = fieldsAfter(lines, '+CSQ');
  if (f === null) return fail(lines.join('\n'), 'no +CSQ: line in the response');
  const rssi = toInt(f.fields[0]?.text);
  const ber = toInt(f.fields[1]?.text);
  if (rssi === undefined || ber === undefined) return fail(f.line, '+CSQ needs <rssi>,<ber>');
  if (!((rssi >= 0 && rssi <= 31) || rssi === 99)) return fail(f.line, `+CSQ rssi ${rssi} is outside 0..31 and not 99`);
  if (!((ber >= 0 && ber <= 7) || ber === 99)) return fail(f.line, `+CSQ ber ${ber} is outside 0..7 and not 99`);
  const dbm = csqToDbm(rssi);
  return ok({
    rssi, ber, rssiDbm: dbm,
    qualityPercent: dbm === null ? null : Math.round(((dbm + 113) * 100) / 62),
    berKnown: ber !== 99,
  });
}

export interface CesqResult {
  rxlev: number; ber: number; rscp: number; ecno: number; rsrq: number; rsrp: number;
  /** Converted values; null where the modem says "not known" (99 / 255). */
  gsmRssiDbm: number | null;
  rscpDbm: number | null;
  ecnoDb: number | null;
  rsrqDb: number | null;
  rsrpDbm: number | null;
}

export function parseCesq(lines: string[]): ParseOutcome<CesqResult> {
  const f = fieldsAfter(lines, '+CESQ');
  if (f === null) return fail(lines.join('\n'), 'no +CESQ: line in the response');
  const v = f.fields.slice(0, 6).map((x) => toInt(x.text));
  if (v.length < 6 || v.some((x) => x === undefined)) return fail(f.line, '+CESQ needs six numbers');
  const [rxlev, ber, rscp, ecno, rsrq, rsrp] = v as [number, number, number, number, number, number];
  return ok({
    rxlev, ber, rscp, ecno, rsrq, rsrp,
    gsmRssiDbm: rxlev <= 63 ? -111 + rxlev : null,
    rscpDbm: rscp <= 96 ? -121 + rscp : null,
    ecnoDb: ecno <= 49 ? -24.5 + ecno / 2 : null,
    rsrqDb: rsrq <= 34 ? -20 + rsrq / 2 : null,
    rsrpDbm: rsrp <= 97 ? -141 + rsrp : null,
  });
}

export interface QcsqResult {
  /** "LTE", "WCDMA", "GSM", "NR5G", "NOSERVICE", ... */
  sysmode: string;
  /** Numeric values as sent, in order. */
  values: number[];
  rssi?: number;
  rsrp?: number;
  rsrq?: number;
  /** LTE SINR as sent: 0..250 in 1/5 dB offset by −20 dB per the EC2x manual. */
  sinrRaw?: number;
  /**
   * sinrRaw / 5 − 20; shown next to the raw value because firmwares differ (Quectel EC25 AT
   * Commands Manual vs. EC25 captures).
   */
  sinrDb?: number;
}

export function parseQcsq(lines: string[]): ParseOutcome<QcsqResult> {
  const f = fieldsAfter(lines, '+QCSQ');
  if (f === null) return fail(lines.join('\n'), 'no +QCSQ: line in the response');
  const sysmode = (f.fields[0]?.text ?? '').toUpperCase();
  if (sysmode === '') return fail(f.line, '+QCSQ without a system mode');
  const values: number[] = [];
  for (const x of f.fields.slice(1)) {
    const n = toInt(x.text);
    if (n === undefined) return fail(f.line, `+QCSQ value "${x.text}" is not a number`);
    values.push(n);
  }
  const res: QcsqResult = { sysmode, values };
  if (sysmode === 'LTE' && values.length >= 4) {
    const [rssi, rsrp, sinr, rsrq] = values as [number, number, number, number];
    Object.assign(res, { rssi, rsrp, rsrq, sinrRaw: sinr, sinrDb: sinr / 5 - 20 });
  } else if (values.length >= 1) {
    res.rssi = values[0];
  }
  return ok(res);
}
