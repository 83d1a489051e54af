// The client side of the privileged helper: typed requests, the helper run directly as root
// (against fixtures and fake tools) or through pkexec, and pkexec's refusals turned into words
// with the other ways offered.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { makeSysfsFixture } from './sysfs-fixture.ts';
import { makeFakeTools } from './fake-tools.ts';
import {
  runHelperVerb, helperArgv, HelperError, CHECKOUT_HELPER_PATH, INSTALLED_HELPER_PATH, HELPER_POLKIT_ACTION,
  type HelperClientOptions,
} from '../../main/system/helper-client.ts';
import { setRawIpWithLinkCycle } from '../../main/system/raw-ip-fix.ts';

const skip = skipUnlessRoot('the helper acts only as root');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'md-client-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
const sys = makeSysfsFixture([
  { name: 'wwan0', driver: 'qmi_wwan', rawIp: 'N', flags: '0x1002', operstate: 'down' },
  { name: 'wwan1', driver: 'qmi_wwan', rawIp: 'N', flags: '0x1003', operstate: 'unknown' },
  { name: 'usb0', driver: 'cdc_ether', flags: '0x1003', operstate: 'up' },
]);
after(() => sys.remove());
const rulesDir = path.join(scratch, 'rules.d');
const tools = makeFakeTools(scratch, undefined, sys.root);
const env = { PATH: `${tools.bin}:${process.env.PATH ?? ''}`, MODEM_DOCTOR_SYSFS_ROOT: sys.root, MODEM_DOCTOR_UDEV_RULES_DIR: rulesDir };
const direct: HelperClientOptions = { asRoot: true, env, helperPath: CHECKOUT_HELPER_PATH };

beforeEach(() => tools.clearCalls());

/** A stand-in for pkexec: records its argv, then exits with `status`, or runs the program (status undefined). */
function fakePkexec(name: string, status?: number, stderr = ''): { path: string; calls: () => string[] } {
  const file = path.join(scratch, name);
  const log = `${file}.log`;
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${log}'\n` +
    (status === undefined ? 'exec "$@"\n' : `printf '%s' '${stderr}' >&2\nexit ${status}\n`), { mode: 0o755 });
  return { path: file, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []) };
}

test('typed requests become the helper\'s argv: lower-case hex ids, values checked first', () => {
  assert.deepEqual(helperArgv({ verb: 'install-mm-ignore-rule', vid: 0x2c7c, pid: 0x0125 }), ['install-mm-ignore-rule', '2c7c', '0125']);
  assert.deepEqual(helperArgv({ verb: 'set-port-permissions', vid: 0x1199, pid: 0x9071, group: 'plugdev' }), ['set-port-permissions', '1199', '9071', 'plugdev']);
  assert.deepEqual(helperArgv({ verb: 'set-raw-ip', iface: 'wwan0', mode: 'Y' }), ['set-raw-ip', 'wwan0', 'Y']);
  assert.deepEqual(helperArgv({ verb: 'stop-modemmanager' }), ['stop-modemmanager']);
  const refused = (f: () => unknown, words: RegExp): void => {
    assert.throws(f, (e: unknown) => e instanceof HelperError && e.code === 'refused' && words.test(e.message));
  };
  refused(() => helperArgv({ verb: 'link-up', iface: 'wwan0; rm -rf /' }), /not an interface name/);
  refused(() => helperArgv({ verb: 'link-down', iface: '../' }), /not an interface name/);
  refused(() => helperArgv({ verb: 'install-mm-ignore-rule', vid: 0x10000, pid: 1 }), /VID 65536 is not a USB id/);
  refused(() => helperArgv({ verb: 'remove-mm-ignore-rule', vid: 1, pid: -1 }), /PID -1 is not a USB id/);
  refused(() => helperArgv({ verb: 'set-raw-ip', iface: 'wwan0', mode: 'y' as 'Y' }), /raw_ip is Y or N/);
  refused(() => helperArgv({ verb: 'set-port-permissions', vid: 1, pid: 1, group: 'root' as 'dialout' }), /dialout or plugdev/);
});

