// Every verb of the privileged helper, run as root against fixtures: a sysfs tree, a temporary
// udev rules folder and fake systemctl/ip/udevadm that record how they were called.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { makeSysfsFixture } from './sysfs-fixture.ts';
import { makeFakeTools } from './fake-tools.ts';
import { runHelper } from './helper-run.ts';

const skip = skipUnlessRoot('the helper refuses to act unless it runs as root');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'md-helper-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
const sys = makeSysfsFixture([
  { name: 'wwan0', driver: 'qmi_wwan', rawIp: 'N', flags: '0x1002', operstate: 'down' },
  { name: 'wwan1', driver: 'qmi_wwan', rawIp: 'N', flags: '0x1003', operstate: 'unknown' },
  { name: 'usb0', driver: 'cdc_ether', flags: '0x1002' },
]);
after(() => sys.remove());
const rulesDir = path.join(scratch, 'rules.d');
const tools = makeFakeTools(scratch);
const roots = { sysfsRoot: sys.root, rulesDir, bin: tools.bin };
const MM = 'ModemManager.service';

beforeEach(() => {
  tools.clearCalls();
  for (const t of ['systemctl', 'ip', 'udevadm']) tools.answer(t, []);
});

test('stop-modemmanager masks ModemManager for this boot, then stops it', { skip }, async () => {
  const r = await runHelper(['stop-modemmanager'], roots);
  assert.equal(r.status, 0);
  assert.equal(r.result.ok, true);
  assert.match(String(r.result.message), /stopped .* until start-modemmanager or the next boot/);
  assert.deepEqual(tools.calls(), [['systemctl', 'mask', '--runtime', MM], ['systemctl', 'stop', MM]]);
});

test('stop-modemmanager where ModemManager is not installed says so and leaves no mask behind', { skip }, async () => {
  tools.answer('systemctl', [{ when: 'stop', status: 5, stderr: `Failed to stop ${MM}: Unit ${MM} not loaded.\n` }]);
  const r = await runHelper(['stop-modemmanager'], roots);
  assert.equal(r.status, 1);
  assert.equal(r.result.code, 'not-found');
  assert.match(String(r.result.message), /not installed as a systemd service/);
  assert.deepEqual(tools.calls().at(-1), ['systemctl', 'unmask', '--runtime', MM]);
  assert.match(r.stderr, /modem-doctor-helper: ModemManager is not installed/);
});

