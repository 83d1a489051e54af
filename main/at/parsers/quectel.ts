// Quectel: AT+QCFG="usbnet", AT+QCFG="band", AT+QENG="servingcell", AT+QNWINFO.
// Layouts per the Quectel EC25 and RM500Q AT Commands Manuals, cross-checked against public
// captures.

import { allFieldsAfter, fieldsAfter, toHexId, toInt, type HexId, type RawField } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

const USBNET_NAMES: Readonly<Record<number, string>> = {
  0: 'rmnet', 1: 'ecm', 2: 'mbim', 3: 'rndis',
  // RM5xx report 5; community notes call it NCM (not in the manuals: verify on the device).
  5: 'ncm',
};
const USBNET_DRIVERS: Readonly<Record<number, string>> = {
  0: 'qmi_wwan', 1: 'cdc_ether', 2: 'cdc_mbim', 3: 'rndis_host', 5: 'cdc_ncm',
};

export interface UsbnetResult {
  mode: number;
  modeName: string;
  /** The Linux driver that binds the network interface in this mode. */
  driver?: string;
}

function qcfgLine(lines: string[], key: string): { line: string; fields: RawField[] } | null {
  return allFieldsAfter(lines, '+QCFG').find((e) => e.fields[0]?.text.toLowerCase() === key) ?? null;
}

export function parseQcfgUsbnet(lines: string[]): ParseOutcome<UsbnetResult> {
  const e = qcfgLine(lines, 'usbnet');
  if (e === null) return fail(lines.join('\n'), 'no +QCFG: "usbnet" line in the response');
  const mode = toInt(e.fields[1]?.text);
  if (mode === undefined) return fail(e.line, `usbnet mode "${e.fields[1]?.text ?? ''}" is not a number`);
  const res: UsbnetResult = { mode, modeName: USBNET_NAMES[mode] ?? `unknown-${mode}` };
  const driver = USBNET_DRIVERS[mode];
  if (driver !== undefined) res.driver = driver;
  return ok(res);
}

export interface BandResult {
  /** GSM/WCDMA mask as sent (hex). */
  gwBandMask: string;
  /** LTE mask as sent (hex); bit n-1 set = band n enabled. */
  lteBandMask: string;
  lteBands: number[];
  tdsBandMask?: string;
}

function hexMaskBits(hex: string): number[] | undefined {
  const t = hex.replace(/^0x/i, '');
  if (!/^[0-9A-Fa-f]{1,32}$/.test(t)) return undefined;
  const bits: number[] = [];
  // Walk nibbles from the least significant end; no 64-bit arithmetic needed.
  for (let i = 0; i < t.length; i++) {
    const nib = Number.parseInt(t[t.length - 1 - i] ?? '0', 16);
    for (let b = 0; b < 4; b++) if ((nib >> b) & 1) bits.push(i * 4 + b);
  }
  return bits;
}

export function parseQcfgBand(lines: string[]): ParseOutcome<BandResult> {
  const e = qcfgLine(lines, 'band');
  if (e === null) return fail(lines.join('\n'), 'no +QCFG: "band" line in the response');
  const gw = e.fields[1]?.text ?? '';
  const lte = e.fields[2]?.text ?? '';
  const bits = hexMaskBits(lte);
  if (hexMaskBits(gw) === undefined || bits === undefined) return fail(e.line, 'band masks must be hex numbers');
  const res: BandResult = { gwBandMask: gw, lteBandMask: lte, lteBands: bits.map((b) => b + 1) };
  const tds = e.fields[3]?.text;
  if (tds !== undefined && tds !== '') res.tdsBandMask = tds;
  return ok(res);
}

const BANDWIDTH_MHZ: readonly number[] = [1.4, 3, 5, 10, 15, 20];

export interface LteServingCell {
  duplex: string;
  mcc: number;
  /** As printed: keeps a leading zero (`00`). */
  mnc: string;
  cellId: HexId;
  pcid: number;
  earfcn: number;
  band: number;
  ulBandwidthMhz: number | null;
  dlBandwidthMhz: number | null;
  tac: HexId;
  rsrp: number;
  rsrq: number;
  rssi: number;
  /**
   * As sent; the unit differs between firmwares (Quectel EC25 AT Commands Manual vs. EC25
   * captures).
   */
  sinr: number;
  cqi?: number;
  txPower?: number;
  /** null when the modem prints '-'. */
  srxlev: number | null;
}

export interface ServingCellResult {
  /** 'SEARCH', 'LIMSRV', 'NOCONN', 'CONNECT'. */
  state: string;
  /** 'LTE', 'WCDMA', 'GSM', 'NR5G-SA', 'NR5G-NSA', ... or absent when searching. */
  rat?: string;
  lte?: LteServingCell;
  /** Lines we do not decode field by field (NR5G, WCDMA, GSM), as sent. */
  other?: Array<{ rat: string; fields: string[] }>;
}

