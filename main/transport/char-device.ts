// A QMI control device opened directly: /dev/cdc-wdmN on hardware, a PTY slave for virtual
// modems. A tty is read event-driven through tty.ReadStream (epoll). A real cdc-wdm node is a
// plain character device, which Node cannot watch (net.Socket refuses it: ERR_INVALID_FD_TYPE,
// docs/real-tools.md) and a blocking read in the thread pool could never be cancelled on close,
// so it is opened non-blocking and read in a short polling loop instead.

import fs from 'node:fs';
import tty from 'node:tty';
import { TransportError, transportErrorFrom, type ByteTransport } from './byte-transport.ts';

const READ_SIZE = 8192;
const POLL_MIN_MS = 2;
const POLL_MAX_MS = 20;

export interface CharDeviceOptions {
  /** Force the polling reader even on a tty (tests use it to exercise the cdc-wdm path on a PTY). */
  forcePolling?: boolean;
}

/** Reads and writes a device already opened (O_RDWR | O_NOCTTY | O_NONBLOCK) by the caller, which
 *  hands the descriptor over: the transport closes it. (open-qmi.ts opens the port to hold it
 *  while it looks for other holders, then reads through that same descriptor.) */
export function charDeviceFromFd(path: string, fd: number, opts: CharDeviceOptions = {}): ByteTransport {
  return tty.isatty(fd) && !opts.forcePolling ? new TtyDevice(path, fd) : new PolledDevice(path, fd);
}

export async function openCharDevice(path: string, opts: CharDeviceOptions = {}): Promise<ByteTransport> {
  let fd: number;
  try {
    fd = await new Promise<number>((resolve, reject) => {
      fs.open(path, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK, (err, n) => (err ? reject(err) : resolve(n)));
    });
  } catch (e) {
    throw transportErrorFrom(e, path, 'open');
  }
  return charDeviceFromFd(path, fd, opts);
}

abstract class FdDevice implements ByteTransport {
  readonly description: string;
  protected fd: number;
  protected closed = false;
  private dataListeners: ((b: Buffer) => void)[] = [];
  private closeListeners: ((e?: TransportError) => void)[] = [];

  constructor(path: string, fd: number) {
    this.description = path;
    this.fd = fd;
  }

  onData(listener: (chunk: Buffer) => void): void { this.dataListeners.push(listener); }
  onClose(listener: (error?: TransportError) => void): void { this.closeListeners.push(listener); }

  protected emitData(b: Buffer): void { for (const l of this.dataListeners) l(b); }

  protected finish(error?: TransportError): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.closeFd();
    for (const l of this.closeListeners) l(error);
  }

  protected abstract release(): void;

  protected closeFd(): void {
    try { fs.closeSync(this.fd); } catch { /* already gone */ }
  }

  private writeChain: Promise<void> = Promise.resolve();
  /** Writes queued behind one the device was not ready for (EAGAIN). */
  private queued = 0;

  /**
   * Writes one after another: a frame must never be split by another frame after a short write.
   * With nothing queued the frame is written at once, in the caller's turn of the event loop, not
   * after whatever else that turn does (opening the AT port took the better part of a
   * millisecond, and the modem's clock for its reply starts only once the frame is there).
   */
  write(data: Uint8Array): Promise<void> {
    if (this.queued === 0) {
      let off: number;
      try {
        off = this.writeSome(data, 0);
      } catch (e) {
        return Promise.reject(e);
      }
      if (off === data.length) return Promise.resolve();
      return this.enqueue(data, off);
    }
    return this.enqueue(data, 0);
  }

  private enqueue(data: Uint8Array, from: number): Promise<void> {
    this.queued += 1;
    const next = this.writeChain.then(() => this.writeRest(data, from)).finally(() => { this.queued -= 1; });
    this.writeChain = next.catch(() => undefined);
    return next;
  }

  /** Writes from `off` until done or the device is not ready (EAGAIN); returns how far it got. */
  private writeSome(data: Uint8Array, off: number): number {
    while (off < data.length) {
      if (this.closed) throw new TransportError('closed', this.description, `${this.description} is closed`);
      try {
        off += fs.writeSync(this.fd, data, off, data.length - off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return off;
        const err = transportErrorFrom(e, this.description, 'write to');
        this.finish(err);
        throw err;
      }
    }
    return off;
  }

  /** The rest of a write, waiting while the device is not ready (at most 2 s in all). */
  private async writeRest(data: Uint8Array, from: number): Promise<void> {
    const deadline = Date.now() + 2000;
    let off = this.writeSome(data, from);
    while (off < data.length) {
      if (Date.now() > deadline) {
        const err = new TransportError('failed', this.description, `could not write to ${this.description}: it took no data for 2 s (EAGAIN)`);
        this.finish(err);
        throw err;
      }
      await new Promise((r) => setTimeout(r, POLL_MIN_MS));
      off = this.writeSome(data, off);
    }
  }

  async close(): Promise<void> {
    this.finish();
  }
}

class TtyDevice extends FdDevice {
  private stream: tty.ReadStream;

  constructor(path: string, fd: number) {
    super(path, fd);
    this.stream = new tty.ReadStream(fd);
    // Raw: no line discipline between us and the modem's bytes (no echo, no CR/LF mangling).
    this.stream.setRawMode(true);
    this.stream.on('data', (b: Buffer) => this.emitData(b));
    this.stream.on('error', (e) => this.finish(transportErrorFrom(e, path, 'read from')));
    this.stream.on('end', () => this.finish(new TransportError('io-error', path, `${path} hung up: the modem was unplugged or reset`)));
  }

  protected release(): void {
    this.stream.removeAllListeners('data');
    this.stream.on('error', () => { /* ignore errors after close */ });
    this.stream.destroy();
  }
}

class PolledDevice extends FdDevice {
  private timer: NodeJS.Timeout | undefined;
  private delay = POLL_MIN_MS;
  private readonly buf = Buffer.alloc(READ_SIZE);
  private reading = false;
  private closePending = false;

  constructor(path: string, fd: number) {
    super(path, fd);
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (!this.closed) this.timer = setTimeout(() => this.poll(), ms);
  }

  private poll(): void {
    this.reading = true;
    fs.read(this.fd, this.buf, 0, READ_SIZE, null, (err, n) => {
      this.reading = false;
      if (this.closed) {
        if (this.closePending) super.closeFd();
        return;
      }
      if (err) {
        if (err.code === 'EAGAIN' || err.code === 'EWOULDBLOCK') {
          this.delay = Math.min(this.delay * 2, POLL_MAX_MS);
          this.schedule(this.delay);
        } else {
          this.finish(transportErrorFrom(err, this.description, 'read from'));
        }
        return;
      }
      if (n === 0) {
        this.finish(new TransportError('io-error', this.description, `${this.description} hung up: the modem was unplugged or reset`));
        return;
      }
      this.delay = POLL_MIN_MS;
      this.emitData(Buffer.from(this.buf.subarray(0, n)));
      this.schedule(0);
    });
  }

  protected release(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  // Closing the fd while a read is in flight in the thread pool could let that read land on a
  // reused fd number: close only once the read has come back.
  protected override closeFd(): void {
    if (this.reading) this.closePending = true;
    else super.closeFd();
  }
}
