// `modem-doctor qmi`: one request to a device, the decoded reply printed as JSON.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/run-cli.ts';
import { startResponder, type Responder } from '../support/qmi-responder.ts';

let dir: string;
let r: Responder;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-qmicli-'));
  r = await startResponder(path.join(dir, 'cdc-wdm0'));
});
after(async () => {
  await r.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('sends DMS Get IDs and prints the reply; the client id is given back', async () => {
  const res = await runCli(['qmi', '--device', r.path, 'dms', 'get-ids']);
  assert.equal(res.code, 0, res.stderr);
  const j = JSON.parse(res.stdout);
  assert.equal(j.message.name, 'Get IDs');
  assert.match(j.fields.imei, /^35000000000\d{4}$/);
  assert.equal(r.stats.released.length, r.stats.allocated.length);
});

test('a modem error exits 1 with the error name', async () => {
  const res = await runCli(['qmi', '--device', r.path, 'ctl', 'set-instance-id', '--field', 'id=1']);
  assert.equal(res.code, 1);
  const { result } = JSON.parse(res.stdout);
  assert.equal(result.errorName, 'invalid-qmi-command');
  assert.match(result.hint, /firmware does not support/, 'the error is explained, not just named');
});

test('usage errors name what is valid', async () => {
  const a = await runCli(['qmi', '--device', r.path, 'dms', 'no-such-message']);
  assert.equal(a.code, 2);
  assert.match(JSON.parse(a.stdout).error.message, /modem-doctor qmi --list dms/);
  const b = await runCli(['qmi', '--device', r.path, 'ctl', 'allocate-cid', '--field', 'service=lots']);
  assert.equal(b.code, 2);
  assert.match(JSON.parse(b.stdout).error.message, /expected a number/);
  const c = await runCli(['qmi', '--device', path.join(dir, 'missing'), 'dms', 'get-ids']);
  assert.equal(c.code, 2);
  assert.match(JSON.parse(c.stdout).error.message, /does not exist/);
});

test('a device that never answers exits 1 with the timeout explained', async () => {
  r.silent.add('0:39'); // CTL Sync
  try {
    const res = await runCli(['qmi', '--device', r.path, '--timeout', '300', 'dms', 'get-ids']);
    assert.equal(res.code, 1);
    assert.match(JSON.parse(res.stdout).error.message, /no answer to CTL Sync within 300 ms.*ModemManager/);
  } finally {
    r.silent.delete('0:39');
  }
});

test('a slow open (the CTL Sync) shows progress on stderr too', async () => {
  r.delays.set('0:39', 1600); // CTL Sync
  try {
    const res = await runCli(['qmi', '--device', r.path, 'dms', 'get-ids']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /opening .*cdc-wdm0: still waiting \(\d+ s of up to 10 s\)/);
  } finally {
    r.delays.delete('0:39');
  }
});

test('a slow reply shows progress on stderr', async () => {
  r.delays.set('2:37', 1600); // DMS Get IDs
  try {
    const res = await runCli(['qmi', '--device', r.path, 'dms', 'get-ids']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /DMS Get IDs: still waiting \(\d+ s of up to 10 s\)/);
    assert.match(JSON.parse(res.stdout).fields.imei, /^35000000000\d{4}$/);
  } finally {
    r.delays.delete('2:37');
  }
});
