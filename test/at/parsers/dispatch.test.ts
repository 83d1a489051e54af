import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponse } from '../../../main/at/parsers/index.ts';

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
  assert.equal(parseResponse('AT+CGDCONT=1,"IP","internet"', []), null);
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
