// `modem-doctor list` against each virtual modem as the kernel would show it: the simulator's
// umockdev description under umockdev-run, so libusb and sysfs see a USB device with drivers and
// /dev nodes. The modem must be found by VID:PID, every port with the role the profile gives it,
// and the net interface with its raw_ip.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { deviceNodes, driversOf, umockdevRunArgv } from '../../main/simulator/umockdev.ts';
import path from 'node:path';
import { BIN, runCli } from '../support/run-cli.ts';
import { runProgram, withSim } from '../simulator/support.ts';
import type { Inventory } from '../../main/doctor/inventory.ts';

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

for (const [profile, scenario] of [['ec25', 'seed'], ['mc7455', 'healthy'], ['sim7600', 'healthy']] as const) {
  test(`${profile}: list --json finds the modem by VID:PID, every port's role, and the net interface's raw_ip`, () => withSim(profile, scenario, async (sim) => {
    const r = await runProgram(sim.umockdevArgv([process.execPath, BIN, 'list', '--json']));
    assert.equal(r.code, 0, r.stderr);
    const inv = JSON.parse(r.stdout) as Inventory;
    assert.equal(inv.libusbError, undefined, 'libusb listed the device');
    assert.equal(inv.modems.length, 1);
    const m = inv.modems[0]!;
    const layout = sim.profile.layout(sim.model.state.usbComposition);
    assert.equal(`${m.vid}:${m.pid}`, `${hex4(sim.profile.vid)}:${hex4(layout.pid)}`);
    assert.equal(m.known, true);
    assert.equal(m.vendor.split(' ')[0]!.toLowerCase(), sim.profile.manufacturer.split(' ')[0]!.toLowerCase());
    assert.ok(m.model.includes(sim.profile.id.toUpperCase()), `${m.model} names ${sim.profile.id}`);
    const expected = deviceNodes(layout);
    assert.deepEqual(m.ports.map((p) => p.name), expected.map((n) => n.name));
    for (const n of expected) {
      const port = m.ports.find((p) => p.name === n.name)!;
      assert.equal(port.path, `/dev/${n.name}`);
      assert.equal(port.interfaceNumber, n.interfaceNumber);
      assert.equal(port.role, n.role, `${n.name} (if ${n.interfaceNumber})`);
      assert.equal(port.driver, layout.interfaces.find((i) => i.number === n.interfaceNumber)!.driver);
      assert.deepEqual(port.owners, [], `${n.name}: nobody holds it`);
      assert.equal(port.access.ok, true);
    }
    const wantNets = layout.interfaces.filter((i) => i.netName);
    assert.deepEqual(m.net.map((n) => n.name), wantNets.map((i) => i.netName));
    for (const n of m.net) assert.equal(n.rawIp, sim.model.state.dataFormat.kernelRawIp, `${n.name} raw_ip`);
    assert.deepEqual(m.problems, []);
  }));
}

test('a process holding a port is listed as its owner, by name and pid, with the problem and a fix', () => withSim('ec25', 'healthy', async (sim) => {
  // This test process opens the AT port's PTY: inside umockdev /dev/ttyUSB2 leads to the same one.
  const fd = fs.openSync(sim.ports.nodes.ttyUSB2!, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
  try {
    const r = await runProgram(sim.umockdevArgv([process.execPath, BIN, 'list', '--json']));
    assert.equal(r.code, 0, r.stderr);
    const m = (JSON.parse(r.stdout) as Inventory).modems[0]!;
    const port = m.ports.find((p) => p.name === 'ttyUSB2')!;
    assert.deepEqual(port.owners.map((o) => o.pid), [process.pid]);
    // Named as users know it: recent Node (24 here) names its main thread, and so the process's
    // comm, "MainThread"; a Node program is named by its executable and script instead.
    const comm = fs.readFileSync('/proc/self/comm', 'utf8').trim();
    if (comm === 'MainThread') assert.match(port.owners[0]!.command, new RegExp(`^${path.basename(process.execPath)}\\b`));
    else assert.equal(port.owners[0]!.command, comm);
    assert.deepEqual(m.ports.filter((p) => p.owners.length > 0).map((p) => p.name), ['ttyUSB2']);
    const problem = m.problems.find((p) => p.id === 'port-held');
    assert.match(problem?.text ?? '', new RegExp(`/dev/ttyUSB2 is held by .*\\(pid ${process.pid}\\)`));
    assert.ok(problem?.fix);
  } finally {
    fs.closeSync(fd);
  }
}));

test('the human table names the modem, each port with role and driver, and raw_ip', () => withSim('mc7455', 'healthy', async (sim) => {
  const r = await runProgram(sim.umockdevArgv([process.execPath, BIN, 'list']));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Sierra Wireless MC7455 \/ MC74xx {2}1199:9071 {2}USB 1-1/);
  assert.match(r.stdout, /\/dev\/ttyUSB2 +at +3 +qcserial +- +ok/);
  assert.match(r.stdout, /\/dev\/cdc-wdm1 +qmi +10 +qmi_wwan/);
  assert.match(r.stdout, /net wwan0 \(if 8, qmi_wwan\): raw_ip Y/);
}));

