// One real network interface backed by this process: a tun device (bare IP packets, as qmi_wwan
// in raw-ip mode) or a tap device (Ethernet frames, as in 802.3 mode). Node has no ioctl, so it
// cannot do TUNSETIFF (the kernel's Documentation/networking/tuntap.rst) itself: socat opens the
// device and relays it to a UDP socket on loopback, and we hold the other end with a dgram
// socket. One datagram is one packet both ways; a byte stream (socat's STDIO) would merge
// packets, and the kernel keeps only the first of a merged write. -b 65536: socat's default
// 8192-byte buffer would cut big packets.

import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';

export type LinkKind = 'tun' | 'tap';

export class TunLinkError extends Error {
  readonly code: 'socat-missing' | 'socat-failed' | 'timeout';
  constructor(code: TunLinkError['code'], message: string) {
    super(message);
    this.name = 'TunLinkError';
    this.code = code;
  }
}

const OPEN_TIMEOUT_MS = 5000;
const CLOSE_GRACE_MS = 2000;

export class TunLink extends EventEmitter {
  readonly name: string;
  readonly kind: LinkKind;
  private readonly socket: dgram.Socket;
  private readonly child: ChildProcess;
  /** socat's end of the loopback pair (learnt from its first datagram). */
  private peer: { port: number; address: string } | null = null;
  private exited = false;

  private constructor(name: string, kind: LinkKind, socket: dgram.Socket, child: ChildProcess) {
    super();
    this.name = name;
    this.kind = kind;
    this.socket = socket;
    this.child = child;
    socket.on('message', (msg, rinfo) => {
      this.peer = { port: rinfo.port, address: rinfo.address };
      this.emit('packet', msg);
    });
    socket.on('error', () => { /* a send to a socat that is gone: nothing to deliver to */ });
    child.on('exit', () => { this.exited = true; this.emit('exit'); });
  }

  /** The pid of the socat holding the device (tests check it is gone after close). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Creates the interface, up, and resolves once socat holds it. */
  static async open(name: string, kind: LinkKind): Promise<TunLink> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => { socket.off('error', reject); resolve(); });
    });
    const port = (socket.address() as AddressInfo).port;
    const child = spawn('socat', ['-d', '-d', '-b', '65536',
      `TUN,tun-name=${name},tun-type=${kind},iff-no-pi,iff-up`,
      `UDP-DATAGRAM:127.0.0.1:${port},bind=127.0.0.1:0`], { stdio: ['ignore', 'ignore', 'pipe'] });
    const link = new TunLink(name, kind, socket, child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new TunLinkError('timeout', `socat did not create ${name} within ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS);
        const done = (e?: Error): void => { clearTimeout(timer); clearInterval(poll); if (e) reject(e); else resolve(); };
        child.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ENOENT'
          ? new TunLinkError('socat-missing', 'socat is not installed; it creates the virtual modem\'s network interface (apt-get install socat)')
          : e));
        child.once('exit', () => done(new TunLinkError('socat-failed', `socat could not create ${kind} device ${name}: ${lastError(stderr)}`)));
        // socat says so once both ends are open: the device exists and is up.
        const poll = setInterval(() => { if (/starting data transfer loop/.test(stderr)) done(); }, 5);
      });
    } catch (e) {
      await link.close();
      throw e;
    }
    return link;
  }

  send(packet: Buffer): void {
    if (this.exited || !this.peer) return;
    this.socket.send(packet, this.peer.port, this.peer.address);
  }

  /** Ends socat (the interface goes with it) and closes the socket. */
  async close(): Promise<void> {
    if (!this.exited && this.child.exitCode === null && this.child.signalCode === null) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS); });
      if (await Promise.race([gone, late]) === 'late') {
        this.child.kill('SIGKILL');
        await gone;
      }
      clearTimeout(timer);
    }
    try { this.socket.close(); } catch { /* already closed */ }
  }
}

function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => / E /.test(l));
  return (lines.at(-1) ?? stderr.trim().split('\n').at(-1) ?? 'no message').replace(/^.*? E /, '');
}
