import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchUrc } from '../../main/at/urc.ts';

test('registration lines: the answer while the read is in flight, a URC otherwise (MM src/mm-modem-helpers.c creg regexes)', () => {
  assert.equal(matchUrc('+CREG: 1', 'AT+CREG?'), null);
  assert.equal(matchUrc('+CREG: 2,1,"CE00","01CEAD8F"', 'AT+CREG?'), null);
  // MM test_creg2_mercury_solicited: n=1 yet location follows; hex CI last keeps it solicited.
  assert.equal(matchUrc('+CREG: 1,1,84CD,00D30173', 'AT+CREG?'), null);
  assert.equal(matchUrc('+CREG: 1,"00C3","0000B7E2",7', 'AT+CSQ')?.name, '+CREG');
  // URC shapes even during AT+CREG?: quoted LAC second, or stat,lac,ci,AcT.
  assert.equal(matchUrc('+CREG: 1,"00C3","0000B7E2",7', 'AT+CREG?')?.name, '+CREG');
  assert.equal(matchUrc('+CREG: 1,0001,0010,0', 'AT+CREG?')?.name, '+CREG');
  assert.equal(matchUrc('+CEREG: 2, 0001, 00000100, 7', 'AT+CEREG?')?.name, '+CEREG');
  assert.equal(matchUrc('+CEREG: 1, 2, 0001, 00000100, 7', 'AT+CEREG?'), null);
  assert.equal(matchUrc('+CGREG: 1,"1422","00000142",3,"00"', 'AT+CGREG?')?.name, '+CGREG');
  // Without any command in flight every registration line is unsolicited.
  assert.equal(matchUrc('+CEREG: 3')?.name, '+CEREG');
});

test('registration URCs carry decoded fields (MM test_cgreg2_f3607gw_unsolicited)', () => {
  const u = matchUrc('+CGREG: 1,"8BE3","00002B5D",3', 'AT+CSQ');
  assert.deepEqual(u?.fields, {
    command: '+CGREG', solicited: false, stat: 1, status: 'registered-home', registered: true,
    lac: { hex: '8BE3', value: 0x8be3 }, ci: { hex: '00002B5D', value: 0x2b5d }, act: 3, accessTechnology: 'gsm-egprs',
  });
});

test('+CPIN and +CFUN: the answer to their read, URCs after an unlock or a reset', () => {
  assert.equal(matchUrc('+CPIN: READY', 'AT+CPIN?'), null);
  assert.deepEqual(matchUrc('+CPIN: READY', 'AT+CPIN="1234"'), { name: '+CPIN', line: '+CPIN: READY', fields: { state: 'READY' } });
  assert.equal(matchUrc('+CPIN: READY')?.name, '+CPIN');
  assert.equal(matchUrc('+CFUN: 1', 'AT+CFUN?'), null);
  assert.deepEqual(matchUrc('+CFUN: 1', 'AT+CPIN?')?.fields, { fun: 1 });
  assert.equal(matchUrc('+QSIMSTAT: 1,1', 'AT+QSIMSTAT?'), null);
  assert.equal(matchUrc('+QSIMSTAT: 1,0', 'AT+CSQ')?.name, '+QSIMSTAT');
});

test('boot and SIM-event URCs of Quectel/SIMCom are always unsolicited', () => {
  for (const [line, name] of [
    ['RDY', 'RDY'], ['RING', 'RING'], ['POWERED DOWN', 'POWERED DOWN'], ['SMS DONE', 'SMS DONE'], ['PB DONE', 'PB DONE'],
    ['+QIND: SMS DONE', '+QIND'], ['+QIND: PB DONE', '+QIND'], ['+QUSIM: 1', '+QUSIM'], ['+CMTI: "ME",1', '+CMTI'],
    ['+CGEV: NW DETACH', '+CGEV'], ['+CIEV: 7,1', '+CIEV'], ['+CRING: VOICE', '+CRING'],
    ['+CLIP: "+0123456789",145,,,,0', '+CLIP'],
  ] as const) {
    assert.equal(matchUrc(line, 'AT+CSQ')?.name, name, line);
    assert.equal(matchUrc(line)?.name, name, line);
  }
  assert.deepEqual(matchUrc('+QIND: "csq",20,99', 'AT+COPS?')?.fields, { event: 'csq', rssi: 20, ber: 99, rssiDbm: -73 });
});

test('NO CARRIER ends a data call we dialled, and is a URC otherwise', () => {
  assert.equal(matchUrc('NO CARRIER', 'ATD*99#'), null);
  assert.equal(matchUrc('NO CARRIER', 'AT+CSQ')?.name, 'NO CARRIER');
  assert.equal(matchUrc('NO CARRIER')?.name, 'NO CARRIER');
});

test('NMEA sentences are recognised as such, answers are not URCs', () => {
  assert.equal(matchUrc('$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47')?.name, 'NMEA');
  assert.equal(matchUrc('$GNRMC,,V,,,,,,,,,,N*4D', 'AT')?.name, 'NMEA');
  assert.equal(matchUrc('+CSQ: 20,99', 'AT+CSQ'), null);
  assert.equal(matchUrc('+CSQ: 20,99'), null);
  assert.equal(matchUrc('OK', 'AT'), null);
  assert.equal(matchUrc('228012345678901', 'AT+CIMI'), null);
  assert.equal(matchUrc('', 'AT'), null);
});

test('a URC prefix is the answer while the command of that name is in flight (AT^HCSQ?, AT+QNETDEVSTATUS=1, AT+CLIP?, AT+CCWA?)', () => {
  const cases: Array<[string, string]> = [
    ['AT^HCSQ?', '^HCSQ: "LTE",50,40,100,30'],
    ['AT+QNETDEVSTATUS=1', '+QNETDEVSTATUS: 10.1.1.2,255.255.255.0,10.1.1.1,10.1.1.1,8.8.8.8,8.8.4.4,0,0,0,0'],
    ['AT+CLIP?', '+CLIP: 0,1'],
    ['AT+CCWA?', '+CCWA: 0'],
  ];
  for (const [command, line] of cases) {
    assert.equal(matchUrc(line, command), null, `${line} during ${command}`);
    // During any other command (or none) the same line is a URC.
    assert.ok(matchUrc(line, 'AT+CSQ'), `${line} during AT+CSQ`);
    assert.ok(matchUrc(line), `${line} with nothing in flight`);
  }
});

test('the 5-field +CGREG URC (stat,lac,ci,AcT,rac) is a URC even while AT+CGREG? is in flight', () => {
  assert.equal(matchUrc('+CGREG: 1,0001,00000010,7,01', 'AT+CGREG?')?.name, '+CGREG');
  assert.equal(matchUrc('+CGREG: 2,1,"8BE3","00002B5D",3', 'AT+CGREG?'), null);
});
