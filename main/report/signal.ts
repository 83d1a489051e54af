// Signal over time for the report: samples the caller took (a session polling the modem), plus
// every signal reading the transcript holds — QMI NAS Get Signal Info replies and Signal Info
// indications, AT+CSQ and Quectel AT+QCSQ answers — so a one-shot diagnosis still shows a point
// and a long session a curve. Values in their units (dBm, dB), as the facts have them.

import type { Exchange } from '../evidence/exchange.ts';
import { parseCsq, parseQcsq } from '../at/parsers/signal.ts';

export interface SignalSample {
  /** ISO 8601. */
  time: string;
  rat?: string;
  /** dBm */
  rssi?: number;
  /** dBm (LTE) */
  rsrp?: number;
  /** dB (LTE) */
  rsrq?: number;
  /** dB (LTE SNR / SINR) */
  snr?: number;
  /** The exchange it was read from, when it came from the transcript. */
  seq?: number;
}

/** A plain number, or a decoded QMI measure ({ dB: -4, raw: -40 }): its value in units. */
function units(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (k !== 'raw' && typeof x === 'number' && Number.isFinite(x)) return x;
  }
  return undefined;
}

function put(s: SignalSample, key: 'rssi' | 'rsrp' | 'rsrq' | 'snr', v: unknown): void {
  const n = units(v);
  if (n !== undefined) s[key] = n;
}

function fromQmi(x: Exchange): SignalSample | undefined {
  const d = x.decoded;
  if (x.direction !== 'rx' || !d || !('service' in d) || d.service !== 'NAS') return undefined;
  if (d.message !== 'Get Signal Info' && d.message !== 'Signal Info') return undefined;
  if (d.result && !d.result.ok) return undefined;
  const f = d.fields ?? {};
  const s: SignalSample = { time: x.time, seq: x.seq };
  const lte = f.lteSignalStrength as Record<string, unknown> | undefined;
  const wcdma = f.wcdmaSignalStrength as Record<string, unknown> | undefined;
  if (lte) {
    s.rat = 'lte';
    put(s, 'rssi', lte.rssi); put(s, 'rsrp', lte.rsrp); put(s, 'rsrq', lte.rsrq); put(s, 'snr', lte.snr);
  } else if (wcdma) {
    s.rat = 'umts';
    put(s, 'rssi', wcdma.rssi);
  } else if (f.gsmSignalStrength !== undefined) {
    s.rat = 'gsm';
    put(s, 'rssi', f.gsmSignalStrength);
  }
  return s.rat ? s : undefined;
}

function fromAt(x: Exchange): SignalSample | undefined {
  if (x.direction !== 'rx') return undefined;
  const line = x.raw.trim();
  if (line.startsWith('+CSQ:')) {
    const r = parseCsq([line]);
    if (r.ok && r.value.rssiDbm !== null) return { time: x.time, seq: x.seq, rssi: r.value.rssiDbm };
  } else if (line.startsWith('+QCSQ:')) {
    const r = parseQcsq([line]);
    if (!r.ok) return undefined;
    const q = r.value;
    const s: SignalSample = { time: x.time, seq: x.seq, rat: q.sysmode.toLowerCase() === 'wcdma' ? 'umts' : q.sysmode.toLowerCase() };
    if (q.rssi !== undefined) s.rssi = q.rssi;
    if (q.rsrp !== undefined) s.rsrp = q.rsrp;
    if (q.rsrq !== undefined) s.rsrq = q.rsrq;
    if (q.sinrDb !== undefined) s.snr = q.sinrDb;
    return s.rssi !== undefined || s.rsrp !== undefined ? s : undefined;
  }
  return undefined;
}

/** The samples given and those the transcript holds, oldest first. */
export function signalSamples(given: readonly SignalSample[], transcript: readonly Exchange[]): SignalSample[] {
  const out = [...given];
  for (const x of transcript) {
    const s = x.protocol === 'qmi' ? fromQmi(x) : fromAt(x);
    if (s) out.push(s);
  }
  return out.sort((a, b) => a.time.localeCompare(b.time) || (a.seq ?? 0) - (b.seq ?? 0));
}
