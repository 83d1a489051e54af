// Recognises values printed by a decoder that loads multi-byte QMI fields from unaligned
// addresses (armv5-loads.ts has the arithmetic), for any values, and recovers the true ones
// where the printed bytes and their neighbours determine them. Never guesses silently: each
// field says how sure the recovery is and what part of it is known.
//
// TLV types (libqmi data/qmi-service-wds.json, Get Current Settings response): 0x15 primary DNS,
// 0x16 secondary DNS, 0x1E IPv4 address, 0x20 gateway, 0x21 subnet mask, 0x29 MTU (u32 each;
// IPv4 values are little-endian u32s printed from the top byte down). NAS Get Serving System
// 0x12 current PLMN: u16 MCC, u16 MNC, string (libqmi data/qmi-service-nas.json).

import { formatIpv4, isContiguousMask, parseIpv4, type Alignment, type Octets } from './armv5-loads.ts';
import type { DumpKey, UqmiDump } from './uqmi-dumps.ts';
import type { LogLine, LogObservation } from './observation.ts';

export type Confidence = 'certain' | 'likely' | 'unknown';

export interface ShiftedField {
  field: DumpKey;
  printed: string | number;
  /** Address mod 4 (u32) or "odd" (u16) the field must have been read from. */
  alignment: Alignment | 'odd';
  /** The true value, when recovered. */
  recovered?: string | number;
  /** What is known when not all of it is: "?.?.97.25", or MNC candidates. */
  known?: string;
  candidates?: number[];
  confidence: Confidence;
  how: string;
  line: number;
}

export interface ByteShiftDetails {
  fields: ShiftedField[];
}

export interface ByteShiftOptions {
  /** Whether an MCC/MNC pair exists (e.g. in the provider database): narrows an ambiguous MNC. */
  plmnKnown?: (mcc: number, mnc: number) => boolean;
}

const TLV_TYPE: Partial<Record<DumpKey, number>> = {
  'ipv4.dns1': 0x15, 'ipv4.dns2': 0x16, 'ipv4.ip': 0x1e, 'ipv4.gateway': 0x20, 'ipv4.subnet': 0x21, mtu: 0x29,
};
const MTU_MIN = 576;
const MTU_MAX = 9000;
const COMMON_MTUS = [1500, 1492, 1480, 1460, 1450, 1440, 1430, 1428, 1420, 1410, 1400, 1380, 1360, 1358, 1340, 1300, 1280];

function mtuField(printed: number, line: number): ShiftedField | undefined {
  if (!Number.isInteger(printed) || printed <= 0xffff) return undefined;
  const high = printed >>> 16;
  const low = printed & 0xffff;
  // ≡2: the TLV's length (4) lands in the upper half; the lower half is the true MTU.
  if (high === 4 && low >= MTU_MIN && low <= MTU_MAX) {
    return { field: 'mtu', printed, alignment: 2, recovered: low, confidence: 'certain', line,
      how: `${printed} = 0x${printed.toString(16)}: the upper half 0x0004 is the TLV's length, the lower half ${low} is the MTU` };
  }
  // ≡3: type 0x29 and length 4 land above the true low byte; the high byte is lost.
  if (printed >>> 8 === 0x0429) {
    const lowByte = printed & 0xff;
    const candidates: number[] = [];
    for (let m = lowByte; m <= MTU_MAX; m += 256) if (m >= MTU_MIN) candidates.push(m);
    const common = COMMON_MTUS.filter((m) => (m & 0xff) === lowByte);
    const f: ShiftedField = { field: 'mtu', printed, alignment: 3, candidates, confidence: common.length === 1 ? 'likely' : 'unknown', line,
      known: `low byte 0x${lowByte.toString(16).padStart(2, '0')}`,
      how: `${printed} = 0x${printed.toString(16)}: 0x29 (the MTU TLV's type) and 0x04 (its length) sit above the true low byte 0x${lowByte.toString(16)}; the high byte is lost` };
    if (common.length === 1) f.recovered = common[0] as number;
    return f;
  }
  return undefined;
}

/** Readings of a printed "0.x.y.z" as a shifted first field of TLV `type`; most specific last. */
function ipv4Readings(p: Octets, type: number): { alignment: Alignment; known: (number | undefined)[] }[] {
  const out: { alignment: Alignment; known: (number | undefined)[] }[] = [];
  if (p[0] !== 0) return out;
  out.push({ alignment: 1, known: [undefined, p[1], p[2], p[3]] });
  if (p[1] === 4) out.push({ alignment: 2, known: [undefined, undefined, p[2], p[3]] });
  if (p[1] === 4 && p[2] === type) out.push({ alignment: 3, known: [undefined, undefined, undefined, p[3]] });
  return out;
}

