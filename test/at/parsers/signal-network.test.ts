// Signal, registration, operator, PDP and CFUN from ModemManager's test tables
// (src/tests/test-modem-helpers.c) and public captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponse } from '../../../main/at/parsers/index.ts';
import { parseRegistrationLine } from '../../../main/at/parsers/registration.ts';

function value(command: string, lines: string[]): Record<string, unknown> {
  const r = parseResponse(command, lines);
  assert.ok(r !== null, `no parser for ${command}`);
  assert.ok(r.ok, `parse failed for ${command}: ${r.ok ? '' : r.error.message}`);
  return r.value as Record<string, unknown>;
}

test('+CSQ: rssi to dBm, 99 is unknown, out-of-range is an error (27.007 §8.5)', () => {
  assert.deepEqual(value('AT+CSQ', ['+CSQ: 20,99']), { rssi: 20, ber: 99, rssiDbm: -73, qualityPercent: 65, berKnown: false });
  assert.equal(value('at+csq', ['+CSQ: 18,99']).rssiDbm, -77);
  assert.equal(value('AT+CSQ', ['+CSQ: 0,0']).rssiDbm, -113);
  assert.equal(value('AT+CSQ', ['+CSQ: 31,99']).rssiDbm, -51);
  assert.deepEqual(value('AT+CSQ', ['+CSQ: 99,99']), { rssi: 99, ber: 99, rssiDbm: null, qualityPercent: null, berKnown: false });
  for (const bad of ['+CSQ: 45,99', '+CSQ: 20', '+CSQ: a,b', '+CSQ: 20,8']) {
    const r = parseResponse('AT+CSQ', [bad]);
    assert.ok(r !== null && !r.ok, bad);
  }
});

test('+CESQ conversions (MM cesq_response_tests)', () => {
  const lte = value('AT+CESQ', ['+CESQ: 99,99,255,255,20,80']);
  assert.equal(lte.rsrqDb, -10);
  assert.equal(lte.rsrpDbm, -61);
  assert.equal(lte.gsmRssiDbm, null);
  const umts = value('AT+CESQ', ['+CESQ: 99,99,95,40,255,255']);
  assert.equal(umts.rscpDbm, -26);
  assert.equal(umts.ecnoDb, -4.5);
  assert.equal(umts.rsrpDbm, null);
  assert.equal(value('AT+CESQ', ['+CESQ: 10,6,255,255,255,255']).gsmRssiDbm, -101);
});

test('+QCSQ: LTE values and the SINR conversion next to the raw value (public capture)', () => {
  // A capture noted that QCSQ SINR 55 → −9 dB matched QENG's −9 on the same module.
  const v = value('AT+QCSQ', ['+QCSQ: "LTE",85,-124,55,-18']);
  assert.deepEqual(v, { sysmode: 'LTE', values: [85, -124, 55, -18], rssi: 85, rsrp: -124, rsrq: -18, sinrRaw: 55, sinrDb: -9 });
  assert.deepEqual(value('AT+QCSQ', ['+QCSQ: "NOSERVICE"']), { sysmode: 'NOSERVICE', values: [] });
});

