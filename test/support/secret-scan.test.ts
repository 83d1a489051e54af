// The secrets scanner can fail: it finds planted PINs, PUKs, passwords and identities in every
// form they take in artifacts (text, ASCII hex, BCD hex, raw bytes), and does not cry wolf at a
// short PIN inside a longer number or at hex that matches only across a byte boundary.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoSecrets, knownSecretsOf, scanForSecrets, secretsOnly, type KnownSecrets } from './secret-scan.ts';
import { buildScenario } from '../../main/simulator/scenarios.ts';
import { profileById } from '../../main/simulator/profiles/index.ts';

const K: KnownSecrets = {
  pin: ['8264'], puk: ['50917342'], password: ['Pw-9f3kq!x'],
  imei: ['867698041234567'], imsi: ['222880123456789'], iccid: ['89398800001234567890'], msisdn: ['+393331234567'],
};
const hex = (s: string): string => Buffer.from(s).toString('hex');
const kinds = (data: string | Uint8Array): string[] => scanForSecrets(data, K).map((h) => `${h.kind}:${h.form}`).sort();

test('planted secrets and identities are found as text', () => {
  assert.deepEqual(kinds('AT+CPIN="8264"'), ['pin:text']);
  assert.deepEqual(kinds('AT+CPIN="50917342","8264"'), ['pin:text', 'puk:text']);
  assert.deepEqual(kinds('{"password":"Pw-9f3kq!x"}'), ['password:text']);
  assert.deepEqual(kinds('+CNUM: "","+393331234567",145'), ['msisdn:text']);
  assert.deepEqual(kinds('IMEI: 867698041234567'), ['imei:text']);
});

test('...as the hex of their ASCII (a QMI string TLV), in either case', () => {
  assert.deepEqual(kinds(`0111000d00${hex('867698041234567')}`), ['imei:ascii-hex']);
  assert.deepEqual(kinds(`01${hex('8264').toUpperCase()}`), ['pin:ascii-hex']);
  assert.deepEqual(kinds(`1c0a00${hex('Pw-9f3kq!x')}`), ['password:ascii-hex']);
});

test('...as nibble-swapped BCD (EF ICCID, EF IMSI with its parity nibble)', () => {
  assert.deepEqual(kinds('raw: 98938800002143658709'), ['iccid:bcd-hex']);
  // EF IMSI: length 08, then the nibble 9 (odd length, IMSI) and the 15 digits, pairs swapped.
  assert.deepEqual(kinds('"readResult":"082922881032547698"'), ['imsi:bcd-hex']);
});

test('...and in raw bytes, as ASCII and as BCD', () => {
  const bytes = Buffer.concat([Buffer.from([0x01, 0x02]), Buffer.from('867698041234567'), Buffer.from('98938800002143658709', 'hex'), Buffer.from([0xff])]);
  assert.deepEqual(kinds(bytes), ['iccid:bcd-bytes', 'imei:bytes']);
  // A capture holding a hex dump of a frame: the hex forms are found in it too.
  assert.deepEqual(kinds(Buffer.from(`rx ${hex('8264')}\n`)), ['pin:ascii-hex']);
});

test('no false alarms: a 4-digit PIN inside a longer number or as a process id, hex off a byte boundary, masked identities', () => {
  assert.deepEqual(kinds('cell 182643, time 2026-12-01T08:26:40Z'), []);
  assert.deepEqual(kinds(`0${hex('8264')}`), [], 'shifted by one nibble it is not the PIN');
  assert.deepEqual(kinds('867698*******67 22288********89 8939880***********90'), []);
  assert.deepEqual(kinds('held by another program: qmicli (pid 8264), node (pid 8265)'), [], 'a process id is not the PIN');
  assert.deepEqual(kinds('PIN 8264 accepted'), ['pin:text'], 'but the PIN after its own name still is');
});

test('assertNoSecrets names where, never the secret itself', () => {
  assert.throws(() => assertNoSecrets('AT+CPIN="8264"', K, 'the log'), (e: Error) =>
    /the log holds 1 secret/.test(e.message) && /<pin>/.test(e.message) && !e.message.includes('8264'));
  assert.doesNotThrow(() => assertNoSecrets('AT+CPIN="****"', K, 'the log'));
});

test('knownSecretsOf reads a virtual modem\'s state: PIN, PUK, every profile password, IMEI, IMSI, ICCID', () => {
  const st = buildScenario('sim-pin', profileById('ec25')!).state;
  st.profiles[0]!.password = 'pw1';
  const k = knownSecretsOf(st);
  assert.deepEqual(k.pin, [st.sim.pin]);
  assert.deepEqual(k.puk, [st.sim.puk]);
  assert.deepEqual(k.password, ['pw1']);
  assert.deepEqual(k.imei, [st.identity.imei]);
  assert.deepEqual([k.imsi, k.iccid], [[st.sim.imsi], [st.sim.iccid]]);
  assert.deepEqual(Object.keys(secretsOnly(k)).sort(), ['password', 'pin', 'puk']);
});
