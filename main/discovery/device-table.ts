// The device table (data/device-table.json): USB modems by VID:PID per composition, their port
// roles by interface number, composition switches and quirks, each module with its sources.
// The data lives in JSON so that adding a modem is a data change; this module loads it once,
// checks its shape (a malformed table is a typed error, not a crash later) and answers lookups.

import fs from 'node:fs';

export type TableRole = 'diag' | 'nmea' | 'at' | 'at-secondary' | 'ppp' | 'audio' | 'qmi' | 'mbim' | 'ecm' | 'ncm' | 'rndis' | 'adb' | 'ignored';
export const TABLE_ROLES: readonly TableRole[] = ['diag', 'nmea', 'at', 'at-secondary', 'ppp', 'audio', 'qmi', 'mbim', 'ecm', 'ncm', 'rndis', 'adb', 'ignored'];

export interface Composition {
  /** Four lowercase hex digits. */
  vid: string;
  pid: string;
  /** What the composition is called: rmnet, mbim, boot, application... */
  mode: string;
  /** Interface number (decimal, as a string key) -> role. Empty when the sources give none. */
  ports: Record<string, TableRole>;
  /** The network function: qmi, mbim, ecm, ncm, rndis, ppp... */
  network?: string;
}

export interface ModuleEntry {
  row: number;
  id: string;
  vendor: string;
  model: string;
  family: string;
  compositions: Composition[];
  /** Key into compositionSwitches. */
  switch?: string;
  quirks: string[];
  sources: string[];
  /** The module has no QMI at all (ASR/UNISOC/MTK, AT/PPP only): QMI tools do not apply. */
  noQmi?: boolean;
  /** false for PCIe-only modules kept for their notes. */
  usb?: boolean;
}

export interface CompositionSwitch {
  read: string;
  set: string;
  values: Record<string, string>;
  maskBits?: Record<string, string>;
  apply: string;
  sources: string[];
}

export interface StorageMode {
  vid: string;
  pid: string;
  vendor: string;
  what: string;
  targets: string[];
  fix: string;
  sources: string[];
  kind?: 'emergency-download';
}

export interface DeviceTable {
  schemaVersion: number;
  modules: ModuleEntry[];
  compositionSwitches: Record<string, CompositionSwitch>;
  storageModes: StorageMode[];
  storageVendors: { vid: string; vendor: string; source: string }[];
}

export class DeviceTableError extends Error {
  constructor(message: string) {
    super(`device table: ${message}`);
    this.name = 'DeviceTableError';
  }
}

const HEX4 = /^[0-9a-f]{4}$/;

/** Checks the parsed JSON against the shape above; throws DeviceTableError naming the first fault. */
export function validateTable(raw: unknown): DeviceTable {
  const t = raw as DeviceTable;
  if (typeof t !== 'object' || t === null || !Array.isArray(t.modules)) throw new DeviceTableError('no modules array');
  if (t.schemaVersion !== 1) throw new DeviceTableError(`schemaVersion ${String(t.schemaVersion)} is not 1`);
  for (const m of t.modules) {
    const where = `module ${String(m?.id)}`;
    if (typeof m.id !== 'string' || typeof m.vendor !== 'string' || typeof m.model !== 'string') throw new DeviceTableError(`${where}: id, vendor and model must be strings`);
    if (!Array.isArray(m.sources) || m.sources.length === 0 || !m.sources.every((s) => typeof s === 'string' && s.length > 0)) {
      throw new DeviceTableError(`${where}: every module cites at least one source`);
    }
    if (!Array.isArray(m.quirks) || !Array.isArray(m.compositions)) throw new DeviceTableError(`${where}: quirks and compositions must be arrays`);
    if (m.switch !== undefined && !(m.switch in (t.compositionSwitches ?? {}))) throw new DeviceTableError(`${where}: unknown switch ${m.switch}`);
    for (const c of m.compositions) {
      if (!HEX4.test(c.vid) || !HEX4.test(c.pid)) throw new DeviceTableError(`${where}: bad id ${String(c.vid)}:${String(c.pid)}`);
      for (const [n, role] of Object.entries(c.ports ?? {})) {
        if (!/^\d+$/.test(n) || Number(n) > 255) throw new DeviceTableError(`${where} ${c.vid}:${c.pid}: bad interface number ${n}`);
        if (!TABLE_ROLES.includes(role)) throw new DeviceTableError(`${where} ${c.vid}:${c.pid}: unknown role ${String(role)}`);
      }
    }
  }
  for (const s of t.storageModes ?? []) {
    if (!HEX4.test(s.vid) || !HEX4.test(s.pid) || !Array.isArray(s.sources) || s.sources.length === 0) throw new DeviceTableError(`storage mode ${String(s.vid)}:${String(s.pid)} is malformed`);
  }
  return t;
}

let cached: DeviceTable | undefined;

/** The table shipped beside this file, loaded and checked once. */
export function deviceTable(): DeviceTable {
  if (!cached) {
    const text = fs.readFileSync(new URL('./data/device-table.json', import.meta.url), 'utf8');
    cached = validateTable(JSON.parse(text));
  }
  return cached;
}

export const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export interface TableMatch {
  module: ModuleEntry;
  composition: Composition;
}

/** The module and composition for a VID:PID, if the table knows it. */
export function lookupModule(vid: number, pid: number, table = deviceTable()): TableMatch | undefined {
  const v = hex4(vid);
  const p = hex4(pid);
  for (const module of table.modules) {
    const composition = module.compositions.find((c) => c.vid === v && c.pid === p);
    if (composition) return { module, composition };
  }
  return undefined;
}

/** A known storage/download mode for a VID:PID (a modem waiting for usb_modeswitch, or in EDL). */
export function lookupStorageMode(vid: number, pid: number, table = deviceTable()): StorageMode | undefined {
  return table.storageModes.find((s) => s.vid === hex4(vid) && s.pid === hex4(pid));
}

/** A vendor whose mass-storage device is most likely a modem waiting to be switched. */
export function storageVendor(vid: number, table = deviceTable()): { vendor: string; source: string } | undefined {
  return table.storageVendors.find((s) => s.vid === hex4(vid));
}
