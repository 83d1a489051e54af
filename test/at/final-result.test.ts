import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFinal, parseFinalResult, type FinalResult } from '../../main/at/final-result.ts';
import { splitResponse } from '../../main/at/response.ts';

// Lines (without \r\n) and whether ModemManager treats them as ending a command:
// MM src/tests/test-at-serial-port.c parse_ok_tests / parse_error_tests.
const MM_CASES: Array<[string, FinalResult | null]> = [
  ['OK', { kind: 'ok' }],
  ['UNKNOWN COMMAND', null],
  ['ERROR', { kind: 'error' }],
  ['+CME ERROR: raspberry', { kind: 'cme-error', text: 'raspberry' }],
  ['+CME ERROR: 123', { kind: 'cme-error', code: 123 }],
  ['+CME ERROR: ', { kind: 'cme-error' }],
  ['+CME ERROR:', null],
  ['+CMS ERROR: bananas', { kind: 'cms-error', text: 'bananas' }],
  ['+CMS ERROR: 456', { kind: 'cms-error', code: 456 }],
  ['+CMS ERROR: ', { kind: 'cms-error' }],
  ['+CMS ERROR:', null],
  ['MODEM ERROR: 5', { kind: 'error' }],
  ['MODEM ERROR: apple', null],
  ['MODEM ERROR: ', null],
  ['MODEM ERROR:', null],
  ['COMMAND NOT SUPPORT', { kind: 'command-not-supported' }],
  ['NO CARRIER', { kind: 'no-carrier' }],
  ['BUSY', { kind: 'busy' }],
  ['NO ANSWER', { kind: 'no-answer' }],
  ['NO DIALTONE', { kind: 'no-dialtone' }],
];

test('final result codes: the lines ModemManager treats as final, and the near misses it does not', () => {
  for (const [line, expected] of MM_CASES) {
    assert.deepEqual(parseFinalResult(line), expected, JSON.stringify(line));
  }
});

test('CONNECT keeps its text; the SMS prompt is final; info text is not', () => {
  assert.deepEqual(parseFinalResult('CONNECT 150000000'), { kind: 'connect', text: '150000000' });
  assert.deepEqual(parseFinalResult('CONNECT'), { kind: 'connect', text: '' });
  assert.deepEqual(parseFinalResult('> '), { kind: 'prompt' });
  assert.equal(parseFinalResult('+CSQ: 20,99'), null);
  assert.equal(parseFinalResult('OKAY'), null);
  assert.equal(parseFinalResult('CONNECTED'), null);
  assert.equal(parseFinalResult('228012345678901'), null);
  // The verbose CMEE=2 form (27.007 §9.2 text) keeps its words.
  assert.deepEqual(parseFinalResult('+CME ERROR: SIM not inserted'), { kind: 'cme-error', text: 'SIM not inserted' });
});

test('describeFinal names the 27.007 errors a user meets first', () => {
  assert.match(describeFinal({ kind: 'cme-error', code: 10 }), /SIM not inserted/);
  assert.match(describeFinal({ kind: 'cme-error', code: 11 }), /SIM PIN required/);
  assert.match(describeFinal({ kind: 'cme-error', code: 16 }), /incorrect password/);
  assert.match(describeFinal({ kind: 'cme-error', code: 14 }), /SIM busy/);
  assert.match(describeFinal({ kind: 'cme-error', code: 30 }), /no network service/);
  assert.match(describeFinal({ kind: 'cme-error', code: 550 }), /vendor-specific/);
  assert.match(describeFinal({ kind: 'cms-error', code: 310 }), /SIM not inserted/);
  assert.match(describeFinal({ kind: 'cme-error', text: 'SIM PIN required' }), /SIM PIN required/);
  assert.match(describeFinal({ kind: 'error' }), /CMEE/);
});

test('text after ERROR is noise, not part of the answer (MM: "ERROR\\r\\n\\r\\noooops")', () => {
  const r = splitResponse('AT+CSQ', '\r\nERROR\r\n\r\noooops\r\n');
  assert.deepEqual(r.final, { kind: 'error' });
  assert.deepEqual(r.garbage, ['oooops']);
  assert.deepEqual(r.lines, []);
});

test('UNKNOWN COMMAND does not end the command: no final result yet', () => {
  const r = splitResponse('AT+FOO', '\r\nUNKNOWN COMMAND\r\n');
  assert.equal(r.final, null);
});

test('long lines: classified by how they begin, with trailing blanks and long words kept as before', () => {
  assert.deepEqual(parseFinalResult(`OK${' '.repeat(40)}`), { kind: 'ok' });
  assert.deepEqual(parseFinalResult(`  no dial tone${'\t'.repeat(30)}`), { kind: 'no-dialtone' });
  assert.equal(parseFinalResult(`OK ${'x'.repeat(4000)}`), null);
  assert.equal(parseFinalResult(`CONNECTED ${'x'.repeat(40)}`), null);
  assert.deepEqual(parseFinalResult(`CONNECT ${'LTE '.repeat(20)}`), { kind: 'connect', text: 'LTE '.repeat(20).trim() });
  assert.deepEqual(parseFinalResult(`MODEM ERROR: ${'7'.repeat(40)}`), { kind: 'error' });
  assert.deepEqual(parseFinalResult(`+CME ERROR: ${'SIM failure '.repeat(10)}`), { kind: 'cme-error', text: 'SIM failure '.repeat(10).trim() });
  assert.equal(parseFinalResult(`+CGDCONT: 1,"${'é'.repeat(4000)}`), null);
});

test('a line that upper-cases longer is not taken for a final result it only resembles', () => {
  // U+1E97 upper-cases to two characters: "CONNECẗ" is not "CONNECT".
  assert.equal(parseFinalResult('CONNEC\u1E97'), null);
  assert.equal(parseFinalResult('CONNEC\u1E97   '), null);
  assert.deepEqual(parseFinalResult(`CONNECT${' '.repeat(30)}`), { kind: 'connect', text: '' });
});
