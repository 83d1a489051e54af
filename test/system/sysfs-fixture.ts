// A sysfs tree laid out as the kernel lays it out for a qmi_wwan modem, in a temporary folder:
// /sys/class/net/<if> is a symlink into /sys/devices/.../<usb interface>/net/<if>, whose
// `device` link points at the USB interface, whose `driver` link points into
// /sys/bus/usb/drivers. Regular files stand in for attributes (they read back as written).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FixtureInterface {
  name: string;
  /** undefined: a virtual interface with no device (like lo or a tun). */
  driver?: string;
  rawIp?: 'Y' | 'N';
  operstate?: string;
  /** Hex flag word as the kernel prints it, e.g. 0x1003 (up) or 0x1002 (down). */
  flags?: string;
  type?: number;
}

export interface SysfsFixture {
  root: string;
  remove(): void;
  rawIpFile(iface: string): string;
  write(iface: string, attr: string, value: string): void;
}

export function makeSysfsFixture(ifaces: FixtureInterface[]): SysfsFixture {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-sysfs-'));
  const classNet = path.join(root, 'class', 'net');
  fs.mkdirSync(classNet, { recursive: true });
  ifaces.forEach((i, n) => {
    const usbIntf = path.join(root, 'devices', 'pci0000:00', '0000:00:14.0', 'usb1', '1-1', `1-1:1.${4 + n}`);
    const devDir = i.driver ? path.join(usbIntf, 'net', i.name) : path.join(root, 'devices', 'virtual', 'net', i.name);
    fs.mkdirSync(devDir, { recursive: true });
    if (i.driver) {
      const drv = path.join(root, 'bus', 'usb', 'drivers', i.driver);
      fs.mkdirSync(drv, { recursive: true });
      fs.symlinkSync(path.relative(usbIntf, drv), path.join(usbIntf, 'driver'));
      fs.symlinkSync(path.relative(devDir, usbIntf), path.join(devDir, 'device'));
    }
    fs.writeFileSync(path.join(devDir, 'operstate'), `${i.operstate ?? 'down'}\n`);
    if (i.flags) fs.writeFileSync(path.join(devDir, 'flags'), `${i.flags}\n`);
    fs.writeFileSync(path.join(devDir, 'type'), `${i.type ?? 1}\n`);
    if (i.rawIp) {
      fs.mkdirSync(path.join(devDir, 'qmi'));
      fs.writeFileSync(path.join(devDir, 'qmi', 'raw_ip'), `${i.rawIp}\n`);
    }
    fs.symlinkSync(path.relative(classNet, devDir), path.join(classNet, i.name));
  });
  return {
    root,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
    rawIpFile: (iface) => path.join(classNet, iface, 'qmi', 'raw_ip'),
    write: (iface, attr, value) => fs.writeFileSync(path.join(classNet, iface, attr), `${value}\n`),
  };
}
