// Unsolicited result codes: lines the modem sends on its own, at any time, even between the
// echo and the answer or between two info lines (ModemManager src/tests/test-at-serial-port.c).
// Whether a line is a URC can depend on the command in flight: `+CPIN: READY` answers AT+CPIN?
// but is a URC after AT+CPIN="1234";
// `+CREG: 1,"00C3","0000B7E2",7` is a URC even while AT+CREG? is in flight (shape decides);
// `^HCSQ:` is a URC except while AT^HCSQ? is in flight, when it is the answer.
// Contract for the channel: call matchUrc first, then parseFinalResult on lines that are not URCs.

import { parseCommandLine, type CommandPart } from './parsers/command.ts';
import { splitFields } from './parsers/fields.ts';
import { looksSolicited, parseRegistrationLine, registrationCommandOf } from './parsers/registration.ts';

export interface Urc {
  /** '+CREG', 'RING', 'RDY', '+QIND', '+CPIN', 'NMEA', ... */
  name: string;
  line: string;
  /** Decoded fields where a parser exists (+CREG/+CGREG/+CEREG/+C5GREG, +QIND "csq", +CFUN, +CPIN...). */
  fields?: unknown;
}

// Whole-line URCs (case-insensitive, after trimming).
const BARE_URCS: ReadonlyMap<string, string> = new Map([
  ['RDY', 'RDY'],                         // Quectel: firmware up after power-on or reset
  ['RING', 'RING'],
  ['POWERED DOWN', 'POWERED DOWN'],       // Quectel after AT+QPOWD
  ['NORMAL POWER DOWN', 'NORMAL POWER DOWN'],
  ['SMS DONE', 'SMS DONE'],               // SIMCom SIM init progress
  ['PB DONE', 'PB DONE'],
  ['START', 'START'],                     // SIMCom A76xx boot banner
  ['!READY', '!READY'],                   // Sierra: the AT interface is ready (no colon)
  ['^SYSSTART', '^SYSSTART'],             // Cinterion/Thales: firmware up (MM plugins/cinterion)
]);

// Banners that prove the modem restarted: Quectel's RDY, SIMCom's START (A76xx/SIM7600 print it
// where Quectel prints RDY), Cinterion's ^SYSSTART. `+CFUN: 1` and `+CPIN: READY` are not among
// them: they also follow a SIM hot-insert or an unlock done over QMI. Nor is Sierra's !READY: it
// says the AT interface is ready, which we have not seen proven to mean a reset; failing a command
// the modem is still answering would be the worse mistake.
const RESTART_BANNERS: ReadonlySet<string> = new Set(['RDY', 'START', '^SYSSTART']);

/** True for a line that only a (re)starting modem prints. */
export function isRestartLine(line: string): boolean {
  return RESTART_BANNERS.has(line.trim().toUpperCase());
}

