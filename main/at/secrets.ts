// Secrets in AT text: PINs, PUKs, passwords and PIN-carrying APDUs never reach a transcript, a
// reply, an error message or the CLI output. Used on command lines and on raw port text (the
// echo carries the command back), also on partial text (a half-received echo).

import { splitOutsideQuotes } from './quoted-split.ts';

// Which arguments (0-based) of a command are secrets: [first, last, what]; last omitted = to the
// end. `what` names the secret in the evidence's redaction marks (Exchange.redacted).
type SecretRule = readonly [number, number | undefined, string];
const SECRET_ARGS: ReadonlyMap<string, SecretRule> = new Map<string, SecretRule>([
  ['+CPIN', [0, undefined, 'pin']],        // AT+CPIN="1234" / AT+CPIN="<puk>","<new pin>"
  ['+CPIN2', [0, undefined, 'pin']],
  ['^CPIN', [0, undefined, 'pin']],        // Huawei AT^CPIN="<puk>","<new pin>"
  ['+CLCK', [2, 2, 'pin']],                // AT+CLCK="SC",1,"1234"
  ['+CPWD', [1, 2, 'pin']],                // AT+CPWD="SC","old","new"
  // 27.007 orders <userid>,<password>, SIMCom's AT+CGAUTH=<cid>,<type>,<passwd>,<user> the other
  // way round: both are hidden so that neither vendor's password leaks.
  ['+CGAUTH', [2, 3, 'password']],
  ['+QICSGP', [4, 4, 'password']],         // AT+QICSGP=1,1,"apn","user","password",1
  ['$QCPDPP', [2, 2, 'password']],         // AT$QCPDPP=1,1,"password","user" (Qualcomm)
  ['#PDPAUTH', [3, 3, 'password']],        // Telit AT#PDPAUTH=<cid>,<auth>,"user","password"
  ['^AUTHDATA', [3, 3, 'password']],       // Huawei AT^AUTHDATA=<cid>,<auth>,<plmn>,"password","user"
  ['!ENTERCND', [0, undefined, 'password']], // Sierra: the password of the protected command set ("A710")
  ['!SETCND', [0, undefined, 'password']],   // Sierra: sets that password
]);

// Extended-command name followed by `=`: where the arguments of a command start.
const COMMAND_WITH_ARGS = /([+$^!#][A-Za-z0-9_]+)(\s*=)/g;

// ISO 7816-4 instructions whose data field is a PIN or PUK: VERIFY, CHANGE REFERENCE DATA,
// DISABLE / ENABLE VERIFICATION REQUIREMENT, RESET RETRY COUNTER (unblock with the PUK).
const PIN_INSTRUCTIONS = new Set(['20', '24', '26', '28', '2C']);
const APDU_HEADER_HEX = 10; // CLA INS P1 P2 Lc

// GSM 02.30 supplementary-service codes carrying passwords: **03* (barring password),
// **04* / **042* (change PIN / PIN2), **05* / **052* (unblock with PUK / PUK2).
const MMI_PASSWORD = /(D\s*\*\*0(?:3\d*|42?|52?)\*)([^#;]*)/gi;

function maskArg(a: string): string {
  if (a.trim() === '') return a;
  return a.trim().startsWith('"') ? '"****"' : '****';
}

// AT+CSIM=<length>,"<apdu>": hide the data of a PIN-carrying APDU, keep the header readable.
function maskCsim(args: string): string {
  const parts = splitOutsideQuotes(args, ',');
  const apdu = parts[1];
  if (apdu === undefined) return args;
  const m = /^(\s*"?)([0-9A-Fa-f]*)(.*)$/s.exec(apdu);
  const open = m?.[1] ?? '';
  const hex = m?.[2] ?? '';
  const tail = m?.[3] ?? '';
  const ins = hex.length >= 4 ? hex.slice(2, 4).toUpperCase() : null;
  if (ins !== null && (!PIN_INSTRUCTIONS.has(ins) || hex.length <= APDU_HEADER_HEX)) return args;
  // Too short to tell the instruction (a half-received echo): hide it all rather than guess.
  parts[1] = `${open}${ins === null ? '' : hex.slice(0, APDU_HEADER_HEX)}****${tail}`;
  return parts.join(',');
}

// One command of a line (the text between `;` outside quotes).
function maskPart(part: string, found?: Set<string>): string {
  const out = part.replace(MMI_PASSWORD, (_m, head: string, groups: string) => {
    found?.add('password');
    return head + groups.split('*').map((g) => (g.trim() === '' ? g : '****')).join('*');
  });
  COMMAND_WITH_ARGS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMMAND_WITH_ARGS.exec(out)) !== null) {
    const name = (m[1] ?? '').toUpperCase();
    const argsStart = m.index + m[0].length;
    const args = out.slice(argsStart);
    if (name === '+CSIM') {
      const masked = maskCsim(args);
      if (masked !== args) found?.add('pin');
      return out.slice(0, argsStart) + masked;
    }
    const rule = SECRET_ARGS.get(name);
    if (rule === undefined) continue;
    const [first, lastArg, what] = rule;
    const last = lastArg ?? Infinity;
    if (splitOutsideQuotes(args, ',').some((a, i) => i >= first && i <= last && a.trim() !== '')) found?.add(what);
    const masked = splitOutsideQuotes(args, ',').map((a, i) => (i < first || i > last ? a : maskArg(a)));
    // The arguments run to the end of the part: nothing after them can be another command.
    return out.slice(0, argsStart) + masked.join(',');
  }
  return out;
}

/** Replaces secret arguments with ****, in command lines and in raw port text. */
export function maskSecrets(text: string): string {
  return maskInto(text);
}

/** maskSecrets, also naming what was masked ("pin", "password"): the evidence's redaction marks. */
export function maskSecretsNamed(text: string): { text: string; redacted: string[] } {
  const found = new Set<string>();
  const masked = maskInto(text, found);
  return { text: masked, redacted: [...found].sort() };
}

function maskInto(text: string, found?: Set<string>): string {
  // Every secret sits after a `=` (COMMAND_WITH_ARGS) or in a `**` code (MMI_PASSWORD): text with
  // neither has none. Parsed results hold thousands of short strings (a 1 MB !GSTATUS line is
  // 20,000 label pairs), each passed through here.
  if (!text.includes('=') && !text.includes('**')) return text;
  // Line by line (raw text holds the echo and the answer), then command by command: a `;`
  // inside quotes belongs to a password, not to the next command.
  return text.split(/(\r\n|\r|\n)/).map((piece, i) => {
    if (i % 2 === 1) return piece; // a separator
    return splitOutsideQuotes(piece, ';').map((p) => maskPart(p, found)).join(';');
  }).join('');
}

/** maskSecrets over every string inside a parsed result (a parser may quote any line it read). */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)])) as T;
  }
  return value;
}
