// The virtual modem's DIAG port answers QCDM as a Qualcomm modem's does: ModemManager's probe
// (Version Info, sent as 7e 00 78 f0 7e in MM's debug log) gets a 55-byte Version Info reply
// framed with a valid CRC; an unknown command gets "bad command"; AT text stays unanswered.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeQcdmFrame, encodeQcdmFrame, fcs16 } from '../../main/simulator/qcdm.ts';
import { PtyClient } from './pty-client.ts';
import { withSim } from './support.ts';

test('HDLC framing: the CRC of MM\'s Version Info probe, escapes both ways, a bad CRC refused', () => {
  assert.equal(fcs16(Buffer.from([0x00])), 0xf078);
  assert.deepEqual(encodeQcdmFrame(Buffer.from([0x00])), Buffer.from('0078f07e', 'hex'));
  const tricky = Buffer.from([0x7e, 0x7d, 0x01]);
  const wire = encodeQcdmFrame(tricky);
  assert.equal(wire.subarray(0, -1).includes(0x7e), false, 'no flag inside a frame');
  assert.deepEqual(decodeQcdmFrame(wire.subarray(0, -1)), { ok: true, payload: tricky });
  const bad = decodeQcdmFrame(Buffer.from([0x00, 0x78, 0xf1]));
  assert.equal(bad.ok, false);
});

test('DIAG port: Version Info answered, unknown command "bad command", AT ignored', () => withSim('ec25', 'healthy', async (sim) => {
  const diag = new PtyClient(sim.ports.diag!);
  diag.write(Buffer.from('7e0078f07e', 'hex'));
  assert.ok(await diag.until(() => diag.data.includes(0x7e)), 'a framed reply');
  const reply = decodeQcdmFrame(diag.data.subarray(0, diag.data.indexOf(0x7e)));
  assert.ok(reply.ok);
  assert.equal(reply.payload.length, 55);
  assert.equal(reply.payload[0], 0x00);
  assert.equal(reply.payload.subarray(39, 47).toString('latin1').trim(), 'EC25');
  diag.clear();
  diag.write(encodeQcdmFrame(Buffer.from([0x4b, 0x04])));
  assert.ok(await diag.until(() => diag.data.includes(0x7e)));
  const bad = decodeQcdmFrame(diag.data.subarray(0, diag.data.indexOf(0x7e)));
  assert.deepEqual(bad.ok && [...bad.payload], [0x13, 0x4b, 0x04]);
  diag.close();
}));
