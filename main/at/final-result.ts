// Final result codes: the line that ends an AT command (V.250 verbose form, ATV1).
// The set and the edge cases follow what ModemManager treats as final (src/mm-serial-parsers.c and
// src/tests/test-at-serial-port.c):
// `+CME ERROR: ` with a blank IS final, `+CME ERROR:` with nothing after the colon is NOT,
// `UNKNOWN COMMAND` is not a result code. Digit codes (ATV0) are a separate reader
// (parseNumericResult): a bare `0` or `4` is indistinguishable from information text, so the line
// sorter uses it only when ATV0 is known to be in effect or the command never answers in bare text.

import { describeCmeError, describeCmsError } from './parsers/error-codes.ts';

export type FinalResult =
  | { kind: 'ok' }
  | { kind: 'error' }
  | { kind: 'cme-error'; code?: number; text?: string }
  | { kind: 'cms-error'; code?: number; text?: string }
  | { kind: 'no-carrier' }
  | { kind: 'busy' }
  | { kind: 'no-answer' }
  | { kind: 'no-dialtone' }
  | { kind: 'command-not-supported' }
  | { kind: 'connect'; text: string }
  | { kind: 'prompt' };

/** Final kinds that mean the command failed. */
export function isErrorFinal(f: FinalResult): boolean {
  return f.kind === 'error' || f.kind === 'cme-error' || f.kind === 'cms-error' ||
    f.kind === 'command-not-supported';
}

// `+CME ERROR:` / `+CMS ERROR:` followed by at least one character. The code is numeric with
// AT+CMEE=1 and words with AT+CMEE=2; a bare blank (some firmwares) still ends the command.
function parseExtendedError(rest: string): { code?: number; text?: string } | null {
  if (rest.length === 0) return null;
  const trimmed = rest.trim();
  if (trimmed.length === 0) return {};
  if (/^\d{1,6}$/.test(trimmed)) return { code: Number(trimmed) };
  return { text: trimmed };
}

// Every final result is a few words: a longer line is classified by its first characters, and
// upper-cased whole only when those say it may be one (a DIAG port's megabyte arrives as hundreds
// of 4 KB lines, each of which comes here).
const HEAD = 24;

/** Classify one line (without its \r\n). Null when the line does not end a command. */
export function parseFinalResult(line: string): FinalResult | null {
  // The extended errors are checked on the untrimmed line: the trailing blank matters.
  let blanks = 0;
  while (line[blanks] === ' ' || line[blanks] === '\t') blanks++;
  const lead = blanks === 0 ? line : line.slice(blanks);
  const head = lead.slice(0, HEAD).toUpperCase();
  if (head.startsWith('+CME ERROR:')) {
    const e = parseExtendedError(lead.slice('+CME ERROR:'.length));
    return e === null ? null : { kind: 'cme-error', ...e };
  }
  if (head.startsWith('+CMS ERROR:')) {
    const e = parseExtendedError(lead.slice('+CMS ERROR:'.length));
    return e === null ? null : { kind: 'cms-error', ...e };
  }
  // The SMS prompt is `> ` with no line end after it; accept it with or without the blank.
  if (lead === '>' || lead === '> ') return { kind: 'prompt' };
  const t = lead.trimEnd();
  if (t.length <= HEAD) {
    switch (head.trimEnd()) {
      case 'OK': return { kind: 'ok' };
      case 'ERROR': return { kind: 'error' };
      case 'NO CARRIER': return { kind: 'no-carrier' };
      case 'BUSY': return { kind: 'busy' };
      case 'NO ANSWER': return { kind: 'no-answer' };
      case 'NO DIALTONE': case 'NO DIAL TONE': return { kind: 'no-dialtone' };
      default: break;
    }
  }
  // Huawei/ZTE say `COMMAND NOT SUPPORT` (sic); tolerate the grammatical variant too.
  if (head.startsWith('COMMAND NOT SUPPORT')) return { kind: 'command-not-supported' };
  // Motorola EZX `MODEM ERROR: <n>` ends the command like ERROR (MM mm-serial-parsers.c).
  if (head.startsWith('MODEM ERROR:') && /^MODEM ERROR: ?\d+$/.test(t.toUpperCase())) return { kind: 'error' };
  // `CONNECT`, `CONNECT 150000000`, `CONNECT LTE`: data mode starts; keep the words.
  if (head.startsWith('CONNECT') && (head.trimEnd() === 'CONNECT' || head[7] === ' ')) return { kind: 'connect', text: t.slice(7).trim() };
  return null;
}

