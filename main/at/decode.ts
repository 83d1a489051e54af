// Offline decoding of AT text: one exchange (a command and the raw text read after it), a record
// of the JSON Lines form {"command","raw"}, or a whole log with no command given (a chunk of URCs,
// a minicom/picocom session). Everything printed that came from the command or the port is
// masked (maskSecrets): a PIN in the command, its echo, a password in a stray line must not end
// up in a bug report. The line rules are the live channel's (line-sorter.ts).

import { describeFinal, isErrorFinal, resultFormatAfter, type FinalResult } from './final-result.ts';
import { splitResponse } from './response.ts';
import { parseResponse } from './parsers/index.ts';
import { maskDeep, maskSecrets } from './secrets.ts';
import { sortUnsolicited } from './line-sorter.ts';
import type { SorterOptions } from './line-sorter.ts';

export interface DecodedAt {
  command: string;
  final: FinalResult | null;
  finalText?: string;
  error?: { code?: number; text: string };
  echo: boolean;
  lines: string[];
  urcs: unknown[];
  garbage?: string[];
  result?: unknown;
  parseError?: { line: string; message: string };
}

/** Decode one exchange: the command and everything read after it. */
export function decodeAt(command: string, raw: string, options: SorterOptions = {}): DecodedAt {
  // Split and parse the real text (masking first could change what a line means), mask the output.
  const r = splitResponse(command, raw, options);
  const out: DecodedAt = {
    command: maskSecrets(command), final: r.final, echo: r.echo, lines: r.lines.map(maskSecrets),
    urcs: r.urcs.map((u) => maskDeep(u)),
  };
  if (r.final !== null) out.finalText = describeFinal(r.final);
  if (r.final !== null && isErrorFinal(r.final)) {
    const f = r.final;
    const code = f.kind === 'cme-error' || f.kind === 'cms-error' ? f.code : undefined;
    out.error = code === undefined ? { text: describeFinal(f) } : { code, text: describeFinal(f) };
  }
  if (r.garbage.length > 0) out.garbage = r.garbage.map(maskSecrets);
  // Parse only a successful (or still open) answer: after an error the lines mean nothing.
  if (r.final === null || !isErrorFinal(r.final)) {
    const parsed = parseResponse(command, r.lines);
    if (parsed !== null) {
      if (parsed.ok) out.result = maskDeep(parsed.value);
      else out.parseError = maskDeep(parsed.error);
    }
  }
  return out;
}

/** A record that could not be decoded: the input was not what the format asks for. */
export interface DecodeInputError {
  error: string;
}

/** One line of the JSON Lines form: {"command": "AT+CSQ", "raw": "\r\n+CSQ: 20,99\r\n..."}. */
export function decodeAtRecord(text: string): DecodedAt | DecodeInputError {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { error: 'expected an object {"command","raw"}' };
  const { command, raw } = obj as { command?: unknown; raw?: unknown };
  if (typeof command !== 'string' || command.trim() === '') return { error: '"command" must be a non-empty string' };
  if (typeof raw !== 'string') return { error: '"raw" must be a string' };
  return decodeAt(command, raw);
}

export function isDecodeInputError(d: DecodedAt | DecodeInputError): d is DecodeInputError {
  return 'error' in d && typeof d.error === 'string';
}

// ---------------------------------------------------------------------------------------------
// A log without commands: URCs, terminal sessions

/** One item of a decoded log, with the input line (1-based) it starts at. */
export type LogItem =
  | { line: number; urc: unknown }
  | { line: number; text: string }
  | ({ line: number } & DecodedAt);

// A command line as a terminal shows it: AT, then a basic or extended command (or nothing).
const ECHO_LINE = /^AT(?:$|[A-Z&+!#^$%*\\\d=?;])/i;
// An exchange longer than this (lines) is not one command's answer: decode what we have and go on.
const MAX_EXCHANGE_LINES = 10_000;

/**
 * Decodes a log line by line, as it streams: text before the first echoed command is
 * unsolicited (each URC with its parsed values, other lines kept as text); each echoed command
 * and the lines after it, up to the next echoed command, is one exchange, decoded as `decode at
 * --command` would. The result code format follows ATV0/ATV1 in the log.
 */
export class AtLogDecoder {
  private pending: { command: string; line: number; lines: string[] } | null = null;
  private numeric = false;

  /** Feeds one line (its number in the input); returns the items it completes. */
  push(text: string, lineNo: number): LogItem[] {
    const t = text.replace(/[\r\n]+$/, '');
    if (t.trim() === '') return [];
    const out: LogItem[] = [];
    const echo = echoedCommand(t);
    if (echo !== null) {
      out.push(...this.flush());
      this.pending = { command: echo, line: lineNo, lines: [t.trim()] };
      return out;
    }
    if (this.pending) {
      this.pending.lines.push(t);
      if (this.pending.lines.length >= MAX_EXCHANGE_LINES) out.push(...this.flush());
      return out;
    }
    const u = sortUnsolicited(t);
    out.push(u ? { line: lineNo, urc: maskDeep(u.urc) } : { line: lineNo, text: maskSecrets(t.trim()) });
    return out;
  }

  /** Ends the input: the exchange still open is decoded. */
  end(): LogItem[] {
    return this.flush();
  }

  private flush(): LogItem[] {
    const p = this.pending;
    if (p === null) return [];
    this.pending = null;
    const decoded = decodeAt(p.command, p.lines.join('\r\n'), { numericCodes: this.numeric });
    if (decoded.final !== null && !isErrorFinal(decoded.final)) {
      const format = resultFormatAfter(p.command);
      if (format !== null) this.numeric = format === 'numeric';
    }
    return [{ line: p.line, ...decoded }];
  }
}

/** The command of an echoed command line (noise in front of it dropped), or null. */
function echoedCommand(line: string): string | null {
  const t = line.trim();
  if (ECHO_LINE.test(t)) return t;
  return null;
}
