// JSON output for the command line: bigints (u64 band masks) become decimal strings, since
// JSON has no 64-bit integers and a rounded number would be a wrong fact.

export function toJson(value: unknown, pretty = false): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), pretty ? 2 : undefined);
}

export function printJson(value: unknown, pretty = false): void {
  process.stdout.write(`${toJson(value, pretty)}\n`);
}

/**
 * All of standard input as text; null when it is larger than maxBytes (then the rest is not
 * read: refuse rather than buffer without bound).
 */
export async function readStdin(maxBytes = Infinity, input: NodeJS.ReadableStream = process.stdin): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of input) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    size += b.length;
    if (size > maxBytes) return null;
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Writes one JSON line and waits while the reader is behind: a stream of a million decoded lines
 * into a slow pipe must not pile up in memory.
 */
export async function writeJsonLine(value: unknown, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (out.write(`${toJson(value)}\n`)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => { out.off('drain', done); out.off('close', done); out.off('error', done); resolve(); };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}
