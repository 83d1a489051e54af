// +CREG / +CGREG / +CEREG / +C5GREG: network registration, solicited (`<n>,<stat>,...`, the
// answer to AT+CREG?) and unsolicited (`<stat>,...`, sent when n ≥ 1). Layouts: 3GPP TS 27.007
// §7.2, §10.1.19, §10.1.22, §10.1.46, and ModemManager src/tests/test-modem-helpers.c.

import { afterPrefix, nameOf, splitFields, toHexId, toInt, type HexId, type RawField } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

export type RegistrationCommand = '+CREG' | '+CGREG' | '+CEREG' | '+C5GREG';
export const REGISTRATION_COMMANDS: readonly RegistrationCommand[] = ['+CREG', '+CGREG', '+CEREG', '+C5GREG'];

export const REGISTRATION_STATUS: Readonly<Record<number, string>> = {
  0: 'not-registered',
  1: 'registered-home',
  2: 'searching',
  3: 'denied',
  4: 'unknown',
  5: 'roaming',
  6: 'registered-sms-only-home',
  7: 'registered-sms-only-roaming',
  8: 'emergency-only',
  9: 'registered-csfb-not-preferred-home',
  10: 'registered-csfb-not-preferred-roaming',
  11: 'rlos',
};

export const ACCESS_TECHNOLOGY: Readonly<Record<number, string>> = {
  0: 'gsm',
  1: 'gsm-compact',
  2: 'utran',
  3: 'gsm-egprs',
  4: 'utran-hsdpa',
  5: 'utran-hsupa',
  6: 'utran-hsdpa-hsupa',
  7: 'e-utran',
  8: 'ec-gsm-iot',
  9: 'e-utran-nb-iot',
  10: 'e-utra-5gcn',
  11: 'nr-5gcn',
  12: 'ng-ran',
  13: 'e-utra-nr-dual-connectivity',
};

export interface Registration {
  command: RegistrationCommand;
  /** true when the line carried `<n>` (the answer to a read), false for the URC form. */
  solicited: boolean;
  /** The URC reporting mode set with AT+CREG=<n>; only in the solicited form. */
  n?: number;
  stat: number;
  status: string;
  /** true for the states in which data can flow: home/roaming, incl. "CSFB not preferred". */
  registered: boolean;
  /** Location area code (+CREG/+CGREG) */
  lac?: HexId;
  /** Tracking area code (+CEREG/+C5GREG) */
  tac?: HexId;
  ci?: HexId;
  act?: number;
  accessTechnology?: string;
  /** Routing area code (+CGREG n=2+) */
  rac?: HexId;
  causeType?: number;
  rejectCause?: number;
  /** +C5GREG: the network slices the modem may use (<Allowed_NSSAI_length>,<Allowed_NSSAI>). */
  allowedNssai?: AllowedNssai;
  /** Fields we do not name (PSM timers, vendor extras), as sent. */
  extra?: string[];
}


const REGISTERED_STATS = new Set([1, 5, 9, 10]);

/** Which family a line belongs to, or null. */
export function registrationCommandOf(line: string): RegistrationCommand | null {
  for (const c of REGISTRATION_COMMANDS) if (afterPrefix(line, c) !== null) return c;
  return null;
}

const isDecimal = (f: RawField | undefined): f is RawField =>
  f !== undefined && !f.quoted && /^\d{1,4}$/.test(f.text);
const isShortDecimal = (f: RawField | undefined): boolean => f !== undefined && !f.quoted && /^\d{1,2}$/.test(f.text);

/**
 * Decide the form from the shape when the caller does not know it (MM keeps two regex sets for
 * this, and its tests show both forms arriving where the other was expected). Solicited lines
 * start with `<n>,<stat>`: two unquoted decimals, n ≤ 5, stat ≤ 11. A quoted second field is a
 * location, so the line is a URC. With four fields, `<stat>,<lac>,<ci>,<AcT>` (last field a short
 * decimal) is the URC when n could not carry location (n ≤ 1: `+CREG: 1,0001,0010,0`) or the second
 * field is a 4-digit area code (`+CEREG: 2, 0001, 00000100, 7`); the same holds with a fifth field
 * (the +CGREG routing area, `+CGREG: 1,0001,00000010,7,01`); `+CREG: 1,1,84CD,00D30173`
 * (Sierra Mercury, solicited) keeps its hex CI last and stays solicited.
 */
