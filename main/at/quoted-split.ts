// Splitting AT text at a separator that is not inside double quotes: commas between arguments
// (`1,"IP","a,b"` is three), semicolons between concatenated commands (`AT+CREG?;+CGREG?` is two,
// `AT+CGDCONT=1,"IP","a;b"` one). Quotes are kept; callers strip them when they mean to.

export function splitOutsideQuotes(text: string, separator: ',' | ';'): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}
