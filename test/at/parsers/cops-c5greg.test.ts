// AT+COPS=? lists as firmwares really print them, malformed ones included, and the +C5GREG
// allowed NSSAI. Every reply below is a test string of ModemManager's
// src/tests/test-modem-helpers.c (test_cops_response_<device>, test_c5greg2_*).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCopsTest } from '../../../main/at/parsers/operator.ts';
import { parseRegistrationLine } from '../../../main/at/parsers/registration.ts';

type Net = [stat: number, long: string | undefined, short: string | undefined, numeric: string, act: number | undefined];

const COPS: Array<[device: string, reply: string, expected: Net[]]> = [
  ['tm506 (stray ")" before the AcT)', '+COPS: (2,"","T-Mobile","31026",0),(2,"T - Mobile","T - Mobile","310260"),2),(1,"AT&T","AT&T","310410"),0)',
    [[2, undefined, 'T-Mobile', '31026', 0], [2, 'T - Mobile', 'T - Mobile', '310260', 2], [1, 'AT&T', 'AT&T', '310410', 0]]],
  ['f3607gw (stray ")" before the AcT)', '+COPS: (2,"T - Mobile","T - Mobile","31026",0),(1,"AT&T","AT&T","310410"),2),(1,"AT&T","AT&T","310410"),0)',
    [[2, 'T - Mobile', 'T - Mobile', '31026', 0], [1, 'AT&T', 'AT&T', '310410', 2], [1, 'AT&T', 'AT&T', '310410', 0]]],
  ['ac881 (a trailing ",)")', '+COPS: (1,"T-Mobile","TMO","31026",0),(1,"AT&T","AT&T","310410",2),(1,"AT&T","AT&T","310410",0),,(0,1,2,3,4),)',
    [[1, 'T-Mobile', 'TMO', '31026', 0], [1, 'AT&T', 'AT&T', '310410', 2], [1, 'AT&T', 'AT&T', '310410', 0]]],
  ['gtmax36 (an open mode list "(0, 1,)")', '+COPS: (2,"T-Mobile US","TMO US","31026",0),(1,"AT&T","AT&T","310410",2),(1,"AT&T","AT&T","310410",0),,(0, 1,)',
    [[2, 'T-Mobile US', 'TMO US', '31026', 0], [1, 'AT&T', 'AT&T', '310410', 2], [1, 'AT&T', 'AT&T', '310410', 0]]],
  ['ac860 (",,)" at the end)', '+COPS: (2,"T-Mobile","TMO","31026",0),(1,"Cingular","Cinglr","310410",2),(1,"Cingular","Cinglr","310410",0),,)',
    [[2, 'T-Mobile', 'TMO', '31026', 0], [1, 'Cingular', 'Cinglr', '310410', 2], [1, 'Cingular', 'Cinglr', '310410', 0]]],
  ['motoc (no AcT)', '+COPS: (2,"T-Mobile","","310260"),(0,"Cingular Wireless","","310410")',
    [[2, 'T-Mobile', undefined, '310260', undefined], [0, 'Cingular Wireless', undefined, '310410', undefined]]],
  ['mf627a (a trailing comma)', '+COPS: (2,"AT&T@","AT&TD","310410",0),(3,"Voicestream Wireless Corporation","VSTREAM","31026",0),',
    [[2, 'AT&T@', 'AT&TD', '310410', 0], [3, 'Voicestream Wireless Corporation', 'VSTREAM', '31026', 0]]],
  ['quicksilver (a 7-digit numeric id)', '+COPS: (2,"AT&T","","310410",0),(2,"","","3104100",2),(1,"AT&T","","310260",0),,(0-4),(0-2)',
    [[2, 'AT&T', undefined, '310410', 0], [2, undefined, undefined, '3104100', 2], [1, 'AT&T', undefined, '310260', 0]]],
  ['n80 (empty short names)', '+COPS: (2,"T - Mobile",,"31026"),(1,"Einstein PCS",,"31064"),(1,"Cingular",,"31041"),,(0,1,3),(0,2)',
    [[2, 'T - Mobile', undefined, '31026', undefined], [1, 'Einstein PCS', undefined, '31064', undefined], [1, 'Cingular', undefined, '31041', undefined]]],
  ['gsm_invalid (mode lists only)', '+COPS: (0,1,2,3),(1,2,3,4)', []],
];

test('AT+COPS=? lists from ModemManager\'s tests, malformed ones included, give the same networks MM expects', () => {
  for (const [device, reply, expected] of COPS) {
    const r = parseCopsTest([reply]);
    assert.ok(r.ok, `${device}: ${JSON.stringify(r)}`);
    const got = r.value.networks.map((n) => [n.stat, n.long, n.short, n.numeric, n.act]);
    assert.deepEqual(got, expected, device);
  }
  // test_cops_response_xu870: one network per +COPS: line.
  const xu870 = parseCopsTest(['+COPS: (0,"AT&T MicroCell","AT&T MicroCell","310410",2)', '+COPS: (1,"AT&T MicroCell","AT&T MicroCell","310410",0)',
    '+COPS: (1,"T-Mobile","TMO","31026",0)']);
  assert.ok(xu870.ok);
  assert.deepEqual(xu870.value.networks.map((n) => [n.stat, n.numeric, n.act]), [[0, '310410', 2], [1, '310410', 0], [1, '31026', 0]]);
});

test('+C5GREG: the allowed NSSAI is read, location and AcT as MM test_c5greg2_* expect', () => {
  const solicited = parseRegistrationLine('+C5GREG: 2,1,1F00,79D903,11,6,ABCDEF');
  assert.ok(solicited.ok);
  assert.equal(solicited.value.solicited, true);
  assert.equal(solicited.value.tac?.value, 0x1F00);
  assert.equal(solicited.value.ci?.value, 0x79D903);
  assert.equal(solicited.value.accessTechnology, 'nr-5gcn');
  assert.deepEqual(solicited.value.allowedNssai, { length: 6, text: 'ABCDEF' });
  assert.equal(solicited.value.extra, undefined);
  const urc = parseRegistrationLine('+C5GREG: 1,1F00,79D903,11,6,ABCDEF');
  assert.ok(urc.ok);
  assert.equal(urc.value.solicited, false);
  assert.deepEqual(urc.value.allowedNssai, { length: 6, text: 'ABCDEF' });
  // 27.007 §10.1.46 form: S-NSSAIs `sst[.sd][;mapped_sst[.mapped_sd]]`, colon-separated.
  const slices = parseRegistrationLine('+C5GREG: 2,1,"00A1B2","0000000001F",11,15,"01.000001:02;01.0000FF"');
  assert.ok(slices.ok);
  assert.deepEqual(slices.value.allowedNssai, {
    length: 15, text: '01.000001:02;01.0000FF',
    slices: [{ sst: 1, sd: '000001' }, { sst: 2, mappedSst: 1, mappedSd: '0000FF' }],
  });
});
