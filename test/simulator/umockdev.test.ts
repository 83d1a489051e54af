// The kernel side under umockdev-run: sysfs shows the profile's USB device and nodes, and
// qmicli in AUTO mode (no --device-open-qmi) reaches the simulator through /dev/cdc-wdm0.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runProgram as run, withSim } from './support.ts';

const LIST = 'cat /sys/bus/usb/devices/1-1/idVendor; echo; cat /sys/bus/usb/devices/1-1/idProduct; echo; '
  + 'ls /sys/class/tty /sys/class/usbmisc /sys/class/net; cat /sys/class/net/wwan0/qmi/raw_ip; echo; '
  + 'cat /sys/class/net/wwan0/statistics/tx_packets; echo; ls /dev';

test('EC25 seed: sysfs has 2c7c:0125, ttyUSB0-3, cdc-wdm0, wwan0 with raw_ip N and its counters', () => withSim('ec25', 'seed', async (sim) => {
  const r = await run(sim.umockdevArgv(['sh', '-c', LIST]));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], '2c7c');
  assert.equal(lines[1], '0125');
  for (const n of ['ttyUSB0', 'ttyUSB1', 'ttyUSB2', 'ttyUSB3', 'cdc-wdm0', 'wwan0']) assert.ok(lines.includes(n), `${n} in ${r.stdout}`);
  assert.ok(lines.includes('N'), 'kernel raw_ip is N in the seed scenario');
  assert.ok(lines.includes(String(sim.model.state.stats.txPackets)));
}));

test('MC7455: 1199:9071 with its QMI node on interface 8', () => withSim('mc7455', 'healthy', async (sim) => {
  const r = await run(sim.umockdevArgv(['sh', '-c', 'cat /sys/bus/usb/devices/1-1/idVendor; echo; cat /sys/class/usbmisc/cdc-wdm0/device/bInterfaceNumber; echo; cat /sys/class/net/wwan0/qmi/raw_ip']));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\n').slice(0, 3), ['1199', '08', 'Y']);
}));

test('qmicli AUTO mode on /dev/cdc-wdm0 reaches the simulator through the repointed node', () => withSim('ec25', 'healthy', async (sim) => {
  const r = await run(sim.umockdevArgv(['qmicli', '-d', '/dev/cdc-wdm0', '--dms-get-ids']));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`IMEI: '${sim.model.state.identity.imei}'`));
  assert.doesNotMatch(r.stderr, /Warning/, 'AUTO mode picked QMI from sysfs without complaint');
}));

test('wrong-usbnet: the kernel view has usb0 on cdc_ether and no cdc-wdm', () => withSim('ec25', 'wrong-usbnet', async (sim) => {
  const r = await run(sim.umockdevArgv(['sh', '-c', 'ls /sys/class/net; ls /sys/class/usbmisc 2>&1; readlink /sys/bus/usb/devices/1-1:1.4/driver']));
  assert.match(r.stdout, /usb0/);
  assert.doesNotMatch(r.stdout, /cdc-wdm0/);
  assert.match(r.stdout, /cdc_ether/);
}));
