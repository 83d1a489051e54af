// Starts `modem-doctor serve` as a user would (the real command, its own process) and reads the
// URL it prints; stop() ends it with SIGINT (it stops its virtual modems on the way out) and
// waits for it, with SIGKILL after a bounded wait.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export interface Served {
  url: string;
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startServe(args: string[] = []): Promise<Served> {
  // Undo records go to a state directory of this run's own, not the user's (and not another test's).
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'md-e2e-state-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'modem-doctor.mjs'), 'serve', ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: state },
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    }
    fs.rmSync(state, { recursive: true, force: true });
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`serve printed no URL within 60 s:\n${out}`)); }, 60_000);
    const onData = (): void => {
      const m = /Modem Doctor is at (http:\/\/\S+)/.exec(out);
      if (m) { cleanup(); resolve(m[1]!); }
    };
    const onExit = (): void => { cleanup(); reject(new Error(`serve exited before printing its URL:\n${out}`)); };
    const cleanup = (): void => { clearTimeout(timer); child.stdout!.off('data', onData); child.off('exit', onExit); };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  }).catch(async (e: unknown) => { await stop(); throw e; });

  return { url, origin: new URL(url).origin, output: () => out, stop };
}
