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
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { runCli } from '../support/run-cli.ts';
import { encodeMessage } from '../../main/qmi/message-codec.ts';
import { CTL, DMS, NAS } from '../../main/qmi/services/index.ts';
import { startResponder } from '../support/qmi-responder.ts';
import { waitFor } from '../support/wait.ts';
import type { QmiDecoded } from '../../main/evidence/exchange.ts';

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
  assert.ok(c.log.all().some((e) => e.error?.includes('never completed')));
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
  assert.ok(c.log.all().some((e) => e.error?.includes('listener failed: listener bug')));
  await c.close();
  await r.close();
});

test('a port another program holds is refused, naming it and the way to share it', async () => {
  const r = await startResponder(path.join(dir, 'held'));
  const fd = fs.openSync(r.path, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  const other = spawn('sleep', ['30'], { stdio: [fd, 'ignore', 'ignore'] });
  fs.closeSync(fd);
  try {
    // A program started after the holder (this test process started before it, and an older
    // process is taken to be the one that goes on when two open at once).
    const run = await runCli(['qmi', '--device', r.path, 'dms', 'get-ids']);
    assert.equal(run.code, 2);
    const message = (JSON.parse(run.stdout) as { error: { message: string } }).error.message;
    assert.match(message, new RegExp(`is held by another program: sleep \\(pid ${other.pid}\\)`));
    assert.match(message, /qmi-proxy/);
    assert.match(message, /--proxy/);
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

test('an Allocate CID reply for another service, on our transaction id, is ignored; the real one is used', async () => {
  // The case seen with ten programs on one port: asked for NAS, got {service: 2, clientId: 4}
  // (another program's DMS allocation on the same CTL transaction id) and used it.
  const r = await startResponder(path.join(dir, 'foreign'));
  const c = await openQmiPort({ device: r.path, releaseOnSignals: false });
  r.delays.set(`0:${CTL.messages.allocateCid.id}`, 150);
  const pending = c.request(NAS, NAS.messages.getSignalInfo);
  await waitFor(() => r.stats.requests.some((f) => f.messageId === CTL.messages.allocateCid.id));
  const ask = r.stats.requests.find((f) => f.messageId === CTL.messages.allocateCid.id)!;
  r.send(encodeMessage(CTL, CTL.messages.allocateCid, 'response', { allocation: { service: DMS.id, clientId: 4 } },
    { clientId: 0, transactionId: ask.transactionId }));
  await pending;
  assert.deepEqual([...c.clientIds], [[NAS.id, r.stats.allocated[0]!.clientId]]);
  assert.ok(c.log.all().some((e) => e.direction === 'note' && /matches no request of ours/.test(e.error ?? '')));
  await c.close();
  await r.close();
});

test('CTL transaction ids start at a random point, so programs that start together do not share them', async () => {
  const firsts = new Set<number>();
  for (let i = 0; i < 8; i++) {
    const r = await startResponder(path.join(dir, `tid-${i}`));
    const c = await openQmiPort({ device: r.path, releaseOnSignals: false });
    firsts.add(r.stats.requests[0]!.transactionId);
    await c.close();
    await r.close();
  }
  // Eight equal starts out of 255 possible would be a one in 255^7 chance.
  assert.ok(firsts.size > 1, `first CTL transaction ids: ${[...firsts].join(', ')}`);
});

test('each request and reply is one Exchange record: the bytes on the wire, decoded once, PINs masked', async () => {
  const r = await startResponder(path.join(dir, 'evidence'));
  const c = await openQmiPort({ device: r.path, releaseOnSignals: false });
  try {
    const reply = await c.request(DMS, DMS.messages.getIds);
    assert.equal(reply.request.protocol, 'qmi');
    assert.equal(reply.request.port, r.path);
    assert.equal(reply.request.raw, r.stats.requests.at(-1)!.bytes.toString('hex'), 'recorded as built and sent');
    assert.equal(reply.response.direction, 'rx');
    assert.deepEqual((reply.response.decoded as QmiDecoded).fields, reply.message.fields);
    assert.deepEqual((reply.response.decoded as QmiDecoded).result, { ok: true, code: 0 });
    assert.ok(c.log.all().includes(reply.response));
    // A PIN: masked in the hex and the fields, and the record names what was masked.
    await c.request(DMS, DMS.messages.uimVerifyPin, { info: { pinId: 'pin', pin: '4711' } });
    const sent = c.log.all().find((e) => e.direction === 'tx' && (e.decoded as QmiDecoded | undefined)?.message === DMS.messages.uimVerifyPin.name);
    assert.ok(sent, 'the request is in the log');
    assert.deepEqual(sent.redacted, ['info']);
    assert.equal((sent.decoded as QmiDecoded).fields?.info, '[secret]');
    assert.doesNotMatch(sent.raw, new RegExp(Buffer.from('4711').toString('hex')));
    assert.match(sent.raw, /xxxx/);
    assert.doesNotMatch(JSON.stringify(c.log.all()), /4711/);
  } finally {
    await c.close();
    await r.close();
  }
});
