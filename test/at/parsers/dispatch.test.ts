import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponse } from '../../../main/at/parsers/index.ts';
import { splitResponse } from '../../../main/at/response.ts';

test('dispatch by command text: case, read vs test form, QCFG keys, set commands without a parser', () => {
  const csq = parseResponse('at+csq', ['+CSQ: 20,99']);
  assert.ok(csq?.ok);
  const read = parseResponse('AT+COPS?', ['+COPS: 0,0,"Vodafone.de",7']);
  assert.ok(read?.ok && 'mode' in (read.value as object));
  const scan = parseResponse('AT+COPS=?', ['+COPS: (2,"Vodafone.de","Vodafone","26202",7),,(0-4),(0-2)']);
  assert.ok(scan?.ok && 'networks' in (scan.value as object));
  // A scan list answered to AT+COPS? is refused, not misread.
  const wrong = parseResponse('AT+COPS?', ['+COPS: (2,"Vodafone.de","Vodafone","26202",7)']);
  assert.ok(wrong !== null && !wrong.ok);
  assert.ok(parseResponse('AT+QCFG="usbnet"', ['+QCFG: "usbnet",2'])?.ok);
  assert.ok(parseResponse('AT+QCFG="BAND"', ['+QCFG: "band",0x93,0x80800c5,0x0'])?.ok);
  assert.equal(parseResponse('AT+CGACT=1,1', []), null);
  assert.equal(parseResponse('ATE0', []), null);
  assert.equal(parseResponse('AT+CFUN=1,1', []), null);
  assert.equal(parseResponse('', []), null);
});

test('concatenated reads give one result per part', () => {
  const r = parseResponse('AT+CREG?;+CGREG?;+CEREG?', ['+CREG: 0,1', '+CGREG: 0,5', '+CEREG: 0,2']);
  assert.ok(r?.ok);
  const results = (r.value as { results: Array<{ command: string; result: { ok: boolean; value?: { status: string } } }> }).results;
  assert.deepEqual(results.map((x) => [x.command, x.result.value?.status]),
    [['+CREG', 'registered-home'], ['+CGREG', 'roaming'], ['+CEREG', 'searching']]);
});

test('concatenated commands keep bare-text answers: AT+CSQ;+CGSN, AT+CGMI;+CGMM;+CSQ', () => {
  // Through the splitter, as the CLI and the channel see it.
  const raw = '\r\n+CSQ: 20,99\r\n\r\n356936001568843\r\n\r\nOK\r\n';
  const lines = splitResponse('AT+CSQ;+CGSN', raw).lines;
  const r = parseResponse('AT+CSQ;+CGSN', lines);
  assert.ok(r?.ok);
  const results = (r.value as { results: Array<{ command: string; result: { ok: boolean; value?: Record<string, unknown> } }> }).results;
  assert.deepEqual(results.map((x) => [x.command, x.result.ok]), [['+CSQ', true], ['+CGSN', true]]);
  assert.equal(results[0]!.result.value?.rssiDbm, -73);
  assert.equal(results[1]!.result.value?.imei, '356936001568843');
  // Two bare-text parts share the unprefixed lines in order.
  const two = parseResponse('AT+CGMI;+CGMM;+CSQ', ['Quectel', 'EC25', '+CSQ: 18,99']);
  const parts = (two?.ok ? (two.value as { results: Array<{ result: { ok: boolean; value?: Record<string, unknown> } }> }).results : []);
  assert.deepEqual(parts.map((x) => x.result.value), [
    { text: 'Quectel' }, { text: 'EC25' },
    { rssi: 18, ber: 99, rssiDbm: -77, qualityPercent: 58, berKnown: false },
  ]);
});

test('a wrapped AT+COPS=? list in a concatenated command stays with +COPS', () => {
  const r = parseResponse('AT+CSQ;+COPS=?', ['+CSQ: 20,99', '+COPS: (2,"T - Mobile",,"31026",0),', '(1,"AT&T",,"310410",0),,(0,1,3),(0,2)']);
  assert.ok(r?.ok);
  const cops = (r.value as { results: Array<{ command: string; result: { value?: { networks: Array<{ numeric: string }> } } }> }).results[1];
  assert.deepEqual(cops?.result.value?.networks.map((n) => n.numeric), ['31026', '310410']);
});
