// Which other processes have a device node open, found by reading /proc/<pid>/fd links — the
// same evidence `fuser` uses. Opening a modem's QMI port needs it to know whether we would own
// the port (a CTL Sync would drop every other program's client ids, and two readers of one
// cdc-wdm node take each other's replies), and the doctor will show it as the port's owner.
// A device path is followed with readlink alone: stat does not see umockdev's fake nodes, and
// realpath() of a /dev node crashes under umockdev 0.17 (double free in its preload).
//
// A PTY has two ends. The process holding the *master* of /dev/pts/N (the virtual modem's) is the
// modem side of the wire, not another user of the port: it is reported only when it also holds
// the slave more than once, as the master side keeps one slave descriptor of its own (a master
// whose slave nobody holds reads EIO) and a client in that same process holds another.

import fs from 'node:fs';
import path from 'node:path';
import { passInThread } from './fd-scan-worker.ts';
import { fdTablesOfAll, readFdTable, type FdTable } from './fd-tables.ts';

export interface DeviceHolder {
  pid: number;
  /** Process name from /proc/<pid>/comm, e.g. "ModemManager", "qmi-proxy". */
  command: string;
}

/** Links are followed at most this many times (the kernel's own limit is 40). */
const MAX_LINKS = 40;

// A PTY slave, /dev/pts/<n>: devpts (fs/devpts/inode.c) holds the ptmx node and the slaves,
// never a link, so following stops there without asking. Asking costs a failed readlink, and a
// failed call costs Node an exception (about 15 µs): the doctor follows every port of every
// modem it opens, sixteen at once in a fleet.
const PTY_SLAVE_RE = /^\/dev\/pts\/(\d+)$/;

/** The path a device path finally names, following symlinks (a PTY link, /dev/serial/by-id/…)
 *  with readlink alone; /proc/<pid>/fd links name that same path. */
