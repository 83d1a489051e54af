// Which kernel driver is bound to a device: the name the `driver` symlink in its sysfs folder
// points at (…/bus/usb/drivers/qmi_wwan → "qmi_wwan"). For a network interface that is
// /sys/class/net/<iface>/device/driver (the USB interface it belongs to). Read with readlink
// only (no realpath: see kernel-sysfs.ts).

import fs from 'node:fs';
import path from 'node:path';
import { linkTargetName, listFolder, netInterfaceDir, sysfsRoot, type SysfsOptions } from './kernel-sysfs.ts';

/** The driver bound to the device whose sysfs folder is given; undefined when none is bound. */
export function boundDriver(deviceDir: string): Promise<string | undefined> {
  return linkTargetName(path.join(deviceDir, 'driver'));
}

/** The driver behind a network interface (qmi_wwan, cdc_mbim, cdc_ether...); undefined for
 *  virtual interfaces (lo, tun) that have no device. The kernel links it as `device`; a umockdev
 *  testbed has no such link, so the parent is also found the other way: /sys/class/net/<iface>
 *  points at <parent device>/net/<iface>. */
export async function netInterfaceDriver(iface: string, opts: SysfsOptions = {}): Promise<string | undefined> {
  const dir = netInterfaceDir(iface, opts);
  const viaDevice = await boundDriver(path.join(dir, 'device'));
  if (viaDevice !== undefined) return viaDevice;
  let own: string;
  try {
    own = path.resolve(path.dirname(dir), await fs.promises.readlink(dir));
  } catch {
    return undefined;
  }
  const parent = path.dirname(path.dirname(own));
  // Not <parent>/net/<iface>, or a virtual interface (/sys/devices/virtual/net/<iface>): no device.
  if (path.basename(path.dirname(own)) !== 'net' || path.basename(parent) === 'virtual') return undefined;
  return boundDriver(parent);
}

/** Every network interface the kernel lists in /sys/class/net. */
export function listNetInterfaces(opts: SysfsOptions = {}): Promise<string[]> {
  return listFolder(path.join(sysfsRoot(opts), 'class', 'net'));
}
