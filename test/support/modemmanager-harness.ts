// A real ModemManager (Debian's modemmanager package) probing one of our virtual modems, in a
// world of its own so that it can touch nothing on the machine and nothing can touch it:
//  - a private network namespace: libqmi's qmi-proxy listens on the abstract socket @qmi-proxy,
//    which is per network namespace; a tun "wwan0" there gives MM the interface index it asks
//    the kernel for (the net record in the umockdev description alone is not enough);
//  - a private dbus-daemon of the *system* type (polkitd refuses a session-type bus) on a socket
//    in our own directory, with polkitd on it: MM asks polkit before InhibitDevice;
//  - ModemManager under umockdev-run with the simulator's description (the udev tags MM needs are
//    in it), a small LD_PRELOAD shim so MM may lock its ttys (excl-shim.c), then a ScanDevices
//    call (--test-session does no initial scan).
// close() ends every process it started and every process that ended up in the namespace (MM's
// qmi-proxy, a CLI a test ran there), by pid, then reports any that would not go.

import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dbus from 'dbus-next';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.ts';
import { modemManagerStatus, MM_BUS_NAME, MM_PATH, type MmModem } from '../../main/system/modemmanager.ts';
import { isRoot } from './needs-root.ts';

const POLKITD = '/usr/lib/polkit-1/polkitd';
const SHIM_SOURCE = path.join(import.meta.dirname, 'excl-shim.c');
const STEP_TIMEOUT_MS = 10000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => fs.existsSync(path.join(d, bin)));
}

let netnsUsable: boolean | undefined;
/** Whether this machine lets us make a network namespace (containers may forbid unshare). */
function canUnshareNet(): boolean {
  if (netnsUsable === undefined) {
    try {
      // A short synchronous probe for the skip reason; nothing is left running.
      netnsUsable = spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
    } catch {
      netnsUsable = false;
    }
  }
  return netnsUsable;
}

/** false when a real ModemManager world can run here; otherwise why not (printed as the skip reason). */
export function skipUnlessModemManagerWorld(): string | false {
  if (!isRoot) return 'needs root: network namespaces, polkitd and ModemManager under umockdev';
  const missing = [
    ['gcc', 'gcc (compiles the TIOCEXCL shim)'], ['ModemManager', 'ModemManager (Debian package modemmanager)'],
    ['mmcli', 'mmcli (modemmanager)'], ['dbus-daemon', 'dbus-daemon (dbus-daemon)'], ['umockdev-run', 'umockdev-run (umockdev)'],
    ['unshare', 'unshare (util-linux)'], ['nsenter', 'nsenter (util-linux)'], ['ip', 'ip (iproute2)'],
  ].filter(([bin]) => !onPath(bin!) && !fs.existsSync(`/usr/sbin/${bin}`)).map(([, what]) => what);
  if (!fs.existsSync(POLKITD)) missing.push(`${POLKITD} (polkitd)`);
  if (missing.length) return `missing: ${missing.join(', ')}`;
  if (!canUnshareNet()) return 'network namespaces are not available here (unshare -n failed)';
  return false;
}

export interface RunResult { code: number; stdout: string; stderr: string }

function run(argv: readonly string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { timeout: opts.timeoutMs ?? STEP_TIMEOUT_MS, env: opts.env ?? process.env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function must(argv: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(argv, env ? { env } : {});
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function waitUntil<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`never happened within ${ms} ms: ${what}`);
    await sleep(50);
  }
}

function netNsOf(pid: number): string | undefined {
  try { return fs.readlinkSync(`/proc/${pid}/ns/net`); } catch { return undefined; }
}

function commOf(pid: number): string {
  try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return '?'; }
}

