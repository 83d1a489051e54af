// `serve`'s web host with real clients: node's HTTP client and the `ws` WebSocket client over
// loopback. A wrong token, Host or Origin is refused; the right ones get the page, the state and
// replies; malformed messages get a typed refusal; nothing outside the renderer is served.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createDispatcher } from '../../main/api/dispatcher.ts';
import { startWebHost, tokensEqual, type WebHost } from '../../main/api/web-host.ts';
import type { WireMessage } from '../../main/api/contract.ts';
import { Session } from '../../main/doctor/session.ts';
import { TestEngine } from '../doctor/session-fixture.ts';

interface Got { status: number; body: string; headers: http.IncomingHttpHeaders }

function get(port: number, pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with the socket (and its inbox, listening before the first message can
 *  arrive) once open, or with the HTTP status of the refusal. */
function connect(url: string, origin: string | undefined, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; inbox: Inbox } | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...(origin ? { origin } : {}), headers });
    const inbox = new Inbox(ws);
    ws.once('open', () => resolve({ ws, inbox }));
    ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); res.resume(); ws.terminate(); });
    ws.once('error', (e) => { if (!String(e.message).includes('Unexpected server response')) reject(e); });
  });
}

class Inbox {
  private readonly msgs: WireMessage[] = [];
  private waiters: (() => void)[] = [];
  constructor(ws: WebSocket) {
    ws.on('message', (d) => { this.msgs.push(JSON.parse(String(d)) as WireMessage); for (const w of this.waiters.splice(0)) w(); });
  }
  async next(pred: (m: WireMessage) => boolean): Promise<WireMessage> {
    for (;;) {
      const i = this.msgs.findIndex(pred);
      if (i >= 0) return this.msgs.splice(i, 1)[0]!;
      await new Promise<void>((r, j) => { const t = setTimeout(() => j(new Error('no such message within 30 s')), 30000); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
  }
}

async function withHost(rendererDir: string | null, body: (h: WebHost, session: Session) => Promise<void>): Promise<void> {
  const dir = rendererDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'md-empty-'));
  const session = new Session(new TestEngine(), { presenceIntervalMs: 0 });
  await session.start();
  const h = await startWebHost({ dispatcher: createDispatcher(session), rendererDir: dir });
  try {
    await body(h, session);
  } finally {
    await h.close();
    await session.dispose();
    if (!rendererDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('tokens compare equal only when equal, whatever their lengths', () => {
  assert.equal(tokensEqual('abc', 'abc'), true);
  assert.equal(tokensEqual('abd', 'abc'), false);
  assert.equal(tokensEqual('', 'abc'), false);
  assert.equal(tokensEqual('abc'.repeat(100), 'abc'), false);
});

test('the page: the URL printed works; a wrong token, a foreign Host, a POST are refused', async () => {
  await withHost(null, async (h) => {
    assert.match(h.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    const ok = await get(h.port, `/?token=${h.token}`, { host: `127.0.0.1:${h.port}` });
    assert.equal(ok.status, 200);
    assert.match(ok.body, /The wizard is not built in this checkout yet/);
    assert.match(String(ok.headers['content-security-policy']), /script-src 'self'; .*frame-ancestors 'none'/);
    assert.equal(ok.headers['referrer-policy'], 'no-referrer');
    const viaLocalhost = await get(h.port, `/?token=${h.token}`, { host: `localhost:${h.port}` });
    assert.equal(viaLocalhost.status, 200);

    const wrong = await get(h.port, `/?token=${h.token.slice(0, -1)}x`);
    assert.equal(wrong.status, 403);
    assert.match(wrong.body, /open the URL that `modem-doctor serve` printed/);
    assert.equal((await get(h.port, '/')).status, 403);
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own name.
    const rebound = await get(h.port, `/?token=${h.token}`, { host: `evil.example:${h.port}` });
    assert.equal(rebound.status, 403);
    assert.match(rebound.body, /does not answer to the host "evil\.example/);
    assert.equal((await get(h.port, `/?token=${h.token}`, { host: '127.0.0.1:1' })).status, 403);
    assert.equal((await get(h.port, `/?token=${h.token}`, { host: `127.0.0.1:${h.port}` }, 'POST')).status, 405);
  });
});

test('the WebSocket: wrong token, Host, Origin or path refused; the right one gets state and replies', async () => {
  await withHost(null, async (h) => {
    const base = `ws://127.0.0.1:${h.port}`;
    const origin = `http://127.0.0.1:${h.port}`;
    assert.equal(await connect(`${base}/api?token=nope`, origin), 403);
    assert.equal(await connect(`${base}/api`, origin), 403);
    assert.equal(await connect(`${base}/api?token=${h.token}`, 'http://evil.example'), 403);
    assert.equal(await connect(`${base}/api?token=${h.token}`, `http://localhost:${h.port + 1}`), 403);
    assert.equal(await connect(`${base}/api?token=${h.token}`, undefined), 403);
    assert.equal(await connect(`${base}/api?token=${h.token}`, origin, { host: `evil.example:${h.port}` }), 403);
    assert.equal(await connect(`${base}/other?token=${h.token}`, origin), 404);
    assert.equal(h.connections, 0);

    const opened = await connect(`${base}/api?token=${h.token}`, origin);
    assert.ok(typeof opened === 'object');
    const { ws, inbox } = opened;
    const first = await inbox.next((m) => m.kind === 'state');
    assert.ok(first.kind === 'state' && first.state.selected === '1-1');

    ws.send(JSON.stringify({ id: 1, intent: { type: 'diagnose' } }));
    const reply = await inbox.next((m) => m.kind === 'reply' && m.id === 1);
    assert.ok(reply.kind === 'reply' && reply.reply.ok);
    const after = await inbox.next((m) => m.kind === 'state' && m.state.findings.length === 3);
    assert.ok(after.kind === 'state' && after.state.steps.find((s) => s.id === 'apn')!.status === 'blocked');

    // Malformed messages and intents: typed refusals, the socket stays open.
    ws.send('not json');
    const bad = await inbox.next((m) => m.kind === 'reply' && m.id === null);
    assert.ok(bad.kind === 'reply' && !bad.reply.ok && bad.reply.error.code === 'invalid-input');
    ws.send(JSON.stringify({ id: 2, intent: { type: 'diagnose' }, extra: 1 }));
    const extra = await inbox.next((m) => m.kind === 'reply' && m.id === 2);
    assert.ok(extra.kind === 'reply' && !extra.reply.ok && extra.reply.error.code === 'invalid-input');
    ws.send(JSON.stringify({ id: 3, intent: { type: 'select-modem', modemId: 5 } }));
    const typed = await inbox.next((m) => m.kind === 'reply' && m.id === 3);
    assert.ok(typed.kind === 'reply' && !typed.reply.ok && typed.reply.error.field === 'modemId');
    ws.send(JSON.stringify({ id: 4, intent: { type: 'rm-rf' } }));
    const unknown = await inbox.next((m) => m.kind === 'reply' && m.id === 4);
    assert.ok(unknown.kind === 'reply' && !unknown.reply.ok && unknown.reply.error.code === 'unknown-intent');
    assert.equal(ws.readyState, WebSocket.OPEN);
    ws.close();
  });
});

test('the built renderer is served, and nothing outside its folder', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-renderer-'));
  const dist = path.join(root, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>wizard</title><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'outside');
  try {
    await withHost(dist, async (h) => {
      const page = await get(h.port, `/?token=${h.token}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /<title>wizard<\/title>/);
      const js = await get(h.port, '/assets/app.js');
      assert.equal(js.status, 200);
      assert.match(String(js.headers['content-type']), /^text\/javascript/);
      for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets', '/nope.js', '/__placeholder.js']) {
        const r = await get(h.port, p);
        assert.equal(r.status, 404, p);
        assert.doesNotMatch(r.body, /outside/);
      }
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
