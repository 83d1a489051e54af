// Which other processes have a device node open, found by reading /proc/<pid>/fd links — the
// same evidence `fuser` uses. Opening a modem's QMI port needs it to know whether we would own
// the port (a CTL Sync would drop every other program's client ids, and two readers of one
// cdc-wdm node take each other's replies), and the doctor will show it as the port's owner.
// Uses opendir/readlink only: readdir and stat do not see umockdev's fake nodes, and realpath()
// of a /dev node crashes under umockdev 0.17 (double free in its preload), so links are
// followed one readlink at a time.
//
// A PTY has two ends. The process holding the *master* of /dev/pts/N (socat for a virtual modem)
// is the modem side of the wire, not another user of the port, so it is not reported.

import fs from 'node:fs';
import path from 'node:path';

export interface DeviceHolder {
  pid: number;
  /** Process name from /proc/<pid>/comm, e.g. "ModemManager", "qmi-proxy". */
  command: string;
}

/** Links are followed at most this many times (the kernel's own limit is 40). */
const MAX_LINKS = 40;

/** The path a device path finally names, following symlinks (a PTY link, /dev/serial/by-id/…)
 *  with readlink alone; /proc/<pid>/fd links name that same path. */
export function followLinks(p: string): string {
  let cur = path.resolve(p);
  for (let i = 0; i < MAX_LINKS; i++) {
    let next: string;
    try {
      next = fs.readlinkSync(cur);
    } catch {
      return cur; // not a link (EINVAL), or gone: this is the name
    }
    cur = path.resolve(path.dirname(cur), next);
  }
  return cur;
}

async function listDir(p: string): Promise<string[]> {
  const out: string[] = [];
  try {
    const dir = await fs.promises.opendir(p);
    for await (const e of dir) out.push(e.name);
  } catch { /* gone or not ours to read */ }
  return out;
}

/** The PTY index held as master by this fd, from /proc/<pid>/fdinfo ("tty-index: N"), if any. */
function ptyMasterIndex(pid: string, fd: string): number | undefined {
  try {
    const m = /^tty-index:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Processes with the device open, other than its PTY master side. Our own process is left out
 *  unless `includeSelf` (the virtual modem asks whether any client, even in-process, listens). */
export async function deviceHolders(devicePath: string, opts: { includeSelf?: boolean } = {}): Promise<DeviceHolder[]> {
  return (await deviceHoldersOf([devicePath], opts)).get(devicePath) ?? [];
}

/** deviceHolders for several devices with one pass over /proc (the doctor asks about every port
 *  of a modem at once; each pass reads every process's fd table). */
export async function deviceHoldersOf(devicePaths: readonly string[], opts: { includeSelf?: boolean } = {}): Promise<Map<string, DeviceHolder[]>> {
  const targets = devicePaths.map((p) => {
    const target = followLinks(p);
    const ptsIndex = /^\/dev\/pts\/(\d+)$/.exec(target)?.[1];
    return { path: p, target, ptsIndex: ptsIndex === undefined ? undefined : Number(ptsIndex) };
  });
  const out = new Map<string, DeviceHolder[]>(devicePaths.map((p) => [p, []]));
  const exclude = new Set(opts.includeSelf ? [] : [process.pid]);
  for (const pid of await listDir('/proc')) {
    if (!/^\d+$/.test(pid) || exclude.has(Number(pid))) continue;
    const holds = new Set<string>();
    const masterOf = new Set<string>();
    for (const fd of await listDir(`/proc/${pid}/fd`)) {
      let link: string;
      try {
        link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      for (const t of targets) {
        if (link === t.target) holds.add(t.path);
        else if (t.ptsIndex !== undefined && link === '/dev/ptmx' && ptyMasterIndex(pid, fd) === t.ptsIndex) masterOf.add(t.path);
      }
    }
    const held = [...holds].filter((p) => !masterOf.has(p));
    if (held.length === 0) continue;
    let command = '?';
    try { command = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { /* exited meanwhile */ }
    for (const p of held) out.get(p)!.push({ pid: Number(pid), command });
  }
  return out;
}

/** When a process started, in clock ticks since boot (/proc/<pid>/stat field 22), to order
 *  processes that opened a port at the same moment; undefined once it has gone. */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[22 - 3]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}
