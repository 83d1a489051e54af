// The scanning thread's body (started by fd-scan-worker.ts): one whole pass over every process's
// fd table per request, off the event loop that carries the modems' replies. The pass's start is
// sent as wall-clock milliseconds (timeOrigin + now), which the two threads share.

import { parentPort } from 'node:worker_threads';
import { fdTablesOfAll, type FdTable } from './fd-tables.ts';

export interface ScanRequest { id: number; skipPid: string }
export interface ScanReply { id: number; startedAt: number; durationMs: number; tables: FdTable[] }

parentPort?.on('message', (m: ScanRequest) => {
  const t = performance.now();
  const tables = [...fdTablesOfAll(m.skipPid)];
  const reply: ScanReply = { id: m.id, startedAt: performance.timeOrigin + t, durationMs: performance.now() - t, tables };
  parentPort!.postMessage(reply);
});