export function followLinks(p: string): string {
  let cur = path.resolve(p);
  for (let i = 0; i < MAX_LINKS; i++) {
    if (PTY_SLAVE_RE.test(cur)) return cur;
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
export async function deviceHolders(devicePath: string, opts: { includeSelf?: boolean; since?: number } = {}): Promise<DeviceHolder[]> {
  return (await deviceHoldersOf([devicePath], opts)).get(devicePath) ?? [];
}

// One pass reads every process's fd table (about 1,300 links on a desktop). Passes are shared:
// a caller may use a pass that began after the moment it names (`since`, default the call
// itself), so what it learns is never older than it asked for; callers that arrive while an
// older pass runs share the next one. Sixteen modems opened at once cost a few passes, not
// forty-eight.
// Where a pass runs: a short one here, in our thread, where it is quickest (handing it to the
// scanning thread costs a wake-up each way, and there it runs slower: measured 3.3 ms against
// 1.4 ms for the same pass on a quiet two-core machine, which is on the way to every QMI open).
// Once a pass has taken INLINE_BELOW_MS or more (a desktop's hundreds of processes), passes go to
// the scanning thread (fd-scan-worker.ts), so that replies on ports already open (other modems
// of a fleet, a simulator's other ports) are not held up behind them; they come back here once
// the thread finds them short again. Until the thread is up, or where it cannot run, a pass here
// yields to the event loop every SLICE_MS.
// Our own process is skipped: it is never reported unless asked for (includeSelf), and then our
// table is read on its own.
const SLICE_MS = 4;
const INLINE_BELOW_MS_DEFAULT = 3;
let inlineBelowMs = INLINE_BELOW_MS_DEFAULT;
/** How long the last pass took, in whichever thread it ran (ms; undefined before the first). */
let lastPassMs: number | undefined;

/** Tests: 0 sends every pass to the scanning thread; undefined restores the default. */
export function setInlinePassLimit(ms: number | undefined): void {
  inlineBelowMs = ms ?? INLINE_BELOW_MS_DEFAULT;
}

interface Pass { startedAt: number; tables: Promise<FdTable[]> }
let running: Pass | undefined;
let last: { startedAt: number; tables: FdTable[] } | undefined;
let next: Promise<FdTable[]> | undefined;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function readAllFdTables(pass: Pass): Promise<FdTable[]> {
  // Begins on the next turn of the event loop, not inside the caller's, and counts as begun only
  // then: every caller until then may share it (sixteen modems whose ports were claimed in the
  // same turn cost one pass).
  await nextTurn();
  const self = String(process.pid);
  // The thread's pass begins after this moment: counting it as begun now is never too late.
  pass.startedAt = performance.now();
  const long = inlineBelowMs <= 0 || (lastPassMs !== undefined && lastPassMs >= inlineBelowMs);
  const inThread = long ? passInThread(self) : undefined;
  if (inThread) {
    try {
      const done = await inThread;
      pass.startedAt = done.startedAt;
      lastPassMs = done.durationMs;
      return done.tables;
    } catch {
      pass.startedAt = performance.now(); // the thread failed: pass here instead
    }
  }
  const out: FdTable[] = [];
  let slice = performance.now();
  let busy = 0; // time spent reading, the yields left out
  for (const table of fdTablesOfAll(self)) {
    out.push(table);
    if (performance.now() - slice > SLICE_MS) {
      busy += performance.now() - slice;
      await nextTurn();
      slice = performance.now();
    }
  }
  lastPassMs = busy + (performance.now() - slice);
  return out;
}

function startPass(): Promise<FdTable[]> {
  // Not begun yet: any `since` is met by a pass that will begin after it.
  const pass: Pass = { startedAt: Infinity, tables: Promise.resolve([]) };
  pass.tables = readAllFdTables(pass);
  running = pass;
  pass.tables.then((t) => { last = { startedAt: pass.startedAt, tables: t }; }, () => undefined).finally(() => { if (running === pass) running = undefined; });
  return pass.tables;
}

function fdTables(since: number): Promise<FdTable[]> {
  if (running && running.startedAt >= since) return running.tables;
  if (!running && last && last.startedAt >= since) return Promise.resolve(last.tables);
  if (!running) return startPass();
  next ??= running.tables.catch(() => undefined).then(() => { next = undefined; return startPass(); });
  return next;
}

// Per pass, built on first use: which processes have a link to each path (a pass is asked about
// by every port of every modem opened while it is fresh: three times per diagnosis, sixteen
// modems at once, and each question is then a lookup instead of a walk over every link), and the
// PTY index each "<pid>/<fd>" of another process holds as master, read from fdinfo once.
interface PassMemo { byLink: Map<string, FdTable[]>; masters: Map<string, number | undefined> }
const memos = new WeakMap<FdTable[], PassMemo>();

function memoOf(tables: FdTable[]): PassMemo {
  let memo = memos.get(tables);
  if (memo) return memo;
  const byLink = new Map<string, FdTable[]>();
  for (const table of tables) {
    for (const [, link] of table.links) {
      let holders = byLink.get(link);
      if (!holders) byLink.set(link, holders = []);
      if (holders[holders.length - 1] !== table) holders.push(table);
    }
  }
  memo = { byLink, masters: new Map() };
  memos.set(tables, memo);
  return memo;
}

let own: { readAt: number; table: FdTable } | undefined;

/** Our own fd table, read again unless the last reading began at or after `since`. */
function ownTable(since: number): FdTable {
  if (!own || own.readAt < since) {
    const readAt = performance.now();
    own = { readAt, table: readFdTable(String(process.pid)) };
  }
  return own.table;
}

/** deviceHolders for several devices with one pass over /proc (the doctor asks about every port
 *  of a modem at once; each pass reads every process's fd table). `since` (performance.now()
 *  time): a pass that began at or after it will do (default: one that begins after this call). */
export async function deviceHoldersOf(devicePaths: readonly string[], opts: { includeSelf?: boolean; since?: number } = {}): Promise<Map<string, DeviceHolder[]>> {
  const since = opts.since ?? performance.now();
  const targets = devicePaths.map((p) => {
    const target = followLinks(p);
    const ptsIndex = PTY_SLAVE_RE.exec(target)?.[1];
    return { path: p, target, ptsIndex: ptsIndex === undefined ? undefined : Number(ptsIndex) };
  });
  const out = new Map<string, DeviceHolder[]>(devicePaths.map((p) => [p, []]));
  const { byLink, masters } = memoOf(await fdTables(since));
  // Only the processes with a link to one of the devices, in pid order.
  const candidates = new Set<FdTable>();
  for (const t of targets) for (const table of byLink.get(t.target) ?? []) candidates.add(table);
  const tables = [...candidates].sort((a, b) => a.pid - b.pid);
  // Passes leave our own process out; asked for, its table is read here, as fresh as `since`
  // asks (a simulator of sixteen modems holds hundreds of descriptors and asks about its ports
  // several times a second).
  if (opts.includeSelf) tables.push(ownTable(since));
  for (const table of tables) {
    const { counts, ptmx } = indexOf(table);
    const held: string[] = [];
    for (const t of targets) {
      const n = counts.get(t.target) ?? 0;
      if (n === 0) continue;
      // The master side of a PTY keeps one slave descriptor: that one is not a client.
      if (n === 1 && t.ptsIndex !== undefined && holdsMaster(table.pid, ptmx, t.ptsIndex, masters)) continue;
      held.push(t.path);
    }
    if (held.length === 0) continue;
    const command = processName(table.pid);
    for (const p of held) out.get(p)!.push({ pid: table.pid, command });
  }
  return out;
}

// Per table (a pass's, or a reading of our own): how many of its descriptors link to each path,
// and which are PTY masters (/dev/ptmx), built on first use. A simulator of sixteen modems
// holds hundreds of descriptors, and every question about one of its ports looks at its table.
interface TableIndex { counts: Map<string, number>; ptmx: string[] }
const tableIndexes = new WeakMap<FdTable, TableIndex>();

function indexOf(table: FdTable): TableIndex {
  let index = tableIndexes.get(table);
  if (index) return index;
  index = { counts: new Map(), ptmx: [] };
  for (const [fd, link] of table.links) {
    index.counts.set(link, (index.counts.get(link) ?? 0) + 1);
    if (link === '/dev/ptmx') index.ptmx.push(fd);
  }
  tableIndexes.set(table, index);
  return index;
}

// The PTY masters this process holds, by index (pty.ts notes each one it opens and closes): a
// simulator asks about its own ports several times a second, and would otherwise read the
// fdinfo of every master it holds each time.
const ownMasters = new Map<number, number>();

/** pty.ts: this process now holds (or no longer holds) the master of /dev/pts/<index>. */
export function noteOwnPtyMaster(index: number, held: boolean): void {
  const n = (ownMasters.get(index) ?? 0) + (held ? 1 : -1);
  if (n > 0) ownMasters.set(index, n);
  else ownMasters.delete(index);
}

/** Whether process `pid` holds the master of /dev/pts/<index>, from its /dev/ptmx descriptors'
 *  fdinfo (each read at most once per pass: `masters`), stopping at the first that is. */
function holdsMaster(pid: number, ptmx: readonly string[], index: number, masters: Map<string, number | undefined>): boolean {
  const own = pid === process.pid;
  if (own && ownMasters.has(index)) return true;
  for (const fd of ptmx) {
    // Our own table is read fresher than the pass (includeSelf): its masters are not memoised.
    const key = `${pid}/${fd}`;
    let found: number | undefined;
    if (own) found = ptyMasterIndex(String(pid), fd);
    else if (masters.has(key)) found = masters.get(key);
    else masters.set(key, found = ptyMasterIndex(String(pid), fd));
    if (found === index) return true;
  }
  return false;
}

// Recent Node names its main thread "MainThread" (nodejs/node#56416; Node 24 here does), and a
// process's comm is its main thread's name: every Node program, ours included, would be shown to
// the user as "MainThread". Such a one is named by its executable and script ("node cli.mjs").
const NODE_MAIN_THREAD = 'MainThread';

/** A process's name as users know it: /proc/<pid>/comm, but for Node programs see above. */
function processName(pid: number): string {
  let comm: string;
  try {
    comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?'; // exited meanwhile
  }
  if (comm !== NODE_MAIN_THREAD) return comm;
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const script = argv.slice(1).find((a) => !a.startsWith('-'));
    return [path.basename(argv[0] ?? comm), ...(script ? [path.basename(script)] : [])].join(' ');
  } catch {
    return comm;
  }
}

/** When a process started, in clock ticks since boot (/proc/<pid>/stat field 22), to order
 *  processes that opened a port at the same moment; undefined once it has gone. */
export function processStartTicks(pid: number): number | undefined {
  // Ours never changes: read once (/proc/<pid>/stat sums over every thread: not free).
  if (pid === process.pid && ownStartTicks !== undefined) return ownStartTicks;
  const ticks = readStartTicks(pid);
  if (pid === process.pid) ownStartTicks = ticks;
  return ticks;
}
let ownStartTicks: number | undefined;

function readStartTicks(pid: number): number | undefined {
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