// [line, solicited?, stat, lac/tac, ci, act] — MM test_creg*/test_cgreg*/test_cereg*/test_c5greg*.
const REG: Array<[string, boolean, number, number | undefined, number | undefined, number | undefined]> = [
  ['+CREG: 1,3', true, 3, undefined, undefined, undefined],
  ['+CREG: 3', false, 3, undefined, undefined, undefined],
  ['+CREG: 1,1,84CD,00D30173', true, 1, 0x84cd, 0xd30173, undefined],
  ['+CREG: 1,84CD,00D30156', false, 1, 0x84cd, 0xd30156, undefined],
  ['+CREG: 2,1,"CE00","01CEAD8F"', true, 1, 0xce00, 0x01cead8f, undefined],
  ['+CREG: 1,"CE00","00005449"', false, 1, 0xce00, 0x5449, undefined],
  ['+CREG: 2,0,00,0', true, 0, 0, 0, undefined],
  ['+CREG: 2,1,8BE3,2BAF', true, 1, 0x8be3, 0x2baf, undefined],
  ['+CREG: 2,1,"8BE3","00002BAF"', true, 1, 0x8be3, 0x2baf, undefined],
  ['+CREG:002,001,"18d8","ffff"', true, 1, 0x18d8, 0xffff, undefined],
  ['+CREG:2,1,0001,0010', true, 1, 1, 0x10, undefined],
  ['+CREG: 1,0001,0010,0', false, 1, 1, 0x10, 0],
  ['+CREG: 001,"0001","0010",000', false, 1, 1, 0x10, 0],
  ['+CREG: 2,6,"8B37","0A265185",7', true, 6, 0x8b37, 0x0a265185, 7],
  ['+CREG: 6,"8B37","0A265185",7', false, 6, 0x8b37, 0x0a265185, 7],
  ['+CGREG: 2,1,"8BE3","00002B5D",3', true, 1, 0x8be3, 0x2b5d, 3],
  ['+CGREG: 1,"8BE3","00002B5D",3', false, 1, 0x8be3, 0x2b5d, 3],
  ['+CREG: 2,5,"0502","0404736D"', true, 5, 0x0502, 0x0404736d, undefined],
  ['+CGREG: 5,"0502","0404736D",2', false, 5, 0x0502, 0x0404736d, 2],
  ['+CGREG: 2,1, 81ED, 1A9CEB', true, 1, 0x81ed, 0x1a9ceb, undefined],
  ['+CGREG: 1,"1422","00000142",3,"00"', false, 1, 0x1422, 0x142, 3],
  ['+CEREG: 1,3', true, 3, undefined, undefined, undefined],
  ['+CEREG: 2,1, 1F00, 79D903 ,7', true, 1, 0x1f00, 0x79d903, 7],
  ['+CEREG: 1, 1F00, 79D903 ,7', false, 1, 0x1f00, 0x79d903, 7],
  ['+CEREG: 1, 2, 0001, 00000100, 7', true, 2, 1, 0x100, 7],
  ['+CEREG: 2, 0001, 00000100, 7', false, 2, 1, 0x100, 7],
  ['+CEREG: 2,1, 1F00, 20 ,79D903 ,7', true, 1, 0x1f00, 0x79d903, 7],
  ['+CEREG: 1, 1F00, 20 ,79D903 ,7', false, 1, 0x1f00, 0x79d903, 7],
  ['+CGREG: 2, 1, "0426", "F00F"', true, 1, 0x0426, 0xf00f, undefined],
  ['+CGREG: 1, "0426", "F00F"', false, 1, 0x0426, 0xf00f, undefined],
  ['+C5GREG: 1,3', true, 3, undefined, undefined, undefined],
  ['+C5GREG: 2,1,1F00,79D903,11,6,ABCDEF', true, 1, 0x1f00, 0x79d903, 11],
  ['+C5GREG: 1,1F00,79D903,11,6,ABCDEF', false, 1, 0x1f00, 0x79d903, 11],
];

test('registration: every MM solicited/unsolicited sample, form detected from the shape', () => {
  for (const [line, solicited, stat, area, ci, act] of REG) {
    const r = parseRegistrationLine(line);
    assert.ok(r.ok, line);
    const v = r.value;
    assert.equal(v.solicited, solicited, `${line}: form`);
    assert.equal(v.stat, stat, `${line}: stat`);
    assert.equal((v.lac ?? v.tac)?.value, area, `${line}: area code`);
    assert.equal(v.ci?.value, ci, `${line}: ci`);
    assert.equal(v.act, act, `${line}: act`);
  }
});

