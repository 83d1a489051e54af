// WDS: the seed case (the 2018 uqmi garbage on ARMv5, docs/log-signatures.md), uqmi's Stop Network
// frame
// (openwrt uqmi, uqmi/commands-wds.c) and hand-built frames following libqmi data/qmi-service-wds.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeOk, reencode } from './decode-helpers.ts';
import { WDS } from '../../main/qmi/services/index.ts';
import { encodeMessage } from '../../main/qmi/message-codec.ts';

// Get Current Settings response in natural ascending order 0x02 0x11 0x15 0x16 0x1E 0x20 0x21 0x29 0x2B:
// value offsets 27, 34, 41 (≡1 mod 4), 48 (≡0), 55, 62 (≡2) — written out by hand, not by our encoder.
const SEED_CURRENT_SETTINGS = `01 45 00 80 01 01 02 09 00 2D 00 39 00
  02 04 00 00 00 00 00
  11 01 00 00
  15 04 00 19 41 16 0A
  16 04 00 19 61 16 0A
  1E 04 00 C6 9A 17 0A
  20 04 00 C5 9A 17 0A
  21 04 00 FC FF FF FF
  29 04 00 DC 05 00 00
  2B 01 00 04`;

test('seed: WDS Get Current Settings decodes mtu 1500 and 10.23.154.198 / .197, not 263644 / 0.23.154.198', () => {
  const { frame, message } = decodeOk(SEED_CURRENT_SETTINGS);
  assert.deepEqual(frame.tlvs.map((t) => t.offset), [16, 23, 27, 34, 41, 48, 55, 62, 69]);
  const f = message.fields;
  assert.notEqual(f.mtu, 263644);
  assert.notEqual(f.ipv4Address, '0.23.154.198');
  assert.equal(f.mtu, 1500);
  assert.equal(f.ipv4Address, '10.23.154.198');
  assert.equal(f.ipv4GatewayAddress, '10.23.154.197');
  assert.equal(f.ipv4GatewaySubnetMask, '255.255.255.252');
  assert.equal(f.primaryIpv4DnsAddress, '10.22.65.25');
  assert.equal(f.secondaryIpv4DnsAddress, '10.22.97.25');
  assert.equal(f.pdpType, 'ipv4');
  assert.equal(f.ipFamily, 'ipv4');
  assert.deepEqual(message.tlvErrors, []);
  // Our encoder writes declaration order, which is ascending here: byte for byte the same.
  assert.equal(reencode(frame, message), SEED_CURRENT_SETTINGS.replace(/\s/g, '').toLowerCase());
});

test('WDS Get Current Settings: a TLV shorter than declared is a per-TLV error; the others still decode', () => {
  // 0x1E (IPv4) carries 3 bytes instead of 4; 0x29 (MTU) is fine.
  const hex = '01 20 00 80 01 01 02 09 00 2D 00 14 00 02 04 00 00 00 00 00 1E 03 00 C6 9A 17 29 04 00 DC 05 00 00';
  const { message } = decodeOk(hex);
  assert.equal(message.fields.mtu, 1500);
  assert.equal(message.fields.ipv4Address, undefined);
  assert.equal(message.tlvErrors.length, 1);
  const e = message.tlvErrors[0]!;
  assert.equal(e.type, 0x1e);
  assert.equal(e.field, 'ipv4Address');
  assert.equal(e.code, 'tlv-too-short');
  assert.equal(e.offset, 23);
  assert.equal(e.length, 3);
  assert.equal(e.needs, 4);
  assert.equal(e.message, 'TLV 0x1e (ipv4Address) is 3 bytes long, but its format IPv4 address (u32 LE) needs at least 4');
});

test('WDS Get Current Settings: IPv6 address with prefix, IPv6 DNS in network order', () => {
  // 0x25 = 2001:db8::1 /64, 0x27 = 2001:4860:4860::8888.
  const hex = `01 3A 00 80 01 01 02 0A 00 2D 00 2E 00 02 04 00 00 00 00 00
    25 11 00 20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 01 40
    27 10 00 20 01 48 60 48 60 00 00 00 00 00 00 00 00 88 88`;
  const { message } = decodeOk(hex);
  assert.deepEqual(message.fields.ipv6Address, { address: '2001:db8::1', prefixLength: 64 });
  assert.equal(message.fields.ipv6PrimaryDnsAddress, '2001:4860:4860::8888');
});

test('WDS Stop Network with the global handle and disable-autoconnect: uqmi\'s exact bytes (uqmi/commands-wds.c)', () => {
  const hex = '01 17 00 00 01 05 00 07 00 21 00 0B 00 01 04 00 FF FF FF FF 10 01 00 01';
  const { message } = decodeOk(hex);
  assert.deepEqual(message.fields, { packetDataHandle: 0xffffffff, disableAutoconnect: true });
  const built = encodeMessage(WDS, WDS.messages.stopNetwork, 'request',
    { packetDataHandle: 0xffffffff, disableAutoconnect: true }, { clientId: 5, transactionId: 7 });
  assert.equal(built.toString('hex'), hex.replace(/\s/g, '').toLowerCase());
});

