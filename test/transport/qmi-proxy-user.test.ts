// `modem-doctor qmi --proxy` as a normal user (nobody), in words: libqmi's qmi-proxy refuses to
// start without root ("Not enough privileges"), and a qmi-proxy that root started (as
// ModemManager does) drops a normal user's connection. Both must say that qmi-proxy needs root
// and what to do instead, never "could not connect" or a bare EPIPE. Needs root itself, to
// switch to nobody and to make a private network namespace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { skipUnlessRoot } from '../support/needs-root.ts';

const CHILD = path.join(import.meta.dirname, '..', 'support', 'proxy-as-user.ts');
const skip = skipUnlessRoot('switching to another user and a private network namespace need root');

function asNobody(rootProxy: boolean): Promise<{ code: number; message: string }> {
  return new Promise((resolve, reject) => {
    execFile('unshare', ['-n', '--', process.execPath, CHILD, rootProxy ? 'root-proxy' : 'none'], { timeout: 60000 }, (err, stdout, stderr) => {
      if (err) { reject(new Error(`${err.message}\n${stderr}`)); return; }
      const run = JSON.parse(stdout) as { code: number; stdout: string };
      resolve({ code: run.code, message: (JSON.parse(run.stdout) as { error: { message: string } }).error.message });
    });
  });
}

test('no qmi-proxy running: it refuses to start for a normal user, and the error says qmi-proxy needs root', { skip }, async () => {
  const r = await asNobody(false);
  assert.equal(r.code, 2);
  assert.match(r.message, /qmi-proxy needs root/);
  assert.match(r.message, /Not enough privileges/);
  assert.match(r.message, /sudo/);
  assert.match(r.message, /without --proxy/);
});

test('a root qmi-proxy (as ModemManager runs it) drops a normal user: the error says it admits only root', { skip }, async () => {
  const r = await asNobody(true);
  assert.equal(r.code, 2);
  assert.match(r.message, /refused the connection/);
  assert.match(r.message, /admits only root/);
  assert.match(r.message, /ModemManager/);
  assert.match(r.message, /sudo/);
});
