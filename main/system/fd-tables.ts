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

/**
 * Whether /proc/<pid> may have open files to list: its executable link resolves. It does not for
 * a kernel thread (no memory map, no file table of its own: most of /proc on a small machine), a
 * zombie, or a process we may not look at (whose fd directory we could not list either). One
 * readlink instead of the five system calls of listing an empty fd directory: a pass over a
 * quiet machine went from 4.4 to 1.5 ms (62 of its 71 processes were kernel threads).
 * A process between the two steps of exiting (memory map released, files not yet: kernel/exit.c,
 * do_exit: exit_mm before exit_files) is skipped too: it holds the port for microseconds more.
 */
function hasUserSpace(pid: string): boolean {
  try {
    fs.readlinkSync(`/proc/${pid}/exe`);
    return true;
  } catch {
    return false;
  }
}

// Pids found without a user space, and when: not looked at again for NO_USER_SPACE_MEMO_MS.
// Kernel threads are most of them, and stay kernel threads; a zombie stays one until it is
// reaped. Its pid could name another process only after the kernel's pid counter has gone all
// the way round (kernel/pid.c allocates cyclically up to pid_max, at least 32768), which takes
// far more than a second of process creation on any machine.
// Each pass keeps only the pids it saw: those of processes gone are forgotten.
const NO_USER_SPACE_MEMO_MS = 1000;
let noUserSpace = new Map<string, number>();

/** Every process's table but `skipPid`'s (ours: never reported unless asked for), one at a time. */
export function* fdTablesOfAll(skipPid: string): Generator<FdTable> {
  const now = performance.now();
  const seenNow = new Map<string, number>();
  for (const p of listProcDir('/proc')) {
    const c = p.charCodeAt(0);
    if (c < 0x30 || c > 0x39 || p === skipPid) continue; // not a pid (or skipped)
    const since = noUserSpace.get(p);
    if (since !== undefined && now - since < NO_USER_SPACE_MEMO_MS) {
      seenNow.set(p, since);
      continue;
    }
    if (!hasUserSpace(p)) {
      seenNow.set(p, now);
      continue;
    }
    yield readFdTable(p);
  }
  noUserSpace = seenNow;
}
