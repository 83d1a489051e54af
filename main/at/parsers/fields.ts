// Small, bounds-checked readers for the comma-separated information text of AT responses.
// Everything returns undefined/null on bad input; the parsers turn that into a ParseOutcome.

import { splitOutsideQuotes } from '../quoted-split.ts';

/** A field as it appeared on the wire: text without surrounding blanks, and whether it was quoted. */
export interface RawField {
  text: string;
  quoted: boolean;
}

/**
 * Split `1,"a,b", 3` at commas outside double quotes and outside parentheses (test-command
 * ranges like `(1-10),"IP"`). Unbalanced quotes or parentheses run to the end of the line.
 */
export function splitFields(body: string): RawField[] {
  return splitOutsideQuotes(body, ',', { parentheses: true }).map(toField);
}

function toField(raw: string): RawField {
  const t = raw.trim();
  if (t.startsWith('"')) {
    const end = t.endsWith('"') && t.length >= 2 ? t.length - 1 : t.length;
    return { text: t.slice(1, end), quoted: true };
  }
  return { text: t, quoted: false };
}

/**
 * The text after `<prefix>:` when the line starts with it (case-insensitive, blanks after the
 * colon dropped), else null. `+CSQ: 20,99` with '+CSQ' → '20,99'.
 */
export function afterPrefix(line: string, prefix: string): string | null {
  const t = line.trimStart();
  if (t.length < prefix.length + 1) return null;
  if (t.slice(0, prefix.length).toUpperCase() !== prefix.toUpperCase()) return null;
  if (t[prefix.length] !== ':') return null;
  return t.slice(prefix.length + 1).trim();
}

/** Decimal integer (optionally signed, leading zeros allowed), or undefined. */
export function toInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^[-+]?\d{1,15}$/.test(t)) return undefined;
  return Number(t);
}

/** Decimal number with an optional fraction (e.g. `-10.5`), or undefined. */
export function toDecimal(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^[-+]?\d{1,15}(\.\d{1,6})?$/.test(t)) return undefined;
  return Number(t);
}

/** A hex identifier (LAC, TAC, cell id) decoded, keeping the text as sent. */
export interface HexId {
  hex: string;
  value: number;
}

/** Hex text (quotes already removed; blanks and a 0x prefix tolerated) up to 12 digits. */
export function toHexId(text: string | undefined): HexId | undefined {
  if (text === undefined) return undefined;
  let t = text.replace(/\s+/g, '');
  if (/^0x/i.test(t)) t = t.slice(2);
  if (!/^[0-9A-Fa-f]{1,12}$/.test(t)) return undefined;
  return { hex: t.toUpperCase(), value: Number.parseInt(t, 16) };
}

/** Look up a numeric code in a name table, with a stable fallback name. */
export function nameOf(table: Readonly<Record<number, string>>, code: number, fallback = 'unknown'): string {
  return table[code] ?? `${fallback}-${code}`;
}

/** Fields of the first line that starts with `prefix:`; null when there is none. */
export function fieldsAfter(lines: string[], prefix: string): { line: string; fields: RawField[] } | null {
  for (const line of lines) {
    const body = afterPrefix(line, prefix);
    if (body !== null) return { line, fields: splitFields(body) };
  }
  return null;
}

/** Every line that starts with `prefix:`, with its fields. */
export function allFieldsAfter(lines: string[], prefix: string): Array<{ line: string; fields: RawField[] }> {
  const out: Array<{ line: string; fields: RawField[] }> = [];
  for (const line of lines) {
    const body = afterPrefix(line, prefix);
    if (body !== null) out.push({ line, fields: splitFields(body) });
  }
  return out;
}

/** The info text of a bare-text answer (IMSI, IMEI, model): the line with an optional `+XXX:` prefix removed. */
export function bareText(line: string, prefixes: readonly string[]): string {
  for (const p of prefixes) {
    const body = afterPrefix(line, p);
    if (body !== null) return body;
  }
  return line.trim();
}
