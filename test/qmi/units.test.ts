// Values in their units: every scaled field decodes to { <unit>: value, raw } (the raw number
// kept, because the scale is not obvious), as qmicli prints it (src/qmicli/qmicli-nas.c), and
// encodes back from either form. Frames below are either real captures (source named) or built
// byte by byte from the layout in libqmi's data/qmi-service-nas.json (said so).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QmiEncodeError } from '../../main/qmi/codec/errors.ts';
import { encodeMessage } from '../../main/qmi/message-codec.ts';
import { DMS, NAS } from '../../main/qmi/services/index.ts';
import { decodeOk, reencode } from './decode-helpers.ts';

test('Get Signal Info: ECIO in -0.5 dB steps, HDR SINR level in dB, 5G -32768 as not available', () => {
  // Built from nas.json's layout: CDMA {rssi -70, ecio 10}, HDR {rssi -80, ecio 7, SINR level 6,
  // io -90}, WCDMA {rssi -75, ecio 15}, 5G {rsrp -32768, snr -32768}.
  const hex = '0131008003010202004f00250002040000000000100300ba0a00110800b0070006a6ffffff130300b50f0017040000800080';
  const { frame, message } = decodeOk(hex);
  assert.deepEqual(message.fields.cdmaSignalStrength, { rssi: -70, ecio: { dB: -5, raw: 10 } });
  // qmicli: "ECIO: '-3.5 dBm'", "SINR (6): '3.0 dB'".
  assert.deepEqual(message.fields.hdrSignalStrength, { rssi: -80, ecio: { dB: -3.5, raw: 7 }, sinr: { dB: 3, raw: 6 }, io: -90 });
  assert.deepEqual(message.fields.wcdmaSignalStrength, { rssi: -75, ecio: { dB: -7.5, raw: 15 } });
  assert.deepEqual(message.fields.nr5gSignalStrength, { rsrp: { dBm: null, raw: -32768 }, snr: { dB: null, raw: -32768 } });
  assert.equal(reencode(frame, message), hex, 'the decoded values re-encode byte for byte');
});

test('5G signal from the values qmicli printed for a Quectel RM500Q (freedesktop/libqmi PR #2): SNR 18.5 dB', () => {
  // LTE {-47 dBm, -5 dB, -70 dBm, SNR 300}, 5G {rsrp -75, snr 185}, 5G extended rsrq -11:
  // qmicli printed "SNR: '30.0 dB'", "RSRP: '-75 dBm'", "SNR: '18.5 dB'", "RSRQ: '-11 dB'".
  const bytes = encodeMessage(NAS, NAS.messages.getSignalInfo, 'response', {
    lteSignalStrength: { rssi: -47, rsrq: -5, rsrp: -70, snr: { dB: 30 } },
    nr5gSignalStrength: { rsrp: { dBm: -75 }, snr: { dB: 18.5 } },
    nr5gSignalStrengthExtended: { dB: -11 },
  }, { clientId: 1, transactionId: 1 });
  const tlv = (t: number): string => decodeOk(bytes.toString('hex')).frame.tlvs.find((x) => x.type === t)!.value.toString('hex');
  assert.equal(tlv(0x14), 'd1fbbaff2c01', 'SNR 30.0 dB goes out as 300 tenths');
  assert.equal(tlv(0x17), 'b5ffb900', '5G RSRP -75, SNR 185 tenths');
  const { message } = decodeOk(bytes.toString('hex'));
  assert.deepEqual(message.fields.nr5gSignalStrength, { rsrp: { dBm: -75, raw: -75 }, snr: { dB: 18.5, raw: 185 } });
  assert.deepEqual(message.fields.nr5gSignalStrengthExtended, { dB: -11, raw: -11 });
});

test('Get Signal Strength: the RSSI list carries magnitudes (70 = -70 dBm), ECIO list and SINR level scaled, LTE SNR in dB', () => {
  // Built from nas.json: 0x01 {-70, lte}, 0x11 [{70, lte}], 0x12 [{20, umts}], 0x14 SINR level 8, 0x17 SNR 125.
  const hex = '01 2F 00 80 03 01 02 04 00 20 00 23 00 02 04 00 00 00 00 00 01 02 00 BA 08 11 04 00 01 00 46 08 12 04 00 01 00 14 05 14 01 00 08 17 02 00 7D 00';
  const { frame, message } = decodeOk(hex);
  assert.deepEqual(message.fields.rssiList, [{ rssi: { dBm: -70, raw: 70 }, radioInterface: 'lte' }]);
  assert.deepEqual(message.fields.ecioList, [{ ecio: { dB: -10, raw: 20 }, radioInterface: 'umts' }]);
  assert.deepEqual(message.fields.sinr, { dB: 9, raw: 8 });
  assert.deepEqual(message.fields.lteSnr, { dB: 12.5, raw: 125 }, 'not "snr": 125');
  assert.equal(reencode(frame, message), hex.replace(/\s/g, '').toLowerCase());
});