test('as root the helper runs directly and its answer comes back typed', { skip }, async () => {
  const r = await runHelperVerb({ verb: 'set-raw-ip', iface: 'wwan0', mode: 'Y' }, direct);
  assert.deepEqual(r, { verb: 'set-raw-ip', changed: true, message: 'raw_ip on wwan0 is now Y (was N).', via: 'direct' });
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan0'), 'utf8').trim(), 'Y');
  const rule = await runHelperVerb({ verb: 'install-mm-ignore-rule', vid: 0x2c7c, pid: 0x0125 }, direct);
  assert.equal(rule.file, path.join(rulesDir, '77-modem-doctor-mm-ignore-2c7c-0125.rules'));
  assert.equal((await runHelperVerb({ verb: 'remove-mm-ignore-rule', vid: 0x2c7c, pid: 0x0125 }, direct)).changed, true);
});

test('the helper\'s EBUSY comes back as a typed error in words, with no detour offered', { skip }, async () => {
  await assert.rejects(runHelperVerb({ verb: 'set-raw-ip', iface: 'wwan1', mode: 'Y' }, direct), (e: unknown) => {
    assert.ok(e instanceof HelperError);
    assert.equal(e.code, 'busy');
    assert.match(e.message, /while the interface is up \(EBUSY/);
    assert.deepEqual(e.alternatives, []);
    return true;
  });
});

test('raw_ip on a running interface: link down, write, link up — and the link is up again after', { skip }, async () => {
  const fix = await setRawIpWithLinkCycle('wwan1', 'Y', { ...direct, sysfsRoot: sys.root });
  assert.deepEqual(fix.steps.map((s) => s.verb), ['link-down', 'set-raw-ip', 'link-up']);
  assert.equal(fix.previous, 'N');
  assert.deepEqual(tools.calls(), [['ip', 'link', 'set', 'dev', 'wwan1', 'down'], ['ip', 'link', 'set', 'dev', 'wwan1', 'up']]);
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan1'), 'utf8').trim(), 'Y');
  assert.equal(fs.readFileSync(path.join(sys.root, 'class', 'net', 'wwan1', 'flags'), 'utf8').trim(), '0x1003');
  // Already so: nothing is asked of the helper at all.
  assert.deepEqual((await setRawIpWithLinkCycle('wwan1', 'Y', { ...direct, sysfsRoot: sys.root })).steps, []);
});

test('when the write fails after the link went down, the link is brought back up and the first error reported', { skip }, async () => {
  await assert.rejects(setRawIpWithLinkCycle('usb0', 'Y', { ...direct, sysfsRoot: sys.root }),
    (e: unknown) => e instanceof HelperError && e.code === 'not-found' && /usb0 has no qmi\/raw_ip/.test(e.message));
  assert.deepEqual(tools.calls(), [['ip', 'link', 'set', 'dev', 'usb0', 'down'], ['ip', 'link', 'set', 'dev', 'usb0', 'up']]);
});

test('not root: pkexec starts the helper by its path, with the verb and arguments as they are', { skip }, async () => {
  const pk = fakePkexec('pkexec-pass');
  const r = await runHelperVerb({ verb: 'set-raw-ip', iface: 'wwan0', mode: 'N' }, { asRoot: false, pkexecPath: pk.path, env, helperPath: CHECKOUT_HELPER_PATH });
  assert.equal(r.via, 'pkexec');
  assert.equal(r.message, 'raw_ip on wwan0 is now N (was Y).');
  assert.deepEqual(pk.calls(), [CHECKOUT_HELPER_PATH, 'set-raw-ip', 'wwan0', 'N']);
});

test('pkexec 126 (dialog dismissed) and 127 (not authorized) become words with the other ways', async () => {
  const dismissed = fakePkexec('pkexec-126', 126);
  await assert.rejects(runHelperVerb({ verb: 'stop-modemmanager' }, { asRoot: false, pkexecPath: dismissed.path }), (e: unknown) => {
    assert.ok(e instanceof HelperError);
    assert.equal(e.code, 'dismissed');
    assert.match(e.message, /password dialog was closed, so nothing was changed/);
    assert.match(e.message, /Other ways:\n {2}- Inhibit the modem in ModemManager instead/);
    assert.ok(e.alternatives.some((a) => /--proxy/.test(a)));
    return true;
  });
  const refused = fakePkexec('pkexec-127', 127, 'Error executing command as another user: Not authorized');
  await assert.rejects(runHelperVerb({ verb: 'install-mm-ignore-rule', vid: 0x1199, pid: 0x9071 }, { asRoot: false, pkexecPath: refused.path }), (e: unknown) => {
    assert.ok(e instanceof HelperError);
    assert.equal(e.code, 'not-authorized');
    assert.match(e.message, /polkit did not allow the helper to install-mm-ignore-rule .*pkexec said "Error executing command as another user: Not authorized"/);
    assert.ok(e.alternatives.some((a) => a.includes('ATTRS{idVendor}=="1199", ATTRS{idProduct}=="9071", ENV{ID_MM_DEVICE_IGNORE}="1"')));
    return true;
  });
  const set = fakePkexec('pkexec-127b', 127);
  await assert.rejects(runHelperVerb({ verb: 'set-raw-ip', iface: 'wwan0', mode: 'Y' }, { asRoot: false, pkexecPath: set.path }),
    (e: unknown) => e instanceof HelperError && e.code === 'not-authorized' && e.alternatives.some((a) => a.includes('echo Y | sudo tee /sys/class/net/wwan0/qmi/raw_ip')));
});

test('a request the helper would refuse never reaches pkexec (no password asked for nothing)', async () => {
  const pk = fakePkexec('pkexec-never', 0);
  await assert.rejects(runHelperVerb({ verb: 'link-up', iface: 'wwan0; rm -rf /' }, { asRoot: false, pkexecPath: pk.path }),
    (e: unknown) => e instanceof HelperError && e.code === 'refused');
  assert.deepEqual(pk.calls(), []);
});

test('no pkexec, or a helper that answers nonsense, are errors in words', async () => {
  await assert.rejects(runHelperVerb({ verb: 'stop-modemmanager' }, { asRoot: false, pkexecPath: path.join(scratch, 'no-such-pkexec') }),
    (e: unknown) => e instanceof HelperError && e.code === 'no-pkexec' && /pkexec is not installed/.test(e.message) && e.alternatives.length > 0);
  const liar = path.join(scratch, 'liar.mjs');
  fs.writeFileSync(liar, 'process.stdout.write("hello\\n"); process.stderr.write("something odd\\n"); process.exitCode = 4;\n');
  await assert.rejects(runHelperVerb({ verb: 'link-up', iface: 'wwan0' }, { asRoot: true, helperPath: liar }),
    (e: unknown) => e instanceof HelperError && e.code === 'bad-answer' && /gave no answer for link-up \(exit 4\): something odd/.test(e.message));
});

test('the polkit policy names the installed helper and the action the client documents', () => {
  const policy = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'build', 'polkit', `${HELPER_POLKIT_ACTION}.policy`), 'utf8');
  assert.match(policy, new RegExp(`<action id="${HELPER_POLKIT_ACTION.replaceAll('.', '\\.')}">`));
  assert.match(policy, new RegExp(`<annotate key="org\\.freedesktop\\.policykit\\.exec\\.path">${INSTALLED_HELPER_PATH}</annotate>`));
  assert.match(policy, /<allow_active>auth_admin_keep<\/allow_active>/);
  assert.doesNotMatch(policy, /<allow_(any|inactive|active)>yes</, 'never without a password');
  const helper = fs.readFileSync(CHECKOUT_HELPER_PATH, 'utf8');
  assert.ok(helper.startsWith('#!/usr/bin/env node\n'), 'pkexec runs the helper file itself');
  assert.notEqual(fs.statSync(CHECKOUT_HELPER_PATH).mode & 0o111, 0, 'the helper is executable');
});
