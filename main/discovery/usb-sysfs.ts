// The USB devices the kernel knows, from sysfs: per device its identity and interfaces, per
// interface its class, endpoint count and bound driver, and the nodes the driver made under it
// (ttyUSBn, cdc-wdmN, wwanN with its qmi/raw_ip). Interface numbers, never tty indexes, carry
// the port roles: ttyUSBn numbering shifts with enumeration order.
//
// Layout read (Documentation/ABI/stable/sysfs-bus-usb, Documentation/ABI/testing/sysfs-class-net-qmi):
//   /sys/bus/usb/devices/1-1            -> ../../../devices/.../usb1/1-1 (idVendor, idProduct, busnum, devnum...)
//   .../1-1/1-1:1.2                     interface (bInterfaceNumber, bInterfaceClass..., driver -> .../option)
//   .../1-1:1.2/ttyUSB2/tty/ttyUSB2     a node: uevent DEVNAME=ttyUSB2, subsystem -> .../tty
//   .../1-1:1.4/net/wwan0               a net interface: qmi/raw_ip (Y/N), operstate

import path from 'node:path';
import { linkName, listDir, readAttr, readDec, readHex, readUevent, resolveLink } from './sysfs-read.ts';

export interface NetInfo {
  /** qmi_wwan's framing: true raw-IP, false 802.3; null when the interface has no qmi/raw_ip. */
  rawIp: boolean | null;
  operstate?: string;
  /** ARPHRD type: 1 Ethernet, 65534 none (raw-IP). */
  type?: number;
  mtu?: number;
}

export interface NodeInfo {
  /** Kernel subsystem: tty, usbmisc, net, wwan... */
  subsystem: string;
  /** Kernel name: ttyUSB2, cdc-wdm0, wwan0. */
  name: string;
  /** The /dev path from the node's uevent DEVNAME (absent for net interfaces). */
  devPath?: string;
  net?: NetInfo;
}

export interface UsbInterfaceInfo {
  number: number;
  cls: number;
  subclass: number;
  protocol: number;
  endpoints?: number;
  /** The bound driver (option, qmi_wwan...), null when none is bound. */
  driver: string | null;
  sysPath: string;
  nodes: NodeInfo[];
}

export interface UsbDeviceInfo {
  /** sysfs name: 1-1, 2-1.3 (bus-port.port...). */
  sysName: string;
  /** Absolute sysfs path of the device: what ModemManager calls the modem's Device (its uid). */
  sysPath: string;
  busnum?: number;
  devnum?: number;
  vid: number;
  pid: number;
  bcdDevice?: number;
  deviceClass?: number;
  manufacturer?: string;
  product?: string;
  serial?: string;
  /** Mbit/s as the kernel reports it. */
  speed?: string;
  interfaces: UsbInterfaceInfo[];
}

// Children of an interface that never hold a node and are not worth walking into.
const SKIP = new Set(['power', 'driver', 'subsystem', 'firmware_node', 'statistics', 'queues', 'qmi', 'supplier', 'consumer']);
const MAX_DEPTH = 4;

function collectNodes(dir: string, depth: number, out: NodeInfo[]): void {
  for (const e of listDir(dir)) {
    if (!e.dir || SKIP.has(e.name) || e.name.startsWith('ep_')) continue;
    const child = path.join(dir, e.name);
    if (path.basename(dir) === 'net') {
      const raw = readAttr(path.join(child, 'qmi', 'raw_ip'));
      const type = readDec(path.join(child, 'type'));
      const mtu = readDec(path.join(child, 'mtu'));
      const operstate = readAttr(path.join(child, 'operstate'));
      out.push({
        subsystem: 'net', name: e.name,
        net: {
          rawIp: raw === undefined ? null : raw === 'Y' || raw === '1',
          ...(operstate !== undefined ? { operstate } : {}), ...(type !== undefined ? { type } : {}), ...(mtu !== undefined ? { mtu } : {}),
        },
      });
      continue;
    }
    const ev = readUevent(child);
    if (ev.DEVNAME) {
      const subsystem = linkName(path.join(child, 'subsystem')) ?? ev.SUBSYSTEM ?? path.basename(dir);
      out.push({ subsystem, name: e.name, devPath: ev.DEVNAME.startsWith('/') ? ev.DEVNAME : `/dev/${ev.DEVNAME}` });
      continue;
    }
    if (depth < MAX_DEPTH) collectNodes(child, depth + 1, out);
  }
}

