// A real pseudo-terminal for a virtual modem port. The simulator holds the PTY's master side
// itself: it opens /dev/ptmx, and a short-lived helper does the one step Node cannot (Node has no
// ioctl): unlockpt(3) on the inherited master, ptsname(3), and raw mode on the slave (Python's
// ctypes and tty modules, Debian package python3). Clients open the slave path exactly as they
// would /dev/ttyUSB2 or /dev/cdc-wdm0; the master also keeps one slave descriptor of its own, so
// that clients can come and go (a master whose slave nobody holds reads EIO and polls as hung up).
// Before this, socat held the master and relayed it to us over pipes: every request and reply
// then crossed a third process, which cost a sixteen-modem fleet its own eighty processes and a
// single reply about a millisecond more than its latency (measured with `npm run bench`).

import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import tty from 'node:tty';
import { deviceHolders, noteOwnPtyMaster } from '../system/device-holders.ts';
import { CodedError } from '../errors/coded-error.ts';

export type PtyErrorCode = 'python-missing' | 'pty-timeout' | 'pty-failed';

export class PtyError extends CodedError<PtyErrorCode> {
  override readonly name = 'PtyError';
}

export interface PtyPort {
  /** Stable path (a symlink we chose) to give to clients. */
  readonly path: string;
  /** The /dev/pts/N the symlink points to. */
  readonly ptsPath: string;
  /** `written` runs once the bytes have gone into the PTY (not if the port is gone). */
  write(data: Uint8Array | string, written?: () => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'exit', listener: () => void): this;
  /** True when a client holds the slave open (someone is listening), in this process or another. */
  hasClient(): Promise<boolean>;
  /** Orderly close: closes the master (clients see a hang-up) and removes the symlink. */
  close(): Promise<void>;
  /** Abrupt loss, as when the USB device is pulled: the slave hangs up (Linux: reads return
   *  end-of-file, writes fail with EIO). */
  hangup(): void;
}

const OPEN_TIMEOUT_MS = 5000;
/** How old a /proc pass may be for hasClient (port-host.ts caches its answer as long). */
const PRESENCE_MAX_AGE_MS = 250;

const ptsIndex = (ptsPath: string): number => Number(ptsPath.slice('/dev/pts/'.length));

// Bytes a master keeps for a client that does not read (beyond what the PTY itself holds): past
// this, more is dropped, as a modem's output is when the host does not read it.
const UNREAD_LIMIT = 64 * 1024;
const RETRY_MS = 5;

class MasterPty extends EventEmitter implements PtyPort {
  readonly path: string;
  readonly ptsPath: string;
  private readonly masterFd: number;
  private readonly master: tty.ReadStream;
  private keepAlive: number | undefined;
  private exited = false;
  // What is waiting to go into the PTY, and the callbacks due once the bytes up to `end` have.
  private outbox: Buffer[] = [];
  private outboxBytes = 0;
  private handedOver = 0; // bytes written since the port opened
  private queuedUpTo = 0; // bytes ever queued
  private callbacks: { end: number; written: () => void }[] = [];
  private drainScheduled = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(link: string, ptsPath: string, masterFd: number, keepAlive: number) {
    super();
    this.path = link;
    this.ptsPath = ptsPath;
    this.masterFd = masterFd;
    this.keepAlive = keepAlive;
    noteOwnPtyMaster(ptsIndex(ptsPath), true);
    // Read through libuv (epoll). Written with plain non-blocking writes (drain()): libuv cannot
    // reopen a PTY master, so it writes one as a blocking stream, and a client that stops reading
    // would then stop the simulator's whole event loop once the PTY is full.
    this.master = new tty.ReadStream(masterFd);
    this.master.on('data', (d: Buffer) => this.emit('data', d));
    this.master.on('error', () => this.end());
    this.master.on('close', () => this.end());
  }

  write(data: Uint8Array | string, written?: () => void): void {
    if (this.exited) return;
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (this.outboxBytes + bytes.length > UNREAD_LIMIT) {
      // Nobody has read for a long while: these bytes are lost, as on a real port.
      written?.();
      return;
    }
    this.outbox.push(bytes);
    this.outboxBytes += bytes.length;
    this.queuedUpTo += bytes.length;
    if (written) this.callbacks.push({ end: this.queuedUpTo, written });
    // Replies whose latency ends at the same moment go out in one write: sixteen virtual modems'
    // replies otherwise cost a system call and a client wake-up each, on the same cores as the
    // program under test.
    if (!this.drainScheduled && !this.retry) {
      this.drainScheduled = true;
      process.nextTick(() => { this.drainScheduled = false; this.drain(); });
    }
  }

  /** Writes what the PTY takes now; what it does not take is tried again shortly. */
  private drain(): void {
    if (this.exited || this.outboxBytes === 0) return;
    const all = this.outbox.length === 1 ? this.outbox[0]! : Buffer.concat(this.outbox, this.outboxBytes);
    let n = 0;
    try {
      n = fs.writeSync(this.masterFd, all);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') { this.end(); return; }
    }
    this.handedOver += n;
    const rest = all.subarray(n);
    this.outbox = rest.length > 0 ? [rest] : [];
    this.outboxBytes = rest.length;
    while (this.callbacks.length > 0 && this.callbacks[0]!.end <= this.handedOver) this.callbacks.shift()!.written();
    if (this.outboxBytes > 0 && !this.exited) {
      this.retry = setTimeout(() => { this.retry = undefined; this.drain(); }, RETRY_MS);
      this.retry.unref();
    }
  }

