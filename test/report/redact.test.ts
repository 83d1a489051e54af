// Redaction rules: how each identity is masked, and that it is masked everywhere it can appear
// (facts, finding text and values, undo records, the transcript's text, hex and decoded fields),
// while PINs, PUKs and passwords are removed outright — with --no-redact too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskIdentity, imsiFromEf } from '../../main/report/identities.ts';
import { buildReport, reportJson } from '../../main/report/model.ts';
import { jsonSafe } from '../../main/report/json-safe.ts';
import type { Exchange } from '../../main/evidence/exchange.ts';
import { assertNoSecrets, scanForSecrets } from '../support/secret-scan.ts';
import { ENV, fullInput, ICCID, IMEI, IMSI, undoRecord } from './fixtures.ts';

test('masks keep what tells modems and operators apart, and hide at least half', () => {
  const cases: [Parameters<typeof maskIdentity>[0], string, string, (2 | 3)?][] = [
    ['imei', '867698041234567', '867698*******67'],
    ['imsi', '222880123456789', '22288********89'],
    ['imsi', '310260123456789', '310260*******89', 3],
    ['iccid', '89398800001234567890', '8939880***********90'],
    ['msisdn', '+393331234567', '+39********67'],
    ['msisdn', '3331234567', '33******67'],
    ['esn', '8045a2b1', '80****b1'],
  ];
  for (const [kind, value, masked, mnc] of cases) assert.equal(maskIdentity(kind, value, mnc), masked, `${kind} ${value}`);
  // A short value never shows more than half.
  assert.equal(maskIdentity('imei', '12345678'), '12****78');
});

test('EF IMSI content (TS 31.102: length, parity nibble, swapped BCD) reads back as the IMSI', () => {
  assert.equal(imsiFromEf('082922881032547698'), IMSI);
  assert.equal(imsiFromEf('08ffffffffffffffff'), undefined);
});

test('identities are masked in facts, finding text, device, transcript text, hex and decoded fields; marks say what', () => {
  const r = buildReport(fullInput());
  const json = reportJson(r);
  assertNoSecrets(json, { imei: [IMEI], imsi: [IMSI], iccid: [ICCID] }, 'the report');
  assert.equal(r.facts?.sim?.value.imsi, '22288********89');
  assert.equal(r.findings[2]?.explanation, 'SIM 22288********89 unlocked.');
  const ids = r.transcript.find((x) => x.seq === 2)!;
  assert.ok(ids.raw.endsWith(Buffer.from('867698*******67').toString('hex')), 'the hex decodes to the masked IMEI');
  assert.deepEqual(ids.redacted, ['imei']);
  assert.equal(r.transcript.find((x) => x.seq === 4)?.raw, '22288********89');
  assert.deepEqual(r.transcript.find((x) => x.seq === 5)?.redacted, ['pin'], 'the channel\'s own marks stay');
  assert.deepEqual(r.redaction, { identities: 'masked', secrets: 'removed', masked: [
    { kind: 'iccid', shown: '8939880***********90' }, { kind: 'imei', shown: '867698*******67' }, { kind: 'imsi', shown: '22288********89' }] });
});

test('undo records: the IMEI hash is left out of redacted reports (brute-forced from the masked IMEI in seconds)', () => {
  assert.equal(buildReport(fullInput()).actions[0]?.modem.imeiHash, undefined);
  assert.equal(buildReport(fullInput(), { redact: false }).actions[0]?.modem.imeiHash, undoRecord().modem.imeiHash);
});

function exchanges(): Exchange[] {
  const x = (seq: number, e: Omit<Exchange, 'seq' | 'time'>): Exchange => ({ seq, time: `2026-12-01T23:15:0${seq}.000Z`, ...e });
  return [
    x(1, { port: 'p', protocol: 'at', direction: 'tx', raw: 'AT+CNUM\r' }),
    x(2, { port: 'p', protocol: 'at', direction: 'rx', raw: '+CNUM: "Me","+393331234567",145', decoded: { command: 'AT+CNUM' } }),
    x(3, { port: 'p', protocol: 'at', direction: 'rx', raw: 'IMEI: 867698041234567' }),
    // UIM Read Transparent of EF IMSI: the file id in the request, the BCD in the reply.
    x(4, { port: 'q', protocol: 'qmi', direction: 'tx', raw: '01', decoded: { service: 'UIM', message: 'Read Transparent', kind: 'request', transactionId: 7, clientId: 1, fields: { file: { fileId: 0x6f07, filePath: '003f' } } } }),
    x(5, { port: 'q', protocol: 'qmi', direction: 'rx', raw: '0111000b00082922881032547698', decoded: { service: 'UIM', message: 'Read Transparent', kind: 'response', transactionId: 7, clientId: 1, fields: { readResult: '082922881032547698' } } }),
    // An exchange made by something that did not mask (an import): a PIN in the decoded fields and in the text.
    x(6, { port: 'p', protocol: 'at', direction: 'tx', raw: 'AT+CPIN="8264"', decoded: { command: 'AT+CPIN="8264"' } }),
    x(7, { port: 'q', protocol: 'qmi', direction: 'tx', raw: `0126${Buffer.from('8264').toString('hex')}`, decoded: { service: 'DMS', message: 'UIM Verify PIN', kind: 'request', transactionId: 8, clientId: 1, fields: { info: { pinId: 'pin', pin: '8264' } } } }),
  ];
}

test('identities only the transcript knows (AT+CNUM, ATI, EF IMSI) are masked too, in every form', () => {
  const r = buildReport({ transcript: exchanges(), environment: ENV });
  const known = { imei: [IMEI], imsi: [IMSI], msisdn: ['+393331234567'], pin: ['8264'] };
  assertNoSecrets(reportJson(r), known, 'the report');
  assert.equal(r.transcript[1]?.raw, '+CNUM: "Me","+39********67",145');
  assert.equal(r.transcript[2]?.raw, 'IMEI: 867698*******67');
  assert.ok(r.transcript[4]?.raw.endsWith('08292288xxxxxxxx98'), r.transcript[4]?.raw);
});

test('PINs, PUKs and passwords are removed with and without --no-redact: fields by name, and the value wherever else it appears', () => {
  const input = fullInput();
  input.actions = [{ ...undoRecord(), restore: { password: 'Pw-9f3kq!x', previous: { apn: 'a', puk: '50917342' } } }];
  input.findings = [{ ...input.findings![0]!, explanation: 'tried Pw-9f3kq!x and 50917342' }];
  input.transcript = [...input.transcript!, ...exchanges().map((e) => ({ ...e, seq: e.seq + 100 }))];
  for (const redact of [true, false]) {
    const r = buildReport(input, { redact, forget: ['8264'] });
    const json = reportJson(r);
    assert.deepEqual(scanForSecrets(json, { pin: ['8264'], puk: ['50917342'], password: ['Pw-9f3kq!x'] }), [], `redact ${redact}`);
    assert.deepEqual(r.actions[0]?.restore, { password: '[secret]', previous: { apn: 'a', puk: '[secret]' } });
    assert.equal(r.findings[0]?.explanation, 'tried [secret] and [secret]');
    assert.match(r.transcript.find((x) => x.seq === 107)!.raw, /^0126x{8}$/);
  }
});

test('jsonSafe: bytes as hex, bigints as decimal, absent members absent', () => {
  assert.deepEqual(jsonSafe({ a: Buffer.from([0x98, 0x93]), b: 2n ** 64n, c: undefined, d: [new Uint8Array([1])] }), { a: '9893', b: '18446744073709551616', d: ['01'] });
});