/** Live processes in network namespace `ns` (zombies count as gone: they hold nothing). */
async function processesIn(ns: string): Promise<{ pid: number; command: string }[]> {
  const out: { pid: number; command: string }[] = [];
  const dir = await fs.promises.opendir('/proc');
  for await (const e of dir) {
    if (!/^\d+$/.test(e.name)) continue;
    const pid = Number(e.name);
    if (netNsOf(pid) !== ns) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
    } catch { continue; }
    out.push({ pid, command: commOf(pid) });
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if it is still there after graceMs. */
async function endPid(pid: number, graceMs = 3000): Promise<void> {
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  const end = Date.now() + graceMs;
  while (alive(pid) && Date.now() < end) await sleep(25);
  if (alive(pid)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    const hard = Date.now() + 2000;
    while (alive(pid) && Date.now() < hard) await sleep(25);
  }
}

export interface ModemManagerWorld {
  readonly dir: string;
  readonly sim: Simulator;
  /** unix:path=... of the private system bus. */
  readonly busAddress: string;
  /** Environment for programs that should use the private bus as their system bus (mmcli, us). */
  readonly env: NodeJS.ProcessEnv;
  /** ms from starting ModemManager to the modem listed (the first probe). */
  firstProbeMs?: number;
  /** argv prefixed so that it runs inside the private network namespace. */
  inNamespace(argv: readonly string[]): string[];
  mmcli(args: readonly string[]): Promise<RunResult>;
  /** Waits until MM lists a modem (after a probe or a re-probe) and returns it as D-Bus shows it. */
  waitForModem(timeoutMs?: number): Promise<MmModem>;
  /** Waits until MM lists no modem (after an inhibition). */
  waitForNoModem(timeoutMs?: number): Promise<void>;
  /** MM's debug log so far (for failure messages). */
  log(): string;
  /** Ends everything; returns the processes that would not end (a test asserts it is empty). */
  close(): Promise<{ pid: number; command: string }[]>;
}

export interface WorldOptions {
  profile: string;
  scenario?: string;
  /** The simulator's data plane makes the modem's wwan0 in the world's namespace (else a bare tun). */
  dataPlane?: boolean;
}

/** Starts the world and ModemManager and asks it to scan; does not wait for the probe. */
export async function startModemManagerWorld(opts: WorldOptions): Promise<ModemManagerWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-mm-'));
  // polkitd drops to its own user and must reach the bus socket inside this directory.
  fs.chmodSync(dir, 0o755);
  const started: ChildProcess[] = [];
  let nsHolder: ChildProcess | undefined;
  let ns: string | undefined;
  let sim: Simulator | undefined;
  const logPath = path.join(dir, 'modemmanager.log');

  const spawnTracked = (argv: readonly string[], extra: { env?: NodeJS.ProcessEnv; log?: boolean } = {}): ChildProcess => {
    const out = extra.log ? fs.openSync(logPath, 'a') : 'ignore';
    // Own process group each, so nothing here receives a terminal's Ctrl-C meant for the runner.
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', out, out], env: extra.env ?? process.env });
    if (typeof out === 'number') fs.closeSync(out);
    child.on('error', () => { /* reported by the waits below */ });
    started.push(child);
    return child;
  };

  const close = async (): Promise<{ pid: number; command: string }[]> => {
    // MM first (it is a child of umockdev-run and spawns qmi-proxy), then the rest.
    if (ns) {
      for (const p of await processesIn(ns)) if (p.command === 'ModemManager') await endPid(p.pid, 5000);
      for (const p of await processesIn(ns)) if (p.pid !== nsHolder?.pid) await endPid(p.pid);
    }
    for (const c of [...started].reverse()) if (c.pid !== undefined && c.pid !== nsHolder?.pid) await endPid(c.pid);
    if (nsHolder?.pid !== undefined) await endPid(nsHolder.pid);
    const left = ns ? await processesIn(ns) : [];
    for (const c of started) if (c.pid !== undefined && alive(c.pid) && !left.some((l) => l.pid === c.pid)) left.push({ pid: c.pid, command: commOf(c.pid) });
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    return left;
  };

  try {
    const shim = path.join(dir, 'excl-shim.so');
    await must(['gcc', '-shared', '-fPIC', '-O2', '-o', shim, SHIM_SOURCE, '-ldl']);

    nsHolder = spawnTracked(['unshare', '-n', 'sleep', 'infinity']);
    const ours = netNsOf(process.pid);
    ns = await waitUntil('the network namespace', STEP_TIMEOUT_MS, async () => {
      const n = nsHolder?.pid !== undefined ? netNsOf(nsHolder.pid) : undefined;
      return n !== undefined && n !== ours && commOf(nsHolder!.pid!) === 'sleep' ? n : undefined;
    });
    const inNamespace = (argv: readonly string[]): string[] => ['nsenter', '-t', String(nsHolder!.pid), '-n', ...argv];

    sim = await startSimulator({ profile: opts.profile, scenario: opts.scenario ?? 'healthy', dir: path.join(dir, 'sim'), driftMs: 0,
      ...(opts.dataPlane ? { dataPlane: { netnsPid: nsHolder.pid! } } : {}) });
    await must(inNamespace(['ip', 'link', 'set', 'lo', 'up']));
    if (!opts.dataPlane) {
      const netNames = sim.profile.layout(sim.model.state.usbComposition).interfaces.flatMap((i) => (i.netName ? [i.netName] : []));
      for (const n of new Set(netNames)) await must(inNamespace(['ip', 'tuntap', 'add', 'dev', n, 'mode', 'tun']));
    }

    const socket = path.join(dir, 'system_bus_socket');
    fs.writeFileSync(path.join(dir, 'bus.conf'), [
      '<busconfig><type>system</type>',
      `<listen>unix:path=${socket}</listen><auth>EXTERNAL</auth>`,
      '<policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy>',
      '</busconfig>',
    ].join('\n'));
    spawnTracked(inNamespace(['dbus-daemon', '--nofork', `--config-file=${path.join(dir, 'bus.conf')}`]));
    const busAddress = `unix:path=${socket}`;
    await waitUntil('the private bus socket', STEP_TIMEOUT_MS, async () => (fs.existsSync(socket) ? true : undefined));
    const env = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: busAddress, DBUS_SESSION_BUS_ADDRESS: busAddress };

    const names = async (): Promise<string[]> => {
      const bus = dbus.sessionBus({ busAddress });
      bus.on('error', () => undefined);
      try {
        const d = (await bus.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus')).getInterface('org.freedesktop.DBus');
        return (await d.ListNames!()) as string[];
      } catch {
        return [];
      } finally {
        bus.disconnect();
      }
    };
    spawnTracked(inNamespace([POLKITD, '--no-debug']), { env });
    await waitUntil('polkitd on the private bus', STEP_TIMEOUT_MS, async () => ((await names()).includes('org.freedesktop.PolicyKit1') ? true : undefined));

    const mmStart = Date.now();
    spawnTracked(inNamespace(sim.umockdevArgv(['sh', '-c', 'LD_PRELOAD="$0${LD_PRELOAD:+:$LD_PRELOAD}" exec "$@"', shim,
      'ModemManager', '--test-session', '--test-no-qrtr', '--test-no-suspend-resume', '--debug'])), { env, log: true });
    await waitUntil('ModemManager on the private bus', STEP_TIMEOUT_MS, async () => ((await names()).includes(MM_BUS_NAME) ? true : undefined));
    {
      const bus = dbus.sessionBus({ busAddress });
      bus.on('error', () => undefined);
      try {
        const root = await bus.getProxyObject(MM_BUS_NAME, MM_PATH);
        await root.getInterface(MM_BUS_NAME).ScanDevices!();
      } finally {
        bus.disconnect();
      }
    }

    const world: ModemManagerWorld = {
      dir, sim, busAddress, env, inNamespace,
      mmcli: (args) => run(['mmcli', ...args], { env }),
      waitForModem: async (timeoutMs = 30000) => {
        const m = await waitUntil('ModemManager lists the modem', timeoutMs, async () => (await modemManagerStatus({ busAddress })).modems[0]);
        world.firstProbeMs ??= Date.now() - mmStart;
        return m;
      },
      waitForNoModem: async (timeoutMs = 5000) => {
        await waitUntil('ModemManager lists no modem', timeoutMs, async () => ((await modemManagerStatus({ busAddress })).modems.length === 0 ? true : undefined));
      },
      log: () => { try { return fs.readFileSync(logPath, 'utf8'); } catch { return ''; } },
      close,
    };
    return world;
  } catch (e) {
    const log = (() => { try { return fs.readFileSync(logPath, 'utf8').slice(-3000); } catch { return ''; } })();
    await close();
    throw new Error(`${(e as Error).message}${log ? `\nModemManager log (end):\n${log}` : ''}`, { cause: e });
  }
}
