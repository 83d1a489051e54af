// The engine for the window runs in a Node process of its own (`modem-doctor engine-host`): the
// engine's native modules (usb, serialport) are built for Node, not for Electron's embedded one,
// and a crash there cannot take the window down. This speaks to it: one JSON message per line.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ApiReply, SessionState, WireMessage } from '../api/contract.ts';

export interface EngineChild {
  send(intent: unknown): Promise<ApiReply>;
  latest(): SessionState | null;
  onState(listener: (s: SessionState) => void): void;
  stop(): Promise<void>;
}

/** The Node that runs the engine: $MODEM_DOCTOR_NODE, the project's own (npm ci installs it), the
 *  one a package ships beside the app (resources/node), or node on PATH. */
export function engineNode(root: string): string {
  const env = process.env.MODEM_DOCTOR_NODE;
  if (env) return env;
  for (const p of [path.join(root, 'node_modules', 'node', 'bin', 'node'), path.join(root, '..', 'node')]) if (fs.existsSync(p)) return p;
  return 'node';
}

export function startEngineChild(root: string, args: readonly string[]): EngineChild {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child: ChildProcessWithoutNullStreams = spawn(engineNode(root), [path.join(root, 'bin', 'modem-doctor.mjs'), 'engine-host', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let next = 1;
  let latest: SessionState | null = null;
  const waiting = new Map<number, (r: ApiReply) => void>();
  const listeners: ((s: SessionState) => void)[] = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let m: WireMessage;
      try { m = JSON.parse(line) as WireMessage; } catch { continue; }
      if (m.kind === 'state') {
        latest = m.state;
        for (const l of listeners) l(m.state);
      } else if (m.id !== null) {
        waiting.get(m.id)?.(m.reply);
        waiting.delete(m.id);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  const gone = new Promise<void>((resolve) => child.once('close', () => {
    for (const w of waiting.values()) w({ ok: false, error: { code: 'internal', message: 'The engine stopped; restart Modem Doctor.' } });
    waiting.clear();
    resolve();
  }));
  return {
    send(intent) {
      const id = next++;
      return new Promise<ApiReply>((resolve) => {
        if (child.exitCode !== null || child.stdin.destroyed) {
          resolve({ ok: false, error: { code: 'internal', message: 'The engine is not running; restart Modem Doctor.' } });
          return;
        }
        waiting.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ id, intent })}\n`);
      });
    },
    latest: () => latest,
    onState: (l) => { listeners.push(l); },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGTERM'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
