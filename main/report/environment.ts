// The machine around the modem, for the report: kernel release, which of the modem drivers are
// loaded, ModemManager's version, and our own version. Read once when a report is made; every
// read is bounded (ModemManager gets a short time limit: a report never waits on a stuck bus).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modemManagerStatus, type BusOptions } from '../system/modemmanager.ts';

/** The kernel drivers a cellular modem binds to (QMI net, serial ports, MBIM, ECM/NCM). */
export const MODEM_DRIVERS = ['qmi_wwan', 'option', 'qcserial', 'cdc_mbim', 'cdc_ether'] as const;

export interface DriverState {
  name: string;
  /** The module is in /sys/module (loaded, or built in with parameters). */
  loaded: boolean;
  /** /sys/module/<name>/version, when the module declares one. */
  version?: string;
}

export interface Environment {
  modemDoctor: { version: string };
  node: string;
  kernel: { sysname: string; release: string; machine: string };
  drivers: DriverState[];
  modemManager: { running: boolean; version?: string; problem?: string };
}

export interface EnvironmentOptions {
  /** Where sysfs is mounted (a test's tree); default /sys. */
  sysfsRoot?: string;
  /** ModemManager as the diagnosis found it: no second question over D-Bus. */
  modemManager?: { running: boolean; version?: string };
  /** false: do not ask ModemManager (offline reports, tests without a bus). */
  askModemManager?: boolean;
  bus?: BusOptions;
  /** Time limit for asking ModemManager, ms (default 1500). */
  modemManagerTimeoutMs?: number;
}

let ownVersion: string | undefined;
/** Our version, from package.json next to main/ (read once). */
export function modemDoctorVersion(): string {
  if (ownVersion === undefined) {
    try {
      const file = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'package.json');
      const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version;
      ownVersion = typeof v === 'string' ? v : 'unknown';
    } catch {
      ownVersion = 'unknown';
    }
  }
  return ownVersion;
}

async function driverState(sysfsRoot: string, name: string): Promise<DriverState> {
  const dir = path.join(sysfsRoot, 'module', name);
  try {
    await fs.promises.access(dir);
  } catch {
    return { name, loaded: false };
  }
  try {
    const version = (await fs.promises.readFile(path.join(dir, 'version'), 'utf8')).trim();
    return version ? { name, loaded: true, version } : { name, loaded: true };
  } catch {
    return { name, loaded: true };
  }
}

async function askModemManager(opts: EnvironmentOptions): Promise<Environment['modemManager']> {
  const ms = opts.modemManagerTimeoutMs ?? 1500;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Environment['modemManager']>((resolve) => {
    timer = setTimeout(() => resolve({ running: false, problem: `ModemManager did not answer within ${ms} ms` }), ms);
  });
  const asked = modemManagerStatus(opts.bus ?? {}).then((s): Environment['modemManager'] => ({
    running: s.running,
    ...(s.version ? { version: s.version } : {}),
    ...(s.problem ? { problem: s.problem } : {}),
  }));
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function readEnvironment(opts: EnvironmentOptions = {}): Promise<Environment> {
  const sysfsRoot = opts.sysfsRoot ?? '/sys';
  const [drivers, modemManager] = await Promise.all([
    Promise.all(MODEM_DRIVERS.map((d) => driverState(sysfsRoot, d))),
    opts.modemManager
      ? Promise.resolve({ running: opts.modemManager.running, ...(opts.modemManager.version ? { version: opts.modemManager.version } : {}) })
      : opts.askModemManager === false
        ? Promise.resolve({ running: false, problem: 'not asked' })
        : askModemManager(opts),
  ]);
  return {
    modemDoctor: { version: modemDoctorVersion() },
    node: process.version,
    kernel: { sysname: os.type(), release: os.release(), machine: os.machine() },
    drivers,
    modemManager,
  };
}
