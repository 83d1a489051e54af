// Which kernel driver is bound to a device: the name the `driver` symlink in its sysfs folder
// points at (…/bus/usb/drivers/qmi_wwan → "qmi_wwan"). For a network interface that is
// /sys/class/net/<iface>/device/driver (the USB interface it belongs to). Read with readlink
// only (no realpath: see kernel-sysfs.ts).

import path from 'node:path';
import { linkTargetName, listFolder, netInterfaceDir, sysfsRoot, type SysfsOptions } from './kernel-sysfs.ts';

/** The driver bound to the device whose sysfs folder is given; undefined when none is bound. */
export function boundDriver(deviceDir: string): Promise<string | undefined> {
  return linkTargetName(path.join(deviceDir, 'driver'));
}

/** The driver behind a network interface (qmi_wwan, cdc_mbim, cdc_ether...); undefined for
 *  virtual interfaces (lo, tun) that have no device. */
export function netInterfaceDriver(iface: string, opts: SysfsOptions = {}): Promise<string | undefined> {
  return boundDriver(path.join(netInterfaceDir(iface, opts), 'device'));
}

/** Every network interface the kernel lists in /sys/class/net. */
export function listNetInterfaces(opts: SysfsOptions = {}): Promise<string[]> {
  return listFolder(path.join(sysfsRoot(opts), 'class', 'net'));
}
