// The virtual modem's kernel side as files: what the scenario's state says, and a write to
// raw_ip (as the doctor's fix writes /sys, through main/system's writer) changes the modem.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readLinkState } from '../../main/system/kernel-link.ts';
import { readRawIp, writeRawIp } from '../../main/system/kernel-raw-ip.ts';
import { readSysfsCounters } from '../../main/system/kernel-statistics.ts';
import { withSim } from './support.ts';

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), what);
}

test('seed: raw_ip N, the link down, TX 40 / RX 0; writing Y makes the kernel side raw-ip', () => withSim('ec25', 'seed', async (sim) => {
  const sys = { sysfsRoot: sim.sysfs.root };
  assert.equal(sim.net, 'wwan0');
  assert.equal(await readRawIp('wwan0', sys), 'N');
  assert.equal((await readLinkState('wwan0', sys)).adminUp, false);
  assert.equal((await readLinkState('wwan0', sys)).arphrd, 1);
  assert.deepEqual(await readSysfsCounters('wwan0', sys), { rxBytes: 0, txBytes: 13680, rxPackets: 0, txPackets: 40 });
  const change = await writeRawIp('wwan0', 'Y', sys);
  assert.deepEqual([change.previous, change.current, change.changed], ['N', 'Y', true]);
  await until(() => sim.model.state.dataFormat.kernelRawIp, 'the model follows the write');
  await until(() => fs.readFileSync(path.join(sim.sysfs.root, 'class/net/wwan0/type'), 'utf8') === '65534\n', 'type becomes ARPHRD_NONE');
  // And back, as an undo would.
  await writeRawIp('wwan0', 'N', sys);
  await until(() => !sim.model.state.dataFormat.kernelRawIp, 'the model follows the undo');
}));

test('a value the kernel would refuse is put back; the modem keeps its framing', () => withSim('ec25', 'healthy', async (sim) => {
  const file = path.join(sim.sysfs.root, 'class/net/wwan0/qmi/raw_ip');
  fs.writeFileSync(file, 'maybe\n');
  await until(() => fs.readFileSync(file, 'utf8') === 'Y\n', 'the file reads Y again');
  assert.equal(sim.model.state.dataFormat.kernelRawIp, true);
}));

test('a composition without qmi_wwan has no raw_ip; the tree goes when the modem stops', async () => {
  let root = '';
  await withSim('ec25', 'wrong-usbnet', async (sim) => {
    root = sim.sysfs.root;
    assert.equal(sim.net, 'usb0');
    assert.equal(await readRawIp('usb0', { sysfsRoot: root }), undefined);
    assert.equal((sim.toJSON() as { sysfsRoot: string; net: string }).net, 'usb0');
  });
  assert.equal(fs.existsSync(root), false);
});
