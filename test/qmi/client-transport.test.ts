// The QMI client is handed its byte pipe: here an in-memory one (no device, no PTY), answered
// by a few lines of test code. What the client sends on start is what it was told: a CTL Sync
// only when it owns the port.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QmiClient } from '../../main/qmi/client.ts';
import { parseFrame } from '../../main/qmi/frame.ts';
import { decodeMessage, encodeMessage } from '../../main/qmi/message-codec.ts';
import { CTL, DMS, UIM, WDS } from '../../main/qmi/services/index.ts';
import type { ByteTransport, TransportError } from '../../main/transport/byte-transport.ts';

/** A pipe whose far end answers CTL Sync, Allocate/Release CID and DMS Get IDs at once. */
function testPipe(): ByteTransport & { sent: string[]; allocated: number[] } {
  const data: ((b: Buffer) => void)[] = [];
  const closed: ((e?: TransportError) => void)[] = [];
  const sent: string[] = [];
  const allocated: number[] = [];
  const answer = (bytes: Buffer): Buffer | undefined => {
    const p = parseFrame(bytes);
    if (!p.ok) return undefined;
    const m = decodeMessage(p.frame);
    sent.push(`${m.service.name} ${m.message.name}`);
    const ids = { clientId: p.frame.clientId, transactionId: p.frame.transactionId };
    if (p.frame.service === CTL.id && p.frame.messageId === CTL.messages.allocateCid.id) {
      allocated.push(m.fields.service as number);
      return encodeMessage(CTL, CTL.messages.allocateCid, 'response', { allocation: { service: m.fields.service as number, clientId: 7 } }, ids);
    }
    if (p.frame.service === CTL.id && p.frame.messageId === CTL.messages.releaseCid.id) {
      return encodeMessage(CTL, CTL.messages.releaseCid, 'response', { release: m.fields.release as { service: number; clientId: number } }, ids);
    }
    if (p.frame.service === CTL.id && p.frame.messageId === CTL.messages.sync.id) return encodeMessage(CTL, CTL.messages.sync, 'response', {}, ids);
    return encodeMessage(DMS, DMS.messages.getIds, 'response', { imei: '490154203237518' }, ids);
  };
  return {
    description: 'test pipe', sent, allocated,
    write: async (b) => { const out = answer(Buffer.from(b)); if (out) queueMicrotask(() => { for (const l of data) l(out); }); },
    onData: (l) => { data.push(l); },
    onClose: (l) => { closed.push(l); },
    close: async () => { for (const l of closed) l(); },
  };
}

test('a client on a pipe it does not own sends no Sync, and gives its client id back on close', async () => {
  const pipe = testPipe();
  const c = await QmiClient.start(pipe, { ownsDevice: false, releaseOnSignals: false });
  const r = await c.request(DMS, DMS.messages.getIds);
  assert.equal(r.fields.imei, '490154203237518');
  assert.equal(c.port, 'test pipe');
  await c.close();
  assert.deepEqual(pipe.sent, ['CTL Allocate CID', 'DMS Get IDs', 'CTL Release CID']);
});

test('a client that owns its pipe syncs first (and not when told not to)', async () => {
  const owned = testPipe();
  const c = await QmiClient.start(owned, { ownsDevice: true, releaseOnSignals: false });
  await c.close();
  assert.deepEqual(owned.sent, ['CTL Sync']);
  const noSync = testPipe();
  const c2 = await QmiClient.start(noSync, { ownsDevice: true, sync: false, releaseOnSignals: false });
  await c2.close();
  assert.deepEqual(noSync.sent, []);
});

test('allocateAhead asks for every client id at once, in the order given, and requests then use them', async () => {
  const pipe = testPipe();
  const c = new QmiClient(pipe, { ownsDevice: false, releaseOnSignals: false });
  c.allocateAhead([UIM, WDS, DMS]);
  // All three are asked before anything else happens.
  assert.deepEqual(pipe.sent, ['CTL Allocate CID', 'CTL Allocate CID', 'CTL Allocate CID']);
  const r = await c.request(DMS, DMS.messages.getIds);
  assert.equal(r.fields.imei, '490154203237518');
  assert.deepEqual(pipe.allocated, [UIM.id, WDS.id, DMS.id]);
  assert.deepEqual(pipe.sent, ['CTL Allocate CID', 'CTL Allocate CID', 'CTL Allocate CID', 'DMS Get IDs']);
  await c.close();
});

test('a request on a service whose client id is held leaves in the caller\'s turn', async () => {
  const pipe = testPipe();
  const c = new QmiClient(pipe, { ownsDevice: false, releaseOnSignals: false });
  await c.request(DMS, DMS.messages.getIds); // the DMS client id is held from now on
  const asked = c.request(DMS, DMS.messages.getIds);
  // Already sent, before anything else the caller (or a burst of other replies) does in this turn.
  assert.deepEqual(pipe.sent, ['CTL Allocate CID', 'DMS Get IDs', 'DMS Get IDs']);
  await asked;
  await c.close();
});

test('close gives every client id back at once, in the caller\'s turn', async () => {
  const pipe = testPipe();
  const c = new QmiClient(pipe, { ownsDevice: false, releaseOnSignals: false });
  c.allocateAhead([UIM, WDS]);
  await c.request(DMS, DMS.messages.getIds);
  await new Promise((r) => setImmediate(r)); // every allocation answered
  const closing = c.close();
  // Already sent, before anything else the caller does in this turn.
  assert.equal(pipe.sent.filter((s) => s === 'CTL Release CID').length, 3);
  await closing;
  assert.equal(c.clientIds.size, 0);
});

test('releaseClientIds gives every client id back and keeps the port open: a later request allocates again, and close releases only that one', async () => {
  const pipe = testPipe();
  let pipeClosed = false;
  const closePipe = pipe.close;
  pipe.close = async () => { pipeClosed = true; await closePipe(); };
  const c = new QmiClient(pipe, { ownsDevice: false, releaseOnSignals: false });
  await c.request(DMS, DMS.messages.getIds);
  await c.releaseClientIds();
  assert.equal(c.clientIds.size, 0);
  assert.equal(pipeClosed, false, 'the port stays open');
  await c.request(DMS, DMS.messages.getIds);
  await c.close();
  assert.equal(pipeClosed, true);
  assert.deepEqual(pipe.sent, ['CTL Allocate CID', 'DMS Get IDs', 'CTL Release CID', 'CTL Allocate CID', 'DMS Get IDs', 'CTL Release CID']);
});

test('a Release CID the modem left unanswered is not asked again at close (a silent modem is waited for once)', async () => {
  const pipe = testPipe();
  const write = pipe.write;
  let releasesWritten = 0;
  // The far end takes Release CIDs and never answers them.
  pipe.write = async (b) => {
    const p = parseFrame(Buffer.from(b));
    if (p.ok && p.frame.service === CTL.id && p.frame.messageId === CTL.messages.releaseCid.id) { releasesWritten++; return; }
    await write(b);
  };
  const c = new QmiClient(pipe, { ownsDevice: false, releaseOnSignals: false });
  await c.request(DMS, DMS.messages.getIds);
  await c.releaseClientIds(); // bounded: gives up after its time
  await c.close();
  assert.equal(releasesWritten, 1);
});