  async hasClient(): Promise<boolean> {
    // Our own process holds the master and one slave descriptor: deviceHolders counts it only
    // for slave descriptors beyond that one (tests open ports from the simulator's own process).
    // PortHost caches the answer for a quarter second; a /proc pass up to that old will do here
    // as well, so that the ports of a fleet (sixteen modems, four ports each, NMEA every second)
    // share passes instead of each asking for a new one: every pass reads every process's open files.
    if (this.exited) return false;
    return (await deviceHolders(this.path, { includeSelf: true, since: performance.now() - PRESENCE_MAX_AGE_MS })).length > 0;
  }

  /** Closes both our descriptors once: clients see the hang-up, listeners see 'exit'. */
  private end(): void {
    if (this.exited) return;
    this.exited = true;
    noteOwnPtyMaster(ptsIndex(this.ptsPath), false);
    clearTimeout(this.retry);
    this.outbox = [];
    this.outboxBytes = 0;
    this.callbacks = [];
    this.master.destroy();
    if (this.keepAlive !== undefined) fs.close(this.keepAlive, () => undefined);
    this.keepAlive = undefined;
    this.emit('exit');
  }

  async close(): Promise<void> {
    this.hangup();
  }

  // Closing our master is itself the hang-up a client sees: orderly or abrupt, the same steps.
  hangup(): void {
    this.end();
    fs.rmSync(this.path, { force: true });
  }
}

// The helper: for each inherited master (fd 3 on), unlock its slave, name it, set it raw (no
// echo, no line editing, no CR/LF translation: a modem's bytes cross unchanged), one name a line.
const UNLOCK = [
  'import ctypes, os, sys, tty',
  'libc = ctypes.CDLL(None, use_errno=True)',
  'libc.ptsname.restype = ctypes.c_char_p',
  'for fd in range(3, 3 + int(sys.argv[1])):',
  '    if libc.unlockpt(fd) != 0:',
  '        sys.exit("unlockpt: " + os.strerror(ctypes.get_errno()))',
  '    name = libc.ptsname(fd).decode()',
  '    slave = os.open(name, os.O_RDWR | os.O_NOCTTY)',
  '    tty.setraw(slave)',
  '    os.close(slave)',
  '    print(name, flush=True)',
].join('\n');

// Debian's own interpreter first: a python3 earlier on PATH may be a version manager's shim that
// takes a third of a second to start.
const PYTHONS = ['/usr/bin/python3', 'python3'];

/** Runs the helper on `masters` (inherited as fds 3, 4, ...); resolves with their slaves' paths. */
function unlockAll(masters: readonly number[], pythons = PYTHONS): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const [python, ...others] = pythons;
    const child = spawn(python!, ['-I', '-S', '-c', UNLOCK, String(masters.length)], { stdio: ['ignore', 'pipe', 'pipe', ...masters] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-2000); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new PtyError('pty-timeout', `the pseudo-terminal helper (${python}) did not answer within ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ENOENT' && others.length > 0) { unlockAll(masters, others).then(resolve, reject); return; }
      reject(e.code === 'ENOENT'
        ? new PtyError('python-missing', 'python3 is not installed; it unlocks the pseudo-terminals of virtual modems (apt-get install python3)')
        : e);
    });
    // 'close', not 'exit': only then has all of its output been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      const names = out.split('\n').filter((l) => /^\/dev\/pts\/\d+$/.test(l));
      if (code === 0 && names.length === masters.length) resolve(names);
      else reject(new PtyError('pty-failed', `could not set up a pseudo-terminal: ${err.trim() || `the helper exited with ${code}`}`));
    });
  });
}

// PTYs asked for in the same turn of the event loop share one helper process: a simulator of
// sixteen modems opens eighty ports at once.
let batch: { masters: number[]; names: Promise<string[]> } | undefined;

function slaveOf(master: number): Promise<string> {
  if (!batch) {
    const b: { masters: number[]; names: Promise<string[]> } = { masters: [], names: Promise.resolve([]) };
    b.names = new Promise<void>((r) => process.nextTick(r)).then(() => { batch = undefined; return unlockAll(b.masters); });
    batch = b;
  }
  const i = batch.masters.push(master) - 1;
  return batch.names.then((names) => names[i]!);
}

/** Creates a PTY whose slave is reachable at `link` (a symlink; created fresh). */
export async function openPty(link: string): Promise<PtyPort> {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { force: true });
  let master: number;
  try {
    master = fs.openSync('/dev/ptmx', fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new PtyError('pty-failed', `could not open /dev/ptmx for a virtual modem port (${code}): ` +
      (code === 'ENOSPC' ? 'the system\'s pseudo-terminals are all in use (see /proc/sys/kernel/pty/max); close some terminals or raise that limit'
        : 'is devpts mounted at /dev/pts, and may this user open /dev/ptmx?'));
  }
  let keepAlive: number | undefined;
  try {
    const ptsPath = await slaveOf(master);
    keepAlive = fs.openSync(ptsPath, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
    fs.symlinkSync(ptsPath, link);
    return new MasterPty(link, ptsPath, master, keepAlive);
  } catch (e) {
    if (keepAlive !== undefined) fs.closeSync(keepAlive);
    fs.closeSync(master);
    throw e;
  }
}
