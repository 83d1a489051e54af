// The QMI client over a real PTY against a small responder: concurrency, timeouts, indications,
// client-id bookkeeping (allocate on first use, release on close and on SIGTERM), garbage on the
// line, and a device that vanishes mid-request.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { QmiClientError, type QmiClient } from '../../main/qmi/client.ts';
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { encodeMessage } from '../../main/qmi/message-codec.ts';
import { buildFrame } from '../../main/qmi/frame.ts';
import { defineMessage, defineService } from '../../main/qmi/schema.ts';
import { DMS } from '../../main/qmi/services/index.ts';
import { str } from '../../main/qmi/codec/fields.ts';
import { startResponder, type Responder } from '../support/qmi-responder.ts';
import { waitFor } from '../support/wait.ts';
import type { Exchange, QmiDecoded } from '../../main/evidence/exchange.ts';

// Ad-hoc declarations for behaviours the responder fakes (the real ones are declared in services/).
const DMS_TEST = defineService({ id: 0x02, name: 'DMS', messages: {
  silent: defineMessage({ id: 0x7f01, name: 'Never Answered', request: {}, response: {} }),
} });
const NAS_TEST = defineService({ id: 0x03, name: 'NAS', messages: {
  anything: defineMessage({ id: 0x7f02, name: 'Anything', request: {}, response: {} }),
  event: defineMessage({ id: 0x7f03, name: 'Event', indication: { text: { type: 0x10, field: str(), required: false, secret: false } } }),
} });

let dir: string;
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-client-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function setup(name: string, opts: { forcePolling?: boolean; timeoutMs?: number } = {}): Promise<{ r: Responder; c: QmiClient }> {
  const r = await startResponder(path.join(dir, name));
  const c = await openQmiPort({ device: r.path, releaseOnSignals: false, ...opts });
  return { r, c };
}

