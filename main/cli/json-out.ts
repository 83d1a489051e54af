// JSON output for the command line: bigints (u64 band masks) become decimal strings, since
// JSON has no 64-bit integers and a rounded number would be a wrong fact.

export function toJson(value: unknown, pretty = false): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), pretty ? 2 : undefined);
}

export function printJson(value: unknown, pretty = false): void {
  process.stdout.write(`${toJson(value, pretty)}\n`);
}
