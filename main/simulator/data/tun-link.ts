// One real network interface backed by this process: a tun device (bare IP packets, as qmi_wwan
// in raw-ip mode) or a tap device (Ethernet frames, as in 802.3 mode). Node has no ioctl, so it
// cannot do TUNSETIFF (the kernel's Documentation/networking/tuntap.rst) itself: socat opens the
// device and relays it to a UDP socket on loopback, and we hold the other end with a dgram
// socket. One datagram is one packet both ways; a byte stream (socat's STDIO) would merge
// packets, and the kernel keeps only the first of a merged write. -b 65536: socat's default
// 8192-byte buffer would cut big packets.
//
// The device may live in another network namespace than ours (a test's private world, entered
// with nsenter): loopback is per namespace, so there the device's socat talks over a pair of
// Unix datagram sockets (files, which every namespace sees) to a second socat here that relays
// to our UDP socket. Datagrams all the way, so packets stay whole.

import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CodedError } from '../../errors/coded-error.ts';

export type LinkKind = 'tun' | 'tap';

/** Where the device goes when not in our own network namespace. */
export interface ForeignNamespace {
  /** A process in that namespace (nsenter -t PID -n). */
  pid: number;
  /** A directory for the two Unix sockets. */
  dir: string;
}

export type TunLinkErrorCode = 'socat-missing' | 'socat-failed' | 'timeout';

export class TunLinkError extends CodedError<TunLinkErrorCode> {
  override readonly name = 'TunLinkError';
}

const OPEN_TIMEOUT_MS = 5000;
const CLOSE_GRACE_MS = 2000;
const SOCAT_OPTS = ['-d', '-d', '-b', '65536'];

/** Spawns socat and resolves once it has both ends open ("starting data transfer loop"). */
async function startSocat(argv: string[], what: string): Promise<ChildProcess> {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new TunLinkError('timeout', `socat did not open ${what} within ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS);
      const poll = setInterval(() => { if (/starting data transfer loop/.test(stderr)) done(); }, 5);
      function done(e?: Error): void { clearTimeout(timer); clearInterval(poll); if (e) reject(e); else resolve(); }
      child.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ENOENT'
        ? new TunLinkError('socat-missing', `${argv[0]} is not installed; socat creates the virtual modem's network interface (apt-get install socat)`)
        : e));
      child.once('exit', () => done(new TunLinkError('socat-failed', `socat could not open ${what}: ${lastError(stderr)}`)));
    });
  } catch (e) {
    await endChild(child);
    throw e;
  }
  return child;
}

async function endChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS); });
  if (await Promise.race([gone, late]) === 'late') {
    child.kill('SIGKILL');
    await gone;
  }
  clearTimeout(timer);
}

export class TunLink extends EventEmitter {
  readonly name: string;
  readonly kind: LinkKind;
  private readonly socket: dgram.Socket;
  /** The device's socat first, then the relay (if any). */
  private readonly children: ChildProcess[];
  private readonly sockets: string[];
  /** socat's end of the loopback pair (learnt from its first datagram). */
  private peer: { port: number; address: string } | null = null;
  private exited = false;

  private constructor(name: string, kind: LinkKind, socket: dgram.Socket, children: ChildProcess[], sockets: string[]) {
    super();
    this.name = name;
    this.kind = kind;
    this.socket = socket;
    this.children = children;
    this.sockets = sockets;
    socket.on('message', (msg, rinfo) => {
      this.peer = { port: rinfo.port, address: rinfo.address };
      this.emit('packet', msg);
    });
    socket.on('error', () => { /* a send to a socat that is gone: nothing to deliver to */ });
    for (const c of children) c.on('exit', () => { this.exited = true; this.emit('exit'); });
  }

  /** The pids of the socats behind the device (tests check they are gone after close). */
  get pids(): number[] {
    return this.children.flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
  }

  /** Creates the interface, up, and resolves once socat holds it. */
  static async open(name: string, kind: LinkKind, foreign?: ForeignNamespace): Promise<TunLink> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => { socket.off('error', reject); resolve(); });
    });
    const udp = `UDP-DATAGRAM:127.0.0.1:${(socket.address() as AddressInfo).port},bind=127.0.0.1:0`;
    const tun = `TUN,tun-name=${name},tun-type=${kind},iff-no-pi,iff-up`;
    const children: ChildProcess[] = [];
    const sockets: string[] = [];
    try {
      if (!foreign) {
        children.push(await startSocat(['socat', ...SOCAT_OPTS, tun, udp], `${kind} device ${name}`));
      } else {
        const devSide = path.join(foreign.dir, `${name}-dev.sock`);
        const relaySide = path.join(foreign.dir, `${name}-relay.sock`);
        sockets.push(devSide, relaySide);
        for (const s of sockets) fs.rmSync(s, { force: true });
        // The relay first: it only sends once we reply, by when the device's socket exists.
        const relay = await startSocat(['socat', ...SOCAT_OPTS, `UNIX-SENDTO:${devSide},bind=${relaySide}`, udp], `the relay for ${name}`);
        children.push(relay);
        // nsenter execs socat: the pid we hold is socat's.
        children.unshift(await startSocat(['nsenter', '-t', String(foreign.pid), '-n', 'socat', ...SOCAT_OPTS, tun,
          `UNIX-SENDTO:${relaySide},bind=${devSide}`], `${kind} device ${name} in the namespace of pid ${foreign.pid}`));
      }
    } catch (e) {
      for (const c of children) await endChild(c);
      for (const s of sockets) fs.rmSync(s, { force: true });
      socket.close();
      throw e;
    }
    return new TunLink(name, kind, socket, children, sockets);
  }

  send(packet: Buffer): void {
    if (this.exited || !this.peer) return;
    this.socket.send(packet, this.peer.port, this.peer.address);
  }

  /** Ends socat (the interface goes with it) and closes the socket. */
  async close(): Promise<void> {
    for (const c of this.children) await endChild(c);
    for (const s of this.sockets) fs.rmSync(s, { force: true });
    try { this.socket.close(); } catch { /* already closed */ }
  }
}

function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => / E /.test(l));
  return (lines.at(-1) ?? stderr.trim().split('\n').at(-1) ?? 'no message').replace(/^.*? E /, '');
}
