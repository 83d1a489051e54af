// The USB bus as libusb sees it (node-usb 2.x: getDeviceList, descriptors, hotplug). libusb reads
// the descriptors the device sent; sysfs adds what only the kernel knows (bound drivers, the
// /dev nodes). String descriptors need a control transfer, so names come from sysfs instead.
// node-usb 3 cannot open devices under umockdev (it bypasses the preload), so 2.x is pinned.
// The native addon is loaded on first use: a missing prebuild leaves discovery on sysfs alone.

import type * as UsbModule from 'usb';

export interface LibusbInterface {
  number: number;
  cls: number;
  subclass: number;
  protocol: number;
  endpoints: number;
}

export interface LibusbDevice {
  busnum: number;
  devnum: number;
  /** Port path as sysfs names the device: 1-1, 1-1.2 (bus-port.port...). */
  sysName: string;
  vid: number;
  pid: number;
  bcdDevice: number;
  interfaces: LibusbInterface[];
}

export interface LibusbScan {
  devices: LibusbDevice[];
  /** Why libusb could not list (no addon, no /dev/bus/usb access...): discovery goes on with sysfs. */
  error?: string;
}

type Usb = (typeof UsbModule)['default'];
let loaded: Promise<Usb> | undefined;

/** node-usb, loaded once. */
export function loadUsb(): Promise<Usb> {
  loaded ??= import('usb').then((m) => m.default);
  return loaded;
}

function describe(d: UsbModule.Device): LibusbDevice {
  const dd = d.deviceDescriptor;
  let interfaces: LibusbInterface[] = [];
  try {
    interfaces = (d.configDescriptor?.interfaces ?? []).map((alts) => alts[0]).filter((a) => a !== undefined).map((a) => ({
      number: a.bInterfaceNumber, cls: a.bInterfaceClass, subclass: a.bInterfaceSubClass, protocol: a.bInterfaceProtocol, endpoints: a.bNumEndpoints,
    }));
  } catch {
    // an unconfigured device or one that went away: its identity is still worth listing
  }
  const ports = d.portNumbers ?? [];
  return {
    busnum: d.busNumber, devnum: d.deviceAddress,
    sysName: ports.length ? `${d.busNumber}-${ports.join('.')}` : `usb${d.busNumber}`,
    vid: dd.idVendor, pid: dd.idProduct, bcdDevice: dd.bcdDevice, interfaces,
  };
}

/** Every device libusb lists, root hubs excluded. */
export async function scanLibusb(): Promise<LibusbScan> {
  try {
    const usb = await loadUsb();
    return { devices: usb.getDeviceList().map(describe).filter((d) => !d.sysName.startsWith('usb')) };
  } catch (e) {
    return { devices: [], error: e instanceof Error ? e.message : String(e) };
  }
}
