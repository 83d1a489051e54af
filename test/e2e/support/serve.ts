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
  /** Its XDG_STATE_HOME (undo records under modem-doctor/undo), removed by stop(). */
  stateDir: string;
  output(): string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Wraps the command (e.g. under umockdev-run, where a ModemManager test's modem is). */
  wrap?: (argv: string[]) => string[];
  /** The environment (e.g. a private system bus); XDG_STATE_HOME is always the run's own. */
  env?: NodeJS.ProcessEnv;
}

export async function startServe(args: string[] = [], opts: ServeOptions = {}): Promise<Served> {
  // Undo records go to a state directory of this run's own, not the user's (and not another test's).
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'md-e2e-state-'));
  const argv = (opts.wrap ?? ((a) => a))([process.execPath, path.join(ROOT, 'bin', 'modem-doctor.mjs'), 'serve', ...args]);
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...(opts.env ?? process.env), NO_COLOR: '1', XDG_STATE_HOME: state },
    // Its own process group: Ctrl-C reaches serve through a wrapper (umockdev-run) too.
    detached: true,
  });
  const signal = (sig: NodeJS.Signals): void => { try { process.kill(-child.pid!, sig); } catch { /* gone */ } };
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGINT');
      const t = setTimeout(() => signal('SIGKILL'), 15_000);
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

  return { url, origin: new URL(url).origin, stateDir: state, output: () => out, stop };
}