test('registration names the states and technologies a user reads', () => {
  const v = value('AT+CEREG?', ['+CEREG: 2,5,"2604","6DA5A09",7']);
  assert.equal(v.status, 'roaming');
  assert.equal(v.registered, true);
  assert.equal(v.accessTechnology, 'e-utran');
  assert.deepEqual(v.tac, { hex: '2604', value: 0x2604 });
  assert.equal(value('AT+CREG?', ['+CREG: 2,3']).status, 'denied');
  assert.equal(value('AT+CREG?', ['+CREG: 0,2']).status, 'searching');
  assert.equal(value('AT+CGREG?', ['+CGREG: 0,1']).status, 'registered-home');
  const sms = value('AT+CREG?', ['+CREG: 2,6,"8B37","0A265185",7']);
  assert.equal(sms.status, 'registered-sms-only-home');
  assert.equal(sms.registered, false);
  const nr = value('AT+C5GREG?', ['+C5GREG: 2,1,1F00,79D903,11,6,ABCDEF']);
  assert.equal(nr.accessTechnology, 'nr-5gcn');
  assert.ok(parseResponse('AT+CREG?', ['+CREG: 2,1,"ZZZZ","1"']) !== null);
  const bad = parseRegistrationLine('+CREG: 2,1,"ZZZZ","1"');
  assert.equal(bad.ok, false);
});

test('+CEREG with a reject cause and no location is not read as Novatel\'s extra field', () => {
  // n=3: stat 3 (denied), empty TAC/CI/AcT, cause type 0, EMM cause 15 (no suitable cells in TA).
  for (const line of ['+CEREG: 3,3,,,,0,15', '+CEREG: 3,3,"","",,0,15']) {
    const v = value('AT+CEREG?', [line]);
    assert.equal(v.status, 'denied', line);
    assert.equal(v.tac, undefined, line);
    assert.equal(v.ci, undefined, line);
    assert.equal(v.act, undefined, line);
    assert.equal(v.causeType, 0, line);
    assert.equal(v.rejectCause, 15, line);
  }
  // Novatel's real extra field (MM test_cereg2_novatel_lte_solicited) still shifts.
  const nova = value('AT+CEREG?', ['+CEREG: 2,1, 1F00, 20 ,79D903 ,7']);
  assert.deepEqual([nova.tac, nova.ci, nova.act], [{ hex: '1F00', value: 0x1f00 }, { hex: '79D903', value: 0x79d903 }, 7]);
});

test('registration URCs next to the answer: stat,lac,ci,AcT,rac is a URC; the <n>,<stat> line is the answer', () => {
  const urc = parseRegistrationLine('+CGREG: 1,0001,00000010,7,01');
  assert.ok(urc.ok);
  assert.deepEqual(urc.value, {
    command: '+CGREG', solicited: false, stat: 1, status: 'registered-home', registered: true,
    lac: { hex: '0001', value: 1 }, ci: { hex: '00000010', value: 16 }, act: 7, accessTechnology: 'e-utran',
    rac: { hex: '01', value: 1 },
  });
  // Whatever order the lines come in, the answer is the solicited one.
  const v = value('AT+CREG?', ['+CREG: 1', '+CREG: 2,5,"00C3","0000B7E2",7']);
  assert.equal(v.stat, 5);
  assert.equal(v.solicited, true);
});

test('+COPS?: MM cops_query_data plus numeric and UCS2 forms', () => {
  assert.deepEqual(value('AT+COPS?', ['+COPS: 1,0,"CHINA MOBILE"']),
    { mode: 1, modeName: 'manual', format: 0, formatName: 'long', operator: 'CHINA MOBILE' });
  assert.equal(value('AT+COPS?', ['+COPS: 1,0,"CHINA MOBILE",7']).accessTechnology, 'e-utran');
  const num = value('AT+COPS?', ['+COPS: 1,2,"46000",7']);
  assert.equal(num.mcc, '460');
  assert.equal(num.mnc, '00');
  assert.deepEqual(value('AT+COPS?', ['+COPS: 0']), { mode: 0, modeName: 'automatic' });
  // MM normalize_operator_tests: UCS2 hex of "Verizon".
  const ucs2 = value('AT+COPS?', ['+COPS: 0,0,"0056006500720069007A006F006E",7']);
  assert.equal(ucs2.operator, 'Verizon');
  assert.equal(ucs2.ucs2, true);
  // Quoted names with a comma (MM test_cops_response_samsung_z810 style).
  assert.equal(value('AT+COPS?', ['+COPS: 0,0,"T-Mobile USA, In",7']).operator, 'T-Mobile USA, In');
});