test('an HDR SINR level outside 0..8 reads as null dB with the raw level kept (qmicli prints N/A)', () => {
  const out = decodeOk('01 17 00 80 03 01 02 04 00 20 00 0B 00 02 04 00 00 00 00 00 14 01 00 0C');
  assert.deepEqual(out.message.fields.sinr, { dB: null, raw: 12 });
});

test('Get Tx Rx Info: powers in tenths of a dBm, phase unknown as null (nas.json layout, qmicli scales)', () => {
  // Rx chain 0 {tuned, -652, -25, 0, -953, 0xFFFFFFFF}; Tx {in traffic, 123}.
  const hex = '0133008003010203005a002700020400000000001015000174fdffffe7ffffff0000000047fcffffffffffff120500017b000000';
  const { frame, message } = decodeOk(hex);
  assert.deepEqual(message.fields.rxChain0Info, {
    isRadioTuned: true, rxPower: { dBm: -65.2, raw: -652 }, ecio: { dB: -2.5, raw: -25 }, rscp: { dBm: 0, raw: 0 },
    rsrp: { dBm: -95.3, raw: -953 }, phase: { degrees: null, raw: 0xffffffff },
  });
  assert.deepEqual(message.fields.txInfo, { isInTraffic: true, txPower: { dBm: 12.3, raw: 123 } });
  assert.equal(reencode(frame, message), hex);
});

test('DMS Get Time: the 1.25 ms counter of the libqmi test frame, in ms', () => {
  // libqmi src/libqmi-glib/test/test-generated.c (Get Time), already in services-dms.test.ts.
  const { message } = decodeOk(`01 34 00 80 02 01 02 01 00 2F 00 28 00 02 04 00 00 00 00 00 01 08 00 41 0C 90 01 CE 00 02 00
    10 08 00 51 0F F4 81 01 01 00 00 11 08 00 C8 AA B3 00 00 00 00 00`);
  assert.deepEqual((message.fields.deviceTime as { timeCount: unknown }).timeCount, { ms: 1105986850641.25, raw: 884789480513 });
});

test('encoding a measure: from the unit, from raw, both agreeing; a disagreement or an off-step value is a QmiEncodeError', () => {
  const enc = (snr: unknown): Buffer => encodeMessage(NAS, NAS.messages.getSignalInfo, 'response',
    { lteSignalStrength: { rssi: -60, rsrq: -9, rsrp: -90, snr } } as never, { clientId: 1, transactionId: 1 });
  assert.deepEqual(enc({ dB: 12.5 }), enc({ raw: 125 }));
  assert.deepEqual(enc({ dB: 12.5, raw: 125 }), enc({ raw: 125 }));
  assert.throws(() => enc({ dB: 12, raw: 125 }), (e: unknown) => e instanceof QmiEncodeError && /disagree/.test(e.message));
  assert.throws(() => enc({ dB: 12.55 }), (e: unknown) => e instanceof QmiEncodeError && /step/.test(e.message));
  assert.throws(() => enc(125), (e: unknown) => e instanceof QmiEncodeError && /dB/.test(e.message));
  assert.throws(() => enc({ dB: 4000 }), (e: unknown) => e instanceof QmiEncodeError && /-32768\.\.32767/.test(e.message));
});

test('typed errors only: a bigint in an integer field and a TLV over 65,535 bytes are QmiEncodeErrors', () => {
  assert.throws(() => encodeMessage(DMS, DMS.messages.setOperatingMode, 'request', { mode: 5n } as never, { clientId: 1, transactionId: 1 }),
    (e: unknown) => e instanceof QmiEncodeError && /bigint/.test(e.message));
  assert.throws(() => encodeMessage(NAS, NAS.messages.getSignalInfo, 'response', { gsmSignalStrength: 1n } as never, { clientId: 1, transactionId: 1 }),
    (e: unknown) => e instanceof QmiEncodeError && /5n|1n/.test(e.message));
  const big = 'x'.repeat(70_000);
  assert.throws(() => encodeMessage(DMS, DMS.messages.getRevision, 'response', { revision: big }, { clientId: 1, transactionId: 1 }),
    (e: unknown) => e instanceof QmiEncodeError && /65535/.test(e.message));
  // Two TLVs under the limit each, together over what the QMUX length can say.
  assert.throws(() => encodeMessage(DMS, DMS.messages.getIds, 'response', { esn: 'a'.repeat(40_000), imei: 'b'.repeat(40_000) }, { clientId: 1, transactionId: 1 }),
    (e: unknown) => e instanceof QmiEncodeError && /QMUX length/.test(e.message));
  assert.throws(() => encodeMessage(DMS, DMS.messages.getIds, 'response', {}, { clientId: 300, transactionId: 1 }),
    (e: unknown) => e instanceof QmiEncodeError && /clientId/.test(e.message));
});
