// ModemManager as seen over D-Bus (its documented API, org.freedesktop.ModemManager1) and in
// /proc: is it running, which version, which modems it has, which ports of each it claims and
// what it thinks they are. Plus the gentlest way to take a modem from it: InhibitDevice, which
// lasts exactly as long as the D-Bus connection that asked for it (MM drops the inhibition the
// moment that connection goes, so a crash of ours can never leave the modem orphaned).
//
// Enumerations from ModemManager's include/ModemManager-enums.h (MMModemPortType, MMModemState).

import fs from 'node:fs';
import path from 'node:path';
import dbus from 'dbus-next';
import { waysOut } from './modemmanager-advice.ts';
import { CodedError, withAlternatives } from '../errors/coded-error.ts';

export const MM_BUS_NAME = 'org.freedesktop.ModemManager1';
export const MM_PATH = '/org/freedesktop/ModemManager1';
const MM_MODEM_IFACE = 'org.freedesktop.ModemManager1.Modem';
/** Every D-Bus round trip gets this long; MM answers in milliseconds when it is alive. */
const CALL_TIMEOUT_MS = 5000;

/** MMModemPortType (1 = unknown .. 10 = xmmrpc). */
const PORT_TYPES = ['unknown', 'unknown', 'net', 'at', 'qcdm', 'gps', 'qmi', 'mbim', 'audio', 'ignored', 'xmmrpc'] as const;
export type MmPortType = (typeof PORT_TYPES)[number];

/** MMModemState, from -1 (failed) to 11 (connected). */
const STATES = ['failed', 'unknown', 'initializing', 'locked', 'disabled', 'disabling', 'enabling', 'enabled',
  'searching', 'registered', 'disconnecting', 'connecting', 'connected'] as const;
export type MmModemState = (typeof STATES)[number];

export interface MmPort { name: string; type: MmPortType }

export interface MmModem {
  /** D-Bus object path, e.g. /org/freedesktop/ModemManager1/Modem/0. */
  path: string;
  /** The `Device` property: the USB device's sysfs path, the uid InhibitDevice wants. */
  device: string;
  manufacturer: string;
  model: string;
  revision: string;
  /** IMEI for 3GPP modems (mask it before showing it in a report). */
  equipmentId: string;
  plugin: string;
  drivers: string[];
  primaryPort: string;
  ports: MmPort[];
  state: MmModemState;
}

export interface MmProcess { pid: number; command: string }

export interface MmStatus {
  /** Whether the system bus could be reached at all. */
  bus: 'reachable' | 'unreachable';
  /** ModemManager's name is on the bus. */
  running: boolean;
  version?: string;
  /** MM's pid as the bus knows it. */
  pid?: number;
  modems: MmModem[];
  /** ModemManager processes found in /proc (it may run with no bus, or on another bus). */
  processes: MmProcess[];
  /** Why the bus or MM could not be asked, in words. */
  problem?: string;
}

export type MmErrorCode = 'no-bus' | 'not-running' | 'not-authorized' | 'no-such-device' | 'failed' | 'timeout';

/** What went wrong talking to ModemManager, in words, with the other ways to free a modem. */
export class MmError extends CodedError<MmErrorCode> {
  override readonly name = 'MmError';
  readonly alternatives: string[];
  constructor(code: MmErrorCode, message: string, alternatives: string[] = []) {
    super(code, withAlternatives(message, alternatives));
    this.alternatives = alternatives;
  }
}

export interface BusOptions {
  /** A bus address (unix:path=...); default: the system bus ($DBUS_SYSTEM_BUS_ADDRESS or the standard socket). */
  busAddress?: string;
}

