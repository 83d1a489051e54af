// The one shape every byte pipe to a modem has (character device, PTY, qmi-proxy socket, serial
// port), so the protocol clients above never care which one they were given.

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

export class TransportError extends Error {
  readonly code: TransportErrorCode;
  readonly path: string;
  constructor(code: TransportErrorCode, path: string, message: string) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
    this.path = path;
  }
}

/** Turns a Node system error into words that say what happened and what to do next. */
export function transportErrorFrom(e: unknown, path: string, action: string): TransportError {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return new TransportError('not-found', path, `${path} does not exist: the modem may be unplugged, still booting, or in another USB mode`);
    case 'EACCES':
    case 'EPERM':
      return new TransportError('permission-denied', path,
        `permission denied opening ${path}: run as a member of the group that owns it (often "dialout"), or fix its udev permissions`);
    case 'EBUSY':
      return new TransportError('busy', path, `${path} is busy: another program holds it exclusively (ModemManager?)`);
    case 'EIO':
    case 'ENXIO':
    case 'ENODEV':
      return new TransportError('io-error', path, `${path} stopped responding (${err.code}): the modem was unplugged or is resetting`);
    default:
      return new TransportError('failed', path, `could not ${action} ${path}: ${err?.message ?? String(e)}`);
  }
}
