// One view of the USB bus: sysfs (drivers, /dev nodes, names) joined with libusb (descriptors)
// on bus number and device address. Each device says which of the two saw it: a device only
// libusb lists (sysfs not mounted, as in some containers) is still reported, without nodes.

import { scanLibusb, type LibusbDevice } from './usb-libusb.ts';
import { scanUsbSysfs, type UsbDeviceInfo } from './usb-sysfs.ts';

export interface SeenUsbDevice extends UsbDeviceInfo {
  seenBy: ('sysfs' | 'libusb')[];
}

export interface UsbScan {
  devices: SeenUsbDevice[];
  /** libusb's failure, if it failed (the scan then rests on sysfs). */
  libusbError?: string;
}

function fromLibusb(d: LibusbDevice): SeenUsbDevice {
  return {
    sysName: d.sysName, sysPath: '', busnum: d.busnum, devnum: d.devnum, vid: d.vid, pid: d.pid, bcdDevice: d.bcdDevice,
    interfaces: d.interfaces.map((i) => ({ ...i, driver: null, sysPath: '', nodes: [] })),
    seenBy: ['libusb'],
  };
}

/** Joins the two views; pure, so it is tested without a bus. */
export function joinUsbViews(sysfs: readonly UsbDeviceInfo[], libusb: readonly LibusbDevice[]): SeenUsbDevice[] {
  const byAddress = new Map(libusb.map((d) => [`${d.busnum}:${d.devnum}`, d]));
  const out: SeenUsbDevice[] = sysfs.map((s) => {
    const key = `${s.busnum}:${s.devnum}`;
    const l = byAddress.get(key);
    if (!l || l.vid !== s.vid || l.pid !== s.pid) return { ...s, seenBy: ['sysfs'] };
    byAddress.delete(key);
    const interfaces = s.interfaces.map((i) => {
      const li = l.interfaces.find((x) => x.number === i.number);
      return i.endpoints === undefined && li ? { ...i, endpoints: li.endpoints } : i;
    });
    return { ...s, interfaces, seenBy: ['sysfs', 'libusb'] };
  });
  for (const l of byAddress.values()) out.push(fromLibusb(l));
  return out;
}

export async function scanUsb(sysRoot = '/sys'): Promise<UsbScan> {
  const lib = await scanLibusb();
  return { devices: joinUsbViews(scanUsbSysfs(sysRoot), lib.devices), ...(lib.error ? { libusbError: lib.error } : {}) };
}