function ipv4Field(key: DumpKey, printed: string, line: number, reference?: { key: DumpKey; octets: Octets }): ShiftedField | undefined {
  const p = parseIpv4(printed);
  const type = TLV_TYPE[key];
  if (!p || type === undefined || p[0] !== 0 || printed === '0.0.0.0') return undefined;
  const readings = ipv4Readings(p, type);
  // The most specific reading the bytes allow (a ≡3 signature "0.4.T.x" names its own TLV type).
  const best = readings[readings.length - 1];
  if (!best) return undefined;

  if (key === 'ipv4.subnet') {
    // A netmask is ones then zeros: a known non-zero low part fixes everything above it.
    for (const r of [...readings].reverse()) {
      const full = r.known.map((x) => x ?? 255) as Octets;
      const lowestKnownNonZero = r.known.some((x) => x !== undefined && x !== 0);
      if (lowestKnownNonZero && isContiguousMask(full)) {
        return { field: key, printed, alignment: r.alignment, recovered: formatIpv4(full), confidence: 'certain', line,
          how: `a netmask is contiguous ones, so the lost upper octets of ${formatIpv4(r.known)} are 255` };
      }
    }
    return { field: key, printed, alignment: best.alignment, known: formatIpv4(best.known), confidence: 'unknown', line, how: 'the upper octets were overwritten by the TLV header' };
  }

  if (reference && (key === 'ipv4.ip' || key === 'ipv4.gateway')) {
    const r = reference.octets;
    const other = reference.key === 'ipv4.gateway' ? 'gateway' : 'address';
    for (const reading of readings) {
      const k = reading.known;
      const candidate = k.map((x, i) => x ?? r[i]) as Octets;
      // The address and its gateway share a small subnet (QMI hands out /30s and the like).
      const sameSlash24 = candidate[0] === r[0] && candidate[1] === r[1] && candidate[2] === r[2];
      if (!sameSlash24 || formatIpv4(candidate) === formatIpv4(r)) continue;
      const lostOctets = k.filter((x) => x === undefined).length;
      const closeBy = Math.abs(candidate[3] - r[3]) <= 3;
      if (lostOctets === 3 && !closeBy) continue;
      return { field: key, printed, alignment: reading.alignment, recovered: formatIpv4(candidate), line,
        confidence: lostOctets === 3 ? 'likely' : 'certain',
        how: `the lost upper octet${lostOctets > 1 ? 's' : ''} taken from the ${other} ${formatIpv4(r)} in the same subnet` };
    }
  }
  return { field: key, printed, alignment: best.alignment, known: formatIpv4(best.known), confidence: 'unknown', line,
    how: `${printed} cannot be an address (0.0.0.0/8 is "this network"); the upper octet${best.alignment > 1 ? 's were' : ' was'} overwritten by the TLV header` };
}

function plmnFields(mcc: { value: number; line: LogLine }, mnc: { value: number; line: LogLine }, opts: ByteShiftOptions): ShiftedField[] {
  const m = mcc.value;
  const n = mnc.value;
  // MCC at an odd address: (TLV length high byte = 0) | mcc_low << 8. MNC right after it:
  // (MCC high byte) | mnc_low << 8. Real MCCs are 3 digits, so a printed MCC above 999 with a
  // zero low byte, beside an MNC whose low byte is 0..3 (an MCC's high byte), is the shift. An
  // MCC whose low byte is 0..3 prints as 0, 256, 512 or 768 — none of them an assigned MCC.
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || m > 0xffff || n < 0 || n > 0xffff) return [];
  const looksShifted = (m & 0xff) === 0 && (m > 999 || m === 0 || m === 256 || m === 512 || m === 768);
  if (!looksShifted || (n & 0xff) > 3) return [];
  const trueMcc = ((n & 0xff) << 8) | (m >>> 8);
  if (trueMcc < 1 || trueMcc > 999) return [];
  const mncLow = n >>> 8;
  const all: number[] = [];
  for (let c = mncLow; c <= 999; c += 256) all.push(c);
  const known = opts.plmnKnown ? all.filter((c) => opts.plmnKnown?.(trueMcc, c)) : [];
  const pick = known.length === 1 ? known[0] : all[0];
  const mncConfidence: Confidence = all.length === 1 || known.length === 1 ? 'certain' : 'likely';
  const mncHow = all.length === 1 ? `${n} = 0x${n.toString(16)}: the low byte is the MCC's high byte, the high byte is the MNC`
    : known.length === 1 ? `the MNC's high byte is lost (${all.join(', ')} fit); only ${pick} exists for MCC ${trueMcc}`
      : `the MNC's high byte is lost: ${all.join(', ')} fit; ${pick} is the 2-digit one (3-digit MNCs are rare outside North America)`;
  const mncField: ShiftedField = { field: 'plmn_mnc', printed: n, alignment: 'odd', confidence: mncConfidence, line: mnc.line.n, how: mncHow };
  if (pick !== undefined) mncField.recovered = pick;
  if (all.length > 1) mncField.candidates = all;
  return [
    { field: 'plmn_mcc', printed: m, alignment: 'odd', recovered: trueMcc, confidence: 'certain', line: mcc.line.n,
      how: `${m} = 0x${m.toString(16)} = ${m >>> 8} × 256: a u16 read one byte early (the TLV length's high byte below it)${n & 0xff ? `; the high byte ${n & 0xff} comes from the MNC's reading` : ''}` },
    mncField,
  ];
}