test('+COPS=?: MM scan samples, mode/format groups skipped, UCS2 decoded', () => {
  const gt = value('AT+COPS=?', ['+COPS: (1,"T-Mobile US","TMO US","31026",0),(1,"Cingular","Cingular","310410",0),,(0, 1, 3),(0-2)']);
  assert.deepEqual(gt.networks, [
    { stat: 1, status: 'available', numeric: '31026', long: 'T-Mobile US', short: 'TMO US', mcc: '310', mnc: '26', act: 0, accessTechnology: 'gsm' },
    { stat: 1, status: 'available', numeric: '310410', long: 'Cingular', short: 'Cingular', mcc: '310', mnc: '410', act: 0, accessTechnology: 'gsm' },
  ]);
  const mf627 = value('AT+COPS=?', ['+COPS: (2,"AT&T@","AT&TD","310410",0),(3,"Voicestream Wireless Corporation","VSTREAM","31026",0),']);
  assert.deepEqual((mf627.networks as Array<{ status: string }>).map((n) => n.status), ['current', 'forbidden']);
  const n80 = value('AT+COPS=?', ['+COPS: (2,"T - Mobile",,"31026"),(1,"Einstein PCS",,"31064"),(1,"Cingular",,"31041"),,(0,1,3),(0,2)']);
  assert.equal((n80.networks as unknown[]).length, 3);
  // Novatel XU870: one network per line.
  const xu = value('AT+COPS=?', ['+COPS: (0,"AT&T MicroCell","AT&T MicroCell","310410",2)', '+COPS: (1,"T-Mobile","TMO","31026",0)']);
  assert.equal((xu.networks as unknown[]).length, 2);
  assert.deepEqual(value('AT+COPS=?', ['+COPS: (0,1,2,3),(1,2,3,4)']).networks, []);
  // MM's Nokia 2720 sample: the list wraps after the first network.
  const nokia = value('AT+COPS=?', ['+COPS: (2,"T - Mobile",,"31026",0),', '(1,"AT&T",,"310410",0),,(0,1,3),(0,2)']);
  assert.deepEqual(nokia.networks, [
    { stat: 2, status: 'current', numeric: '31026', long: 'T - Mobile', mcc: '310', mnc: '26', act: 0, accessTechnology: 'gsm' },
    { stat: 1, status: 'available', numeric: '310410', long: 'AT&T', mcc: '310', mnc: '410', act: 0, accessTechnology: 'gsm' },
  ]);
  // u-blox LARA with AT+CSCS="UCS2".
  const lara = value('AT+COPS=?', ['+COPS: (1,"0059004F00490047004F","0059004F00490047004F","00320031003400300034",7)']);
  assert.deepEqual(lara.networks, [{ stat: 1, status: 'available', numeric: '21404', long: 'YOIGO', short: 'YOIGO', mcc: '214', mnc: '04', act: 7, accessTechnology: 'e-utran' }]);
});