const num = (f: RawField | undefined): number | undefined => toInt(f?.text);

function parseLte(fields: RawField[], line: string): ParseOutcome<LteServingCell> {
  // fields start at <is_tdd>: EC2x has 15, RM5xx 17 (adds <CQI>,<tx_power> before <srxlev>).
  if (fields.length !== 15 && fields.length !== 17) {
    return fail(line, `LTE serving cell has ${fields.length} fields after "LTE" (expected 15 or 17)`);
  }
  const g = (i: number): RawField | undefined => fields[i];
  const mcc = num(g(1));
  const cellId = toHexId(g(3)?.text);
  const tac = toHexId(g(9)?.text);
  const ints = [g(4), g(5), g(6), g(7), g(8), g(10), g(11), g(12), g(13)].map(num);
  if (mcc === undefined || cellId === undefined || tac === undefined || ints.some((v) => v === undefined)) {
    return fail(line, 'LTE serving cell has a field that is not a number where one is expected');
  }
  const [pcid, earfcn, band, ul, dl, rsrp, rsrq, rssi, sinr] = ints as number[];
  const last = g(fields.length - 1)?.text ?? '';
  const cell: LteServingCell = {
    duplex: g(0)?.text ?? '', mcc: mcc, mnc: g(2)?.text ?? '', cellId, pcid: pcid as number,
    earfcn: earfcn as number, band: band as number,
    ulBandwidthMhz: BANDWIDTH_MHZ[ul as number] ?? null, dlBandwidthMhz: BANDWIDTH_MHZ[dl as number] ?? null,
    tac, rsrp: rsrp as number, rsrq: rsrq as number, rssi: rssi as number, sinr: sinr as number,
    srxlev: toInt(last) ?? null,
  };
  if (fields.length === 17) {
    const cqi = num(g(14));
    const tx = num(g(15));
    if (cqi !== undefined) cell.cqi = cqi;
    if (tx !== undefined) cell.txPower = tx;
  }
  return ok(cell);
}

export function parseQengServingcell(lines: string[]): ParseOutcome<ServingCellResult> {
  const all = allFieldsAfter(lines, '+QENG');
  const head = all.find((e) => e.fields[0]?.text.toLowerCase() === 'servingcell');
  if (head === undefined) return fail(lines.join('\n'), 'no +QENG: "servingcell" line in the response');
  const state = (head.fields[1]?.text ?? '').toUpperCase();
  if (state === '') return fail(head.line, 'serving cell line without a state');
  const res: ServingCellResult = { state };
  // Single-line form: "servingcell",<state>,<rat>,... ; NSA form: the RAT lines follow separately.
  const ratLines: Array<{ line: string; rat: string; rest: RawField[] }> = [];
  if (head.fields[2] !== undefined) ratLines.push({ line: head.line, rat: head.fields[2].text, rest: head.fields.slice(3) });
  for (const e of all) {
    if (e === head) continue;
    const rat = e.fields[0]?.text ?? '';
    ratLines.push({ line: e.line, rat, rest: e.fields.slice(1) });
  }
  for (const r of ratLines) {
    const rat = r.rat.toUpperCase();
    res.rat ??= rat;
    if (rat === 'LTE' && res.lte === undefined) {
      const lte = parseLte(r.rest, r.line);
      if (!lte.ok) return lte;
      res.lte = lte.value;
    } else {
      (res.other ??= []).push({ rat, fields: r.rest.map((f) => f.text) });
    }
  }
  return ok(res);
}

export interface QnwinfoResult {
  /** e.g. "FDD LTE", "No Service". */
  accessTechnology: string;
  operator?: string;
  mcc?: string;
  mnc?: string;
  band?: string;
  channel?: number;
  registered: boolean;
}

export function parseQnwinfo(lines: string[]): ParseOutcome<QnwinfoResult> {
  const f = fieldsAfter(lines, '+QNWINFO');
  if (f === null) return fail(lines.join('\n'), 'no +QNWINFO: line in the response');
  const act = f.fields[0]?.text ?? '';
  if (act === '') return fail(f.line, '+QNWINFO without an access technology');
  if (/^no service$/i.test(act)) return ok({ accessTechnology: act, registered: false });
  const res: QnwinfoResult = { accessTechnology: act, registered: true };
  const oper = f.fields[1]?.text;
  if (oper !== undefined) {
    res.operator = oper;
    if (/^\d{5,6}$/.test(oper)) { res.mcc = oper.slice(0, 3); res.mnc = oper.slice(3); }
  }
  if (f.fields[2] !== undefined) res.band = f.fields[2].text;
  const ch = num(f.fields[3]);
  if (ch !== undefined) res.channel = ch;
  return ok(res);
}
