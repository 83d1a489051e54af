// QMUX framing: every check of libqmi qmi-message.c message_check gives its typed error code at the
// right offset;
// CTL (6-byte SDU header, u8 tid) vs service (7-byte, u16 tid); captured frames round-trip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFrame, parseFrame, parseHex } from '../../main/qmi/frame.ts';
import { decodeHexFrame } from '../../main/qmi/message-codec.ts';
import { QmiDecodeError } from '../../main/qmi/codec/errors.ts';
import { clean, decodeOk, reencode } from './decode-helpers.ts';

const h = (s: string): Buffer => Buffer.from(clean(s), 'hex');

const invalid: { name: string; hex: string; code: string; offset: number }[] = [
  { name: '1. shorter than the 6-byte QMUX header', hex: '01 0b 00 00 00', code: 'too-short', offset: 5 },
  { name: '2. marker is not 0x01', hex: '02 0b 00 00 00 00 00 01 21 00 00 00', code: 'bad-marker', offset: 0 },
  { name: '3. QMUX length disagrees with the buffer', hex: '01 0c 00 00 00 00 00 01 21 00 00 00', code: 'length-mismatch', offset: 1 },
  { name: '4. QMUX length too small for the CTL SDU header', hex: '01 0a 00 00 00 00 00 01 21 00 00', code: 'sdu-too-short', offset: 1 },
  { name: '4. QMUX length too small for a service SDU header', hex: '01 0b 00 00 02 01 00 01 00 25 00 00', code: 'sdu-too-short', offset: 1 },
  { name: '5. TLV-area length disagrees with the QMUX length (CTL)', hex: '01 0b 00 00 00 00 00 01 21 00 01 00', code: 'tlv-length-mismatch', offset: 10 },
  { name: '5. TLV-area length disagrees with the QMUX length (service)', hex: '01 0c 00 00 02 01 00 01 00 25 00 05 00', code: 'tlv-length-mismatch', offset: 11 },
  { name: '6. a TLV header runs past the end', hex: '01 0e 00 00 02 01 00 01 00 25 00 02 00 10 01', code: 'tlv-header-overrun', offset: 13 },
  { name: '6. a TLV value runs past the end', hex: '01 10 00 00 02 01 00 01 00 25 00 04 00 10 05 00 41', code: 'tlv-value-overrun', offset: 13 },
];

for (const c of invalid) {
  test(`frame check ${c.name} -> ${c.code} at offset ${c.offset}`, () => {
    const r = parseFrame(h(c.hex));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.ok(r.error instanceof QmiDecodeError);
    assert.equal(r.error.code, c.code);
    assert.equal(r.error.offset, c.offset);
    assert.ok(r.error.message.length > 10, 'a human message');
  });
}

test('qmux flags 0x00 on a reply (libqmi test fixture style) is accepted', () => {
  const r = parseFrame(h('01 17 00 00 00 00 01 01 22 00 0c 00 02 04 00 00 00 00 00 01 02 00 02 01'));
  assert.equal(r.ok, true);
  if (r.ok) assert.equal(r.frame.kind, 'response');
});

test('CTL header: u8 transaction id, flags bit0 = response, bit1 = indication', () => {
  const r = parseFrame(h('011700800000010122000c00020400000000000102000201'));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.frame.service, 0);
  assert.equal(r.frame.kind, 'response');
  assert.equal(r.frame.transactionId, 1);
  assert.equal(r.frame.messageId, 0x0022);
  assert.equal(r.frame.tlvs[0]!.offset, 15);
  const ind = parseFrame(h('01 0b 00 80 00 00 02 05 27 00 00 00'));
  assert.ok(ind.ok && ind.frame.kind === 'indication');
});

test('service header: u16 transaction id, flags bit1 = response, bit2 = indication', () => {
  const r = parseFrame(h('01 0c 00 00 02 01 00 34 12 25 00 00 00'));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.frame.transactionId, 0x1234);
  assert.equal(r.frame.kind, 'request');
  const ind = parseFrame(h('01 0c 00 80 03 ff 04 00 00 24 00 00 00'));
  assert.ok(ind.ok && ind.frame.kind === 'indication' && ind.frame.clientId === 0xff);
  // The compound bit (0x01) alone does not make a response.
  const cmp = parseFrame(h('01 0c 00 00 02 01 01 01 00 25 00 00 00'));
  assert.ok(cmp.ok && cmp.frame.kind === 'request');
});

// Every frame qmicli and qmi-proxy exchanged with the PTY simulator (captured on this project's
// test machines, docs/real-tools.md).
const captured = [
  '010f0000000000012200040001010002',
  '011700800000010122000c00020400000000000102000201',
  '010c0000020100010025000000',
  '012d0080020102010025002100020400000000001001003011 0f0038363736393830343132333435363712010030',
  '0110000000000002230005000102000201',
  '011700800000010223000c00020400000000000102000201',
  '010b00000000000121000000',
  '012f0080000001012100240002040000000000011a0005000100050001010043000201000e0003010008000b01000100',
  '010b00000000000227000000',
  '01120080000001022700070002040000000000',
  '011800000000000100ff0d00010a00 2f6465762f7074732f30',
  '011200800000010100ff070002040000000000',
  '011700800000010222000c00020400000000000102000204',
];

for (const hex of captured) {
  test(`captured frame round-trips byte for byte: ${clean(hex).slice(0, 24)}…`, () => {
    const { frame, message } = decodeOk(hex);
    assert.deepEqual(message.tlvErrors, []);
    assert.deepEqual(message.unknownTlvs, []);
    assert.equal(reencode(frame, message), clean(hex));
  });
}

test('CTL Get Version Info capture lists ctl 1.5, wds 1.67, dms 1.14, nas 1.8, uim 1.1', () => {
  const { message } = decodeOk('012f0080000001012100240002040000000000011a0005000100050001010043000201000e0003010008000b01000100');
  assert.deepEqual(message.fields.services, [
    { service: 0, major: 1, minor: 5 }, { service: 1, major: 1, minor: 67 }, { service: 2, major: 1, minor: 14 },
    { service: 3, major: 1, minor: 8 }, { service: 0x0b, major: 1, minor: 1 },
  ]);
});

test('buildFrame is the inverse of parseFrame', () => {
  const bytes = buildFrame({ service: 3, clientId: 2, kind: 'indication', transactionId: 9, messageId: 0x24, tlvs: [{ type: 0x10, value: Buffer.from([1]) }] });
  const r = parseFrame(bytes);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual([r.frame.service, r.frame.clientId, r.frame.kind, r.frame.transactionId, r.frame.messageId, r.frame.qmuxFlags],
    [3, 2, 'indication', 9, 0x24, 0x80]);
  assert.deepEqual(r.frame.tlvs.map((t) => [t.type, t.value.toString('hex')]), [[0x10, '01']]);
});

test('hex input: spaces, colons and 0x tolerated; bad digits and odd length are typed errors', () => {
  assert.ok(parseHex('0x01:0b 00').ok);
  const bad = decodeHexFrame('01 0g');
  assert.ok(!bad.ok && bad.error.code === 'bad-hex');
  const odd = decodeHexFrame('010');
  assert.ok(!odd.ok && odd.error.code === 'bad-hex');
});

test('unknown service and message come back named "unknown-…" with their TLVs raw', () => {
  const { message } = decodeOk('01 10 00 80 42 01 02 01 00 99 00 04 00 10 01 00 07');
  assert.equal(message.service.name, 'unknown-0x42');
  assert.equal(message.message.name, 'unknown-0x0099');
  assert.deepEqual(message.unknownTlvs, [{ type: 0x10, hex: '07' }]);
});