test('+CGDCONT? / =?, +CGACT?, +CGPADDR (MM cgdcont/cgact tests; public captures)', () => {
  const samsung = value('AT+CGDCONT?', ['+CGDCONT: 1,"IP","nate.sktelecom.com","",0,0',
    '+CGDCONT: 2,"IP","epc.tmobile.com","",0,0', '+CGDCONT: 3,"IP","MAXROAM.com","",0,0']);
  assert.deepEqual((samsung.contexts as Array<{ apn: string }>).map((c) => c.apn), ['nate.sktelecom.com', 'epc.tmobile.com', 'MAXROAM.com']);
  assert.deepEqual(value('AT+CGDCONT?', ['+CGDCONT: 1,"IP",,,0,0']).contexts,
    [{ cid: 1, pdpType: 'IP', apn: '', dataCompression: 0, headerCompression: 0 }]);
  assert.deepEqual(value('AT+CGDCONT?', []).contexts, []);
  const test1 = value('AT+CGDCONT=?', ['+CGDCONT: (1-10),"IP",,,(0,1),(0,1)', '+CGDCONT: (1-10),"IPV6",,,(0,1),(0,1)']);
  assert.deepEqual(test1.formats, [{ pdpType: 'IP', cids: [{ min: 1, max: 10 }] }, { pdpType: 'IPV6', cids: [{ min: 1, max: 10 }] }]);
  const phs8 = value('AT+CGDCONT=?', ['+CGDCONT: (1-17,101-116),"IP",,,(0),(0-4)']);
  assert.deepEqual(phs8.formats, [{ pdpType: 'IP', cids: [{ min: 1, max: 17 }, { min: 101, max: 116 }] }]);
  const thuraya = value('AT+CGDCONT=?', ['+CGDCONT: ( 1 ) , "IP" ,,, (0-2),(0-3)']);
  assert.deepEqual(thuraya.formats, [{ pdpType: 'IP', cids: [{ min: 1, max: 1 }] }]);
  assert.deepEqual(value('AT+CGACT?', ['+CGACT: 1,0', '+CGACT: 4,1', '+CGACT: 5,0']).contexts,
    [{ cid: 1, active: false }, { cid: 4, active: true }, { cid: 5, active: false }]);
  assert.deepEqual(value('AT+CGACT?', []).contexts, []);
  assert.deepEqual(value('AT+CGPADDR=1', ['+CGPADDR: 1,"10.101.133.178"']).addresses,
    [{ cid: 1, raw: ['10.101.133.178'], ipv4: '10.101.133.178' }]);
  // Both addresses in one quoted field, all zero: no usable address.
  assert.deepEqual(value('AT+CGPADDR', ['+CGPADDR: 1,"0.0.0.0,0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"']).addresses,
    [{ cid: 1, raw: ['0.0.0.0', '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0'] }]);
  const v6 = value('AT+CGPADDR', ['+CGPADDR: 1,"10.0.0.2","32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.1"']).addresses as Array<{ ipv6?: string }>;
  assert.equal(v6[0]?.ipv6, '2001:db8::1');
});

test('+CFUN? (MM cfun_query_tests)', () => {
  for (const [line, fun] of [['+CFUN: 1', 1], ['+CFUN: 1,0', 1], ['+CFUN: 0', 0], ['+CFUN: 0,0', 0], ['+CFUN: 19', 19], ['+CFUN: 19,0', 19]] as const) {
    assert.equal(value('AT+CFUN?', [line]).fun, fun, line);
  }
  assert.deepEqual(value('AT+CFUN?', ['+CFUN: 4']), { fun: 4, funName: 'rf-off', radioOn: false });
  assert.equal(value('AT+CFUN?', ['+CFUN: 19']).funName, 'vendor-19');
});

test('+CGDCONT= (write): the result records which context gets which APN, or that it is deleted', () => {
  assert.deepEqual(value('AT+CGDCONT=1,"IPV4V6","internet.it"', []), { cid: 1, deleted: false, pdpType: 'IPV4V6', apn: 'internet.it' });
  // An empty APN asks the network to choose one (27.007 §10.1.1).
  assert.deepEqual(value('AT+CGDCONT=2,"IP",""', []), { cid: 2, deleted: false, pdpType: 'IP', apn: '' });
  assert.deepEqual(value('AT+CGDCONT=3', []), { cid: 3, deleted: true });
  const bad = parseResponse('AT+CGDCONT=x,"IP","a"', []);
  assert.equal(bad?.ok, false);
});