export function looksSolicited(fields: RawField[]): boolean {
  const [f0, f1, , f3] = fields;
  if (!isDecimal(f0) || !isDecimal(f1)) return false;
  const n = Number(f0.text);
  if (n > 5 || Number(f1.text) > 11) return false;
  if (fields.length === 2) return true;
  if (fields.length === 3) return false;
  // `<stat>,<lac>,<ci>,<AcT>` and, on +CGREG, `<stat>,<lac>,<ci>,<AcT>,<rac>`
  // (`+CGREG: 1,0001,00000010,7,01`): a short decimal AcT fourth.
  if ((fields.length === 4 || fields.length === 5) && isShortDecimal(f3) && (n <= 1 || f1.text.length >= 4)) return false;
  return true;
}

export type RegistrationForm = 'solicited' | 'unsolicited' | 'auto';

export function parseRegistrationLine(line: string, form: RegistrationForm = 'auto'): ParseOutcome<Registration> {
  const command = registrationCommandOf(line);
  if (command === null) return fail(line, 'not a +CREG/+CGREG/+CEREG/+C5GREG line');
  const body = afterPrefix(line, command) ?? '';
  if (body.length === 0) return fail(line, `${command} line has no fields`);
  const fields = splitFields(body);
  const solicited = form === 'auto' ? (fields.length >= 2 && looksSolicited(fields)) : form === 'solicited';
  let i = 0;
  let n: number | undefined;
  if (solicited) {
    n = toInt(fields[0]?.text);
    if (n === undefined) return fail(line, `${command}: <n> "${fields[0]?.text ?? ''}" is not a number`);
    i = 1;
  }
  const stat = toInt(fields[i]?.text);
  if (stat === undefined) return fail(line, `${command}: <stat> "${fields[i]?.text ?? ''}" is not a number`);
  i += 1;
  const reg: Registration = {
    command, solicited, stat, status: nameOf(REGISTRATION_STATUS, stat), registered: REGISTERED_STATS.has(stat),
  };
  if (n !== undefined) reg.n = n;
  const rest = fields.slice(i);
  // Novatel LTE puts an extra field between TAC and CI: `+CEREG: 2,1, 1F00, 20 ,79D903 ,7`
  // (MM test_cereg2_novatel_lte_*). Seen as: a hex CI where AcT belongs, and AcT one further.
  // Only with real location fields: `+CEREG: 3,3,,,,0,15` (denied, no location, then the cause)
  // has empty fields there and must keep its layout.
  const hexLocation = (f: RawField | undefined): boolean => f !== undefined && /^[0-9A-Fa-f]+$/.test(f.text);
  if (command === '+CEREG' && rest.length >= 4 && hexLocation(rest[0]) && hexLocation(rest[1]) && hexLocation(rest[2]) &&
      !isShortDecimal(rest[2]) && isShortDecimal(rest[3])) {
    rest.splice(1, 1);
  }
  const take = (): RawField | undefined => rest.shift();
  const locField = take();
  const ciField = take();
  if (locField !== undefined && locField.text !== '') {
    const loc = toHexId(locField.text);
    if (loc === undefined) return fail(line, `${command}: area code "${locField.text}" is not hex`);
    if (command === '+CREG' || command === '+CGREG') reg.lac = loc; else reg.tac = loc;
  }
  if (ciField !== undefined && ciField.text !== '') {
    const ci = toHexId(ciField.text);
    if (ci === undefined) return fail(line, `${command}: cell id "${ciField.text}" is not hex`);
    reg.ci = ci;
  }
  const actField = take();
  if (actField !== undefined && actField.text !== '') {
    const act = toInt(actField.text);
    if (act === undefined) {
      // Samsung Wave prints a letter here (`2,1,000B,2816, B, C2816`): keep it, do not fail.
      reg.extra = [actField.text];
    } else {
      reg.act = act;
      reg.accessTechnology = nameOf(ACCESS_TECHNOLOGY, act);
    }
  }
  if (command === '+CGREG' && rest.length > 0) {
    const racField = take();
    if (racField !== undefined && racField.text !== '') {
      const rac = toHexId(racField.text);
      if (rac !== undefined) reg.rac = rac; else (reg.extra ??= []).push(racField.text);
    }
  }
  if (command === '+C5GREG' && rest.length > 0) {
    // <Allowed_NSSAI_length>,<Allowed_NSSAI> come before the cause fields (27.007 §10.1.46).
    const [lengthField, nssaiField] = rest.splice(0, 2);
    if (lengthField?.text !== '' || (nssaiField !== undefined && nssaiField.text !== '')) {
      reg.allowedNssai = parseAllowedNssai(lengthField?.text, nssaiField?.text ?? '');
    }
  }
  if (rest.length > 0) {
    const causeType = toInt(rest[0]?.text);
    const rejectCause = toInt(rest[1]?.text);
    // Cause fields exist only in n=3 and above; else these are PSM timers or vendor extras.
    if ((n === undefined || n >= 3) && causeType !== undefined) {
      reg.causeType = causeType;
      if (rejectCause !== undefined) reg.rejectCause = rejectCause;
      rest.splice(0, rejectCause !== undefined ? 2 : 1);
    }
    if (rest.length > 0) (reg.extra ??= []).push(...rest.map((f) => f.text));
  }
  return ok(reg);
}

