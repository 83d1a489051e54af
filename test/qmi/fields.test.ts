// Field types one by one: decode, encode, and a typed error naming the offset when input is short.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reader, Writer } from '../../main/qmi/codec/cursor.ts';
import {
  array, bool, bytes, bytes8, enumOf, fixedBytes, fixedStr, flagsOf, formatIpv6, i8, i16, i32, ipv4, ipv6, parseIpv6,
  str, str8, str16, struct, u8, u16, u32, u48, u64, type AnyField,
} from '../../main/qmi/codec/fields.ts';
import { QmiDecodeError, QmiEncodeError } from '../../main/qmi/codec/errors.ts';
import { gsm7Unpack } from '../../main/qmi/codec/gsm7.ts';

const dec = (f: AnyField, hex: string): unknown => f.decode(new Reader(Buffer.from(hex, 'hex')));
const enc = (f: AnyField, v: unknown): string => { const w = new Writer(); f.encode(w, v, 'v'); return w.toBuffer().toString('hex'); };

const table: { name: string; field: AnyField; hex: string; value: unknown }[] = [
  { name: 'u8', field: u8, hex: 'ff', value: 255 },
  { name: 'u16 little-endian', field: u16, hex: 'dc05', value: 1500 },
  { name: 'u32 little-endian', field: u32, hex: 'dc050000', value: 1500 },
  { name: 'u48 (DMS Get Time counter)', field: u48, hex: '410c9001ce00', value: 884789480513 },
  { name: 'u64 as bigint', field: u64, hex: '510ff48101010000', value: 1105986850641n },
  { name: 'i8', field: i8, hex: 'b3', value: -77 },
  { name: 'i16', field: i16, hex: '97ff', value: -105 },
  { name: 'i32', field: i32, hex: 'feffffff', value: -2 },
  { name: 'bool u8', field: bool(), hex: '01', value: true },
  { name: 'bool u32', field: bool('u32'), hex: '00000000', value: false },
  { name: 'ipv4 u32 LE shown from the top byte', field: ipv4, hex: 'c69a170a', value: '10.23.154.198' },
  { name: 'ipv6 8 x u16 BE', field: ipv6, hex: '20010db8000000000000000000000001', value: '2001:db8::1' },
  { name: 'str fills the TLV', field: str(), hex: '696e7465726e6574', value: 'internet' },
  { name: 'str8 u8 length', field: str8(), hex: '03696d73', value: 'ims' },
  { name: 'str16 u16 length', field: str16(), hex: '02006162', value: 'ab' },
  { name: 'fixedStr(3) drops 0xFF padding', field: fixedStr(3), hex: '3234ff', value: '24' },
  { name: 'bytes fill the rest', field: bytes(), hex: 'a00087', value: 'a00087' },
  { name: 'bytes8', field: bytes8(), hex: '03a00087', value: 'a00087' },
  { name: 'fixedBytes(3)', field: fixedBytes(3), hex: '123456', value: '123456' },
  { name: 'enum by name', field: enumOf(u8, { 2: 'raw-ip' }), hex: '02', value: 'raw-ip' },
  { name: 'enum unnamed value stays a number', field: enumOf(u8, { 2: 'raw-ip' }), hex: '07', value: 7 },
  { name: 'flags by bit', field: flagsOf(u16, { 3: 'umts', 4: 'lte' }), hex: '1800', value: ['umts', 'lte'] },
  { name: 'flags unnamed bit', field: flagsOf(u8, { 0: 'pap' }), hex: '05', value: ['pap', 'bit2'] },
  { name: 'array u8 count', field: array(u16), hex: '020100ffff', value: [1, 65535] },
  { name: 'array u16 count', field: array(u8, 'u16'), hex: '02000708', value: [7, 8] },
  { name: 'array fixed count', field: array(u8, 2), hex: '0708', value: [7, 8] },
  { name: 'struct in order, no padding', field: struct({ mcc: u16, mnc: u16 }), hex: 'de005800', value: { mcc: 222, mnc: 88 } },
];