test('without a modem: "No modem found." and an empty JSON list, exit 0', async () => {
  // Outside umockdev this machine has no USB modem (the test machines have no USB bus at all).
  const human = await runCli(['list']);
  const json = await runCli(['list', '--json']);
  if (human.stdout !== 'No modem found.\n') return; // a real modem is plugged in here: nothing to assert
  assert.equal(human.code, 0);
  assert.deepEqual((JSON.parse(json.stdout) as Inventory).modems, []);
});

test('list --help shows an example and exits 0; an unknown option is a usage error', async () => {
  const help = await runCli(['list', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Example:\n {2}\$ modem-doctor list\n/);
  assert.match(help.stdout, /--json/);
  const bad = await runCli(['list', '--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bogus/);
});

test('an unknown modem: vendor from usb.ids, QMI by driver, and --probe finds the AT and NMEA ports', () => withSim('ec25', 'healthy', async (sim) => {
  // The virtual EC25 under a vendor id the device table does not know (Realtek's), in sysfs and
  // in the descriptors libusb reads alike.
  const text = fs.readFileSync(sim.umockdevPath, 'utf8')
    .replace('A: idVendor=2c7c', 'A: idVendor=0bda').replace('E: PRODUCT=2c7c/', 'E: PRODUCT=bda/')
    .replace(/(H: descriptors=12010002000000)407c2c/, '$140da0b');
  assert.notEqual(text, fs.readFileSync(sim.umockdevPath, 'utf8'));
  const description = path.join(path.dirname(sim.umockdevPath), 'unknown.umockdev');
  fs.writeFileSync(description, text);
  try {
    const argv = (cmd: string[]): string[] => umockdevRunArgv(description, sim.ports.nodes, driversOf(sim.profile.layout(sim.model.state.usbComposition)), cmd);
    const plain = JSON.parse((await runProgram(argv([process.execPath, BIN, 'list', '--json']))).stdout) as Inventory;
    assert.equal(plain.modems.length, 1);
    const m = plain.modems[0]!;
    assert.equal(`${m.vid}:${m.pid}`, '0bda:0125');
    assert.equal(m.known, false);
    assert.equal(m.vendor, 'Realtek Semiconductor Corp.');
    assert.deepEqual(m.ports.map((p) => [p.name, p.role]), [['ttyUSB0', 'unknown'], ['ttyUSB1', 'unknown'], ['ttyUSB2', 'unknown'], ['ttyUSB3', 'unknown'], ['cdc-wdm0', 'qmi']]);
    assert.ok(m.problems.some((p) => p.id === 'roles-unknown' && /--probe/.test(p.fix ?? '')));

    const r = await runProgram(argv([process.execPath, BIN, 'list', '--json', '--probe']), 30000);
    assert.equal(r.code, 0, r.stderr);
    const probed = (JSON.parse(r.stdout) as Inventory).modems[0]!;
    // Probing is listening plus one AT with a timeout: on a loaded machine a port may stay
    // unknown, but a role it finds must be the right one, and every tty was probed.
    const want: Record<string, string[]> = { ttyUSB0: ['unknown', 'diag'], ttyUSB1: ['nmea', 'unknown'], ttyUSB2: ['at', 'unknown'], ttyUSB3: ['at', 'unknown'] };
    for (const [name, roles] of Object.entries(want)) {
      const p = probed.ports.find((x) => x.name === name)!;
      assert.ok(p.probe, `${name} was probed`);
      assert.ok(roles.includes(p.role), `${name}: ${p.role} (${p.probe.summary})`);
      if (p.role !== 'unknown') assert.equal(p.roleSource, 'probe');
    }
    assert.ok(probed.ports.some((p) => p.role === 'at'), `an AT port found: ${JSON.stringify(probed.ports.map((p) => p.probe?.summary))}`);
    assert.equal(probed.problems.some((p) => p.id === 'roles-unknown'), false, '--probe was run, so it is not suggested again');
  } finally {
    fs.rmSync(description, { force: true });
  }
}));
