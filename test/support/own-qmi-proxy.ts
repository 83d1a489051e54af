// A qmi-proxy that the test owns. libqmi's qmi-proxy listens on one abstract socket per network
// namespace (@qmi-proxy), and whoever connects first when none listens starts one, detached, that
// lingers for minutes after its last client (libqmi's own behaviour, and ours in
// main/transport/qmi-proxy.ts). So test files that go through a proxy take turns (a lock across
// the suite's parallel files), start the proxy themselves (`--no-exit`, so it is theirs, by pid),
// and end it by pid afterwards, checking that no other qmi-proxy was left behind.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BINARY = '/usr/libexec/qmi-proxy';
const LOCK = path.join(os.tmpdir(), 'modem-doctor-test-qmi-proxy.lock');
const LOCK_WAIT_MS = 15 * 60_000;

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function netns(pid: number | 'self'): string | undefined {
  try { return fs.readlinkSync(`/proc/${pid}/ns/net`); } catch { return undefined; }
}

/** qmi-proxy processes in this network namespace (a ModemManager test's own, in its private one, is not ours). */
function proxyPids(): number[] {
  let out: string;
  try {
    out = execFileSync('pgrep', ['-x', 'qmi-proxy'], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  const here = netns('self');
  return out.split('\n').filter(Boolean).map(Number).filter((p) => here !== undefined && netns(p) === here);
}

function listening(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createConnection({ path: '\0qmi-proxy' });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

async function takeLock(): Promise<void> {
  const end = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return;
    } catch {
      // A holder that died without releasing (killed test run) leaves the lock behind.
      const holder = Number(fs.readFileSync(path.join(LOCK, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (holder && !alive(holder)) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > end) throw new Error(`another test held ${LOCK} for ${LOCK_WAIT_MS / 60_000} min`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function stop(pid: number): Promise<void> {
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
}

export interface OwnedProxy {
  /** Ends the proxy (and any other that appeared in this namespace meanwhile) and lets the next test go. */
  release(): Promise<void>;
}

/**
 * Takes the suite's proxy lock and, unless `startedByClient`, starts a qmi-proxy of the test's own.
 * With `startedByClient` the test lets the code under test start one, as libqmi clients do; it is
 * ended on release. Release fails when a qmi-proxy the test did not expect was left.
 */
export async function ownQmiProxy(opts: { startedByClient?: boolean } = {}): Promise<OwnedProxy> {
  await takeLock();
  const unlock = (): void => fs.rmSync(LOCK, { recursive: true, force: true });
  try {
    const before = new Set(proxyPids());
    // A proxy running outside the suite (the system's) is used as it is, and left alone.
    const outside = await listening();
    let child: ReturnType<typeof spawn> | undefined;
    if (!outside && !opts.startedByClient) {
      child = spawn(BINARY, ['--no-exit'], { stdio: 'ignore' });
      const end = Date.now() + 10_000;
      while (!(await listening())) {
        if (child.exitCode !== null || Date.now() > end) {
          await stop(child.pid!);
          throw new Error(`${BINARY} did not start listening (exit ${child.exitCode})`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return {
      release: async () => {
        try {
          if (child) await stop(child.pid!);
          const strays = outside ? [] : proxyPids().filter((p) => !before.has(p));
          for (const p of strays) await stop(p);
          const unexpected = opts.startedByClient ? strays.slice(1) : strays;
          if (unexpected.length) throw new Error(`qmi-proxy processes the test did not own were left: ${unexpected.join(', ')} (ended now)`);
        } finally {
          unlock();
        }
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** Runs fn while the test's own qmi-proxy listens (see ownQmiProxy), released afterwards. */
export async function withOwnQmiProxy<T>(fn: () => Promise<T>, opts: { startedByClient?: boolean } = {}): Promise<T> {
  const owned = await ownQmiProxy(opts);
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    await owned.release().catch(() => undefined);
    throw e;
  }
  await owned.release();
  return result;
}
