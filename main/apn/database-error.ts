// The one error the provider database raises: a code a caller can switch on, the file, and where
// in it (for malformed XML) — so the doctor can say "the provider database at X is broken at
// line 12" instead of crashing.

import { CodedError } from '../errors/coded-error.ts';

export type ApnDatabaseErrorCode = 'not-found' | 'unreadable' | 'too-large' | 'malformed' | 'limit-exceeded';

export class ApnDatabaseError extends CodedError<ApnDatabaseErrorCode> {
  override readonly name = 'ApnDatabaseError';
  readonly path: string;
  readonly line?: number;
  readonly column?: number;

  constructor(code: ApnDatabaseErrorCode, path: string, message: string, where?: { line: number; column: number }) {
    super(code, where ? `${path}:${where.line}:${where.column}: ${message}` : `${path}: ${message}`);
    this.path = path;
    if (where) {
      this.line = where.line;
      this.column = where.column;
    }
  }
}
