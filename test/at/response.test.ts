import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitResponse } from '../../main/at/response.ts';

test('echo, info line, final: the basic ATE1 exchange', () => {
  const r = splitResponse('AT+CSQ', 'AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
  assert.equal(r.echo, true);
  assert.deepEqual(r.lines, ['+CSQ: 20,99']);
  assert.deepEqual(r.final, { kind: 'ok' });
  assert.deepEqual(r.urcs, []);
  assert.deepEqual(r.garbage, []);
});

test('URCs after OK are set aside (MM parse_ok_tests)', () => {
  const r = splitResponse('AT', '\r\nOK\r\n\r\n+CIEV: 7,1\r\n\r\n+CRING: VOICE\r\n\r\n+CLIP: "+0123456789",145,,,,0\r\n');
  assert.deepEqual(r.final, { kind: 'ok' });
  assert.deepEqual(r.urcs.map((u) => u.name), ['+CIEV', '+CRING', '+CLIP']);
  const r2 = splitResponse('AT', '\r\nOK\r\n\r\n+CMTI: "ME",1\r\n');
  assert.deepEqual(r2.urcs.map((u) => u.line), ['+CMTI: "ME",1']);
});

test('URCs between echo and answer and between info lines do not join the answer', () => {
  const raw = 'AT+CGDCONT?\r\r\n+QIND: "csq",20,99\r\n+CGDCONT: 1,"IP","internet","0.0.0.0",0,0\r\n' +
    '\r\nRING\r\n+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0\r\n\r\nOK\r\n';
  const r = splitResponse('AT+CGDCONT?', raw);
  assert.deepEqual(r.lines, ['+CGDCONT: 1,"IP","internet","0.0.0.0",0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0']);
  assert.deepEqual(r.urcs.map((u) => u.name), ['+QIND', 'RING']);
});

test('bare-text answers (IMSI, IMEI, ATI) and lines with a foreign prefix', () => {
  const imsi = splitResponse('AT+CIMI', 'AT+CIMI\r\r\n228012345678901\r\n\r\nOK\r\n');
  assert.deepEqual(imsi.lines, ['228012345678901']);
  const ati = splitResponse('ATI', '\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n');
  assert.deepEqual(ati.lines, ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G']);
  const csq = splitResponse('AT+CSQ', '\r\n+COPS: 0\r\n+CSQ: 5,99\r\nOK\r\n');
  assert.deepEqual(csq.lines, ['+CSQ: 5,99']);
  assert.deepEqual(csq.garbage, ['+COPS: 0']);
});

test('Sierra multi-line answers keep their unprefixed lines', () => {
  const raw = '\r\n!USBCOMP: \r\nConfig Index: 1\r\nConfig Type:  1 (Generic)\r\n' +
    'Interface bitmask: 0000010D (diag,nmea,modem,rmnet0) \r\n\r\nOK\r\n';
  const r = splitResponse('AT!USBCOMP?', raw);
  assert.equal(r.lines.length, 4);
  assert.deepEqual(r.final, { kind: 'ok' });
});

test('errors end the response with their code; no final means the text was cut short', () => {
  assert.deepEqual(splitResponse('AT+CPIN?', 'AT+CPIN?\r\r\n+CME ERROR: 10\r\n').final, { kind: 'cme-error', code: 10 });
  assert.deepEqual(splitResponse('AT+CPIN?', '\r\n+CME ERROR: SIM not inserted\r\n').final,
    { kind: 'cme-error', text: 'SIM not inserted' });
  const cut = splitResponse('AT+CSQ', '\r\n+CSQ: 20,99\r\n');
  assert.equal(cut.final, null);
  assert.deepEqual(cut.lines, ['+CSQ: 20,99']);
});

test('concatenated reads collect every family (AT+CREG?;+CGREG?;+CEREG?)', () => {
  const r = splitResponse('AT+CREG?;+CGREG?;+CEREG?', '\r\n+CREG: 0,1\r\n+CGREG: 0,1\r\n+CEREG: 0,1\r\n\r\nOK\r\n');
  assert.equal(r.lines.length, 3);
  assert.deepEqual(r.urcs, []);
});

test('a lone +CREG: <stat> URC before the answer to AT+CREG? is a URC; alone, it is the answer', () => {
  const r = splitResponse('AT+CREG?', '\r\n+CREG: 1\r\n\r\n+CREG: 2,5,"00C3","0000B7E2",7\r\n\r\nOK\r\n');
  assert.deepEqual(r.lines, ['+CREG: 2,5,"00C3","0000B7E2",7']);
  assert.deepEqual(r.urcs.map((u) => u.line), ['+CREG: 1']);
  const alone = splitResponse('AT+CREG?', '\r\n+CREG: 3\r\n\r\nOK\r\n');
  assert.deepEqual(alone.lines, ['+CREG: 3']);
  assert.deepEqual(alone.urcs, []);
});

test('answers that share a URC prefix are kept when their command is in flight (^HCSQ)', () => {
  const r = splitResponse('AT^HCSQ?', '\r\n^HCSQ: "LTE",50,40,100,30\r\n\r\nOK\r\n');
  assert.deepEqual(r.lines, ['^HCSQ: "LTE",50,40,100,30']);
  assert.deepEqual(r.urcs, []);
});

test('a wrapped AT+COPS=? list keeps its continuation line (MM Nokia 2720 sample)', () => {
  const r = splitResponse('AT+COPS=?', '\r\n+COPS: (2,"T - Mobile",,"31026",0),\r\n(1,"AT&T",,"310410",0),,(0,1,3),(0,2)\r\n\r\nOK\r\n');
  assert.deepEqual(r.lines, ['+COPS: (2,"T - Mobile",,"31026",0),', '(1,"AT&T",,"310410",0),,(0,1,3),(0,2)']);
  assert.deepEqual(r.garbage, []);
});
