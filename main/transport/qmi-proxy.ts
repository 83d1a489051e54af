// libqmi's qmi-proxy: a unix socket in the abstract namespace named "qmi-proxy" (qmi.md §3).
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
    child.on('error', () => { /* reported below as a connect failure */ });
    child.unref();
    const deadline = Date.now() + SPAWN_WAIT_MS;
    for (;;) {
      try {
        sock = await connectOnce(QMI_PROXY_SOCKET);
        break;
      } catch (e) {
        if (Date.now() > deadline) {
          throw new TransportError('proxy-unavailable', device, `started ${binary} but could not connect to it: ${(e as Error).message}`);
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

  constructor(device: string, sock: net.Socket) {
    this.sock = sock;
    this.description = `qmi-proxy for ${device}`;
    sock.on('close', () => this.finish(this.closed ? undefined
      : new TransportError('io-error', device, 'qmi-proxy closed the connection (the proxy exited or lost the device)')));
    sock.on('error', () => { /* 'close' follows and reports it */ });
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
      this.sock.write(data, (e) => (e
        ? reject(new TransportError('io-error', this.description, `lost the connection to qmi-proxy (${e.message}): it may have exited; try again, or open the device directly`))
        : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.sock.destroy(); resolve(); }, 500);
      timer.unref();
      this.sock.end(() => { clearTimeout(timer); resolve(); });
    });
    this.finish();
  }
}
