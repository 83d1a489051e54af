// From USB devices to modems, on device descriptions as sysfs would give them: known modules
// take roles from the table, the driver decides for control nodes, unknown modems get a vendor
// from usb.ids, storage-mode sticks and boot loaders are explained, other devices are left out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findModems } from '../../main/discovery/modems.ts';
import type { UsbDeviceInfo, UsbInterfaceInfo } from '../../main/discovery/usb-sysfs.ts';

function intf(number: number, driver: string | null, nodes: UsbInterfaceInfo['nodes'] = [], cls = 0xff): UsbInterfaceInfo {
  return { number, cls, subclass: 0xff, protocol: 0xff, endpoints: 3, driver, sysPath: `/sys/x/1-1:1.${number}`, nodes };
}
const tty = (n: number): UsbInterfaceInfo['nodes'][number] => ({ subsystem: 'tty', name: `ttyUSB${n}`, devPath: `/dev/ttyUSB${n}` });
const wdm = (n: number): UsbInterfaceInfo['nodes'][number] => ({ subsystem: 'usbmisc', name: `cdc-wdm${n}`, devPath: `/dev/cdc-wdm${n}` });
const net = (name: string, rawIp: boolean | null): UsbInterfaceInfo['nodes'][number] => ({ subsystem: 'net', name, net: { rawIp, operstate: 'down' } });

function device(vid: number, pid: number, interfaces: UsbInterfaceInfo[], extra: Partial<UsbDeviceInfo> = {}): UsbDeviceInfo {
  return { sysName: '1-1', sysPath: '/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1', busnum: 1, devnum: 2, vid, pid, interfaces, ...extra };
}

const ec25Serial = [intf(0, 'option', [tty(0)]), intf(1, 'option', [tty(1)]), intf(2, 'option', [tty(2)]), intf(3, 'option', [tty(3)])];

test('EC25 in rmnet: roles from the table, QMI from qmi_wwan, wwan0 with raw_ip', () => {
  const [m] = findModems([device(0x2c7c, 0x0125, [...ec25Serial, intf(4, 'qmi_wwan', [wdm(0), net('wwan0', false)])])]);
  assert.ok(m);
  assert.deepEqual(m.ports.map((p) => [p.name, p.role, p.roleSource, p.secondary ?? false]), [
    ['ttyUSB0', 'diag', 'table', false], ['ttyUSB1', 'nmea', 'table', false], ['ttyUSB2', 'at', 'table', false],
    ['ttyUSB3', 'at', 'table', true], ['cdc-wdm0', 'qmi', 'driver', false],
  ]);
  assert.deepEqual(m.net, [{ name: 'wwan0', interfaceNumber: 4, driver: 'qmi_wwan', rawIp: false, operstate: 'down' }]);
  assert.equal(m.switchCommand?.read, 'AT+QCFG="usbnet"');
  assert.ok(m.quirks.some((q) => /raw-IP/.test(q)));
});

test('EC25 switched to MBIM keeps its PID: cdc_mbim decides, and the disagreement is said', () => {
  const [m] = findModems([device(0x2c7c, 0x0125, [...ec25Serial, intf(4, 'cdc_mbim', [wdm(0), net('wwan0', null)])])]);
  const p = m!.ports.find((x) => x.name === 'cdc-wdm0')!;
  assert.equal(p.role, 'mbim');
  assert.match(p.roleNote ?? '', /table says qmi for interface 4, but cdc_mbim is bound/);
  assert.equal(m!.net[0]!.rawIp, null);
});

test('an unknown modem: vendor from usb.ids, QMI by driver, ttys unknown until probed', () => {
  const [m] = findModems([device(0x0bda, 0x7777, [intf(0, 'option', [tty(0)]), intf(1, 'qmi_wwan', [wdm(0), net('wwan0', true)])], { product: 'Mystery LTE' })]);
  assert.ok(m);
  assert.equal(m.known, false);
  assert.equal(m.vendor, 'Realtek Semiconductor Corp.');
  assert.equal(m.model, 'Mystery LTE');
  assert.deepEqual(m.ports.map((p) => [p.name, p.role, p.roleSource]), [['ttyUSB0', 'unknown', 'none'], ['cdc-wdm0', 'qmi', 'driver']]);
});

test('storage mode: a known usb_modeswitch target, and any Huawei device that is only storage', () => {
  const storage = intf(0, 'usb-storage', [], 0x08);
  const [e3372] = findModems([device(0x12d1, 0x1f01, [storage])]);
  assert.equal(e3372?.mode, 'storage');
  assert.match(e3372?.explanation ?? '', /usb_modeswitch -v 12d1 -p 1f01.*comes back as 12d1:14db, 12d1:14dc/);
  const [other] = findModems([device(0x12d1, 0x1c0b, [storage], { product: 'HUAWEI Mobile' })]);
  assert.equal(other?.mode, 'storage');
  assert.match(other?.explanation ?? '', /usb_modeswitch/);
  const [zte] = findModems([device(0x19d2, 0x2000, [storage])]);
  assert.equal(zte?.vendor, 'ZTE');
});

test('boot loader and emergency download are not modems yet, and say so', () => {
  const [boot] = findModems([device(0x1199, 0x9070, [intf(0, 'qcserial', [tty(0)])])]);
  assert.equal(boot?.mode, 'boot');
  assert.match(boot?.explanation ?? '', /boot loader/);
  const [edl] = findModems([device(0x05c6, 0x9008, [intf(0, null)])]);
  assert.equal(edl?.mode, 'emergency-download');
  assert.match(edl?.explanation ?? '', /emergency download/);
});

test('a keyboard, a flash drive and an Ethernet adapter are not modems', () => {
  const found = findModems([
    device(0x046d, 0xc31c, [intf(0, 'usbhid', [], 0x03)]),
    device(0x0781, 0x5567, [intf(0, 'usb-storage', [], 0x08)]),
    device(0x0bda, 0x8153, [intf(0, 'r8152', [net('eth1', null)])]),
  ]);
  assert.deepEqual(found, []);
});
