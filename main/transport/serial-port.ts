// A tty (/dev/ttyUSB2, /dev/ttyACM0, a PTY of a virtual modem) opened through the `serialport`
// package and presented as a ByteTransport, so the AT channel never sees serialport itself.
//
// Why DTR/RTS are asserted explicitly: several modules (the QMI_QUIRK_SET_DTR family: Sierra
// MC74xx, Quectel EC21/EG91, SIMCom 9001, Telit) ignore AT on the tty until DTR is up. Linux
// raises DTR on open already, but an earlier program may have dropped it; setting it costs
// nothing. A PTY has no modem lines, so the ioctl fails there: that is recorded, not fatal.

import { SerialPortStream } from '@serialport/stream';
import { hangupAwareBinding } from './hangup-aware-binding.ts';
import { TransportError, transportErrorFrom, type ByteTransport } from './byte-transport.ts';

export interface SerialOpenOptions {
  /** Irrelevant on USB CDC/option ports and PTYs, but a real UART needs the right one. */
  baudRate?: number;
  /** How long opening may take before we give up (a wedged driver can block open()). */
  openTimeoutMs?: number;
  /** flock() the port so that two copies of this tool do not interleave on it (serialport default). */
  lock?: boolean;
}

const DEFAULT_OPEN_TIMEOUT_MS = 5000;
const CLOSE_TIMEOUT_MS = 2000;

type SerialAction = 'open' | 'read' | 'write' | 'close';
type SerialFailure = { code?: string; message?: string; disconnected?: boolean } | undefined;

/**
 * The errno behind a serialport failure. bindings-cpp reports strerror() text, not errno codes,
 * so the text is read back into the code (ELOCKED for its "Cannot lock port").
 */
function serialErrno(err: SerialFailure, text: string, action: SerialAction): string | undefined {
  const code = err?.code ?? '';
  if (code === 'ENOENT' || /No such file or directory/i.test(text)) return 'ENOENT';
  if (code === 'EACCES' || code === 'EPERM') return code;
  if (/Permission denied/i.test(text)) return 'EACCES';
  if (/Operation not permitted/i.test(text)) return 'EPERM';
  // flock() failing with EWOULDBLOCK: someone else holds the port's lock.
  if (/Cannot lock port|Resource temporarily unavailable/i.test(text)) return 'ELOCKED';
  if (code === 'EBUSY' || /Device or resource busy/i.test(text)) return 'EBUSY';
  if (code === 'EIO' || code === 'ENXIO' || code === 'ENODEV') return code;
  if (/\bEIO\b|i\/o error/i.test(text)) return 'EIO';
  if (/No such device/i.test(text)) return 'ENODEV';
  // serialport's DisconnectedError after a failed read: the device went away under us.
  if (err?.disconnected === true && action !== 'open') return 'EIO';
  return undefined;
}

/** A serialport failure as a TransportError, worded by the transports' one table (byte-transport.ts). */
export function serialErrorFrom(e: unknown, path: string, action: SerialAction): TransportError {
  const err = e as SerialFailure;
  const text = String(err?.message ?? e);
  return transportErrorFrom({ code: serialErrno(err, text, action), message: text }, path, action);
}

export class SerialTransport implements ByteTransport {
  readonly description: string;
  /** False on a PTY (no modem control lines) or when the driver refused: useful evidence when AT stays silent. */
  modemLinesAsserted = false;
  private readonly port: SerialPortStream;
  private readonly path: string;
  private dataListeners: ((chunk: Buffer) => void)[] = [];
  private closeListeners: ((error?: TransportError) => void)[] = [];
  private closed = false;
  private closeReason: TransportError | undefined;

  private constructor(path: string, port: SerialPortStream) {
    this.path = path;
    this.description = path;
    this.port = port;
    port.on('data', (chunk: Buffer) => { for (const l of this.dataListeners) l(chunk); });
    // serialport closes the port itself when a read fails (EIO when the USB device goes away)
    // and passes a DisconnectedError to 'close'.
    port.on('close', (disconnectError: unknown) => {
      this.finish(disconnectError ? serialErrorFrom(disconnectError, path, 'read') : undefined);
    });
    port.on('error', (e: unknown) => {
      const err = serialErrorFrom(e, path, 'read');
      // An error event on an open port means it is unusable: close it and report why.
      if (port.isOpen) port.close(() => this.finish(err));
      else this.finish(err);
    });
  }

  /** Opens the port; rejects with a TransportError (never hangs past openTimeoutMs). */
  static open(path: string, options: SerialOpenOptions = {}): Promise<SerialTransport> {
    const timeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let port: SerialPortStream;
      try {
        port = new SerialPortStream({ binding: hangupAwareBinding, path, baudRate: options.baudRate ?? 115200, autoOpen: false, lock: options.lock ?? true });
      } catch (e) {
        reject(serialErrorFrom(e, path, 'open'));
        return;
      }
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        // open() may still complete later: make sure the fd is not leaked.
        port.once('open', () => port.close());
        reject(new TransportError('failed', path, `${path} did not open within ${timeoutMs} ms (driver wedged? unplug and replug the modem)`));
      }, timeoutMs);
      port.open((err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          reject(serialErrorFrom(err, path, 'open'));
          return;
        }
        const transport = new SerialTransport(path, port);
        port.set({ dtr: true, rts: true }, (setErr) => {
          transport.modemLinesAsserted = !setErr;
          resolve(transport);
        });
      });
    });
  }

  write(data: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(this.closeReason ?? new TransportError('closed', this.path, `${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(data), (err) => {
        if (err) reject(serialErrorFrom(err, this.path, 'write'));
        else resolve();
      });
    });
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error?: TransportError) => void): void {
    if (this.closed) queueMicrotask(() => listener(this.closeReason));
    else this.closeListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Always settles: after CLOSE_TIMEOUT_MS it gives up waiting for the driver and reports closed. */
  close(): Promise<void> {
    if (this.closed || !this.port.isOpen) {
      this.finish(undefined);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.finish(undefined); resolve(); }, CLOSE_TIMEOUT_MS);
      this.port.close(() => {
        clearTimeout(timer);
        this.finish(undefined);
        resolve();
      });
    });
  }

  private finish(error: TransportError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = error;
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const l of listeners) l(error);
  }
}