// Other vendor URCs without a colon (`!READY` style): a prefix character and upper-case letters.
const COLONLESS_VENDOR_URC = /^[!^*#][A-Z][A-Z0-9_]{1,30}$/;
/** Longer than every whole-line URC above and every colon-less one: such a line is neither. */
const SHORT_LINE = 40;

// Prefixed URCs. They are the answer only while a command of the same name is in flight
// (AT^HCSQ?, AT+QNETDEVSTATUS=1, AT+CLIP?, AT+CCWA? answer with the URC's prefix).
const PREFIX_URCS: readonly string[] = [
  '+QIND', '+QUSIM', '+CMTI', '+CMT', '+CDS', '+CDSI', '+CBM', '+CGEV', '+CRING', '+CLIP', '+CIEV',
  '+CUSD', '+CCWA', '+QGPSURC', '+QSTAT', '+CTZV', '+CTZE', '+NITZ', '+PSUTTZ', '*PSUTTZ', '+QNETDEVSTATUS',
  '+CPSMSTATUS', '^MODE', '^RSSI', '^BOOT', '^SIMST', '^SRVST', '^HCSQ', '+SIMCARD',
];

// URCs whose prefix is also the answer to their own read command.
const ANSWER_OR_URC: ReadonlyMap<string, readonly string[]> = new Map([
  ['+CPIN', ['+CPIN']],
  ['+CFUN', ['+CFUN']],
  ['+QSIMSTAT', ['+QSIMSTAT']],
  ['+CGREG', ['+CGREG']],
  ['+CREG', ['+CREG']],
  ['+CEREG', ['+CEREG']],
  ['+C5GREG', ['+C5GREG']],
  ['+CSQ', ['+CSQ']],
]);

function prefixOf(line: string): string | null {
  const m = /^\s*([+^!#*$][A-Za-z0-9_]+)\s*:/.exec(line);
  return m ? (m[1] ?? '').toUpperCase() : null;
}

function isDataCall(parts: CommandPart[]): boolean {
  // ATD... / ATO (back to data mode) / AT+CGDATA: NO CARRIER is their final result, not a URC.
  return parts.some((p) => p.name === 'D' || p.name === 'O' || p.name === '+CGDATA' || p.name === 'A');
}

function decodeFields(name: string, line: string): unknown {
  if (registrationCommandOf(line) !== null) {
    const r = parseRegistrationLine(line, 'auto');
    return r.ok ? r.value : undefined;
  }
  const body = line.slice(line.indexOf(':') + 1).trim();
  if (name === '+CPIN') return { state: body.replace(/^"|"$/g, '') };
  if (name === '+CFUN') {
    const fun = Number.parseInt(body, 10);
    return Number.isFinite(fun) ? { fun } : undefined;
  }
  if (name === '+QIND') {
    const f = splitFields(body);
    const kind = f[0]?.text ?? '';
    if (kind.toLowerCase() === 'csq' && f.length >= 3) {
      const rssi = Number.parseInt(f[1]?.text ?? '', 10);
      const ber = Number.parseInt(f[2]?.text ?? '', 10);
      if (Number.isFinite(rssi) && Number.isFinite(ber)) {
        return { event: 'csq', rssi, ber, rssiDbm: rssi === 99 || rssi > 31 ? null : -113 + 2 * rssi };
      }
    }
    return { event: kind, args: f.slice(1).map((x) => x.text) };
  }
  if (name === '+QUSIM') return { value: Number.parseInt(body, 10) };
  return undefined;
}

function make(name: string, line: string): Urc {
  const fields = decodeFields(name, line);
  return fields === undefined ? { name, line } : { name, line, fields };
}

/** Non-null when `line` is unsolicited, given the command in flight (if any). */
export function matchUrc(line: string, commandInFlight?: string): Urc | null {
  const t = line.trim();
  if (t.length === 0) return null;
  // Upper-cased only when short enough to be a whole-line URC or a command's name: a DIAG port's
  // megabyte arrives as hundreds of 4 KB lines, each of which comes here.
  const upper = t.length <= SHORT_LINE ? t.toUpperCase() : '';
  const parts = commandInFlight === undefined ? [] : parseCommandLine(commandInFlight);

  // NMEA sentences leaking onto an AT port (or read from the GPS port by mistake).
  if (/^\$(G[PLNABQ]|BD|QZ)[A-Z]{3},/.test(t)) return { name: 'NMEA', line };

  const bare = BARE_URCS.get(upper);
  if (bare !== undefined) return { name: bare, line };
  // NO CARRIER ends a data call we started; otherwise it reports a call that dropped by itself.
  if (upper === 'NO CARRIER') return isDataCall(parts) ? null : { name: 'NO CARRIER', line };

  const prefix = prefixOf(t);
  if (prefix === null) {
    // A colon-less vendor word is the answer only while a command of that name is in flight.
    if (COLONLESS_VENDOR_URC.test(t) && !parts.some((p) => p.name === upper)) return { name: upper, line };
    return null;
  }
  if (PREFIX_URCS.includes(prefix)) return parts.some((p) => p.name === prefix) ? null : make(prefix, line);

  const answersFor = ANSWER_OR_URC.get(prefix);
  if (answersFor === undefined) return null;
  const asked = parts.some((p) => answersFor.includes(p.name) && (p.form === 'read' || p.form === 'exec'));
  if (!asked) {
    // AT+CSQ's prefix never comes unasked; other families may: during another command they are URCs.
    if (prefix === '+CSQ') return null;
    return make(prefix, line);
  }
  if (registrationCommandOf(t) !== null) {
    // A lone `<stat>` while the read is in flight is kept with the answer for now: it is the
    // answer of a firmware that replies that way, or a URC just before the real answer;
    // settleLoneRegistrations decides once the final result is in. Anything else must have the
    // solicited `<n>,<stat>` shape to be the answer.
    if (isLoneRegistration(t)) return null;
    return looksSolicited(splitFields(t.slice(t.indexOf(':') + 1))) ? null : make(prefix, line);
  }
  return null;
}

function isLoneRegistration(line: string): boolean {
  const family = registrationCommandOf(line);
  return family !== null && splitFields(line.slice(line.indexOf(':') + 1)).length === 1;
}

/**
 * After the final result: a lone `+CREG: <stat>` among the answer lines is a URC when another
 * line of the same family is there too (the real `<n>,<stat>` answer). Moves such lines from
 * `lines` to `urcs`; `slots[i]` is how many URCs had arrived before `lines[i]`, so each moved
 * URC takes its place in arrival order. Returns the moved URCs, in arrival order.
 */
export function settleLoneRegistrations(lines: string[], slots: number[], urcs: Urc[]): Urc[] {
  const moving: number[] = [];
  lines.forEach((l, i) => {
    if (!isLoneRegistration(l)) return;
    const family = registrationCommandOf(l);
    const answered = lines.some((o) => o !== l && registrationCommandOf(o) === family && !isLoneRegistration(o));
    if (answered) moving.push(i);
  });
  const moved: Urc[] = [];
  for (let k = moving.length - 1; k >= 0; k--) {
    const i = moving[k] as number;
    const line = lines[i] as string;
    const urc = make(registrationCommandOf(line) as string, line);
    urcs.splice(Math.min(slots[i] ?? urcs.length, urcs.length), 0, urc);
    lines.splice(i, 1);
    slots.splice(i, 1);
    moved.unshift(urc);
  }
  return moved;
}
