// The one shape every byte pipe to a modem has (character device, PTY, qmi-proxy socket, serial
// port), so the protocol clients above never care which one they were given.

import { CodedError } from '../errors/coded-error.ts';

export interface ByteTransport {
  /** Human description for messages and reports, e.g. "/dev/cdc-wdm0" or "qmi-proxy for /dev/cdc-wdm0". */
  readonly description: string;
  write(data: Uint8Array): Promise<void>;
  onData(listener: (chunk: Buffer) => void): void;
  /** Called once when the pipe ends: error is set when it ended because of a failure (EIO: unplugged). */
  onClose(listener: (error?: TransportError) => void): void;
  close(): Promise<void>;
}

export type TransportErrorCode =
  | 'not-found'         // ENOENT: no such device (unplugged, or wrong path)
  | 'permission-denied' // EACCES/EPERM
  | 'busy'              // EBUSY: exclusively held by another program
  | 'io-error'          // EIO: the device went away under us
  | 'proxy-unavailable' // qmi-proxy not listening
  | 'closed'            // used after close
  | 'failed';           // anything else, with the system message

export class TransportError extends CodedError<TransportErrorCode> {
  override readonly name = 'TransportError';
  readonly path: string;
  constructor(code: TransportErrorCode, path: string, message: string) {
    super(code, message);
    this.path = path;
  }
}

/**
 * The one table of transport failure words: what happened and what to do next. Every transport
 * ends up here; serial-port.ts first turns serialport's strerror() text into the code it stands for.
 * Besides Node's errno codes it knows ELOCKED: the port's flock() is held (serialport's "Cannot
 * lock port"). That is its own code, not EAGAIN, because a char device's EAGAIN means "try again".
 */
export function transportErrorFrom(e: unknown, path: string, action: string): TransportError {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return new TransportError('not-found', path,
        `${path} does not exist (unplugged? still booting? a different USB mode gives different ports)`);
    case 'EACCES':
    case 'EPERM':
      return new TransportError('permission-denied', path,
        `permission denied on ${path}: add yourself to the group that owns it, usually dialout ` +
        '(sudo usermod -aG dialout $USER, then log in again), fix its udev permissions, or run with the privileged helper');
    case 'EBUSY':
      return new TransportError('busy', path,
        `${path} is busy: another program holds it exclusively (ModemManager? stop it or inhibit the modem)`);
    case 'ELOCKED':
      return new TransportError('busy', path,
        `${path} is locked by another program (another modem-doctor, minicom, or a tool using flock); close it and retry`);
    case 'EIO':
    case 'ENXIO':
    case 'ENODEV':
      return new TransportError('io-error', path, `${path} stopped responding (${err.code}): the modem was unplugged or is resetting`);
    default:
      return new TransportError('failed', path, `could not ${action} ${path}: ${err?.message ?? String(e)}`);
  }
}
