// The API's one error: a code a program can switch on and a message a person can act on.

import type { ApiErrorCode, ApiErrorInfo } from './contract.ts';
import { CodedError } from '../errors/coded-error.ts';

export class ApiError extends CodedError<ApiErrorCode> {
  override readonly name = 'ApiError';
  readonly field: string | undefined;
  constructor(code: ApiErrorCode, message: string, field?: string) {
    super(code, message);
    this.field = field;
  }

  toInfo(): ApiErrorInfo {
    return { code: this.code, message: this.message, ...(this.field !== undefined ? { field: this.field } : {}) };
  }
}