for (const c of table) {
  test(`field ${c.name}: decodes and encodes`, () => {
    assert.deepEqual(dec(c.field, c.hex), c.value);
    assert.equal(enc(c.field, c.value), c.hex);
  });
}

test('array "rest" reads elements until the container ends', () => {
  assert.deepEqual(dec(array(u16, 'rest'), '01000200'), [1, 2]);
});

const short: { name: string; field: AnyField; hex: string; offset: number }[] = [
  { name: 'u16 with 1 byte', field: u16, hex: '01', offset: 0 },
  { name: 'u32 with 3 bytes', field: u32, hex: 'c69a17', offset: 0 },
  { name: 'ipv6 with 15 bytes', field: ipv6, hex: '00'.repeat(15), offset: 0 },
  { name: 'str8 whose length runs past the end', field: str8(), hex: '05414243', offset: 1 },
  { name: 'struct whose second member is cut', field: struct({ a: u16, b: u32 }), hex: '0100ffff', offset: 2 },
  { name: 'array element cut', field: array(u16), hex: '02010002', offset: 3 },
  { name: 'fixedStr(3) with 2 bytes', field: fixedStr(3), hex: '3234', offset: 0 },
];

for (const c of short) {
  test(`field ${c.name}: QmiDecodeError 'tlv-too-short' at offset ${c.offset}`, () => {
    assert.throws(() => dec(c.field, c.hex), (e: unknown) => e instanceof QmiDecodeError && e.code === 'tlv-too-short' && e.offset === c.offset);
  });
}

test('errors inside a frame carry absolute offsets', () => {
  const buf = Buffer.from('ffffff0100', 'hex');
  assert.throws(() => u32.decode(new Reader(buf, 3, 5)), (e: unknown) => e instanceof QmiDecodeError && e.offset === 3);
});

test('encoders refuse values the format cannot carry', () => {
  assert.throws(() => enc(u8, 256), QmiEncodeError);
  assert.throws(() => enc(i8, -129), QmiEncodeError);
  assert.throws(() => enc(ipv4, '10.0.0.256'), QmiEncodeError);
  assert.throws(() => enc(ipv6, '1::2::3'), QmiEncodeError);
  assert.throws(() => enc(str8(), 'x'.repeat(256)), QmiEncodeError);
  assert.throws(() => enc(fixedStr(3), 'abcd'), QmiEncodeError);
  assert.throws(() => enc(enumOf(u8, { 1: 'a' }), 'b'), QmiEncodeError);
  assert.throws(() => enc(flagsOf(u8, { 1: 'a' }), ['bit9']), QmiEncodeError);
  assert.throws(() => enc(struct({ a: u8 }), {}), QmiEncodeError);
});

test('GSM-7: libqmi test-generated.c bytes 49 76 3A 4C 06 unpack to "Iliad"; a NAS description picks GSM-7 over non-printable ASCII', () => {
  assert.equal(gsm7Unpack(Buffer.from('49763a4c06', 'hex')), 'Iliad');
  assert.equal(dec(str8({ encoding: 'utf8-or-gsm7' }), '0549763a4c06'), 'Iliad');
  assert.equal(dec(str8({ encoding: 'utf8-or-gsm7' }), '0457494e44'), 'WIND');
  assert.equal(dec(str8({ encoding: 'utf8-or-gsm7' }), '03c3a96c'), 'él');
});

test('str({trim}) drops trailing TAB/NUL (DMS Get Model), plain str keeps them', () => {
  assert.equal(dec(str({ trim: true }), '454332350900'), 'EC25');
  assert.equal(dec(str(), '454332350900'), 'EC25\t\0');
});

test('IPv6 formatting follows RFC 5952 (longest zero run, not a single zero word)', () => {
  assert.equal(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1');
  assert.equal(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), '2001:db8:0:1:1:1:1:1');
  assert.equal(formatIpv6([0, 0, 0, 0, 0, 0, 0, 0]), '::');
  assert.equal(formatIpv6([0xfe80, 0, 0, 0, 0, 0, 0, 1]), 'fe80::1');
  assert.deepEqual(parseIpv6('fe80::1'), [0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  assert.equal(parseIpv6('1:2:3'), null);
});
