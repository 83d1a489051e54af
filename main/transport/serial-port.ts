// A tty (/dev/ttyUSB2, /dev/ttyACM0, a PTY of a virtual modem) opened through the `serialport`
// package and presented as a ByteTransport, so the AT channel never sees serialport itself.
//
// Why DTR/RTS are asserted explicitly: several modules (the QMI_QUIRK_SET_DTR family: Sierra
// MC74xx, Quectel EC21/EG91, SIMCom 9001, Telit) ignore AT on the tty until DTR is up. Linux
// raises DTR on open already, but an earlier program may have dropped it; setting it costs
// nothing. A PTY has no modem lines, so the ioctl fails there: that is recorded, not fatal.

import { SerialPort } from 'serialport';
import { TransportError, type ByteTransport, type TransportErrorCode } from './byte-transport.ts';

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

/** What the bindings tell us, in words a user can act on. bindings-cpp reports strerror() text, not errno codes. */
export function serialErrorFrom(e: unknown, path: string, action: 'open' | 'read' | 'write' | 'close'): TransportError {
  const err = e as { code?: string; message?: string; disconnected?: boolean } | undefined;
  const text = String(err?.message ?? e);
  const code = err?.code ?? '';
  const make = (c: TransportErrorCode, msg: string) => new TransportError(c, path, msg);
  if (code === 'ENOENT' || /No such file or directory/i.test(text)) {
    return make('not-found', `${path}: no such port (unplugged? still booting? a different USB mode gives different ports)`);
  }
  if (code === 'EACCES' || code === 'EPERM' || /Permission denied|Operation not permitted/i.test(text)) {
    return make('permission-denied',
      `${path}: permission denied: add yourself to the dialout group (sudo usermod -aG dialout $USER, then log in again) or run with the privileged helper`);
  }
  if (/Cannot lock port/i.test(text) || /Resource temporarily unavailable/i.test(text)) {
    return make('busy', `${path} is locked by another program (another modem-doctor, minicom, or a tool using flock); close it and retry`);
  }
  if (code === 'EBUSY' || /Device or resource busy/i.test(text)) {
    return make('busy', `${path} is busy: another program holds it exclusively (ModemManager? stop it or inhibit the modem)`);
  }
  if (code === 'EIO' || code === 'ENXIO' || code === 'ENODEV' || /\bEIO\b|i\/o error|No such device/i.test(text) ||
      (err?.disconnected === true && action !== 'open')) {
    return make('io-error', `${path}: port vanished (modem reset or unplugged)`);
  }
  return make('failed', `could not ${action} ${path}: ${text}`);
}

export class SerialTransport implements ByteTransport {
  readonly description: string;
  /** False on a PTY (no modem control lines) or when the driver refused: useful evidence when AT stays silent. */
  modemLinesAsserted = false;
  private readonly port: SerialPort;
  private readonly path: string;
  private dataListeners: ((chunk: Buffer) => void)[] = [];
  private closeListeners: ((error?: TransportError) => void)[] = [];
  private closed = false;
  private closeReason: TransportError | undefined;

  private constructor(path: string, port: SerialPort) {
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
      let port: SerialPort;
      try {
        port = new SerialPort({ path, baudRate: options.baudRate ?? 115200, autoOpen: false, lock: options.lock ?? true });
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