describe('QMI client over a PTY', () => {
  test('syncs on open, allocates a DMS client id on first use, and decodes the reply', async () => {
    const { r, c } = await setup('basic');
    const reply = await c.request(DMS, DMS.messages.getIds);
    assert.equal(reply.ok, true);
    assert.match(reply.fields.imei ?? '', /^35000000000\d{4}$/);
    assert.equal(r.stats.syncs, 1);
    assert.deepEqual(r.stats.allocated.map((a) => a.service), [2]);
    await c.request(DMS, DMS.messages.getIds);
    assert.equal(r.stats.allocated.length, 1, 'the second request reuses the client id');
    await c.close();
    await r.close();
  });

  test('many requests in flight at once each get their own reply, even answered out of order', async () => {
    const { r, c } = await setup('concurrent');
    await c.request(DMS, DMS.messages.getIds); // allocate first
    let n = 0;
    // The responder answers later requests sooner: reverse order on the wire.
    const origWrite = r.pty.write.bind(r.pty);
    const held: Buffer[] = [];
    r.pty.write = (b: Uint8Array | string) => {
      held.push(Buffer.from(b as Uint8Array));
      if (held.length === 8) for (const h of held.reverse()) origWrite(h);
    };
    const replies = await Promise.all(Array.from({ length: 8 }, () => { n++; return c.request(DMS, DMS.messages.getIds); }));
    r.pty.write = origWrite;
    assert.equal(n, 8);
    const tidOf = (e: Exchange): number => (e.decoded as QmiDecoded).transactionId;
    for (const rep of replies) {
      const tid = tidOf(rep.request);
      assert.equal(rep.fields.imei, `35000000000${String(tid).padStart(4, '0')}`, 'each reply matched to its own transaction');
    }
    assert.equal(new Set(replies.map((x) => tidOf(x.request))).size, 8);
    await c.close();
    await r.close();
  });

  test('a request the modem never answers times out with a message that says what to check', async () => {
    const { r, c } = await setup('timeout');
    r.silent.add(`2:${DMS_TEST.messages.silent.id}`);
    await assert.rejects(c.request(DMS_TEST, DMS_TEST.messages.silent, {}, { timeoutMs: 300 }), (e: unknown) => {
      assert.ok(e instanceof QmiClientError);
      assert.equal(e.code, 'timeout');
      assert.match(e.message, /Never Answered/);
      assert.match(e.message, /300 ms/);
      return true;
    });
    // The client still works after a timeout.
    assert.equal((await c.request(DMS, DMS.messages.getIds)).ok, true);
    await c.close();
    await r.close();
  });

  test('a silent device fails open with a hint about ModemManager', async () => {
    const r = await startResponder(path.join(dir, 'mute'));
    r.silent.add('0:39'); // CTL Sync
    await assert.rejects(openQmiPort({ device: r.path, timeoutMs: 300, releaseOnSignals: false }), (e: unknown) => {
      assert.ok(e instanceof QmiClientError);
      assert.match(e.message, /nothing at all has come back/);
      assert.match(e.message, /ModemManager/);
      return true;
    });
    await r.close();
  });

  test('indications for our client id and for broadcast are delivered; others are not', async () => {
    const { r, c } = await setup('indications');
    await c.request(NAS_TEST, NAS_TEST.messages.anything);
    const ours = c.clientIds.get(3)!;
    const got: string[] = [];
    // Not in the registry, so its TLV comes back raw: still delivered, nothing dropped.
    c.onIndication((i) => got.push(Buffer.from(i.message.unknownTlvs[0]?.hex ?? '', 'hex').toString()));
    const ind = (cid: number, text: string): Buffer =>
      encodeMessage(NAS_TEST, NAS_TEST.messages.event, 'indication', { text }, { clientId: cid, transactionId: 0 });
    r.send(ind(ours, 'mine'));
    r.send(ind(0xff, 'broadcast'));
    r.send(ind(ours + 40, 'someone else'));
    await waitFor(() => got.length >= 2);
    await new Promise((res) => setTimeout(res, 50));
    assert.deepEqual(got, ['mine', 'broadcast']);
    await c.close();
    await r.close();
  });

  test('close releases every client id the client allocated', async () => {
    const { r, c } = await setup('release');
    await c.request(DMS, DMS.messages.getIds);
    await c.request(NAS_TEST, NAS_TEST.messages.anything);
    assert.equal(r.stats.allocated.length, 2);
    await c.close();
    await waitFor(() => r.stats.released.length === 2);
    assert.deepEqual(
      r.stats.released.map((x) => `${x.service}/${x.clientId}`).sort(),
      r.stats.allocated.map((x) => `${x.service}/${x.clientId}`).sort(),
    );
    await assert.rejects(c.request(DMS, DMS.messages.getIds), (e: unknown) => e instanceof QmiClientError && e.code === 'closed');
    await r.close();
  });

  test('CLIENT_IDS_EXHAUSTED is answered by a Sync and one retry', async () => {
    const { r, c } = await setup('exhausted');
    r.exhaustNext = 1;
    const reply = await c.request(DMS, DMS.messages.getIds);
    assert.equal(reply.ok, true);
    assert.equal(r.stats.syncs, 2, 'one Sync on open, one to free client ids');
    await c.close();
    await r.close();
  });

  test('noise between frames is skipped and noted; frames split byte by byte still decode', async () => {
    const { r, c } = await setup('garbage');
    await c.request(DMS, DMS.messages.getIds);
    const origWrite = r.pty.write.bind(r.pty);
    r.pty.write = (b: Uint8Array | string) => {
      const buf = Buffer.from(b as Uint8Array);
      origWrite(Buffer.from('zz\x01\xff', 'latin1'));
      for (const byte of buf) origWrite(Buffer.from([byte]));
    };
    const reply = await c.request(DMS, DMS.messages.getIds);
    r.pty.write = origWrite;
    assert.equal(reply.ok, true);
    assert.ok(c.log.all().some((e) => e.error?.startsWith('not a QMI frame')), 'the noise is in the transcript');
    await c.close();
    await r.close();
  });

  test('the polling reader used for real cdc-wdm nodes works the same', async () => {
    const { r, c } = await setup('polling', { forcePolling: true });
    const reply = await c.request(DMS, DMS.messages.getIds);
    assert.equal(reply.ok, true);
    await c.close();
    await waitFor(() => r.stats.released.length === 1);
    await r.close();
  });

  test('a device that vanishes fails the pending request as gone (unplugged), not as a timeout', async () => {
    const { r, c } = await setup('unplug');
    await c.request(DMS, DMS.messages.getIds);
    r.silent.add(`2:${DMS.messages.getIds.id}`);
    const pending = c.request(DMS, DMS.messages.getIds, {}, { timeoutMs: 5000 });
    await new Promise((res) => setTimeout(res, 50));
    r.pty.hangup();
    await assert.rejects(pending, (e: unknown) => {
      assert.ok(e instanceof QmiClientError);
      assert.equal(e.code, 'gone');
      assert.match(e.message, /unplugged|hung up|stopped responding/);
      return true;
    });
    await c.close();
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) test(`${signal} makes a process release its client ids before it exits`, async () => {
    const r = await startResponder(path.join(dir, `signal-${signal}`));
    const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'support', 'qmi-signal-child.ts'), r.path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    await waitFor(() => out.includes('ready'), 10000);
    assert.equal(r.stats.allocated.length, 1);
    child.kill(signal);
    const code = await new Promise<number | null>((res) => child.on('exit', (c2, sig) => res(c2 ?? (sig ? -1 : null))));
    assert.equal(code, -1, 'the process still ends by the signal');
    assert.deepEqual(r.stats.released, r.stats.allocated);
    await r.close();
  });

  test('a malformed reply is reported in the transcript, and the request times out instead of hanging', async () => {
    const { r, c } = await setup('malformed');
    await c.request(DMS, DMS.messages.getIds);
    r.silent.add(`2:${DMS.messages.getIds.id}`);
    const p = c.request(DMS, DMS.messages.getIds, {}, { timeoutMs: 400 });
    // A frame whose TLV overruns: header lengths agree, TLV length lies.
    const bad = buildFrame({ service: 2, clientId: c.clientIds.get(2)!, kind: 'response', transactionId: 99, messageId: 0x25,
      tlvs: [{ type: 2, value: Buffer.from([0, 0, 0, 0]) }] });
    bad.writeUInt16LE(200, bad.length - 6);
    r.send(bad);
    await assert.rejects(p, (e: unknown) => e instanceof QmiClientError && e.code === 'timeout');
    assert.ok(c.log.all().some((e) => e.error?.startsWith('invalid frame')));
    await c.close();
    await r.close();
  });
});
