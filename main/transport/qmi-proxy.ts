// libqmi's qmi-proxy: a unix socket in the abstract namespace named "qmi-proxy" (libqmi
// src/libqmi-glib/qmi-proxy.h QMI_PROXY_SOCKET_PATH).
// ModemManager talks to QMI modems through it, so going through it too lets us read a modem
// without stopping ModemManager. Like libqmi's own clients, we start the proxy when it is not
// running. (Node 20's libuv pads abstract addresses and cannot connect; Node >= 22 can.)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { TransportError, type ByteTransport } from './byte-transport.ts';

export const QMI_PROXY_SOCKET = '\0qmi-proxy';
export const QMI_PROXY_PATHS = ['/usr/libexec/qmi-proxy', '/usr/lib/libqmi/qmi-proxy'];
const CONNECT_TIMEOUT_MS = 3000;
const SPAWN_WAIT_MS = 3000;

function connectOnce(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ path: socketPath });
    const timer = setTimeout(() => { sock.destroy(); reject(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })); }, CONNECT_TIMEOUT_MS);
    sock.once('connect', () => { clearTimeout(timer); resolve(sock); });
    sock.once('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

const isRoot = process.getuid?.() === 0;

/** qmi-proxy refuses to run, and a running one refuses clients, unless they are root (libqmi
 *  checks the peer's credentials: "Not enough privileges"). The words say so, and what to do. */
const NEEDS_ROOT_ADVICE = 'run modem-doctor as root (sudo) to go through qmi-proxy, or open the port directly ' +
  '(without --proxy) once ModemManager is stopped or has inhibited the modem';

export async function openQmiProxy(device: string): Promise<ByteTransport> {
  let sock: net.Socket;
  try {
    sock = await connectOnce(QMI_PROXY_SOCKET);
  } catch (first) {
    const binary = QMI_PROXY_PATHS.find((p) => fs.existsSync(p));
    if (!binary) {
      throw new TransportError('proxy-unavailable', device,
        `qmi-proxy is not running (${(first as Error).message}) and is not installed: install the Debian package ` +
        'libqmi-proxy, or open the device directly (without --proxy) once ModemManager is stopped or inhibited');
    }
    // Detached, like libqmi does: it exits by itself once no client has used it for a while.
    const child = spawn(binary, [], { detached: true, stdio: 'ignore' });
    let exited: { code: number | null } | undefined;
    child.on('error', () => { /* reported below as a connect failure */ });
    child.once('exit', (code) => { exited = { code }; });
    child.unref();
    const deadline = Date.now() + SPAWN_WAIT_MS;
    for (;;) {
      try {
        sock = await connectOnce(QMI_PROXY_SOCKET);
        break;
      } catch (e) {
        // Another qmi-proxy may have won the race for the socket (ours then exits at once, with 0).
        if (exited && exited.code !== 0 && !isRoot) {
          throw new TransportError('permission-denied', device,
            `qmi-proxy needs root: it refused to start for this user ("Not enough privileges"); ${NEEDS_ROOT_ADVICE}`);
        }
        if (Date.now() > deadline) {
          throw new TransportError('proxy-unavailable', device, exited && exited.code !== 0
            ? `${binary} exited at once (code ${exited.code}) instead of listening: run it by hand to see why`
            : `started ${binary} but could not connect to it: ${(e as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
  return new ProxySocket(device, sock);
}

class ProxySocket implements ByteTransport {
  readonly description: string;
  private closed = false;
  private closeListeners: ((e?: TransportError) => void)[] = [];
  private readonly sock: net.Socket;
  private readonly device: string;
  private received = false;

  constructor(device: string, sock: net.Socket) {
    this.sock = sock;
    this.device = device;
    this.description = `qmi-proxy for ${device}`;
    sock.on('data', () => { this.received = true; });
    sock.on('close', () => this.finish(this.closed ? undefined : this.lostError()));
    sock.on('error', () => { /* 'close' follows and reports it */ });
  }

  /** Why the proxy went away: a proxy that hangs up before saying anything to a normal user
   *  is one running as root that does not admit other users. */
  private lostError(detail?: string): TransportError {
    if (!this.received && !isRoot) {
      return new TransportError('permission-denied', this.device,
        'qmi-proxy refused the connection: the qmi-proxy running here belongs to root (ModemManager starts it so) and ' +
        `admits only root ("Not enough privileges"); ${NEEDS_ROOT_ADVICE}`);
    }
    return new TransportError('io-error', this.device,
      `qmi-proxy closed the connection${detail ? ` (${detail})` : ''}: the proxy exited or lost the device; try again, or open the device directly`);
  }

  onData(listener: (chunk: Buffer) => void): void { this.sock.on('data', listener); }
  onClose(listener: (error?: TransportError) => void): void { this.closeListeners.push(listener); }

  private finish(error?: TransportError): void {
    const listeners = this.closeListeners;
    this.closeListeners = [];
    this.closed = true;
    for (const l of listeners) l(error);
  }

  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) { reject(new TransportError('closed', this.description, 'the qmi-proxy connection is closed')); return; }
      this.sock.write(data, (e) => (e ? reject(this.lostError(e.message)) : resolve()));
    });
  }

  /** Destroys the socket at once, as qmicli does. Never half-close and wait: qmi-proxy does not
   *  close its side after our end(), and spins on the half-closed socket meanwhile. Whatever we
   *  wrote has reached the proxy's receive queue by the time write() resolved. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sock.destroy();
    this.finish();
  }
}
