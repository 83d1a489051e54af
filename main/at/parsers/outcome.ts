// Parse failures are values, never exceptions: the caller always gets either a typed result or
// the offending line with a message a person can act on.

export type ParseOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { line: string; message: string } };

export function ok<T>(value: T): ParseOutcome<T> {
  return { ok: true, value };
}

export function fail<T = never>(line: string, message: string): ParseOutcome<T> {
  return { ok: false, error: { line, message } };
}
