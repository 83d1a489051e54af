// The environment a report records: modem drivers from /sys/module (a test tree here), the kernel
// release, our version from package.json, ModemManager as the diagnosis saw it or as D-Bus says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnvironment, MODEM_DRIVERS } from '../../main/report/environment.ts';

function sysfsTree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-sys-'));
  fs.mkdirSync(path.join(root, 'module', 'qmi_wwan'), { recursive: true });
  fs.mkdirSync(path.join(root, 'module', 'option'), { recursive: true });
  fs.writeFileSync(path.join(root, 'module', 'option', 'version'), 'v0.7.2\n');
  fs.mkdirSync(path.join(root, 'module', 'usbcore'), { recursive: true });
  return root;
}

test('drivers: the modem drivers, each loaded or not as /sys/module says, with the version a module declares', async () => {
  const root = sysfsTree();
  try {
    const env = await readEnvironment({ sysfsRoot: root, askModemManager: false });
    assert.deepEqual(env.drivers.map((d) => d.name), [...MODEM_DRIVERS]);
    assert.deepEqual(env.drivers.filter((d) => d.loaded), [{ name: 'qmi_wwan', loaded: true }, { name: 'option', loaded: true, version: 'v0.7.2' }]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('kernel, Node and our own version as this machine has them', async () => {
  const env = await readEnvironment({ sysfsRoot: '/nonexistent', askModemManager: false });
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(env.modemDoctor.version, pkg.version);
  assert.deepEqual(env.kernel, { sysname: os.type(), release: os.release(), machine: os.machine() });
  assert.equal(env.node, process.version);
  assert.ok(env.drivers.every((d) => !d.loaded));
});

test('ModemManager: taken from the diagnosis when it has it; a bus that is not there is said, not waited for', async () => {
  const given = await readEnvironment({ modemManager: { running: true, version: '1.20.4' } });
  assert.deepEqual(given.modemManager, { running: true, version: '1.20.4' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-bus-'));
  try {
    const none = await readEnvironment({ bus: { busAddress: `unix:path=${path.join(dir, 'no-bus')}` }, modemManagerTimeoutMs: 5000 });
    assert.equal(none.modemManager.running, false);
    assert.match(none.modemManager.problem ?? '', /D-Bus|did not answer/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
