// The API's one error: a code a program can switch on and a message a person can act on.

import type { ApiErrorCode, ApiErrorInfo } from './contract.ts';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  constructor(code: ApiErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }

  toInfo(): ApiErrorInfo {
    return { code: this.code, message: this.message, ...(this.field !== undefined ? { field: this.field } : {}) };
  }
}
