// DMS decoded from real frames: libqmi src/libqmi-glib/test/test-generated.c (commit c1792f4d)
// and the qmicli exchange in docs/real-tools.md. Expected values are the ones libqmi asserts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonical, clean, decodeOk, reencode } from './decode-helpers.ts';

interface Case { name: string; hex: string; kind: string; message: string; fields: Record<string, unknown> }

const cases: Case[] = [
  {
    name: 'Get IDs, TLVs out of order 0x13 0x12 0x10 0x11 (libqmi test-generated.c)',
    hex: `01 45 00 80 02 01 02 FF FF 25 00 39 00 02 04 00 00 00 00 00 13 01 00 42 12 0E 00 33 35 39 32 32 35 30 35 30
          30 33 39 39 37 10 08 00 38 30 39 39 37 38 37 34 11 0F 00 33 35 39 32 32 35 30 35 30 30 33 39 39 37 33`,
    kind: 'response', message: 'Get IDs',
    fields: { esn: '80997874', imei: '359225050039973', meid: '35922505003997', imeiSoftwareVersion: 'B' },
  },
  {
    name: 'Get IDs from a qmicli run against the PTY simulator (docs/real-tools.md)',
    hex: '012d0080020102010025002100020400000000001001003011 0f0038363736393830343132333435363712010030',
    kind: 'response', message: 'Get IDs',
    fields: { esn: '0', imei: '867698041234567', meid: '0' },
  },
  {
    name: 'UIM Get PIN Status (libqmi test-generated.c)',
    hex: '01 1F 00 80 02 01 02 FF FF 2B 00 13 00 02 04 00 00 00 00 00 12 03 00 01 02 0A 11 03 00 01 03 0A',
    kind: 'response', message: 'UIM Get PIN Status',
    fields: {
      pin1Status: { currentStatus: 'enabled-not-verified', verifyRetriesLeft: 3, unblockRetriesLeft: 10 },
      pin2Status: { currentStatus: 'enabled-not-verified', verifyRetriesLeft: 2, unblockRetriesLeft: 10 },
    },
  },
  {
    name: 'UIM Verify PIN request with PIN "1234" (libqmi test-generated.c)',
    hex: '01 15 00 00 02 01 00 01 00 28 00 09 00 01 06 00 01 04 31 32 33 34',
    kind: 'request', message: 'UIM Verify PIN',
    fields: { info: { pinId: 'pin', pin: '1234' } },
  },
  {
    name: 'Get Time: 6-byte counter, not 8 (libqmi test-generated.c)',
    hex: `01 34 00 80 02 01 02 01 00 2F 00 28 00 02 04 00 00 00 00 00 01 08 00 41 0C 90 01 CE 00 02 00
          10 08 00 51 0F F4 81 01 01 00 00 11 08 00 C8 AA B3 00 00 00 00 00`,
    kind: 'response', message: 'Get Time',
    fields: {
      // 1.25 ms ticks since 1980-01-06 (qmicli: "Time count: '884789480513 (x 1.25ms)'").
      deviceTime: { timeCount: { ms: 1105986850641.25, raw: 884789480513 }, timeSource: 'hdr-network' },
      systemTime: 1105986850641n,
      userTime: 11774664n,
    },
  },
];

for (const c of cases) {
  test(`DMS ${c.name}`, () => {
    const { frame, message } = decodeOk(c.hex);
    assert.equal(message.service.name, 'DMS');
    assert.equal(message.kind, c.kind);
    assert.equal(message.message.name, c.message);
    assert.deepEqual(message.fields, c.fields);
    assert.deepEqual(message.tlvErrors, []);
    assert.deepEqual(message.unknownTlvs, []);
    if (c.kind === 'response') assert.equal(message.result?.status, 'success');
    // Encoding the decoded values gives the same TLVs back (our encoder writes them in declaration order).
    assert.equal(canonical(reencode(frame, message)), canonical(c.hex));
  });
}

test('DMS Get IDs from the qmicli capture re-encodes byte for byte (TLVs already in declaration order)', () => {
  const hex = clean('012d0080020102010025002100020400000000001001003011 0f0038363736393830343132333435363712010030');
  const { frame, message } = decodeOk(hex);
  assert.equal(reencode(frame, message), hex);
});

test('DMS Get Model drops the trailing TAB/NUL some firmwares send', () => {
  // Hand-built from libqmi data/qmi-service-dms.json: TLV 0x01 "EC25\t\0".
  const { message } = decodeOk('01 1C 00 80 02 01 02 05 00 22 00 10 00 02 04 00 00 00 00 00 01 06 00 45 43 32 35 09 00');
  assert.equal(message.fields.model, 'EC25');
});

test('DMS UIM Verify PIN: the PIN is redacted from hex and fields', async () => {
  const { redactedHex, redactedFields } = await import('../../main/qmi/message-codec.ts');
  const { frame, message } = decodeOk('01 15 00 00 02 01 00 01 00 28 00 09 00 01 06 00 01 04 31 32 33 34');
  assert.ok(!redactedHex(frame).includes('31323334'));
  assert.equal(redactedFields(message).info, '[secret]');
});
