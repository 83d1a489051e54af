// A report is JSON: whatever the probes and decoders hand over (Buffers from QMI byte fields,
// bigints from u64 fields, undefined members, Dates) is turned into plain JSON values here, once,
// so that redaction and the schema see exactly what the file will hold.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A deep copy holding only JSON values: bytes become lowercase hex, bigints decimal strings. */
export function jsonSafe(value: unknown): Json {
  if (value === null) return null;
  switch (typeof value) {
    case 'string': case 'boolean': return value;
    case 'number': return Number.isFinite(value) ? value : String(value);
    case 'bigint': return value.toString();
    case 'undefined': case 'function': case 'symbol': return null;
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v));
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // An absent optional member is absent in the file too (not null): the schema says so.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out[k] = jsonSafe(v);
  }
  return out;
}
