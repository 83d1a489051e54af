// `modem-doctor serve`: the wizard in a browser. HTTP serves the built renderer (or a placeholder
// page until it is built); the API runs over one WebSocket at /api. Who may talk to it:
//  - it listens on loopback unless told otherwise;
//  - every request must name this server in its Host header (a DNS-rebinding page cannot);
//  - the page and the WebSocket need the random token from the printed URL, compared in constant
//    time (crypto.timingSafeEqual over SHA-256 digests, so lengths never leak either);
//  - the WebSocket's Origin must be this server's own (another site's page cannot connect).
// Refusals are plain 403/404/405 with a line of text; nothing is served from outside the
// renderer's directory.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SessionState, WireMessage } from './contract.ts';
import { contentSecurityPolicy } from './csp.ts';
import type { Dispatcher } from './dispatcher.ts';
import { PLACEHOLDER_CSS, PLACEHOLDER_HTML, PLACEHOLDER_JS } from './placeholder.ts';
import { parseRequest, REQUEST_SHAPE } from './stream-host.ts';
import { LIMITS } from './validate.ts';

export interface WebHostOptions {
  dispatcher: Dispatcher;
  /** The built renderer (index.html and its assets); a placeholder page when it has no index.html. */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: 32 random bytes, base64url. */
  token?: string;
}

export interface WebHost {
  /** The URL to open, with the token. */
  url: string;
  port: number;
  host: string;
  token: string;
  /** Open WebSocket connections. */
  readonly connections: number;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

const digest = (s: string): Buffer => crypto.createHash('sha256').update(s, 'utf8').digest();

export function tokensEqual(given: string, expected: string): boolean {
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

const isLoopback = (h: string): boolean => h === '127.0.0.1' || h === '::1' || h === 'localhost' || h.startsWith('127.');
const isWildcard = (h: string): boolean => h === '0.0.0.0' || h === '::';
const bracket = (h: string): string => h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;

/** The host names a request may carry for a server bound to `host`. */
function allowedHostNames(host: string): Set<string> {
  const names = new Set<string>(LOOPBACK_NAMES);
  if (!isLoopback(host)) names.add(bracket(host));
  if (isWildcard(host)) {
    // Bound to every interface: any of this machine's own addresses and its name.
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address));
    names.add(os.hostname().toLowerCase());
  }
  return names;
}

function refuse(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}

function refuseUpgrade(socket: Socket, status: number, text: string): void {
  const reason = http.STATUS_CODES[status] ?? 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(text) + 1}\r\n\r\n${text}\n`);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? crypto.randomBytes(32).toString('base64url');
  const rendererDir = path.resolve(opts.rendererDir);
  const names = allowedHostNames(host);
  let port = 0;
  const sockets = new Set<WebSocket>();

  /** The Host header names this server (name and port), or why not. */
  const hostProblem = (h: string | undefined): string | undefined => {
    if (!h) return 'a Host header is required';
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h.toLowerCase());
    if (!m || !names.has(m[1]!) || Number(m[2] ?? 80) !== port) return `this server does not answer to the host "${h.slice(0, 100)}"`;
    return undefined;
  };
  const tokenOk = (u: URL): boolean => tokensEqual(u.searchParams.get('token') ?? '', token);

  const csp = (): string => contentSecurityPolicy([`ws://${bracket(host === '0.0.0.0' || host === '::' ? '*' : host)}:${port}`, ...(isLoopback(host) ? [`ws://localhost:${port}`] : [])]);
  const headers = (type: string): http.OutgoingHttpHeaders => ({
    'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    'content-security-policy': csp(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  });
  const built = (): boolean => fs.existsSync(path.join(rendererDir, 'index.html'));

  const server = http.createServer((req, res) => {
    const problem = hostProblem(req.headers.host);
    if (problem) return refuse(res, 403, `Forbidden: ${problem}.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET and HEAD are served here; the API is the WebSocket at /api.');
    let url: URL;
    try { url = new URL(req.url ?? '/', 'http://localhost'); } catch { return refuse(res, 400, 'Bad request.'); }
    const send = (type: string, body: string | Buffer): void => {
      res.writeHead(200, headers(type));
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The page needs the token; its assets do not (they hold nothing but the app's code).
      if (!tokenOk(url)) return refuse(res, 403, 'Forbidden: open the URL that `modem-doctor serve` printed (it carries the token).');
      if (!built()) return send(MIME['.html']!, PLACEHOLDER_HTML);
      return send(MIME['.html']!, fs.readFileSync(path.join(rendererDir, 'index.html')));
    }
    if (!built()) {
      if (url.pathname === '/__placeholder.js') return send(MIME['.js']!, PLACEHOLDER_JS);
      if (url.pathname === '/__placeholder.css') return send(MIME['.css']!, PLACEHOLDER_CSS);
      return refuse(res, 404, 'Not found.');
    }
    let rel: string;
    try { rel = decodeURIComponent(url.pathname); } catch { return refuse(res, 400, 'Bad request.'); }
    const file = path.resolve(rendererDir, `.${path.posix.normalize(rel)}`);
    if (rel.includes('\0') || !file.startsWith(rendererDir + path.sep)) return refuse(res, 404, 'Not found.');
    let st: fs.Stats;
    try { st = fs.statSync(file); } catch { return refuse(res, 404, 'Not found.'); }
    if (!st.isFile()) return refuse(res, 404, 'Not found.');
    return send(MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream', fs.readFileSync(file));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.logText + 64 * 1024 });
  server.on('upgrade', (req, socket: Socket, head) => {
    const problem = hostProblem(req.headers.host);
    if (problem) return refuseUpgrade(socket, 403, `Forbidden: ${problem}.`);
    let url: URL;
    try { url = new URL(req.url ?? '/', 'http://localhost'); } catch { return refuseUpgrade(socket, 400, 'Bad request.'); }
    if (url.pathname !== '/api') return refuseUpgrade(socket, 404, 'Not found: the API is at /api.');
    if (!tokenOk(url)) return refuseUpgrade(socket, 403, 'Forbidden: wrong or missing token.');
    // The page that opens the socket must be ours: same scheme, host and port as the Host header.
    if (req.headers.origin !== `http://${req.headers.host?.toLowerCase()}`) return refuseUpgrade(socket, 403, 'Forbidden: the Origin is not this server.');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const out = (m: WireMessage): void => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m)); };
    // State pushes coalesce per connection: a slow reader gets the newest state, not a backlog.
    let latest: SessionState | null = null;
    let scheduled = false;
    const unsubscribe = opts.dispatcher.subscribe((state) => {
      latest = state;
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        if (latest) out({ kind: 'state', state: latest });
        latest = null;
      });
    });
    ws.on('message', (data, isBinary) => {
      const r = isBinary ? { id: null, error: 'binary' } : parseRequest(data.toString());
      if ('error' in r) {
        out({ kind: 'reply', id: r.id, reply: { ok: false, error: { code: 'invalid-input', message: REQUEST_SHAPE } } });
        return;
      }
      void opts.dispatcher.dispatch(r.intent).then((reply) => out({ kind: 'reply', id: r.id, reply }));
    });
    ws.on('close', () => { unsubscribe(); sockets.delete(ws); });
    ws.on('error', () => undefined);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  port = (server.address() as AddressInfo).port;
  const shown = isWildcard(host) ? '127.0.0.1' : bracket(host);
  return {
    url: `http://${shown}:${port}/?token=${token}`, port, host, token,
    get connections() { return sockets.size; },
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
