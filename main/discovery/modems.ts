// From USB devices to modem candidates: which devices are modems, what they are called, and the
// role of every port. Known modems take their roles from the device table by interface number;
// the driver bound to an interface decides for control nodes (qmi_wwan -> QMI, cdc_mbim -> MBIM),
// because a Quectel module keeps its PID when its usbnet mode changes. Unknown modems get a vendor
// name from usb.ids and roles by driver; their ttys stay 'unknown' until probed.
// A device still in mass-storage (or Qualcomm emergency download) mode is recognised and explained.

import { deviceTable, hex4, lookupModule, lookupStorageMode, storageVendor, type Composition, type ModuleEntry, type TableRole } from './device-table.ts';
import { usbVendorName } from './usb-ids.ts';
import type { NetInfo, NodeInfo, UsbDeviceInfo, UsbInterfaceInfo } from './usb-sysfs.ts';

export type PortRole = 'at' | 'nmea' | 'diag' | 'ppp' | 'audio' | 'qmi' | 'mbim' | 'adb' | 'ignored' | 'unknown';
export type RoleSource = 'table' | 'driver' | 'probe' | 'none';

export interface ModemPort {
  /** /dev path from the node's uevent. */
  path: string;
  /** Kernel name: ttyUSB2, cdc-wdm0. */
  name: string;
  subsystem: string;
  interfaceNumber: number;
  driver: string | null;
  role: PortRole;
  roleSource: RoleSource;
  /** A second AT port (the table's "AT secondary"): fine for commands, not the primary one. */
  secondary?: boolean;
  /** Why the role is what it is, when it needs saying (a probe's summary, a table/driver disagreement). */
  roleNote?: string;
}

export interface NetInterface extends NetInfo {
  name: string;
  interfaceNumber: number;
  driver: string | null;
}

export type ModemMode = 'modem' | 'storage' | 'boot' | 'emergency-download';

export interface ModemCandidate {
  /** sysfs name of the USB device (1-1): stable while it stays plugged into the same port. */
  id: string;
  /** sysfs path of the USB device; ModemManager's Device property for the same modem. */
  sysPath: string;
  vid: string;
  pid: string;
  vendor: string;
  model: string;
  /** In the device table (roles from it) or not (roles from drivers and probing). */
  known: boolean;
  tableId?: string;
  composition?: Pick<Composition, 'mode' | 'network'>;
  mode: ModemMode;
  /** For storage/download mode: what it is and what to do, in words. */
  explanation?: string;
  busnum?: number;
  devnum?: number;
  usbManufacturer?: string;
  usbProduct?: string;
  ports: ModemPort[];
  net: NetInterface[];
  quirks: string[];
  sources: string[];
  /** How to change the USB composition, from the table. */
  switchCommand?: { read: string; set: string; apply: string };
}

// Drivers that bind to modem functions and little else.
const MODEM_DRIVERS = new Set(['option', 'qcserial', 'qmi_wwan', 'cdc_mbim', 'sierra', 'sierra_net', 'huawei_cdc_ncm', 'cdc_wdm', 'mhi_wwan_ctrl']);
// Network drivers that modems use but phones and Ethernet adapters do too: a modem only with a modem vendor.
const SHARED_NET_DRIVERS = new Set(['cdc_ether', 'cdc_ncm', 'rndis_host', 'cdc_acm']);
const MASS_STORAGE_CLASS = 0x08;

function tableRoleToPort(r: TableRole): { role: PortRole; secondary?: boolean } {
  switch (r) {
    case 'at-secondary': return { role: 'at', secondary: true };
    case 'ecm': case 'ncm': case 'rndis': return { role: 'unknown' };
    default: return { role: r };
  }
}

function driverRole(i: UsbInterfaceInfo, node: NodeInfo): PortRole | undefined {
  if (node.subsystem === 'usbmisc' || node.name.startsWith('cdc-wdm')) {
    if (i.driver === 'qmi_wwan') return 'qmi';
    if (i.driver === 'cdc_mbim') return 'mbim';
  }
  if (node.subsystem === 'wwan') {
    if (/qmi\d*$/.test(node.name)) return 'qmi';
    if (/mbim\d*$/.test(node.name)) return 'mbim';
    if (/at\d*$/.test(node.name)) return 'at';
  }
  return undefined;
}

function portsOf(dev: UsbDeviceInfo, table: Composition | undefined): { ports: ModemPort[]; net: NetInterface[] } {
  const ports: ModemPort[] = [];
  const net: NetInterface[] = [];
  for (const i of dev.interfaces) {
    for (const node of i.nodes) {
      if (node.subsystem === 'net') {
        net.push({ name: node.name, interfaceNumber: i.number, driver: i.driver, ...(node.net ?? { rawIp: null }) });
        continue;
      }
      if (!node.devPath) continue;
      const base = { path: node.devPath, name: node.name, subsystem: node.subsystem, interfaceNumber: i.number, driver: i.driver };
      const byDriver = driverRole(i, node);
      const tableRole = table?.ports[String(i.number)];
      if (byDriver) {
        const disagrees = tableRole !== undefined && tableRole !== byDriver;
        ports.push({ ...base, role: byDriver, roleSource: 'driver',
          ...(disagrees ? { roleNote: `the device table says ${tableRole} for interface ${i.number}, but ${i.driver} is bound: the USB composition was changed` } : {}) });
      } else if (tableRole !== undefined && tableRole !== 'qmi' && tableRole !== 'mbim') {
        ports.push({ ...base, ...tableRoleToPort(tableRole), roleSource: 'table' });
      } else {
        ports.push({ ...base, role: 'unknown', roleSource: 'none' });
      }
    }
  }
  return { ports, net };
}

