// Splitting AT text at a separator that is not inside double quotes: commas between arguments
// (`1,"IP","a,b"` is three), semicolons between concatenated commands (`AT+CREG?;+CGREG?` is two,
// `AT+CGDCONT=1,"IP","a;b"` one), and with `parentheses` also not inside test-command ranges
// (`(1-10),"IP"` is two). Quotes are kept; callers strip them when they mean to. Unbalanced
// quotes or parentheses run to the end of the text. The one quote-aware splitter of the AT code.

export function splitOutsideQuotes(text: string, separator: ',' | ';', options: { parentheses?: boolean } = {}): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let depth = 0;
  const parens = options.parentheses ?? false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (parens && !quoted && ch === '(') depth += 1;
    if (parens && !quoted && ch === ')' && depth > 0) depth -= 1;
    if (ch === separator && !quoted && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}