test('start-modemmanager unmasks, then starts; a failing systemctl is reported with its words', { skip }, async () => {
  const r = await runHelper(['start-modemmanager'], roots);
  assert.equal(r.status, 0);
  assert.deepEqual(tools.calls(), [['systemctl', 'unmask', '--runtime', MM], ['systemctl', 'start', MM]]);
  tools.answer('systemctl', [{ when: 'start', status: 1, stderr: 'Job for ModemManager.service failed because the control process exited with error code.\n' }]);
  const bad = await runHelper(['start-modemmanager'], roots);
  assert.equal(bad.status, 1);
  assert.equal(bad.result.code, 'failed');
  assert.match(String(bad.result.message), /systemctl start ModemManager.service` failed \(exit 1\): Job for/);
});

test('set-raw-ip writes the sysfs file while the link is down; the same value again changes nothing', { skip }, async () => {
  const r = await runHelper(['set-raw-ip', 'wwan0', 'Y'], roots);
  assert.equal(r.status, 0);
  assert.deepEqual(r.result, { ok: true, verb: 'set-raw-ip', changed: true, message: 'raw_ip on wwan0 is now Y (was N).' });
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan0'), 'utf8').trim(), 'Y');
  const again = await runHelper(['set-raw-ip', 'wwan0', 'Y'], roots);
  assert.equal(again.status, 0);
  assert.equal(again.result.changed, false);
  assert.equal((await runHelper(['set-raw-ip', 'wwan0', 'N'], roots)).status, 0);
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan0'), 'utf8').trim(), 'N');
  assert.deepEqual(tools.calls(), []);
});

test('set-raw-ip while the link is up is refused as EBUSY in words; without raw_ip it is not qmi_wwan', { skip }, async () => {
  const busy = await runHelper(['set-raw-ip', 'wwan1', 'Y'], roots);
  assert.equal(busy.status, 1);
  assert.equal(busy.result.code, 'busy');
  assert.match(String(busy.result.message), /while the interface is up \(EBUSY.*link-down wwan1/);
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan1'), 'utf8').trim(), 'N');
  const other = await runHelper(['set-raw-ip', 'usb0', 'Y'], roots);
  assert.equal(other.result.code, 'not-found');
  assert.match(String(other.result.message), /usb0 has no qmi\/raw_ip/);
  assert.equal(fs.existsSync(path.join(sys.root, 'class', 'net', 'usb0', 'qmi')), false);
});

test('link-up and link-down run `ip link set dev IFACE up|down`; a missing interface is named', { skip }, async () => {
  assert.equal((await runHelper(['link-down', 'wwan0'], roots)).status, 0);
  assert.equal((await runHelper(['link-up', 'wwan0'], roots)).status, 0);
  assert.deepEqual(tools.calls(), [['ip', 'link', 'set', 'dev', 'wwan0', 'down'], ['ip', 'link', 'set', 'dev', 'wwan0', 'up']]);
  tools.answer('ip', [{ when: 'wwan9', status: 1, stderr: 'Cannot find device "wwan9"\n' }]);
  const r = await runHelper(['link-up', 'wwan9'], roots);
  assert.equal(r.status, 1);
  assert.equal(r.result.code, 'not-found');
  assert.equal(r.result.message, 'There is no network interface called wwan9.');
});

test('a name the kernel allows but a shell would split reaches `ip` as one argument, never a command', { skip }, async () => {
  await runHelper(['link-up', 'wwan0;reboot'], roots);
  await runHelper(['link-up', '$(reboot)'], roots);
  assert.deepEqual(tools.calls(), [['ip', 'link', 'set', 'dev', 'wwan0;reboot', 'up'], ['ip', 'link', 'set', 'dev', '$(reboot)', 'up']]);
});

test('install-mm-ignore-rule writes one rule file for the VID:PID and tells udev; remove takes it away', { skip }, async () => {
  const r = await runHelper(['install-mm-ignore-rule', '2C7C', '0125'], roots);
  assert.equal(r.status, 0);
  const file = path.join(rulesDir, '77-modem-doctor-mm-ignore-2c7c-0125.rules');
  assert.equal(r.result.file, file);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /^ACTION=="add\|change\|move\|bind", SUBSYSTEMS=="usb", ATTRS\{idVendor\}=="2c7c", ATTRS\{idProduct\}=="0125", ENV\{ID_MM_DEVICE_IGNORE\}="1"$/m);
  assert.equal(fs.statSync(file).mode & 0o777, 0o644);
  assert.deepEqual(fs.readdirSync(rulesDir), ['77-modem-doctor-mm-ignore-2c7c-0125.rules']);
  assert.deepEqual(tools.calls(), [
    ['udevadm', 'control', '--reload'],
    ['udevadm', 'trigger', '--action=change', '--subsystem-match=tty', '--subsystem-match=usbmisc'],
    ['udevadm', 'settle', '--timeout=10'],
  ]);
  tools.clearCalls();
  const again = await runHelper(['install-mm-ignore-rule', '2c7c', '0125'], roots);
  assert.equal(again.result.changed, false);
  assert.deepEqual(tools.calls(), []);

  const removed = await runHelper(['remove-mm-ignore-rule', '2c7c', '0125'], roots);
  assert.equal(removed.status, 0);
  assert.equal(removed.result.changed, true);
  assert.equal(fs.existsSync(file), false);
  assert.deepEqual(tools.calls()[0], ['udevadm', 'control', '--reload']);
  const none = await runHelper(['remove-mm-ignore-rule', '2c7c', '0125'], roots);
  assert.equal(none.status, 0);
  assert.equal(none.result.changed, false);
  assert.match(String(none.result.message), /no ModemManager ignore rule for 2c7c:0125/);
});

test('when udev cannot be reached the rule is still written, and the answer says when it applies', { skip }, async () => {
  tools.answer('udevadm', [{ when: '--reload', status: 1, stderr: 'Failed to send reload request: No such file or directory\n' }]);
  const r = await runHelper(['install-mm-ignore-rule', '1199', '9071'], roots);
  assert.equal(r.status, 0);
  assert.equal(r.result.changed, true);
  assert.match(String(r.result.warning), /rule is in place, but udev was not told about it .*Failed to send reload request.*plugged in again/);
  assert.ok(fs.existsSync(path.join(rulesDir, '77-modem-doctor-mm-ignore-1199-9071.rules')));
  assert.equal((await runHelper(['remove-mm-ignore-rule', '1199', '9071'], roots)).status, 0);
});

test('set-port-permissions gives the modem\'s tty and cdc-wdm ports to a group; remove-port-permissions undoes it', { skip }, async () => {
  const r = await runHelper(['set-port-permissions', '1e0e', '9001', 'plugdev'], roots);
  assert.equal(r.status, 0);
  const file = path.join(rulesDir, '70-modem-doctor-ports-1e0e-9001.rules');
  assert.match(fs.readFileSync(file, 'utf8'), /^ACTION=="add\|change\|move\|bind", SUBSYSTEM=="tty\|usbmisc", SUBSYSTEMS=="usb", ATTRS\{idVendor\}=="1e0e", ATTRS\{idProduct\}=="9001", GROUP="plugdev", MODE="0660"$/m);
  const dialout = await runHelper(['set-port-permissions', '1e0e', '9001', 'dialout'], roots);
  assert.equal(dialout.result.changed, true);
  assert.match(fs.readFileSync(file, 'utf8'), /GROUP="dialout"/);
  assert.equal((await runHelper(['remove-port-permissions', '1e0e', '9001'], roots)).result.changed, true);
  assert.equal(fs.existsSync(file), false);
});

test('a tool that is not installed is named', { skip }, async () => {
  const r = await runHelper(['link-up', 'wwan0'], { ...roots, bin: undefined, env: { PATH: path.join(scratch, 'empty') } });
  assert.equal(r.status, 1);
  assert.equal(r.result.code, 'missing-tool');
  assert.match(String(r.result.message), /ip is not installed/);
});

test('started through pkexec, the test roots and PATH are ignored: the real /sys and system tools are used', { skip }, async () => {
  // An interface that exists only in a fixture: through "pkexec" the helper looks in the real /sys.
  const only = makeSysfsFixture([{ name: 'mdfixture0', driver: 'qmi_wwan', rawIp: 'N', flags: '0x1002' }]);
  try {
    const r = await runHelper(['set-raw-ip', 'mdfixture0', 'Y'], { ...roots, sysfsRoot: only.root, env: { PKEXEC_UID: '1000' } });
    assert.equal(r.result.code, 'not-found');
    assert.equal(fs.readFileSync(only.rawIpFile('mdfixture0'), 'utf8').trim(), 'N');
    // The fake ip on PATH is not used either (the real one answers for a device that is not there).
    const link = await runHelper(['link-up', 'mdfixture0'], { ...roots, env: { PKEXEC_UID: '1000' } });
    assert.notEqual(link.status, 0);
    assert.deepEqual(tools.calls(), []);
  } finally {
    only.remove();
  }
});

test('not root: the helper refuses before touching anything, with exit status 3', { skip }, async () => {
  const r = await runHelper(['set-raw-ip', 'wwan0', 'Y'], { ...roots, uid: 65534 });
  assert.equal(r.status, 3);
  assert.equal(r.result.code, 'not-root');
  assert.match(String(r.result.message), /must run as root: start it with pkexec/);
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan0'), 'utf8').trim(), 'N');
});