/** The registration line of a response to AT+CREG? (or +CGREG?/+CEREG?/+C5GREG?). */
export function parseRegistration(lines: string[]): ParseOutcome<Registration> {
  // A URC of the same family can sit before the answer: prefer the line shaped like the answer.
  const family = lines.filter((l) => registrationCommandOf(l) !== null);
  const line = family.find((l) => looksSolicited(splitFields(afterPrefix(l, registrationCommandOf(l) as RegistrationCommand) ?? ''))) ?? family[0];
  if (line === undefined) return fail(lines.join('\n'), 'no +CREG/+CGREG/+CEREG/+C5GREG line in the response');
  return parseRegistrationLine(line, 'auto');
}

/** One S-NSSAI of an allowed NSSAI (27.007 §10.1.46: `sst[.sd][;mapped_sst[.mapped_sd]]`, hex). */
export interface Snssai {
  sst: number;
  sd?: string;
  mappedSst?: number;
  mappedSd?: string;
}

export interface AllowedNssai {
  /** <Allowed_NSSAI_length> as sent. */
  length?: number;
  /** <Allowed_NSSAI> as sent. */
  text: string;
  /** The S-NSSAIs, when every entry has the 27.007 form; absent otherwise (the text stays). */
  slices?: Snssai[];
}

const SNSSAI = /^([0-9A-Fa-f]{2})(?:\.([0-9A-Fa-f]{6}))?(?:;([0-9A-Fa-f]{2})(?:\.([0-9A-Fa-f]{6}))?)?$/;

/** The allowed NSSAI of a +C5GREG line: S-NSSAIs separated by colons. */
export function parseAllowedNssai(lengthText: string | undefined, text: string): AllowedNssai {
  const out: AllowedNssai = { text };
  const length = toInt(lengthText);
  if (length !== undefined) out.length = length;
  if (text === '' || text.length > 1024) return out;
  const slices: Snssai[] = [];
  for (const entry of text.split(':')) {
    const m = SNSSAI.exec(entry.trim());
    if (!m) return out;
    const s: Snssai = { sst: Number.parseInt(m[1]!, 16) };
    if (m[2] !== undefined) s.sd = m[2].toUpperCase();
    if (m[3] !== undefined) s.mappedSst = Number.parseInt(m[3], 16);
    if (m[4] !== undefined) s.mappedSd = m[4].toUpperCase();
    slices.push(s);
  }
  out.slices = slices;
  return out;
}
