// NAS decoded from real frames (libqmi src/libqmi-glib/test/test-generated.c, commit c1792f4d)
// plus hand-built frames from libqmi data/qmi-service-nas.json layouts. Expected values are the
// ones libqmi asserts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonical, decodeOk, reencode } from './decode-helpers.ts';

const ILIAD_SERVING_SYSTEM = `01 6E 00 80 03 01 02 01 00 24 00 62 00 02 04 00 00 00 00 00 01 06 00 01 01 01 02 01 05 10
  01 00 01 11 04 00 03 03 04 05 12 0A 00 DE 00 32 00 05 49 76 3A 4C 06 15 03 00 01 05 01 1B 01 00 00 1C 02 00 B4 5F 1D 04
  00 CF 5A 13 01 21 05 00 02 03 00 00 00 25 08 00 03 00 00 00 03 00 00 00 26 02 00 22 01 27 05 00 DE 00 32 00 00 28 01 00 00`;

const SYSTEM_INFO = `01 9A 00 80 03 01 02 01 00 4D 00 8E 00 02 04 00 00 00 00 00 12 03 00 00 00 00 13 03 00 00 00 00
  14 03 00 02 02 00 19 1D 00 01 03 01 03 01 00 01 00 00 FF FF 01 05 A9 18 00 00 00 00 01 35 33 30 32 34 FF 01 19 F6
  1E 02 00 FF FF 21 01 00 01 26 01 00 00 27 04 00 01 00 00 00 29 01 00 00 2A 04 00 03 00 00 00 2F 04 00 00 00 00 00
  31 04 00 00 00 00 00 34 02 00 FF FF 38 04 00 03 00 00 00 39 04 00 01 00 00 00 3E 04 00 00 00 00 00 44 04 00 03 00
  00 00 46 04 00 04 00 00 00`;

test('NAS Get Serving System (libqmi "Iliad" capture): registration, PLMN 222/50, GSM-7 operator name', () => {
  const { message } = decodeOk(ILIAD_SERVING_SYSTEM);
  assert.equal(message.message.name, 'Get Serving System');
  const f = message.fields;
  assert.deepEqual(f.servingSystem, {
    registrationState: 'registered', csAttachState: 'attached', psAttachState: 'attached', selectedNetwork: '3gpp',
    radioInterfaces: ['umts'],
  });
  assert.equal(f.roamingIndicator, 'off');
  assert.deepEqual(f.dataServiceCapability, ['hsdpa', 'hsupa', 'wcdma']);
  assert.deepEqual(f.currentPlmn, { mcc: 222, mnc: 50, description: 'Iliad' });
  assert.equal(f.lac3gpp, 0x5fb4);
  assert.equal(f.cid3gpp, 0x01135acf);
  assert.deepEqual(f.mncPcsDigitIncludeStatus, { mcc: 222, mnc: 50, includesPcsDigit: false });
  assert.equal(f.umtsPrimaryScramblingCode, 0x0122);
  // TLV 0x28 is not in libqmi's description of the response either: kept raw, not dropped.
  assert.deepEqual(message.unknownTlvs, [{ type: 0x28, hex: '00' }]);
  assert.deepEqual(message.tlvErrors, []);
});

test('seed: NAS Serving System PLMN at an odd offset decodes to mcc 222 / mnc 88, not 56832 / 22528', () => {
  // Hand-built: result, 0x01 with two radio interfaces, 0x10, then 0x12 whose value starts at
  // offset 37 (odd) — where uqmi's halfword loads on ARMv5 read 0xDE00 and 0x5800
  // (docs/log-signatures.md).
  const hex = `01 30 00 80 03 01 02 07 00 24 00 24 00
    02 04 00 00 00 00 00
    01 07 00 01 01 01 02 02 05 08
    10 01 00 01
    12 0C 00 DE 00 58 00 07 57 49 4E 44 54 52 45`;
  const { frame, message } = decodeOk(hex);
  assert.equal(frame.tlvs.find((t) => t.type === 0x12)?.offset, 37);
  const plmn = message.fields.currentPlmn as { mcc: number; mnc: number; description: string };
  assert.notEqual(plmn.mcc, 56832);
  assert.notEqual(plmn.mnc, 22528);
  assert.deepEqual(plmn, { mcc: 222, mnc: 88, description: 'WINDTRE' });
  assert.deepEqual((message.fields.servingSystem as { radioInterfaces: string[] }).radioInterfaces, ['umts', 'lte']);
});

test('NAS Serving System indication uses its own TLV ids above 0x18 (LAC 0x1D, CID 0x1E)', () => {
  // Hand-built from libqmi nas.json "Serving System" indication: 0x01, 0x1D LAC, 0x1E CID, 0x25 TAC.
  const hex = `01 2E 00 80 03 FF 04 00 00 24 00 22 00
    01 06 00 01 01 01 02 01 08
    1D 02 00 B4 5F
    1E 04 00 CF 5A 13 01
    25 02 00 19 F6
    29 05 00 DE 00 32 00 00`;
  const { message } = decodeOk(hex);
  assert.equal(message.kind, 'indication');
  assert.equal(message.fields.lac3gpp, 0x5fb4);
  assert.equal(message.fields.cid3gpp, 0x01135acf);
  assert.equal(message.fields.lteTac, 63001);
  assert.deepEqual(message.fields.mncPcsDigitIncludeStatus, { mcc: 222, mnc: 50, includesPcsDigit: false });
  assert.deepEqual(message.unknownTlvs, []);
});

