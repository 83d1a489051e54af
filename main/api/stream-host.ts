// The API over a byte stream, one JSON message per line: requests ({id, intent}) in, replies and
// state pushes (WireMessage) out. The Electron shell runs the engine this way in a Node child
// process (native modules such as usb and serialport are built for Node, not for Electron's own),
// and relays its window's IPC to it. The same checks as the WebSocket: a line that is not a
// request is refused with a typed reply; an overlong line is refused and dropped.

import type { Readable, Writable } from 'node:stream';
import type { SessionState, WireMessage } from './contract.ts';
import type { Dispatcher } from './dispatcher.ts';
import { LIMITS } from './validate.ts';

const MAX_LINE = LIMITS.logText + 64 * 1024;

/** Parses one request line: the id and the (still unchecked) intent, or null id and a refusal. */
export function parseRequest(text: string): { id: number; intent: unknown } | { id: number | null; error: string } {
  let msg: unknown;
  try { msg = JSON.parse(text); } catch { return { id: null, error: 'not JSON' }; }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return { id: null, error: 'not an object' };
  const m = msg as Record<string, unknown>;
  const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : null;
  if (id === null) return { id: null, error: 'no integer id' };
  if (Object.keys(m).some((k) => k !== 'id' && k !== 'intent')) return { id, error: 'unknown keys' };
  return { id, intent: m.intent };
}

export const REQUEST_SHAPE = 'Each message must be JSON text: {"id": <integer>, "intent": {...}} and nothing else.';

/** Serves the dispatcher on a pair of streams until `input` ends; returns when it has. */
export function serveStream(dispatcher: Dispatcher, input: Readable, output: Writable): Promise<void> {
  const out = (m: WireMessage): void => { output.write(`${JSON.stringify(m)}\n`); };
  let latest: SessionState | null = null;
  let scheduled = false;
  const unsubscribe = dispatcher.subscribe((state) => {
    latest = state;
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => { scheduled = false; if (latest) out({ kind: 'state', state: latest }); latest = null; });
  });
  let buf = '';
  let skipping = false;
  const pending = new Set<Promise<void>>();
  const handle = (line: string): void => {
    if (line.trim() === '') return;
    const r = parseRequest(line);
    if ('error' in r) {
      out({ kind: 'reply', id: r.id, reply: { ok: false, error: { code: 'invalid-input', message: REQUEST_SHAPE } } });
      return;
    }
    const p = dispatcher.dispatch(r.intent).then((reply) => out({ kind: 'reply', id: r.id, reply }));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (skipping) { skipping = false; continue; }
      handle(line);
    }
    if (buf.length > MAX_LINE) {
      // Too long to be a request: refuse it and drop the rest of that line.
      out({ kind: 'reply', id: null, reply: { ok: false, error: { code: 'invalid-input', message: 'A message was too long and was dropped.' } } });
      buf = '';
      skipping = true;
    }
  });
  return new Promise<void>((resolve) => {
    input.once('end', () => {
      if (!skipping && buf) handle(buf);
      void Promise.allSettled([...pending]).then(() => { unsubscribe(); resolve(); });
    });
  });
}
