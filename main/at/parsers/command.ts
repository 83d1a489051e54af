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
