// SIMCom: AT+CPSI?, AT+CNSMOD?, AT+CUSBPIDSWITCH? (SIMCom SIM7500/SIM7600 AT Command Manual).

import { fieldsAfter, toHexId, toInt, type HexId } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

export interface CpsiResult {
  /** 'LTE', 'WCDMA', 'GSM', 'NO SERVICE', 'LTE CAT-M1', ... */
  systemMode: string;
  /** 'Online', 'Offline', 'Low Power Mode', ... */
  operationMode: string;
  mcc?: string;
  mnc?: string;
  tac?: HexId;
  /** Serving cell id, decimal in the answer. */
  cellId?: number;
  pcellId?: number;
  band?: string;
  earfcn?: number;
  dlBandwidth?: number;
  ulBandwidth?: number;
  /**
   * RSRQ/RSRP/RSSI/RSSNR as sent. Units differ by firmware: SIM7600E-H prints tenths
   * (`-178,-1089,-742,8`), others levels (`21,67,255,19`); the raw numbers are kept.
   */
  rsrq?: number;
  rsrp?: number;
  rssi?: number;
  rssnr?: number;
  /** Fields of non-LTE layouts, as sent. */
  fields?: string[];
}

export function parseCpsi(lines: string[]): ParseOutcome<CpsiResult> {
  const f = fieldsAfter(lines, '+CPSI');
  if (f === null) return fail(lines.join('\n'), 'no +CPSI: line in the response');
  const systemMode = f.fields[0]?.text ?? '';
  if (systemMode === '') return fail(f.line, '+CPSI without a system mode');
  const res: CpsiResult = { systemMode, operationMode: f.fields[1]?.text ?? '' };
  if (f.fields.length <= 2) return ok(res);
  const plmn = /^(\d{3})-(\d{2,3})$/.exec(f.fields[2]?.text ?? '');
  if (plmn) { res.mcc = plmn[1]; res.mnc = plmn[2]; }
  if (systemMode.toUpperCase().startsWith('LTE') && f.fields.length >= 14) {
    const tac = toHexId(f.fields[3]?.text);
    if (tac === undefined) return fail(f.line, `+CPSI TAC "${f.fields[3]?.text ?? ''}" is not hex`);
    res.tac = tac;
    const n = (i: number): number | undefined => toInt(f.fields[i]?.text);
    const cellId = n(4);
    if (cellId !== undefined) res.cellId = cellId;
    const pcell = n(5);
    if (pcell !== undefined) res.pcellId = pcell;
    res.band = f.fields[6]?.text ?? '';
    const vals = [n(7), n(8), n(9), n(10), n(11), n(12), n(13)];
    if (vals.some((v) => v === undefined)) return fail(f.line, '+CPSI LTE layout has a non-numeric value');
    const [earfcn, dl, ul, rsrq, rsrp, rssi, rssnr] = vals as number[];
    Object.assign(res, { earfcn, dlBandwidth: dl, ulBandwidth: ul, rsrq, rsrp, rssi, rssnr });
    return ok(res);
  }
  res.fields = f.fields.slice(2).map((x) => x.text);
  return ok(res);
}

const CNSMOD_NAMES: Readonly<Record<number, string>> = {
  0: 'no-service', 1: 'gsm', 2: 'gprs', 3: 'egprs', 4: 'wcdma', 5: 'hsdpa', 6: 'hsupa', 7: 'hspa', 8: 'lte',
};

export interface CnsmodResult { n: number; stat: number; mode: string }

export function parseCnsmod(lines: string[]): ParseOutcome<CnsmodResult> {
  const f = fieldsAfter(lines, '+CNSMOD');
  if (f === null) return fail(lines.join('\n'), 'no +CNSMOD: line in the response');
  const n = toInt(f.fields[0]?.text);
  const stat = toInt(f.fields[1]?.text);
  if (n === undefined || stat === undefined) return fail(f.line, '+CNSMOD needs <n>,<stat>');
  return ok({ n, stat, mode: CNSMOD_NAMES[stat] ?? `unknown-${stat}` });
}

// 1e0e:<pid> compositions as named by drivers/usb/serial/option.c and ModemManager
// plugins/simtech/77-mm-simtech-port-types.rules.
const PID_MODES: Readonly<Record<string, string>> = {
  '9001': 'default (QMI on interface 5)',
  '9011': 'RNDIS + serial (usb0)',
  '9003': 'MBIM',
};

export interface CusbpidswitchResult {
  /** The USB product id as printed, e.g. '9001'. */
  pid: string;
  productId: number;
  description?: string;
}

export function parseCusbpidswitch(lines: string[]): ParseOutcome<CusbpidswitchResult> {
  const f = fieldsAfter(lines, '+CUSBPIDSWITCH');
  if (f === null) return fail(lines.join('\n'), 'no +CUSBPIDSWITCH: line in the response');
  const pid = (f.fields[0]?.text ?? '').toUpperCase();
  if (!/^[0-9A-F]{4}$/.test(pid)) return fail(f.line, `USB product id "${pid}" is not four hex digits`);
  const res: CusbpidswitchResult = { pid, productId: Number.parseInt(pid, 16) };
  const d = PID_MODES[pid];
  if (d !== undefined) res.description = d;
  return ok(res);
}

export interface SpicResult { pin1: number; puk1: number; pin2: number; puk2: number }

/** AT+SPIC: attempts left, `+SPIC: <pin1>,<puk1>,<pin2>,<puk2>` (SIMCom SIM7500/SIM7600 AT Command Manual, AT+SPIC). */
export function parseSpic(lines: string[]): ParseOutcome<SpicResult> {
  const f = fieldsAfter(lines, '+SPIC');
  if (f === null) return fail(lines.join('\n'), 'no +SPIC: line in the response');
  const v = f.fields.slice(0, 4).map((x) => toInt(x.text));
  if (v.length < 4 || v.some((x) => x === undefined || x < 0)) return fail(f.line, '+SPIC needs four counts: <pin1>,<puk1>,<pin2>,<puk2>');
  const [pin1, puk1, pin2, puk2] = v as [number, number, number, number];
  return ok({ pin1, puk1, pin2, puk2 });
}
