// Typed errors for the kernel knobs around a modem's network interface. Every failure carries a
// code a caller can branch on and a message a person can act on (what happened, why, what to do).

import { CodedError } from '../errors/coded-error.ts';

export type KernelErrorCode =
  | 'not-found'        // no such interface, or it has no such attribute (not a qmi_wwan interface)
  | 'busy'             // EBUSY: the kernel refuses to change a running interface
  | 'permission'       // EACCES/EPERM: writing needs root (use the privileged helper)
  | 'invalid'          // EINVAL or a value outside what the attribute accepts
  | 'bad-name'         // an interface name the kernel would never accept
  | 'bad-output'       // a tool's output could not be parsed (`ip -j`)
  | 'tool-failed'      // a tool (`ip`) could not be run or exited with an error
  | 'io';              // any other I/O error, with its errno in the message

export class KernelError extends CodedError<KernelErrorCode> {
  override readonly name = 'KernelError';
  /** The errno name behind it, when there was one (EBUSY, ENOENT...). */
  readonly errno: string | undefined;

  constructor(code: KernelErrorCode, message: string, errno?: string) {
    super(code, message);
    this.errno = errno;
  }

  toJSON(): { code: KernelErrorCode; message: string; errno?: string } {
    return this.errno ? { code: this.code, message: this.message, errno: this.errno } : { code: this.code, message: this.message };
  }
}

export function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
