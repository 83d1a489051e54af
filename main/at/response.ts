// Split the raw text of one AT exchange (as read from the port) into: echo, the information
// lines that answer the command, the final result, URCs and noise. Rules: ../shared/reference/at.md §1.

import { parseFinalResult, type FinalResult } from './final-result.ts';
import { matchUrc, settleLoneRegistrations, type Urc } from './urc.ts';
import { answerPrefixes, BARE_TEXT_COMMANDS, isContinuationLine, linePrefix, parseCommandLine, type CommandPart } from './parsers/command.ts';

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

// Sierra `!` commands print several lines, often without any prefix (`AT!USBCOMP?` answers
// `Config Index: 1` ...; !GSTATUS? and !IMPREF? put the prefix on the first line only).
const isSierra = (p: CommandPart): boolean => p.name.startsWith('!');

function lineBelongs(line: string, parts: CommandPart[], prefixes: string[], previousBelongs: boolean): boolean {
  const prefix = linePrefix(line);
  if (prefix !== null && prefixes.includes(prefix)) return true;
  if (parts.some((p) => BARE_TEXT_COMMANDS.has(p.name))) return true;
  // A wrapped test-command answer (AT+COPS=? lists) continues the line before it.
  if (previousBelongs && isContinuationLine(line) && parts.some((p) => p.form === 'test')) return true;
  return prefix === null && parts.some(isSierra);
}

/** Split raw port text into lines: \r\n, lone \r (echo end) and lone \n all end a line. */
export function splitLines(raw: string): string[] {
  return raw.split(/\r\n|\r|\n/).filter((l) => l.trim().length > 0);
}

export function splitResponse(command: string, raw: string): AtResponse {
  const parts = parseCommandLine(command);
  const prefixes = parts.flatMap(answerPrefixes);
  const all = splitLines(raw).filter((l) => l.trim().length > 0);
  const res: AtResponse = { command, echo: false, lines: [], final: null, urcs: [], garbage: [] };
  const echoText = command.trim().toUpperCase();
  // Echo: the command line itself (ATE1, the factory default), before any answer line. A URC
  // may arrive just before it, so URCs do not end the window in which echo is recognised.
  let echoWindow = echoText.length > 0;
  // How many URCs had arrived before each answer line (to keep arrival order when a lone
  // registration line turns out to be a URC).
  const slots: number[] = [];
  let previousBelongs = false;
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
    previousBelongs = lineBelongs(line, parts, prefixes, previousBelongs);
    if (previousBelongs) {
      res.lines.push(line);
      slots.push(res.urcs.length);
    } else {
      res.garbage.push(line);
    }
  }
  settleLoneRegistrations(res.lines, slots, res.urcs);
  return res;
}
