// Sierra's DMS extensions and the minimal LOC service, declared like every other message. Frames
// are written byte by byte from libqmi's layouts (data/qmi-service-dms.json, qmi-service-loc.json),
// the ones ModemManager sends as its requests (plugins/sierra, mm-shared-qmi.c); qmicli reading
// the simulator's answers is checked in test/conformance.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeOk, reencode } from './decode-helpers.ts';

test('DMS Swi Get USB Composition (0x555B): current and supported compositions by name', () => {
  // 0x10 current = 6, 0x11 supported = u8 count 2: [6, 8].
  const hex = '01 1D 00 80 02 02 02 03 00 5B 55 11 00 02 04 00 00 00 00 00 10 01 00 06 11 03 00 02 06 08';
  const { frame, message } = decodeOk(hex);
  assert.equal(message.message.name, 'Swi Get USB Composition');
  assert.equal(message.fields.current, 'dm-nmea-at-qmi');
  assert.deepEqual(message.fields.supported, ['dm-nmea-at-qmi', 'dm-nmea-at-mbim']);
  assert.equal(reencode(frame, message), hex.replace(/\s/g, '').toLowerCase());
});

test('DMS Swi Set USB Composition (0x555C) request: TLV 0x01 = 8 (DM, NMEA, AT, MBIM)', () => {
  const { message } = decodeOk('01 10 00 00 02 02 00 04 00 5C 55 04 00 01 01 00 08');
  assert.equal(message.message.name, 'Swi Set USB Composition');
  assert.deepEqual(message.fields, { current: 'dm-nmea-at-mbim' });
});

test('LOC Register Events asking for NMEA (u64 mask bit 2), as ModemManager sends it', () => {
  const { frame, message } = decodeOk('01 17 00 00 10 01 00 01 00 21 00 0B 00 01 08 00 04 00 00 00 00 00 00 00');
  assert.equal(message.service.name, 'LOC');
  assert.deepEqual(message.fields, { eventRegistrationMask: ['nmea'] });
  assert.equal(reencode(frame, message), '01170000100100010021000b000108000400000000000000');
});

test('LOC Start: session 1, periodic fixes, no intermediate reports, 1000 ms between reports', () => {
  const { message } = decodeOk('01 25 00 00 10 01 00 02 00 22 00 19 00 01 01 00 01 10 04 00 01 00 00 00 12 04 00 02 00 00 00 13 04 00 E8 03 00 00');
  assert.deepEqual(message.fields, {
    sessionId: 1, fixRecurrenceType: 'request-periodic-fixes', intermediateReportState: 'disable', minimumIntervalBetweenPositionReports: 1000,
  });
});

test('LOC NMEA indication (0x0026): the sentence without its line end', () => {
  const gga = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47';
  const tlv = Buffer.concat([Buffer.from(gga), Buffer.from('\r\n\0')]);
  const body = Buffer.concat([Buffer.from([0x01, tlv.length, 0]), tlv]);
  const sdu = Buffer.from([0x04, 0x00, 0x00, 0x26, 0x00, body.length & 0xff, body.length >> 8]);
  const rest = Buffer.concat([Buffer.from([0x80, 0x10, 0x01]), sdu, body]);
  const frame = Buffer.concat([Buffer.from([0x01, (rest.length + 2) & 0xff, (rest.length + 2) >> 8]), rest]);
  const { message } = decodeOk(frame.toString('hex'));
  assert.equal(message.kind, 'indication');
  assert.equal(message.message.name, 'NMEA');
  assert.equal(message.fields.nmeaString, gga);
});
