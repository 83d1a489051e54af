// Final result codes: the line that ends an AT command (V.250 verbose form, ATV1).
// The set and the edge cases follow what ModemManager treats as final (at.md §1):
// `+CME ERROR: ` with a blank IS final, `+CME ERROR:` with nothing after the colon is NOT,
// `UNKNOWN COMMAND` is not a result code. Digit codes (ATV0) are not recognised here on purpose:
// a bare `0` or `4` is indistinguishable from information text, so the channel sends ATV1.

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

/** Classify one line (without its \r\n). Null when the line does not end a command. */
export function parseFinalResult(line: string): FinalResult | null {
  // The extended errors are checked on the untrimmed line: the trailing blank matters.
  const lead = line.replace(/^[ \t]+/, '');
  const upperLead = lead.toUpperCase();
  if (upperLead.startsWith('+CME ERROR:')) {
    const e = parseExtendedError(lead.slice('+CME ERROR:'.length));
    return e === null ? null : { kind: 'cme-error', ...e };
  }
  if (upperLead.startsWith('+CMS ERROR:')) {
    const e = parseExtendedError(lead.slice('+CMS ERROR:'.length));
    return e === null ? null : { kind: 'cms-error', ...e };
  }
  // The SMS prompt is `> ` with no line end after it; accept it with or without the blank.
  if (lead === '>' || lead === '> ') return { kind: 'prompt' };
  const t = lead.trimEnd();
  const u = t.toUpperCase();
  switch (u) {
    case 'OK': return { kind: 'ok' };
    case 'ERROR': return { kind: 'error' };
    case 'NO CARRIER': return { kind: 'no-carrier' };
    case 'BUSY': return { kind: 'busy' };
    case 'NO ANSWER': return { kind: 'no-answer' };
    case 'NO DIALTONE': case 'NO DIAL TONE': return { kind: 'no-dialtone' };
    default: break;
  }
  // Huawei/ZTE say `COMMAND NOT SUPPORT` (sic); tolerate the grammatical variant too.
  if (u.startsWith('COMMAND NOT SUPPORT')) return { kind: 'command-not-supported' };
  // Motorola EZX `MODEM ERROR: <n>` ends the command like ERROR (MM mm-serial-parsers.c).
  if (/^MODEM ERROR: ?\d+$/.test(u)) return { kind: 'error' };
  // `CONNECT`, `CONNECT 150000000`, `CONNECT LTE`: data mode starts; keep the words.
  if (u === 'CONNECT' || u.startsWith('CONNECT ')) return { kind: 'connect', text: t.slice(7).trim() };
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
