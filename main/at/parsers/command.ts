// What a command line asks for: its name(s) and form. Both the response splitter (which lines
// belong to the answer) and the parser dispatch key on this, so it lives in one place.

import { splitOutsideQuotes } from '../quoted-split.ts';

export type CommandForm = 'exec' | 'read' | 'test' | 'set';

export interface CommandPart {
  /** Upper-cased name with its prefix character: '+CSQ', '!GSTATUS', '#USBCFG', '^ICCID', 'I', 'D'. */
  name: string;
  form: CommandForm;
  /** Text after '=' for the set form (quotes kept), '' otherwise. */
  args: string;
}


function parsePart(text: string): CommandPart {
  const t = text.trim();
  // Extended commands: a prefix character then letters/digits/underscore.
  const ext = /^([+!#^$%*&][A-Za-z0-9_]+)(.*)$/s.exec(t);
  if (ext) {
    const name = (ext[1] ?? '').toUpperCase();
    const rest = ext[2] ?? '';
    if (rest === '?') return { name, form: 'read', args: '' };
    if (rest === '=?') return { name, form: 'test', args: '' };
    if (rest.startsWith('=')) return { name, form: 'set', args: rest.slice(1) };
    return { name, form: 'exec', args: rest };
  }
  // Basic commands (ATI, ATD*99#, ATE0): one letter (or &-letter) plus parameters.
  const basic = /^(&?[A-Za-z])(.*)$/s.exec(t);
  if (basic) return { name: (basic[1] ?? '').toUpperCase(), form: 'exec', args: basic[2] ?? '' };
  return { name: t.toUpperCase(), form: 'exec', args: '' };
}

/** Parse `AT+CSQ`, `at+cops=?`, `AT+QCFG="usbnet"`, `AT+CREG?;+CGREG?` into parts. */
export function parseCommandLine(command: string): CommandPart[] {
  let body = command.trim();
  if (/^AT/i.test(body)) body = body.slice(2);
  if (body.length === 0) return [];
  return splitOutsideQuotes(body, ';').filter((s) => s.trim().length > 0).map(parsePart);
}

/** The set-form first argument without quotes, lower-cased: `"usbnet"` for AT+QCFG="usbnet",1. */
export function firstArgument(part: CommandPart): string {
  const m = /^\s*"([^"]*)"|^\s*([^,]*)/.exec(part.args);
  return (m?.[1] ?? m?.[2] ?? '').trim().toLowerCase();
}

// Commands whose answer is bare text without a `+XXX:` prefix (3GPP TS 27.007 §5.1-§5.6, ITU-T
// V.250 ATI/+GSN).
export const BARE_TEXT_COMMANDS: ReadonlySet<string> = new Set(['+CIMI', '+CGSN', '+GSN', '+CGMI', '+CGMM', '+CGMR',
  '+GMI', '+GMM', '+GMR', 'I', '+QGMR', '+CCID', '+ICCID']);

// Answer prefixes that differ from the command name.
const ALIASES: ReadonlyMap<string, readonly string[]> = new Map([
  ['+CCID', ['+CCID', '+ICCID']],
  ['+ICCID', ['+ICCID', '+CCID']],
  ['+CICCID', ['+ICCID', '+CICCID']],
  ['+QCCID', ['+QCCID', '+CCID']],
  ['!ICCID', ['!ICCID', 'ICCID']],
  ['+CGSN', ['+CGSN', '+GSN']],
  ['+GSN', ['+GSN', '+CGSN']],
  ['+CGMI', ['+CGMI', '+GMI']],
  ['+CGMM', ['+CGMM', '+GMM']],
  ['+CGMR', ['+CGMR', '+GMR']],
  ['+QGMR', ['+QGMR']],
]);

/** The prefixes an answer line of this command may carry (`+CCID` is answered `+ICCID:` too). */
export function answerPrefixes(part: CommandPart): readonly string[] {
  return ALIASES.get(part.name) ?? [part.name];
}

const LINE_PREFIX = /^\s*([+^!#*$%][A-Za-z0-9_]+)\s*:/;

/** The `+XXX` of a `+XXX: ...` line, upper-cased; null for bare text. */
export function linePrefix(line: string): string | null {
  const m = LINE_PREFIX.exec(line);
  return m ? (m[1] ?? '').toUpperCase() : null;
}

/**
 * A line that continues the previous one: test-command answers list their ranges in
 * parentheses and some firmwares wrap them (MM's Nokia 2720 AT+COPS=? sample puts the second
 * network on its own line: `(1,"AT&T",,"310410",0),,(0,1,3),(0,2)`).
 */
export function isContinuationLine(line: string): boolean {
  // Not /^\s*,?\s*\(/: two adjacent \s* backtrack quadratically on a long run of blanks.
  let rest = line.trimStart();
  if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
  return rest.startsWith('(');
}
