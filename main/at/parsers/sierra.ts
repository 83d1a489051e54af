// Sierra Wireless: AT!GSTATUS?, AT!USBCOMP?, AT!IMPREF?. These answer with "Label: value" text,
// several pairs per line separated by tabs; the prefix (when present) is on the first line only.

import { afterPrefix, fieldsAfter, toDecimal, toHexId, toInt, type HexId } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

export interface LabelledValue { label: string; value: string }

/** Split `Label:  value\t\tLabel2: value2` into pairs; text without a label joins the previous value. */
export function labelledPairs(lines: string[], prefix: string): LabelledValue[] {
  const out: LabelledValue[] = [];
  for (const raw of lines) {
    const body = afterPrefix(raw, prefix) ?? raw;
    for (const seg of columns(body)) {
      const s = seg.trim();
      if (s === '') continue;
      const colon = s.indexOf(':');
      const label = colon > 0 && colon <= MAX_LABEL ? s.slice(0, colon).trim() : '';
      if (label !== '') out.push({ label, value: s.slice(colon + 1).trim() });
      else if (out.length > 0) {
        const prev = out[out.length - 1] as LabelledValue;
        prev.value = prev.value === '' ? s : `${prev.value} ${s}`;
      }
    }
  }
  return out;
}

const MAX_LABEL = 40;
const MAX_GSTATUS_PAIRS = 256;

/**
 * The columns of one line. Pairs are separated by tabs, or (in copies that lost their tabs) by
 * a run of blanks before the next `Label:`; a label never contains a double blank. Written as a
 * scan, not one regular expression: a lookahead after ` {2,}` backtracks quadratically on a long
 * run of blanks.
 */
function columns(body: string): string[] {
  const out: string[] = [];
  for (const cell of body.split(/\t+/)) {
    let start = 0;
    const runs = / {2,}/g;
    let m: RegExpExecArray | null;
    while ((m = runs.exec(cell)) !== null) {
      const after = m.index + m[0].length;
      if (startsLabel(cell, after)) {
        out.push(cell.slice(start, m.index));
        start = after;
      }
    }
    out.push(cell.slice(start));
  }
  return out;
}

// `Label:` at i: a letter, then up to 40 characters without a colon or a double blank, then ':'.
function startsLabel(text: string, i: number): boolean {
  return /^[A-Za-z](?:[^:\s]| (?=\S)){0,40}:/.test(text.slice(i, i + MAX_LABEL + 2));
}

export interface GstatusResult {
  pairs: LabelledValue[];
  mode?: string;
  systemMode?: string;
  psState?: string;
  lteBand?: string;
  lteBandwidthMhz?: number;
  temperatureC?: number;
  /** Every "RSRP (dBm)" value in order (one per antenna / carrier). */
  rsrpDbm: number[];
  rssiDbm: number[];
  rsrqDb?: number;
  sinrDb?: number;
  tac?: HexId;
  cellId?: HexId;
  emmState?: string;
}

export function parseGstatus(lines: string[]): ParseOutcome<GstatusResult> {
  const pairs = labelledPairs(lines, '!GSTATUS');
  if (pairs.length === 0) return fail(lines.join('\n'), 'no "Label: value" text in the !GSTATUS answer');
  // A real answer holds about 30 pairs (EM74xx/MC74xx AT Command Reference, !GSTATUS). Thousands
  // come from noise (a port flooding "x:" text), and each would be carried and masked downstream.
  if (pairs.length > MAX_GSTATUS_PAIRS) return fail(`${lines[0]?.slice(0, 80) ?? ''}…`, `${pairs.length} "Label: value" pairs: more than a !GSTATUS answer holds (at most ${MAX_GSTATUS_PAIRS})`);
  const res: GstatusResult = { pairs, rsrpDbm: [], rssiDbm: [] };
  for (const { label, value } of pairs) {
    const l = label.toLowerCase();
    const firstWord = value.split(/\s+/)[0] ?? '';
    if (l === 'mode') res.mode = value;
    else if (l === 'system mode') res.systemMode = value;
    else if (l === 'ps state') res.psState = value;
    else if (l === 'lte band') res.lteBand = value;
    else if (l === 'lte bw') { const v = toDecimal(firstWord); if (v !== undefined) res.lteBandwidthMhz = v; }
    else if (l === 'temperature') { const v = toDecimal(firstWord); if (v !== undefined) res.temperatureC = v; }
    else if (l === 'rsrp (dbm)' || l.endsWith(' rsrp')) { const v = toDecimal(firstWord); if (v !== undefined) res.rsrpDbm.push(v); }
    else if (l.endsWith('rssi')) { const v = toDecimal(firstWord); if (v !== undefined) res.rssiDbm.push(v); }
    else if (l === 'rsrq (db)') { const v = toDecimal(firstWord); if (v !== undefined) res.rsrqDb = v; }
    else if (l === 'sinr (db)') { const v = toDecimal(firstWord); if (v !== undefined) res.sinrDb = v; }
    else if (l === 'tac') { const v = toHexId(firstWord); if (v !== undefined) res.tac = v; }
    else if (l === 'cell id') { const v = toHexId(firstWord); if (v !== undefined) res.cellId = v; }
    else if (l === 'emm state') res.emmState = value;
  }
  return ok(res);
}