test('WDS Start Network CALL_FAILED: verbose reason 3GPP cause 27 (unknown APN), no handle, no missing-TLV complaint', () => {
  const hex = '01 1F 00 80 01 01 02 0B 00 20 00 13 00 02 04 00 01 00 0E 00 10 02 00 01 00 11 04 00 06 00 1B 00';
  const { message } = decodeOk(hex);
  assert.equal(message.result?.errorName, 'call-failed');
  assert.equal(message.fields.callEndReason, 'generic-unspecified');
  assert.deepEqual(message.fields.verboseCallEndReason, { type: '3gpp', reason: 27, name: 'unknown-apn' });
  assert.deepEqual(message.tlvErrors, []);
});

test('WDS Start Network request: APN, auth, password secret, IP family, profile', async () => {
  const { redactedFields, redactedHex } = await import('../../main/qmi/message-codec.ts');
  const bytes = encodeMessage(WDS, WDS.messages.startNetwork, 'request',
    { apn: 'internet', authenticationPreference: ['pap', 'chap'], username: 'u', password: 'hunter2', ipFamilyPreference: 'ipv4', profileIndex3gpp: 1 },
    { clientId: 1, transactionId: 2 });
  const { frame, message } = decodeOk(bytes.toString('hex'));
  assert.equal(message.fields.apn, 'internet');
  assert.deepEqual(message.fields.authenticationPreference, ['pap', 'chap']);
  assert.equal(frame.tlvs.find((t) => t.type === 0x16)?.value.toString('hex'), '03');
  assert.equal(frame.tlvs.find((t) => t.type === 0x19)?.value.toString('hex'), '04');
  assert.equal(redactedFields(message).password, '[secret]');
  assert.ok(!redactedHex(frame).includes(Buffer.from('hunter2').toString('hex')));
});

test('WDS Packet Service Status: response and indication (same id, different layout)', () => {
  const resp = decodeOk('01 17 00 80 01 01 02 0C 00 22 00 0B 00 02 04 00 00 00 00 00 01 01 00 02');
  assert.equal(resp.message.fields.connectionStatus, 'connected');
  const ind = decodeOk('01 1A 00 80 01 FF 04 00 00 22 00 0E 00 01 02 00 01 00 10 02 00 02 00 12 01 00 04');
  assert.equal(ind.message.kind, 'indication');
  assert.deepEqual(ind.message.fields.connectionStatus, { status: 'disconnected', reconfigurationRequired: false });
  assert.equal(ind.message.fields.callEndReason, 'generic-client-end');
  assert.equal(ind.message.fields.ipFamily, 'ipv4');
});

test('WDS Get Profile List: u8 count of {type, index, u8-prefixed name}', () => {
  const hex = '01 23 00 80 01 01 02 0D 00 2A 00 17 00 02 04 00 00 00 00 00 01 0D 00 02 00 01 03 69 6E 74 00 02 03 69 6D 73';
  const { frame, message } = decodeOk(hex);
  assert.deepEqual(message.fields.profileList, [
    { profileType: '3gpp', profileIndex: 1, profileName: 'int' },
    { profileType: '3gpp', profileIndex: 2, profileName: 'ims' },
  ]);
  assert.equal(reencode(frame, message), hex.replace(/\s/g, '').toLowerCase());
});

test('WDS Get Profile Settings: shared settings TLVs, password kept secret', async () => {
  const { redactedFields } = await import('../../main/qmi/message-codec.ts');
  const hex = '01 2B 00 80 01 01 02 0E 00 2B 00 1F 00 02 04 00 00 00 00 00 11 01 00 03 14 08 00 69 6E 74 65 72 6E 65 74 1C 02 00 70 77 1D 01 00 01';
  const { message } = decodeOk(hex);
  assert.equal(message.fields.pdpType, 'ipv4-or-ipv6');
  assert.equal(message.fields.apnName, 'internet');
  assert.deepEqual(message.fields.authentication, ['pap']);
  assert.equal(redactedFields(message).password, '[secret]');
});

test('WDS Get Autoconnect Settings, Get Data Bearer Technology (LTE), Set IP Family', () => {
  assert.equal(decodeOk('01 17 00 80 01 01 02 0F 00 34 00 0B 00 02 04 00 00 00 00 00 01 01 00 01').message.fields.status, 'enabled');
  assert.equal(decodeOk('01 17 00 80 01 01 02 10 00 37 00 0B 00 02 04 00 00 00 00 00 01 01 00 0A').message.fields.current, 'lte');
  assert.equal(decodeOk('01 10 00 00 01 01 00 11 00 4D 00 04 00 01 01 00 06').message.fields.preference, 'ipv6');
});
