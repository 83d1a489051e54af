// Split the raw text of one AT exchange (as read from the port) into: echo, the information
// lines that answer the command, the final result, URCs and noise. Rules: ../shared/reference/at.md §1.

import { parseFinalResult, type FinalResult } from './final-result.ts';
import { matchUrc, type Urc } from './urc.ts';
import { parseCommandLine, type CommandPart } from './parsers/command.ts';

export interface AtResponse {
  command: string;
  /** true when the modem echoed the command line (ATE1). */
  echo: boolean;
  /** Information text lines that belong to this command, in order. */
  lines: string[];
  /** null when the text ended before a final result code. */
  final: FinalResult | null;
  urcs: Urc[];
  /** Lines that are neither the answer, a URC, nor the final result. */
  garbage: string[];
}

// Commands whose answer is bare text without a `+XXX:` prefix (at.md §2).
const BARE_TEXT = new Set(['+CIMI', '+CGSN', '+GSN', '+CGMI', '+CGMM', '+CGMR', '+GMI', '+GMM', '+GMR',
  'I', '+QGMR', '+CCID', '+ICCID']);

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

// Sierra `!` commands print several lines, often without any prefix (`AT!USBCOMP?` answers
// `Config Index: 1` ...; !GSTATUS? and !IMPREF? put the prefix on the first line only).
const isSierra = (p: CommandPart): boolean => p.name.startsWith('!');

const LINE_PREFIX = /^\s*([+^!#*$%][A-Za-z0-9_]+)\s*:/;

function prefixesFor(parts: CommandPart[]): string[] {
  return parts.flatMap((p) => ALIASES.get(p.name) ?? [p.name]);
}

function lineBelongs(line: string, parts: CommandPart[], prefixes: string[]): boolean {
  const m = LINE_PREFIX.exec(line);
  const prefix = m ? (m[1] ?? '').toUpperCase() : null;
  if (prefix !== null && prefixes.includes(prefix)) return true;
  if (parts.some((p) => BARE_TEXT.has(p.name))) return true;
  return prefix === null && parts.some(isSierra);
}

/** Split raw port text into lines: \r\n, lone \r (echo end) and lone \n all end a line. */
export function splitLines(raw: string): string[] {
  return raw.split(/\r\n|\r|\n/).filter((l) => l.trim().length > 0);
}

export function splitResponse(command: string, raw: string): AtResponse {
  const parts = parseCommandLine(command);
  const prefixes = prefixesFor(parts);
  const all = splitLines(raw).filter((l) => l.trim().length > 0);
  const res: AtResponse = { command, echo: false, lines: [], final: null, urcs: [], garbage: [] };
  const echoText = command.trim().toUpperCase();
  // Echo: the command line itself (ATE1, the factory default), before any answer line. A URC
  // may arrive just before it, so URCs do not end the window in which echo is recognised.
  let echoWindow = echoText.length > 0;
  for (const line of all) {
    if (res.final !== null) {
      // After the final code: URCs are kept, the rest is noise (`ERROR\r\n\r\noooops`).
      const urc = matchUrc(line, undefined);
      if (urc) res.urcs.push(urc); else res.garbage.push(line);
      continue;
    }
    const urc = matchUrc(line, command);
    if (urc) { res.urcs.push(urc); continue; }
    if (echoWindow) {
      echoWindow = false;
      if (line.trim().toUpperCase() === echoText) { res.echo = true; continue; }
    }
    const final = parseFinalResult(line);
    if (final) { res.final = final; continue; }
    if (lineBelongs(line, parts, prefixes)) {
      res.lines.push(line);
    } else {
      res.garbage.push(line);
    }
  }
  return res;
}
