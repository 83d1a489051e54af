// Joining sysfs and libusb: on bus number and device address, only when VID:PID agree.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinUsbViews } from '../../main/discovery/usb-scan.ts';
import type { LibusbDevice } from '../../main/discovery/usb-libusb.ts';
import type { UsbDeviceInfo } from '../../main/discovery/usb-sysfs.ts';

const sys: UsbDeviceInfo = {
  sysName: '1-1', sysPath: '/sys/devices/x/1-1', busnum: 1, devnum: 2, vid: 0x2c7c, pid: 0x0125,
  interfaces: [{ number: 4, cls: 0xff, subclass: 0xff, protocol: 0xff, driver: 'qmi_wwan', sysPath: '/sys/devices/x/1-1/1-1:1.4', nodes: [] }],
};
const lib: LibusbDevice = { busnum: 1, devnum: 2, sysName: '1-1', vid: 0x2c7c, pid: 0x0125, bcdDevice: 0x0318, interfaces: [{ number: 4, cls: 0xff, subclass: 0xff, protocol: 0xff, endpoints: 3 }] };

test('one device seen by both: endpoints filled from the descriptors', () => {
  const [d, ...rest] = joinUsbViews([sys], [lib]);
  assert.deepEqual(rest, []);
  assert.deepEqual(d?.seenBy, ['sysfs', 'libusb']);
  assert.equal(d?.interfaces[0]?.endpoints, 3);
});

test('a device only libusb lists is kept, without drivers or nodes; a VID:PID mismatch is two devices', () => {
  const onlyLib = joinUsbViews([], [lib]);
  assert.deepEqual(onlyLib.map((d) => [d.sysName, d.seenBy, d.interfaces[0]?.driver]), [['1-1', ['libusb'], null]]);
  const mismatch = joinUsbViews([sys], [{ ...lib, pid: 0x0121 }]);
  assert.deepEqual(mismatch.map((d) => d.seenBy), [['sysfs'], ['libusb']]);
});