/** Human words for a final result, e.g. CME 10 → "SIM not inserted". */
export function describeFinal(f: FinalResult): string {
  switch (f.kind) {
    case 'ok': return 'OK';
    case 'error': return 'ERROR (the modem gives no reason; send AT+CMEE=1 or AT+CMEE=2 to get one)';
    case 'cme-error':
      if (f.code !== undefined) return `+CME ERROR ${f.code}: ${describeCmeError(f.code)}`;
      if (f.text !== undefined) return `+CME ERROR: ${f.text}`;
      return '+CME ERROR (no code given)';
    case 'cms-error':
      if (f.code !== undefined) return `+CMS ERROR ${f.code}: ${describeCmsError(f.code)}`;
      if (f.text !== undefined) return `+CMS ERROR: ${f.text}`;
      return '+CMS ERROR (no code given)';
    case 'no-carrier': return 'NO CARRIER: the call or data connection ended (or could not start)';
    case 'busy': return 'BUSY: the called party is busy';
    case 'no-answer': return 'NO ANSWER: the call was not answered';
    case 'no-dialtone': return 'NO DIALTONE: no network to dial on';
    case 'command-not-supported': return 'COMMAND NOT SUPPORT: the modem does not know this command';
    case 'connect': return f.text ? `CONNECT ${f.text}: data mode started` : 'CONNECT: data mode started';
    case 'prompt': return '> prompt: the modem waits for text (end with Ctrl-Z)';
  }
}

// V.250 §5.7.1 table 1: the numeric form (ATV0) of the final result codes. 2 (RING) is a URC and
// 5 (CONNECT 1200) is historic; neither ends a command here.
const NUMERIC_RESULTS: Readonly<Record<string, FinalResult>> = {
  0: { kind: 'ok' },
  1: { kind: 'connect', text: '' },
  3: { kind: 'no-carrier' },
  4: { kind: 'error' },
  6: { kind: 'no-dialtone' },
  7: { kind: 'busy' },
  8: { kind: 'no-answer' },
};

/** True when the line is one of the ATV0 digit codes that end a command. */
export function isNumericFinalLine(line: string): boolean {
  return Object.hasOwn(NUMERIC_RESULTS, line.trim());
}

/** The final result of an ATV0 digit code (`0` OK, `4` ERROR), or null. */
export function parseNumericResult(line: string): FinalResult | null {
  const t = line.trim();
  return Object.hasOwn(NUMERIC_RESULTS, t) ? { ...NUMERIC_RESULTS[t]! } : null;
}

/**
 * Whether a command line switches the result code format: `numeric` for ATV0 (or ATV), `verbose`
 * for ATV1 and for ATZ / AT&F (a reset to the stored profile, V1 on every module we know of),
 * null when it leaves the format alone. Only the basic commands before the first extended
 * command count; ATD takes the rest of the line as its dial string.
 */
export function resultFormatAfter(command: string): 'numeric' | 'verbose' | null {
  const m = /^\s*AT/i.exec(command);
  if (!m) return null;
  const rest = command.slice(m[0].length);
  let end = rest.search(/[+!#^$%*;]/);
  if (end < 0) end = rest.length;
  const basic = rest.slice(0, end).toUpperCase();
  let out: 'numeric' | 'verbose' | null = null;
  for (const token of basic.match(/&?[A-Z]\d*/g) ?? []) {
    if (token.startsWith('D')) break;
    if (token === 'V' || token === 'V0') out = 'numeric';
    else if (token === 'V1' || token === 'Z' || token.startsWith('Z') || token === '&F' || token.startsWith('&F')) out = 'verbose';
  }
  return out;
}
