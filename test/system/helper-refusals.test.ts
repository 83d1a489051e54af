// Nothing outside the helper's fixed list can be asked of it: unknown verbs, missing or extra
// arguments and every malformed argument are refused with exit status 2 and a message naming
// the problem, before anything is run or written. Runs as any user (refusal comes before the
// root check), with fake tools that would record any call.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeSysfsFixture } from './sysfs-fixture.ts';
import { makeFakeTools } from './fake-tools.ts';
import { runHelper } from './helper-run.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'md-refuse-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
const sys = makeSysfsFixture([{ name: 'wwan0', driver: 'qmi_wwan', rawIp: 'N', flags: '0x1002' }]);
after(() => sys.remove());
const rulesDir = path.join(scratch, 'rules.d');
const tools = makeFakeTools(scratch);
const roots = { sysfsRoot: sys.root, rulesDir, bin: tools.bin };

// [argv, what the refusal must say]
const REFUSED: [string[], RegExp][] = [
  [[], /nothing is not one of the helper's verbs \(stop-modemmanager, start-modemmanager, set-raw-ip/],
  [['rm', '-rf', '/'], /"rm" is not one of the helper's verbs/],
  [['sh', '-c', 'id'], /"sh" is not one of/],
  [['stop-modemmanager;reboot'], /"stop-modemmanager;reboot" is not one of/],
  [['STOP-MODEMMANAGER'], /"STOP-MODEMMANAGER" is not one of/],
  [['--help'], /"--help" is not one of/],
  [['__proto__'], /"__proto__" is not one of/],
  [['constructor'], /"constructor" is not one of/],
  [['x'.repeat(5000)], /"x{40}" is not one of/],
  [['stop-modemmanager', 'now'], /stop-modemmanager takes 0 argument\(s\), 1 given/],
  [['start-modemmanager', '--no-block'], /start-modemmanager takes 0 argument\(s\), 1 given/],
  [['set-raw-ip', 'wwan0'], /set-raw-ip takes 2 argument\(s\), 1 given\. Usage: set-raw-ip IFACE Y\|N/],
  [['set-raw-ip', 'wwan0', 'Y', 'extra'], /takes 2 argument\(s\), 3 given/],
  [['set-raw-ip', 'wwan0; rm -rf /', 'Y'], /"wwan0; rm -rf \/" is not a valid IFACE: .*"\/", ":" or white space/],
  [['set-raw-ip', '../', 'Y'], /"\.\.\/" is not a valid IFACE/],
  [['set-raw-ip', '..', 'Y'], /"\.\." is not an interface name/],
  [['set-raw-ip', '.', 'Y'], /"\." is not an interface name/],
  [['set-raw-ip', 'wwan0/../../../etc', 'Y'], /not a valid IFACE/],
  [['set-raw-ip', 'a234567890123456', 'Y'], /at most 15 bytes/],
  [['set-raw-ip', 'wwän0wwän0wwän0', 'Y'], /at most 15 bytes/],
  [['set-raw-ip', '', 'Y'], /cannot be empty/],
  [['set-raw-ip', 'wwan0\n', 'Y'], /white space/],
  [['set-raw-ip', 'wwan:0', 'Y'], /"\/", ":" or white space/],
  [['set-raw-ip', 'wwan0', 'y'], /"y" is not a valid Y\|N: raw_ip is Y \(raw IP\) or N \(802\.3/],
  [['set-raw-ip', 'wwan0', '1'], /"1" is not a valid Y\|N/],
  [['set-raw-ip', 'wwan0', 'Y\n'], /is not a valid Y\|N/],
  [['set-raw-ip', 'wwan0', 'YES'], /is not a valid Y\|N/],
  [['link-up', '-n'], /"-n" is not a valid IFACE: .*start with "-"/],
  [['link-down', 'wwan0 up'], /not a valid IFACE/],
  [['link-up'], /link-up takes 1 argument\(s\), 0 given/],
  [['install-mm-ignore-rule', '2c7c'], /takes 2 argument\(s\), 1 given/],
  [['install-mm-ignore-rule', 'zzzz', '0125'], /"zzzz" is not a valid VID: VID is four hexadecimal digits/],
  [['install-mm-ignore-rule', '0x2c7c', '0125'], /"0x2c7c" is not a valid VID/],
  [['install-mm-ignore-rule', '2c7', '0125'], /"2c7" is not a valid VID/],
  [['install-mm-ignore-rule', '2c7c', '01250'], /"01250" is not a valid PID/],
  [['install-mm-ignore-rule', '2c7c', '0125", RUN+="/bin/sh'], /is not a valid PID/],
  [['remove-mm-ignore-rule', '2c7c', '*'], /"\*" is not a valid PID/],
  [['remove-mm-ignore-rule', '../../', '0125'], /is not a valid VID/],
  [['set-port-permissions', '2c7c', '0125'], /takes 3 argument\(s\), 2 given\. Usage: set-port-permissions VID PID GROUP/],
  [['set-port-permissions', '2c7c', '0125', 'root'], /"root" is not a valid GROUP: the group is dialout or plugdev/],
  [['set-port-permissions', '2c7c', '0125', 'dialout '], /is not a valid GROUP/],
  [['set-port-permissions', '2c7c', '0125', 'wheel'], /is not a valid GROUP/],
  [['remove-port-permissions', '2c7c', '0125', 'dialout'], /takes 2 argument\(s\), 3 given/],
];

test('every unlisted verb and every bad argument is refused with exit 2, nothing run or written', async () => {
  // A few at a time: each case is a process of its own.
  for (let i = 0; i < REFUSED.length; i += 6) {
    await Promise.all(REFUSED.slice(i, i + 6).map(async ([argv, says]) => {
      const r = await runHelper(argv, roots);
      const label = JSON.stringify(argv).slice(0, 80);
      assert.equal(r.status, 2, label);
      assert.equal(r.result.ok, false, label);
      assert.equal(r.result.code, 'refused', label);
      assert.match(String(r.result.message), /^Refused: /, label);
      assert.match(String(r.result.message), says, label);
      assert.match(r.stderr, /^modem-doctor-helper: Refused: /, label);
    }));
  }
  assert.deepEqual(tools.calls(), []);
  assert.equal(fs.existsSync(rulesDir), false);
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan0'), 'utf8').trim(), 'N');
});

test('the verbs on the list are exactly the documented ones', async () => {
  const r = await runHelper(['?'], roots);
  const listed = /verbs \(([^)]*)\)/.exec(String(r.result.message))?.[1]?.split(', ');
  assert.deepEqual(listed, ['stop-modemmanager', 'start-modemmanager', 'set-raw-ip', 'link-up', 'link-down',
    'install-mm-ignore-rule', 'remove-mm-ignore-rule', 'set-port-permissions', 'remove-port-permissions']);
  const doc = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'privileged-helper.md'), 'utf8');
  for (const verb of listed ?? []) assert.match(doc, new RegExp(`^### \`${verb}`, 'm'), `docs/privileged-helper.md describes ${verb}`);
});