function isStorageOnly(dev: UsbDeviceInfo): boolean {
  return dev.interfaces.length > 0 && dev.interfaces.every((i) => i.cls === MASS_STORAGE_CLASS);
}

function looksLikeModem(dev: UsbDeviceInfo, vendorKnownForModems: boolean): boolean {
  if (dev.interfaces.some((i) => i.driver !== null && MODEM_DRIVERS.has(i.driver))) return true;
  return vendorKnownForModems && dev.interfaces.some((i) => i.driver !== null && SHARED_NET_DRIVERS.has(i.driver));
}

function fromModule(dev: UsbDeviceInfo, module: ModuleEntry, composition: Composition, switches: Record<string, { read: string; set: string; apply: string }>): ModemCandidate {
  const { ports, net } = portsOf(dev, composition);
  const sw = module.switch ? switches[module.switch] : undefined;
  return {
    ...identity(dev), vendor: module.vendor, model: module.model, known: true, tableId: module.id,
    composition: { mode: composition.mode, ...(composition.network ? { network: composition.network } : {}) },
    mode: composition.mode === 'boot' ? 'boot' : 'modem',
    ...(composition.mode === 'boot' ? { explanation: `${module.model} is in its boot loader (${composition.vid}:${composition.pid}), not running its modem firmware: it usually leaves it by itself within seconds; if it stays, a firmware update was interrupted` } : {}),
    ports, net, quirks: module.quirks, sources: module.sources,
    ...(sw ? { switchCommand: { read: sw.read, set: sw.set, apply: sw.apply } } : {}),
  };
}

function identity(dev: UsbDeviceInfo): Pick<ModemCandidate, 'id' | 'sysPath' | 'vid' | 'pid' | 'busnum' | 'devnum' | 'usbManufacturer' | 'usbProduct'> {
  return {
    id: dev.sysName, sysPath: dev.sysPath, vid: hex4(dev.vid), pid: hex4(dev.pid),
    ...(dev.busnum !== undefined ? { busnum: dev.busnum } : {}), ...(dev.devnum !== undefined ? { devnum: dev.devnum } : {}),
    ...(dev.manufacturer !== undefined ? { usbManufacturer: dev.manufacturer } : {}), ...(dev.product !== undefined ? { usbProduct: dev.product } : {}),
  };
}

/** The modems among the USB devices (others, such as keyboards and hubs, are left out). */
export function findModems(devices: readonly UsbDeviceInfo[]): ModemCandidate[] {
  const out: ModemCandidate[] = [];
  for (const dev of devices) {
    const match = lookupModule(dev.vid, dev.pid);
    if (match) {
      out.push(fromModule(dev, match.module, match.composition, lookupSwitches()));
      continue;
    }
    const storage = lookupStorageMode(dev.vid, dev.pid);
    const storageBy = storageVendor(dev.vid);
    const vendorName = usbVendorName(dev.vid) ?? dev.manufacturer ?? `vendor ${hex4(dev.vid)}`;
    if (storage) {
      out.push({
        ...identity(dev), vendor: storage.vendor, model: dev.product ?? storage.what, known: true,
        mode: storage.kind ?? 'storage', explanation: `${storage.what}. ${storage.fix}.` +
          (storage.targets.length ? ` Once switched it comes back as ${storage.targets.slice(0, 4).join(', ')}${storage.targets.length > 4 ? '…' : ''}.` : ''),
        ports: [], net: [], quirks: [], sources: storage.sources,
      });
      continue;
    }
    if (storageBy && isStorageOnly(dev)) {
      out.push({
        ...identity(dev), vendor: storageBy.vendor, model: dev.product ?? 'USB modem (storage mode)', known: false, mode: 'storage',
        explanation: `a ${storageBy.vendor} device that shows only a storage (CD-ROM) interface: most likely a modem waiting to be switched to modem mode by usb_modeswitch (install the usb-modeswitch package, then unplug and replug it)`,
        ports: [], net: [], quirks: [], sources: [storageBy.source],
      });
      continue;
    }
    if (!looksLikeModem(dev, isModemVendor(dev.vid))) continue;
    const { ports, net } = portsOf(dev, undefined);
    out.push({
      ...identity(dev), vendor: vendorName, model: dev.product ?? `${hex4(dev.vid)}:${hex4(dev.pid)}`, known: false,
      mode: 'modem', ports, net, quirks: [], sources: [],
    });
  }
  return out;
}

let modemVendors: Set<string> | undefined;
function isModemVendor(vid: number): boolean {
  modemVendors ??= new Set(tableModules().flatMap((m) => m.compositions.map((c) => c.vid)));
  return modemVendors.has(hex4(vid));
}

function tableModules(): ModuleEntry[] { return deviceTable().modules; }
function lookupSwitches(): Record<string, { read: string; set: string; apply: string }> { return deviceTable().compositionSwitches; }
