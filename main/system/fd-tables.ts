// Reading processes' open-file tables from /proc/<pid>/fd: the evidence `fuser` uses. Shared by
// the pass in our own thread (device-holders.ts) and the one in the scanning thread
// (fd-scan-thread.ts). Synchronous readdir/readlink, each a few microseconds of kernel work:
// through libuv's thread pool one by one the same pass took three to four times as long.
// umockdev fakes /dev and /sys only, so readdir sees /proc as it is.

import fs from 'node:fs';

/** One process's open files, as /proc/<pid>/fd showed them: [fd, link target]. */
export interface FdTable { pid: number; links: [string, string][] }

/** Entry names of a /proc directory; empty when it is gone or not ours to read. */
export function listProcDir(p: string): string[] {
  try {
    return fs.readdirSync(p);
  } catch {
    return [];
  }
}

export function readFdTable(pid: string): FdTable {
  const links: [string, string][] = [];
  for (const fd of listProcDir(`/proc/${pid}/fd`)) {
    try {
      links.push([fd, fs.readlinkSync(`/proc/${pid}/fd/${fd}`)]);
    } catch { /* closed meanwhile */ }
  }
  return { pid: Number(pid), links };
}

/** Every process's table but `skipPid`'s (ours: never reported unless asked for), one at a time. */
export function* fdTablesOfAll(skipPid: string): Generator<FdTable> {
  for (const p of listProcDir('/proc')) {
    const c = p.charCodeAt(0);
    if (c < 0x30 || c > 0x39 || p === skipPid) continue; // not a pid (or skipped)
    yield readFdTable(p);
  }
}
