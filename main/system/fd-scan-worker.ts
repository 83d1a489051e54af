// The /proc passes (fd-tables.ts) in a thread of their own. A pass over a few hundred processes
// is thousands of readlink calls; in our event loop it held up every modem's replies for its
// length, and with sixteen modems diagnosed at once it was a quarter of our CPU time there
// (measured: 2 ms of ~8 per diagnosis), which the other core can carry instead. The thread starts
// on first use; until it is running, and wherever it cannot run, the caller passes in its own
// thread. It never keeps the process alive by itself.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FdTable } from './fd-tables.ts';
import type { ScanReply, ScanRequest } from './fd-scan-thread.ts';

/** A pass takes milliseconds; a thread silent this long is stuck, and its callers pass themselves. */
const ANSWER_MS = 10_000;

export interface ThreadPass {
  /** When the pass began, on this thread's performance.now() clock. */
  startedAt: number;
  /** How long the pass itself took in the thread (ms). */
  durationMs: number;
  tables: FdTable[];
}

interface Waiter { resolve: (p: ThreadPass) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
interface Running { worker: Worker; ready: boolean }

let thread: Running | 'unavailable' | undefined;
let nextId = 1;
const waiting = new Map<number, Waiter>();

function giveUp(why: Error): void {
  if (typeof thread === 'object') void thread.worker.terminate().catch(() => undefined);
  thread = 'unavailable';
  for (const w of waiting.values()) { clearTimeout(w.timer); w.reject(why); }
  waiting.clear();
}

function start(): void {
  // The thread's file sits beside this one, with the same extension (the engine is TypeScript
  // run by Node; a build that compiles it to .js keeps the pair together).
  const here = fileURLToPath(import.meta.url);
  const file = path.join(path.dirname(here), `fd-scan-thread${path.extname(here)}`);
  let worker: Worker;
  try {
    worker = new Worker(file);
  } catch {
    thread = 'unavailable';
    return;
  }
  const running: Running = { worker, ready: false };
  thread = running;
  worker.once('online', () => { running.ready = true; });
  worker.on('message', (r: ScanReply) => {
    const w = waiting.get(r.id);
    if (!w) return;
    waiting.delete(r.id);
    clearTimeout(w.timer);
    if (waiting.size === 0) worker.unref();
    w.resolve({ startedAt: r.startedAt - performance.timeOrigin, durationMs: r.durationMs, tables: r.tables });
  });
  worker.on('error', (e) => giveUp(e));
  worker.on('exit', (code) => giveUp(new Error(`the /proc scanning thread ended (${code})`)));
  // Last: a 'message' listener refs the thread's port again, and a process whose thread never
  // got a request (a short command) must still end when its work is done.
  worker.unref();
}

/** Where the scanning thread is (a test waits for it to be running). */
export function scanThreadState(): 'not started' | 'starting' | 'running' | 'unavailable' {
  if (thread === undefined) return 'not started';
  if (thread === 'unavailable') return 'unavailable';
  return thread.ready ? 'running' : 'starting';
}

/**
 * One pass in the scanning thread, skipping `skipPid`'s table; undefined while the thread is
 * still starting (it is started now) or cannot run here. Rejects when the thread fails or stays
 * silent: the caller then passes in its own thread.
 */
export function passInThread(skipPid: string): Promise<ThreadPass> | undefined {
  if (thread === undefined) start();
  if (typeof thread !== 'object' || !thread.ready) return undefined;
  const { worker } = thread;
  const id = nextId++;
  return new Promise<ThreadPass>((resolve, reject) => {
    // While a pass is awaited the thread keeps the process alive: its answer is awaited.
    const timer = setTimeout(() => giveUp(new Error(`the /proc scanning thread did not answer within ${ANSWER_MS} ms`)), ANSWER_MS);
    waiting.set(id, { resolve, reject, timer });
    worker.ref();
    const request: ScanRequest = { id, skipPid };
    worker.postMessage(request);
  });
}