function withTimeout<T>(p: Promise<T>, what: string, ms = CALL_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MmError('timeout', `${what} got no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Opens the bus and waits until it answers (dbus-next reports a bad socket as an 'error' event). */
async function connect(opts: BusOptions): Promise<dbus.MessageBus> {
  // systemBus() reads $DBUS_SYSTEM_BUS_ADDRESS but takes no address argument; a client made for
  // an explicit address is the same kind of connection whatever dbus-next calls it.
  const bus = opts.busAddress ? dbus.sessionBus({ busAddress: opts.busAddress }) : dbus.systemBus();
  const failed = new Promise<never>((_, reject) => {
    bus.on('error', (e: Error) => reject(new MmError('no-bus', `cannot reach the system D-Bus (${e.message})`)));
  });
  try {
    const obj = await withTimeout(Promise.race([bus.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus'), failed]), 'the D-Bus daemon');
    void obj;
  } catch (e) {
    bus.disconnect();
    throw e instanceof MmError ? e : new MmError('no-bus', `cannot reach the system D-Bus (${(e as Error).message})`);
  }
  return bus;
}

/** Calls a method of a proxied interface (dbus-next types its methods as possibly absent). */
function call(iface: dbus.ClientInterface, method: string, ...args: unknown[]): Promise<unknown> {
  const fn = iface[method];
  if (!fn) return Promise.reject(new MmError('failed', `D-Bus interface has no method ${method}`));
  return withTimeout(fn.apply(iface, args) as Promise<unknown>, method);
}

async function busNames(bus: dbus.MessageBus): Promise<dbus.ClientInterface> {
  return (await bus.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus')).getInterface('org.freedesktop.DBus');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function modemFrom(objectPath: string, props: Record<string, dbus.Variant>): MmModem {
  const value = (k: string): unknown => props[k]?.value;
  const ports = (value('Ports') as [string, number][] | undefined) ?? [];
  const state = value('State');
  return {
    path: objectPath,
    device: str(value('Device')),
    manufacturer: str(value('Manufacturer')),
    model: str(value('Model')),
    revision: str(value('Revision')),
    equipmentId: str(value('EquipmentIdentifier')),
    plugin: str(value('Plugin')),
    drivers: (value('Drivers') as string[] | undefined) ?? [],
    primaryPort: str(value('PrimaryPort')),
    ports: ports.map(([name, type]) => ({ name, type: PORT_TYPES[type] ?? 'unknown' })),
    state: typeof state === 'number' ? STATES[state + 1] ?? 'unknown' : 'unknown',
  };
}

/** ModemManager processes by /proc/<pid>/comm (exactly "ModemManager"), read with opendir/readFile. */
export async function modemManagerProcesses(): Promise<MmProcess[]> {
  const out: MmProcess[] = [];
  let dir: fs.Dir;
  try { dir = await fs.promises.opendir('/proc'); } catch { return out; }
  for await (const e of dir) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const command = (await fs.promises.readFile(`/proc/${e.name}/comm`, 'utf8')).trim();
      if (command === 'ModemManager') out.push({ pid: Number(e.name), command });
    } catch { /* exited meanwhile */ }
  }
  return out;
}

/** What ModemManager is doing now: never throws; a bus or MM that cannot be asked is reported in `problem`. */
export async function modemManagerStatus(opts: BusOptions = {}): Promise<MmStatus> {
  const processes = await modemManagerProcesses();
  let bus: dbus.MessageBus;
  try {
    bus = await connect(opts);
  } catch (e) {
    return { bus: 'unreachable', running: false, modems: [], processes, problem: (e as Error).message };
  }
  try {
    const names = await busNames(bus);
    const listed = (await call(names, 'ListNames')) as string[];
    if (!listed.includes(MM_BUS_NAME)) {
      return { bus: 'reachable', running: false, modems: [], processes,
        ...(processes.length ? { problem: `a ModemManager process runs (pid ${processes.map((p) => p.pid).join(', ')}) but its name is not on this system bus` } : {}) };
    }
    const pid = (await call(names, 'GetConnectionUnixProcessID', MM_BUS_NAME)) as number;
    const root = await withTimeout(bus.getProxyObject(MM_BUS_NAME, MM_PATH), 'ModemManager');
    const version = (await call(root.getInterface('org.freedesktop.DBus.Properties'), 'Get', MM_BUS_NAME, 'Version')) as dbus.Variant;
    const managed = (await call(root.getInterface('org.freedesktop.DBus.ObjectManager'), 'GetManagedObjects')) as
      Record<string, Record<string, Record<string, dbus.Variant>>>;
    const modems = Object.entries(managed)
      .filter(([, ifaces]) => ifaces[MM_MODEM_IFACE])
      .map(([p, ifaces]) => modemFrom(p, ifaces[MM_MODEM_IFACE]!))
      .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
    return { bus: 'reachable', running: true, version: str(version.value), pid, modems, processes };
  } catch (e) {
    return { bus: 'reachable', running: false, modems: [], processes, problem: (e as Error).message };
  } finally {
    bus.disconnect();
  }
}

/**
 * The modem MM has for what the user typed: a port path or name (/dev/cdc-wdm0, ttyUSB2), the
 * USB device's sysfs path (MM's Device uid), or MM's object path / index.
 */
export function findModem(modems: readonly MmModem[], device: string): MmModem | undefined {
  const name = path.basename(device);
  return modems.find((m) => m.device === device || m.path === device || m.path === `${MM_PATH}/Modem/${device}`
    || m.ports.some((p) => p.name === name));
}

/** A D-Bus error from MM in words; polkit refusals become 'not-authorized' with the other ways. */
function mmCallError(e: unknown, device: string, action: string): MmError {
  const err = e as { type?: string; text?: string; message?: string };
  const type = err.type ?? '';
  const text = err.text ?? err.message ?? String(e);
  // MM's auth provider answers Unauthorized when polkit says no, Failed "PolicyKit authorization
  // error" when polkit cannot be asked at all (src/mm-auth-provider-polkit.c).
  if (type.endsWith('.Unauthorized') || /PolicyKit|polkit|not authorized/i.test(text)) {
    return new MmError('not-authorized', `ModemManager refused to ${action}: this user is not allowed to (polkit: ${text})`,
      waysOut(device).filter((w) => !w.includes('--inhibit')));
  }
  if (type.endsWith('.NotFound')) return new MmError('no-such-device', `ModemManager does not know ${device}: ${text}`);
  if (e instanceof MmError) return e;
  return new MmError('failed', `ModemManager could not ${action}: ${text}`);
}

/** An inhibition held on its own D-Bus connection; it ends with release() or when this process ends. */
export class MmInhibition {
  readonly uid: string;
  readonly modem: MmModem;
  private readonly bus: dbus.MessageBus;
  private released = false;
  private readonly lostListeners: ((why: string) => void)[] = [];

  constructor(bus: dbus.MessageBus, modem: MmModem) {
    this.bus = bus;
    this.modem = modem;
    this.uid = modem.device;
    // If the bus goes away, so does the inhibition (MM watches our connection).
    bus.on('error', (e: Error) => this.lost(`the D-Bus connection broke (${e.message})`));
  }

  private lost(why: string): void {
    if (this.released) return;
    this.released = true;
    for (const l of this.lostListeners) l(why);
  }

  /** Called when the inhibition ends without release() (the bus connection broke). */
  onLost(listener: (why: string) => void): void { this.lostListeners.push(listener); }

  /** Gives the modem back: asks MM to uninhibit, then closes the connection (which would do it too). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    try {
      const root = await withTimeout(this.bus.getProxyObject(MM_BUS_NAME, MM_PATH), 'ModemManager');
      await call(root.getInterface(MM_BUS_NAME), 'InhibitDevice', this.uid, false);
    } catch {
      // Closing the connection below makes MM drop the inhibition anyway.
    } finally {
      this.bus.disconnect();
    }
  }
}

/**
 * Inhibits the modem that `device` names (see findModem). MM closes its ports at once and
 * forgets the modem until the inhibition ends; the returned object holds the connection open.
 */
export async function inhibit(device: string, opts: BusOptions = {}): Promise<MmInhibition> {
  const status = await modemManagerStatus(opts);
  if (!status.running) {
    throw new MmError('not-running', status.bus === 'unreachable'
      ? `cannot ask ModemManager: ${status.problem ?? 'the system bus is unreachable'}`
      : 'ModemManager is not running: nothing to inhibit, the ports are free');
  }
  const modem = findModem(status.modems, device);
  if (!modem) {
    const known = status.modems.map((m) => `${m.model || m.path} (${m.ports.map((p) => p.name).join(', ')})`).join('; ');
    throw new MmError('no-such-device', `ModemManager has no modem with ${device}${known ? `; it has: ${known}` : ' (it lists no modems)'}`);
  }
  const bus = await connect(opts);
  try {
    const root = await withTimeout(bus.getProxyObject(MM_BUS_NAME, MM_PATH), 'ModemManager');
    await call(root.getInterface(MM_BUS_NAME), 'InhibitDevice', modem.device, true);
  } catch (e) {
    bus.disconnect();
    throw mmCallError(e, device, `inhibit ${modem.device}`);
  }
  return new MmInhibition(bus, modem);
}
