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
 * One JSON line to stdout, waiting while the reader is behind: a command that streams many
 * lines (decode of a long capture) must not pile its output up in memory when piped into a
 * slow reader. False once the output is closed (`| head` stopped reading): the caller stops.
 */
export async function writeJsonLine(value: unknown, out: NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean } = process.stdout): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return false;
  if (out.write(`${toJson(value)}\n`)) return true;
  if (out.destroyed) return false;
  await new Promise<void>((resolve) => {
    const done = (): void => { out.off('drain', done); out.off('close', done); out.off('error', done); resolve(); };
    out.once('drain', done);
    out.once('close', done);
    out.once('error', done);
  });
  return !out.destroyed;
}