// Interface bits of the !USBCOMP mask (Sierra AirPrime EM74xx/MC74xx AT Command Reference,
// !USBCOMP; and the names the modem prints in parentheses).
const USBCOMP_BITS: Readonly<Record<number, string>> = {
  0: 'diag', 2: 'nmea', 3: 'modem', 8: 'rmnet0', 10: 'rmnet1', 12: 'mbim',
};

export interface UsbcompResult {
  configIndex?: number;
  configType?: number;
  configTypeName?: string;
  /** Mask as printed (hex). */
  mask: string;
  maskValue: number;
  /** Interfaces named from the mask bits. */
  interfaces: string[];
  /** The names the modem printed after the mask, when it did. */
  reportedInterfaces?: string[];
  /** true when the mask includes QMI (rmnet0) — what qmi_wwan needs. */
  qmi: boolean;
  mbim: boolean;
}

export function parseUsbcomp(lines: string[]): ParseOutcome<UsbcompResult> {
  const pairs = labelledPairs(lines, '!USBCOMP');
  const get = (label: string): string | undefined => pairs.find((p) => p.label.toLowerCase() === label)?.value;
  const maskText = get('interface bitmask');
  if (maskText === undefined) return fail(lines.join('\n'), 'no "Interface bitmask:" in the !USBCOMP answer');
  const m = /^([0-9A-Fa-f]{1,8})\s*(?:\(([^)]*)\))?/.exec(maskText);
  if (!m) return fail(maskText, `interface bitmask "${maskText}" is not hex`);
  const mask = (m[1] ?? '').toUpperCase();
  const maskValue = Number.parseInt(mask, 16);
  const interfaces: string[] = [];
  for (let b = 0; b < 32; b++) if ((maskValue >>> b) & 1) interfaces.push(USBCOMP_BITS[b] ?? `bit-${b}`);
  const res: UsbcompResult = {
    mask, maskValue, interfaces, qmi: ((maskValue >>> 8) & 1) === 1, mbim: ((maskValue >>> 12) & 1) === 1,
  };
  if (m[2] !== undefined) res.reportedInterfaces = m[2].split(',').map((s) => s.trim()).filter((s) => s !== '');
  const idx = toInt(get('config index'));
  if (idx !== undefined) res.configIndex = idx;
  const type = /^(\d+)\s*(?:\((.*)\))?/.exec(get('config type') ?? '');
  if (type) {
    res.configType = Number(type[1]);
    if (type[2] !== undefined) res.configTypeName = type[2].trim();
  }
  return ok(res);
}

export interface ImprefResult {
  preferred: { fwVersion?: string; carrierName?: string; configName?: string; subpriIndex?: string };
  current: { fwVersion?: string; carrierName?: string; configName?: string; subpriIndex?: string };
  /** true when the preferred image is not the running one (a firmware/PRI mismatch). */
  mismatch: boolean;
}

export function parseImpref(lines: string[]): ParseOutcome<ImprefResult> {
  const res: ImprefResult = { preferred: {}, current: {}, mismatch: false };
  let found = 0;
  for (const { label, value } of labelledPairs(lines, '!IMPREF')) {
    const m = /^(preferred|current)\s+(fw version|carrier name|config name|subpri index)$/i.exec(label);
    if (!m) continue;
    const side = (m[1] ?? '').toLowerCase() === 'preferred' ? res.preferred : res.current;
    const key = ({ 'fw version': 'fwVersion', 'carrier name': 'carrierName', 'config name': 'configName',
      'subpri index': 'subpriIndex' } as const)[(m[2] ?? '').toLowerCase() as 'fw version'];
    side[key] = value;
    found += 1;
  }
  if (found === 0) return fail(lines.join('\n'), 'no "preferred ..."/"current ..." lines in the !IMPREF answer');
  res.mismatch = res.preferred.fwVersion !== res.current.fwVersion ||
    res.preferred.carrierName !== res.current.carrierName || res.preferred.configName !== res.current.configName;
  return ok(res);
}

export interface CpincResult { pin1: number; pin2: number; puk1: number; puk2: number }

/** AT!CPINC?: attempts left, `!CPINC: <pin1>,<pin2>,<puk1>,<puk2>` (Sierra AirPrime MC/EM74xx AT Command Reference, !CPINC). */
export function parseSierraCpinc(lines: string[]): ParseOutcome<CpincResult> {
  const f = fieldsAfter(lines, '!CPINC');
  if (f === null) return fail(lines.join('\n'), 'no !CPINC: line in the response');
  const v = f.fields.slice(0, 4).map((x) => toInt(x.text));
  if (v.length < 4 || v.some((x) => x === undefined || x < 0)) return fail(f.line, '!CPINC needs four counts: <pin1>,<pin2>,<puk1>,<puk2>');
  const [pin1, pin2, puk1, puk2] = v as [number, number, number, number];
  return ok({ pin1, pin2, puk1, puk2 });
}