test('NAS Get System Info (libqmi capture): LTE MCC "530", 0xFF-padded MNC "24", TAC 63001, cell 1616133', () => {
  const { message } = decodeOk(SYSTEM_INFO);
  assert.equal(message.message.name, 'Get System Info');
  assert.deepEqual(message.fields.lteServiceStatus, { serviceStatus: 'available', trueServiceStatus: 'available', preferredDataPath: false });
  const lte = message.fields.lteSystemInfo as Record<string, unknown>;
  assert.equal(lte.domain, 'cs-ps');
  assert.equal(lte.serviceCapability, 'cs-ps');
  assert.equal(lte.roamingStatus, 'off');
  assert.equal(lte.forbidden, false);
  assert.equal(lte.lacValid, false);
  assert.equal(lte.cid, 1616133);
  assert.equal(lte.registrationRejectInfoValid, false);
  assert.equal(lte.mcc, '530');
  assert.equal(lte.mnc, '24');
  assert.equal(lte.tac, 63001);
  assert.equal(message.fields.lteVoiceSupport, true);
  assert.equal(message.fields.imsVoiceSupport, false);
  assert.deepEqual(message.unknownTlvs.map((t) => t.type), [0x38, 0x39, 0x3e, 0x46]);
  assert.deepEqual(message.tlvErrors, []);
});

test('NAS System Info indication (0x004E) decodes with the same TLVs as Get System Info', () => {
  // The libqmi capture's LTE TLVs, re-framed as an indication.
  const hex = `01 32 00 80 03 FF 04 00 00 4E 00 26 00
    14 03 00 02 02 00
    19 1D 00 01 03 01 03 01 00 01 00 00 FF FF 01 05 A9 18 00 00 00 00 01 35 33 30 32 34 FF 01 19 F6`;
  const { message } = decodeOk(hex);
  assert.equal(message.message.name, 'System Info');
  assert.equal((message.fields.lteSystemInfo as { mnc: string }).mnc, '24');
});

test('NAS Get Signal Info: LTE -77 dBm RSSI, -13 dB RSRQ, -105 dBm RSRP, SNR 12.5 dB (raw 125 tenths kept)', () => {
  // Values from libqmi data/qmi-service-nas.json; 0x14 = {i8 rssi, i8 rsrq, i16 rsrp, i16 snr}.
  const hex = '01 1C 00 80 03 01 02 03 00 4F 00 10 00 02 04 00 00 00 00 00 14 06 00 B3 F3 97 FF 7D 00';
  const { message } = decodeOk(hex);
  assert.deepEqual(message.fields.lteSignalStrength, { rssi: -77, rsrq: -13, rsrp: -105, snr: { dB: 12.5, raw: 125 } });
});

test('NAS Signal Info indication (0x0051) carries the same LTE layout', () => {
  const hex = '01 15 00 80 03 FF 04 00 00 51 00 09 00 14 06 00 B3 F3 97 FF 7D 00';
  const { message } = decodeOk(hex);
  assert.equal(message.kind, 'indication');
  assert.equal(message.message.name, 'Signal Info');
  assert.deepEqual(message.fields.lteSignalStrength, { rssi: -77, rsrq: -13, rsrp: -105, snr: { dB: 12.5, raw: 125 } });
});

test('NAS Get Signal Strength: u16-counted lists and signed radio interface', () => {
  // 0x01 {-70 dBm, lte}; 0x10 list of 1 {-70, lte} with a u16 count.
  const hex = '01 1F 00 80 03 01 02 04 00 20 00 13 00 02 04 00 00 00 00 00 01 02 00 BA 08 10 04 00 01 00 BA 08';
  const { frame, message } = decodeOk(hex);
  assert.deepEqual(message.fields.signalStrength, { strength: -70, radioInterface: 'lte' });
  assert.deepEqual(message.fields.strengthList, [{ strength: -70, radioInterface: 'lte' }]);
  assert.equal(reencode(frame, message), hex.replace(/\s/g, '').toLowerCase());
});

test('NAS Get System Selection Preference: mode preference flags and automatic selection', () => {
  // 0x11 u16 = 0x0018 (umts|lte), 0x16 u8 = 0 (automatic).
  const hex = '01 1C 00 80 03 01 02 05 00 34 00 10 00 02 04 00 00 00 00 00 11 02 00 18 00 16 01 00 00';
  const { message } = decodeOk(hex);
  assert.deepEqual(message.fields.modePreference, ['umts', 'lte']);
  assert.equal(message.fields.networkSelectionPreference, 'automatic');
});

test('NAS Register Indications request re-encodes byte for byte', () => {
  const hex = '01 18 00 00 03 01 00 06 00 03 00 0C 00 13 01 00 01 18 01 00 01 19 01 00 01';
  const { frame, message } = decodeOk(hex);
  assert.deepEqual(message.fields, { servingSystemEvents: true, systemInfo: true, signalInfo: true });
  assert.equal(reencode(frame, message), hex.replace(/\s/g, '').toLowerCase());
});

test('NAS Get Home Network: PLMN and UTF-8 description', () => {
  const hex = '01 1E 00 80 03 01 02 08 00 25 00 12 00 02 04 00 00 00 00 00 01 08 00 DE 00 58 00 03 57 49 4E';
  const { frame, message } = decodeOk(hex);
  assert.deepEqual(message.fields.homeNetwork, { mcc: 222, mnc: 88, description: 'WIN' });
  assert.equal(canonical(reencode(frame, message)), canonical(hex));
});
