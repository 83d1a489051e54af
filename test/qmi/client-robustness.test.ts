// The QMI client when things go wrong: a write that fails, a Sync that drops our own client
// ids, a frame cut short, a listener that throws, a device someone else also has open, and an
// Allocate CID reply that comes after its request timed out.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { QmiClientError } from '../../main/qmi/client.ts';
import { openQmiPort, QmiPortHeldError } from '../../main/system/open-qmi.ts';
import { encodeMessage } from '../../main/qmi/message-codec.ts';
import { CTL, DMS, NAS } from '../../main/qmi/services/index.ts';
import { startResponder } from '../support/qmi-responder.ts';
import { waitFor } from '../support/wait.ts';

let dir: string;
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-robust-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a device whose writes fail (/dev/full) gives a typed error, not a crash', async () => {
  await assert.rejects(openQmiPort({ device: '/dev/full', timeoutMs: 1000, releaseOnSignals: false }), (e: unknown) => {
    assert.ok(e instanceof QmiClientError);
    assert.equal(e.code, 'transport');
    assert.match(e.message, /CTL Sync/);
    return true;
  });
});

test('after a Sync frees client ids, the client takes new ones instead of using dead ones', async () => {
  const r = await startResponder(path.join(dir, 'resync'));
  const c = await openQmiPort({ device: r.path, releaseOnSignals: false });
  await c.request(DMS, DMS.messages.getIds);
  const firstDms = c.clientIds.get(DMS.id);
  r.exhaustNext = 1; // the NAS allocation meets a full table: Sync, then retry
  await c.request(NAS, NAS.messages.getSignalInfo);
  assert.equal(r.stats.syncs, 2);
  await c.request(DMS, DMS.messages.getIds);
  const dmsAllocations = r.stats.allocated.filter((a) => a.service === DMS.id);
  assert.equal(dmsAllocations.length, 2, 'DMS got a fresh client id after the Sync');
  assert.notEqual(c.clientIds.get(DMS.id), firstDms);
  await c.close();
  await r.close();
});

test('a frame cut short does not hold later replies behind it', async () => {
  const r = await startResponder(path.join(dir, 'cut'));
  const c = await openQmiPort({ device: r.path, releaseOnSignals: false });
  await c.request(DMS, DMS.messages.getIds);
  // The first 20 bytes of an 81-byte frame whose header lengths agree: looks like a real start.
  const whole = encodeMessage(DMS, DMS.messages.getIds, 'response', { imei: '1'.repeat(15), esn: '2'.repeat(30) }, { clientId: 1, transactionId: 999 });
  r.send(whole.subarray(0, 20));
  const reply = await c.request(DMS, DMS.messages.getIds, {}, { timeoutMs: 3000 });
  assert.equal(reply.ok, true);
  assert.ok(c.transcript.all().some((e) => e.note?.includes('never completed')));
  await c.close();
  await r.close();
});

test('an indication listener that throws does not stop replies', async () => {
  const r = await startResponder(path.join(dir, 'listener'));
  const c = await openQmiPort({ device: r.path, releaseOnSignals: false });
  c.onIndication(() => { throw new Error('listener bug'); });
  r.send(encodeMessage(CTL, CTL.messages.sync, 'indication', {}, { clientId: 0, transactionId: 0 }));
  const reply = await c.request(DMS, DMS.messages.getIds);
  assert.equal(reply.ok, true);
  assert.ok(c.transcript.all().some((e) => e.note?.includes('listener failed: listener bug')));
  await c.close();
  await r.close();
});

test('a port another process holds is refused, naming it and the way to share it', async () => {
  const r = await startResponder(path.join(dir, 'held'));
  const fd = fs.openSync(r.path, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  const other = spawn('sleep', ['30'], { stdio: [fd, 'ignore', 'ignore'] });
  fs.closeSync(fd);
  try {
    await assert.rejects(openQmiPort({ device: r.path, releaseOnSignals: false }), (e: unknown) => {
      assert.ok(e instanceof QmiPortHeldError);
      assert.ok(e.holders.some((h) => h.command === 'sleep' && h.pid === other.pid));
      assert.match(e.message, new RegExp(`sleep \\(pid ${other.pid}\\)`));
      assert.match(e.message, /qmi-proxy/);
      assert.match(e.message, /--proxy/);
      return true;
    });
    assert.equal(r.stats.requests.length, 0, 'nothing was sent on a port someone else reads');
  } finally {
    other.kill();
    await r.close();
  }
});

test('a held port opened anyway (shareHeldPort) is not synced, and the client says who shares it', async () => {
  const r = await startResponder(path.join(dir, 'shared'));
  const fd = fs.openSync(r.path, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  const other = spawn('sleep', ['30'], { stdio: [fd, 'ignore', 'ignore'] });
  fs.closeSync(fd);
  try {
    const c = await openQmiPort({ device: r.path, releaseOnSignals: false, shareHeldPort: true });
    assert.equal(r.stats.syncs, 0, 'a Sync would have dropped the other program\'s client ids');
    assert.equal(c.ownsDevice, false);
    assert.ok(c.sharedWith.some((h) => h.command === 'sleep' && h.pid === other.pid));
    r.exhaustNext = 1;
    await assert.rejects(c.request(DMS, DMS.messages.getIds), (e: unknown) =>
      e instanceof QmiClientError && e.code === 'allocation-failed' && /no Sync was sent/.test(e.message));
    assert.equal(r.stats.syncs, 0);
    await c.close();
  } finally {
    other.kill();
    await r.close();
  }
});

test('an Allocate CID answered after its timeout is given back', async () => {
  const r = await startResponder(path.join(dir, 'late'));
  const c = await openQmiPort({ device: r.path, releaseOnSignals: false, timeoutMs: 200 });
  r.delays.set(`0:${CTL.messages.allocateCid.id}`, 500);
  await assert.rejects(c.request(DMS, DMS.messages.getIds), (e: unknown) => e instanceof QmiClientError && e.code === 'timeout');
  await waitFor(() => r.stats.allocated.length === 1 && r.stats.released.length === 1);
  assert.deepEqual(r.stats.released, r.stats.allocated);
  await c.close();
  await r.close();
});

test('close waits for an allocation in flight and releases that id too', async () => {
  const r = await startResponder(path.join(dir, 'closing'));
  const c = await openQmiPort({ device: r.path, releaseOnSignals: false });
  r.delays.set(`0:${CTL.messages.allocateCid.id}`, 150);
  const pending = c.request(DMS, DMS.messages.getIds).catch((e: unknown) => e);
  await new Promise((res) => setTimeout(res, 30));
  await c.close();
  await pending;
  await waitFor(() => r.stats.released.length === 1);
  assert.deepEqual(r.stats.released, r.stats.allocated);
  await r.close();
});