function readInterface(sysPath: string): UsbInterfaceInfo | undefined {
  const number = readHex(path.join(sysPath, 'bInterfaceNumber'));
  if (number === undefined) return undefined;
  const nodes: NodeInfo[] = [];
  collectNodes(sysPath, 1, nodes);
  const endpoints = readHex(path.join(sysPath, 'bNumEndpoints'));
  return {
    number,
    cls: readHex(path.join(sysPath, 'bInterfaceClass')) ?? 0,
    subclass: readHex(path.join(sysPath, 'bInterfaceSubClass')) ?? 0,
    protocol: readHex(path.join(sysPath, 'bInterfaceProtocol')) ?? 0,
    ...(endpoints !== undefined ? { endpoints } : {}),
    driver: linkName(path.join(sysPath, 'driver')) ?? null,
    sysPath,
    nodes,
  };
}

/** One USB device by its sysfs path; undefined when it is gone or not a device (an interface, a hub's port). */
export function readUsbDevice(sysPath: string): UsbDeviceInfo | undefined {
  const vid = readHex(path.join(sysPath, 'idVendor'));
  const pid = readHex(path.join(sysPath, 'idProduct'));
  if (vid === undefined || pid === undefined) return undefined;
  const sysName = path.basename(sysPath);
  const interfaces = listDir(sysPath)
    .filter((e) => e.dir && e.name.startsWith(`${sysName}:`))
    .map((e) => readInterface(path.join(sysPath, e.name)))
    .filter((i): i is UsbInterfaceInfo => i !== undefined)
    .sort((a, b) => a.number - b.number);
  const opt = <K extends string, V>(k: K, v: V | undefined): Partial<Record<K, V>> => (v === undefined ? {} : { [k]: v } as Record<K, V>);
  return {
    sysName, sysPath, vid, pid,
    ...opt('busnum', readDec(path.join(sysPath, 'busnum'))),
    ...opt('devnum', readDec(path.join(sysPath, 'devnum'))),
    ...opt('bcdDevice', readHex(path.join(sysPath, 'bcdDevice'))),
    ...opt('deviceClass', readHex(path.join(sysPath, 'bDeviceClass'))),
    ...opt('manufacturer', readAttr(path.join(sysPath, 'manufacturer'))),
    ...opt('product', readAttr(path.join(sysPath, 'product'))),
    ...opt('serial', readAttr(path.join(sysPath, 'serial'))),
    ...opt('speed', readAttr(path.join(sysPath, 'speed'))),
    interfaces,
  };
}

/** Names of the USB devices on the bus (not root hubs, not interfaces): 1-1, 1-1.2... */
export function usbDeviceNames(sysRoot = '/sys'): string[] {
  return listDir(path.join(sysRoot, 'bus', 'usb', 'devices'))
    .map((e) => e.name)
    .filter((n) => !n.includes(':') && !n.startsWith('usb'));
}

/** Every USB device but root hubs, with interfaces and nodes. */
export function scanUsbSysfs(sysRoot = '/sys'): UsbDeviceInfo[] {
  const out: UsbDeviceInfo[] = [];
  for (const name of usbDeviceNames(sysRoot)) {
    const link = path.join(sysRoot, 'bus', 'usb', 'devices', name);
    const dev = readUsbDevice(resolveLink(link) ?? link);
    if (dev) out.push(dev);
  }
  return out;
}
