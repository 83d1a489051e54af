// A real pseudo-terminal for a virtual modem port. Node cannot allocate PTYs itself (no
// openpty/ioctl), so socat (Debian package "socat") creates one and relays its master side to
// our stdin/stdout pipes. Clients open the slave path exactly as they would /dev/ttyUSB2 or
// /dev/cdc-wdm0. socat keeps a slave fd open itself, so clients can come and go.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { deviceHolders } from '../system/device-holders.ts';
import { CodedError } from '../errors/coded-error.ts';

export type PtyErrorCode = 'socat-missing' | 'pty-timeout' | 'pty-exited';

export class PtyError extends CodedError<PtyErrorCode> {
  override readonly name = 'PtyError';
}

export interface PtyPort {
  /** Stable path (a symlink we chose) to give to clients. */
  readonly path: string;
  /** The /dev/pts/N the symlink points to. */
  readonly ptsPath: string;
  /** `written` runs once the bytes have gone into the PTY relay (not if the port is gone). */
  write(data: Uint8Array | string, written?: () => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'exit', listener: () => void): this;
  /** True when a process other than socat holds the slave open (someone is listening), this one included. */
  hasClient(): Promise<boolean>;
  /** Orderly close: stops socat and removes the symlink. */
  close(): Promise<void>;
  /** Abrupt loss, as when the USB device is pulled: the slave hangs up (Linux: reads return
   *  end-of-file, writes fail with EIO). */
  hangup(): void;
}

const OPEN_TIMEOUT_MS = 5000;
/** How old a /proc pass may be for hasClient (port-host.ts caches its answer as long). */
const PRESENCE_MAX_AGE_MS = 250;

class SocatPty extends EventEmitter implements PtyPort {
  readonly path: string;
  ptsPath = '';
  private child: ChildProcessWithoutNullStreams;
  private exited = false;

  constructor(link: string, child: ChildProcessWithoutNullStreams) {
    super();
    this.path = link;
    this.child = child;
    child.stdout.on('data', (d: Buffer) => this.emit('data', d));
    child.stdin.on('error', () => { /* socat gone: reported through 'exit' */ });
    child.on('exit', () => {
      this.exited = true;
      this.emit('exit');
    });
  }

  private corked = false;

  write(data: Uint8Array | string, written?: () => void): void {
    if (this.exited) return;
    // Replies whose latency ends at the same moment (same-delay timers fire together) go to
    // socat in one write: sixteen virtual modems' replies otherwise cost the simulator and
    // socat a system call and a wake-up each, on the same cores as the program under test.
    if (!this.corked) {
      this.corked = true;
      this.child.stdin.cork();
      process.nextTick(() => { this.corked = false; this.child.stdin.uncork(); });
    }
    this.child.stdin.write(data, (err) => { if (!err) written?.(); });
  }

  async hasClient(): Promise<boolean> {
    if (!this.ptsPath) return false;
    // deviceHolders leaves out socat (it holds the master); in-process clients count, as tests
    // open the port from the simulator's own process. PortHost caches the answer for a quarter
    // second; a /proc pass up to that old will do here as well, so that the ports of a fleet
    // (sixteen modems, four ports each, NMEA every second) share passes instead of each asking
    // for a new one: every pass reads every process's open files.
    return (await deviceHolders(this.path, { includeSelf: true, since: performance.now() - PRESENCE_MAX_AGE_MS })).length > 0;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      let fallback: NodeJS.Timeout | undefined;
      const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      // The fallback must neither outlive socat nor hold the process: the child handle itself
      // keeps Node alive until socat exits.
      const late = new Promise<void>((resolve) => { fallback = setTimeout(resolve, 2000); fallback.unref(); });
      this.child.stdin.end();
      this.child.kill('SIGTERM');
      await Promise.race([done, late]);
      clearTimeout(fallback);
      if (!this.exited) this.child.kill('SIGKILL');
    }
    fs.rmSync(this.path, { force: true });
  }

  hangup(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    fs.rmSync(this.path, { force: true });
  }
}

/** Creates a PTY whose slave is reachable at `link` (a symlink; created fresh). */
export async function openPty(link: string): Promise<PtyPort> {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { force: true });
  const child = spawn('socat', ['-d', '-d', `PTY,raw,echo=0,link=${link}`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const port = new SocatPty(link, child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT'
      ? new PtyError('socat-missing', 'socat is not installed; it creates the pseudo-terminals of virtual modems (apt-get install socat)')
      : e));
  });
  const ready = (async () => {
    const deadline = Date.now() + OPEN_TIMEOUT_MS;
    for (;;) {
      const m = /PTY is (\/dev\/pts\/\d+)/.exec(stderr);
      if (m && fs.existsSync(link)) {
        port.ptsPath = m[1]!;
        return port;
      }
      if (child.exitCode !== null) throw new PtyError('pty-exited', `socat exited before the PTY was ready: ${stderr.trim()}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new PtyError('pty-timeout', `socat did not create ${link} within ${OPEN_TIMEOUT_MS} ms`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return Promise.race([ready, spawnError]);
}
