// SIM state and PIN counters: AT+CPIN?, AT+CLCK, AT+CPINR, Quectel AT+QPINC? / AT+QSIMSTAT? /
// AT+QINISTAT. Formats: 27.007 §8.3/§7.4/§8.65 and the Quectel EC25 AT Commands Manual.
// These results never contain a PIN: the modem does not echo secrets in these answers.

import { afterPrefix, allFieldsAfter, fieldsAfter, toInt } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

// Longest first, so `PH-NETSUB PIN` is not read as `PH-NET`... (MM unlock_results[] order idea).
const CPIN_STATES: readonly string[] = [
  'PH-NETSUB PIN', 'PH-NETSUB PUK', 'PH-FSIM PIN', 'PH-FSIM PUK', 'PH-CORP PIN', 'PH-CORP PUK',
  'PH-NET PIN', 'PH-NET PUK', 'PH-SIM PIN', 'PH-SIM PUK', 'PH-SP PIN', 'PH-SP PUK',
  'SIM PIN2', 'SIM PUK2', 'SIM PIN', 'SIM PUK', 'READY',
];

export interface CpinResult {
  /** As the modem says it: 'READY', 'SIM PIN', 'PH-NET PIN', ... */
  state: string;
  /** Machine name: 'ready', 'sim-pin', 'ph-net-pin', ... */
  code: string;
  /** true when the SIM needs no code before use. */
  ready: boolean;
}

export function parseCpin(lines: string[]): ParseOutcome<CpinResult> {
  const line = lines.find((l) => afterPrefix(l, '+CPIN') !== null);
  if (line === undefined) return fail(lines.join('\n'), 'no +CPIN: line in the response');
  const value = (afterPrefix(line, '+CPIN') ?? '').replace(/"/g, '').trim().toUpperCase();
  const state = CPIN_STATES.find((s) => value === s || value.startsWith(`${s} `));
  if (state === undefined) return fail(line, `unknown +CPIN state "${value}"`);
  return ok({ state, code: state.toLowerCase().replace(/\s+/g, '-'), ready: state === 'READY' });
}

export interface ClckResult {
  /** 0 = lock off, 1 = lock on (for "SC": the PIN is asked at power-up). */
  status: number;
  enabled: boolean;
  /** <class> when the modem lists one per class (call barring); absent for the SIM lock. */
  classes?: Array<{ status: number; class: number }>;
}

export function parseClck(lines: string[]): ParseOutcome<ClckResult> {
  const all = allFieldsAfter(lines, '+CLCK');
  const first = all[0];
  if (first === undefined) return fail(lines.join('\n'), 'no +CLCK: line in the response');
  const status = toInt(first.fields[0]?.text);
  if (status === undefined || status > 1) return fail(first.line, `+CLCK status "${first.fields[0]?.text ?? ''}" is not 0 or 1`);
  const res: ClckResult = { status, enabled: status === 1 };
  if (all.some((e) => e.fields.length > 1)) {
    res.classes = all.map((e) => ({ status: toInt(e.fields[0]?.text) ?? -1, class: toInt(e.fields[1]?.text) ?? -1 }));
  }
  return ok(res);
}

export interface PinRetries {
  code: string;
  retries: number;
  defaultRetries?: number;
}

export function parseCpinr(lines: string[]): ParseOutcome<{ entries: PinRetries[] }> {
  const all = allFieldsAfter(lines, '+CPINR');
  if (all.length === 0) return fail(lines.join('\n'), 'no +CPINR: line in the response');
  const entries: PinRetries[] = [];
  for (const e of all) {
    const code = e.fields[0]?.text ?? '';
    const retries = toInt(e.fields[1]?.text);
    if (code === '' || retries === undefined) return fail(e.line, '+CPINR needs <code>,<retries>');
    const d = toInt(e.fields[2]?.text);
    entries.push(d === undefined ? { code, retries } : { code, retries, defaultRetries: d });
  }
  return ok({ entries });
}

export interface QpincEntry {
  /** "SC" = SIM PIN/PUK, "P2" = PIN2/PUK2. */
  facility: string;
  pinRetries: number;
  pukRetries: number;
}

export function parseQpinc(lines: string[]): ParseOutcome<{ entries: QpincEntry[] }> {
  const all = allFieldsAfter(lines, '+QPINC');
  if (all.length === 0) return fail(lines.join('\n'), 'no +QPINC: line in the response');
  const entries: QpincEntry[] = [];
  for (const e of all) {
    const pin = toInt(e.fields[1]?.text);
    const puk = toInt(e.fields[2]?.text);
    if (pin === undefined || puk === undefined) return fail(e.line, '+QPINC needs "<facility>",<pin_left>,<puk_left>');
    entries.push({ facility: e.fields[0]?.text ?? '', pinRetries: pin, pukRetries: puk });
  }
  return ok({ entries });
}

const SIM_INSERTED: Readonly<Record<number, string>> = { 0: 'removed', 1: 'inserted', 2: 'unknown' };

export interface QsimstatResult {
  /** Hot-plug URC reporting on (1) or off (0). */
  enable: number;
  inserted: number;
  insertedState: string;
}

export function parseQsimstat(lines: string[]): ParseOutcome<QsimstatResult> {
  const f = fieldsAfter(lines, '+QSIMSTAT');
  if (f === null) return fail(lines.join('\n'), 'no +QSIMSTAT: line in the response');
  const enable = toInt(f.fields[0]?.text);
  const inserted = toInt(f.fields[1]?.text);
  if (enable === undefined || inserted === undefined) return fail(f.line, '+QSIMSTAT needs <enable>,<inserted>');
  return ok({ enable, inserted, insertedState: SIM_INSERTED[inserted] ?? `unknown-${inserted}` });
}

export interface QinistatResult {
  status: number;
  cpinReady: boolean;
  smsReady: boolean;
  phonebookReady: boolean;
}

/** Bitmask per the EC2x manual: 1 CPIN ready, 2 SMS initialised, 4 phonebook initialised. */
export function parseQinistat(lines: string[]): ParseOutcome<QinistatResult> {
  const f = fieldsAfter(lines, '+QINISTAT');
  if (f === null) return fail(lines.join('\n'), 'no +QINISTAT: line in the response');
  const status = toInt(f.fields[0]?.text);
  if (status === undefined || status < 0) return fail(f.line, '+QINISTAT needs a numeric <status>');
  return ok({ status, cpinReady: (status & 1) !== 0, smsReady: (status & 2) !== 0, phonebookReady: (status & 4) !== 0 });
}