/** Every shifted field in one uqmi dump (empty for a healthy one). */
export function shiftedFieldsOf(dump: UqmiDump, opts: ByteShiftOptions = {}): ShiftedField[] {
  const out: ShiftedField[] = [];
  const mtu = dump.mtu;
  if (mtu && typeof mtu.value === 'number') {
    const f = mtuField(mtu.value, mtu.line.n);
    if (f) out.push(f);
  }
  const sane = (key: DumpKey): { key: DumpKey; octets: Octets } | undefined => {
    const v = dump[key]?.value;
    const o = typeof v === 'string' ? parseIpv4(v) : undefined;
    return o && o[0] !== 0 ? { key, octets: o } : undefined;
  };
  const refFor: Partial<Record<DumpKey, DumpKey>> = { 'ipv4.ip': 'ipv4.gateway', 'ipv4.gateway': 'ipv4.ip' };
  for (const key of ['ipv4.ip', 'ipv4.gateway', 'ipv4.subnet', 'ipv4.dns1', 'ipv4.dns2'] as const) {
    const v = dump[key];
    if (!v || typeof v.value !== 'string') continue;
    const refKey = refFor[key];
    const f = ipv4Field(key, v.value, v.line.n, refKey ? sane(refKey) : undefined);
    if (f) out.push(f);
  }
  // An address and its gateway shifted at once: neither recovers the other fully, but their
  // known octets together still tell more than either alone.
  const ip = out.find((f) => f.field === 'ipv4.ip' && f.recovered === undefined);
  const gw = out.find((f) => f.field === 'ipv4.gateway' && f.recovered === undefined);
  if (ip?.known && gw?.known) {
    const a = ip.known.split('.');
    const b = gw.known.split('.');
    const agree = [0, 1, 2].every((i) => a[i] === '?' || b[i] === '?' || a[i] === b[i]);
    const fill = (x: string[], y: string[]) => x.map((o, i) => (i < 3 && o === '?' && y[i] !== '?' ? (y[i] as string) : o)).join('.');
    if (agree) {
      for (const [f, mine, theirs, other] of [[ip, a, b, 'gateway'], [gw, b, a, 'address']] as const) {
        const filled = fill(mine, theirs);
        if (filled !== f.known) { f.known = filled; f.how += `; upper octets the ${other} still shows filled in (same subnet)`; }
      }
    }
  }
  const mcc = dump.plmn_mcc;
  const mnc = dump.plmn_mnc;
  if (mcc && mnc && typeof mcc.value === 'number' && typeof mnc.value === 'number') {
    out.push(...plmnFields({ value: mcc.value, line: mcc.line }, { value: mnc.value, line: mnc.line }, opts));
  }
  return out;
}

const describe = (f: ShiftedField): string => {
  const name = f.field.replace('ipv4.', '').replace('plmn_', '');
  if (f.recovered !== undefined) return `${name} ${f.printed} is really ${f.recovered}${f.confidence === 'certain' ? '' : ` (${f.confidence})`}`;
  return `${name} ${f.printed} is garbage (known: ${f.known ?? (f.candidates ?? []).join(' or ')})`;
};

/** The decoder-byte-shift observation for a log's uqmi dumps, or none when every value is plausible. */
export function recogniseByteShift(dumps: readonly UqmiDump[], opts: ByteShiftOptions = {}): LogObservation<ByteShiftDetails>[] {
  const fields: ShiftedField[] = [];
  const evidence = new Map<number, LogLine>();
  for (const d of dumps) {
    const found = shiftedFieldsOf(d, opts);
    if (found.length === 0) continue;
    fields.push(...found);
    for (const v of Object.values(d)) if (v) evidence.set(v.line.n, v.line);
  }
  // A lone "0.x.y.z" DNS could be a mistyped config; the finding needs a real signature.
  const strong = fields.some((f) => f.field === 'mtu' || f.field.startsWith('plmn') || f.field === 'ipv4.ip' || f.field === 'ipv4.gateway' || f.field === 'ipv4.subnet');
  if (!strong) return [];
  return [{
    id: 'decoder-byte-shift',
    finding: 'decoder-byte-shift',
    severity: 'error',
    title: 'The program that printed these values misreads QMI fields (unaligned loads shift the bytes)',
    summary: `These numbers come from a decoder that reads multi-byte QMI fields at unaligned addresses, as uqmi does on ARMv5 routers (ARM926/Kirkwood): ${fields.map(describe).join('; ')}. The modem is fine; use qmicli (libqmi reads byte by byte) or a uqmi built with aligned reads, or enable the kernel's alignment fix-up (echo 2 > /proc/cpu/alignment, untested).`,
    evidence: [...evidence.values()].sort((a, b) => a.n - b.n),
    details: { fields },
  }];
}
