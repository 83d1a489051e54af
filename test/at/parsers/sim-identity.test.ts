// Real replies (sources in each row's comment) next to the values a user must see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponse } from '../../../main/at/parsers/index.ts';
import { normaliseIccid } from '../../../main/at/parsers/identity.ts';
import { splitResponse } from '../../../main/at/response.ts';

function value(command: string, lines: string[]): unknown {
  const r = parseResponse(command, lines);
  assert.ok(r !== null, `no parser for ${command}`);
  assert.ok(r.ok, `parse failed for ${command}: ${r.ok ? '' : r.error.message}`);
  return r.value;
}

test('+CPIN?: every state, quoted or not (27.007 §8.3, MM test_cpin_responses)', () => {
  const rows: Array<[string, string, boolean]> = [
    ['+CPIN: READY', 'ready', true],
    ['+CPIN: SIM PIN', 'sim-pin', false],
    ['+CPIN: SIM PUK', 'sim-puk', false],
    ['+CPIN: SIM PIN2', 'sim-pin2', false],
    ['+CPIN: "SIM PIN"', 'sim-pin', false],
    ['+CPIN: PH-SIM PIN', 'ph-sim-pin', false],
    ['+CPIN: PH-NET PIN', 'ph-net-pin', false],
    ['+CPIN: PH-NETSUB PIN', 'ph-netsub-pin', false],
  ];
  for (const [line, code, ready] of rows) {
    const v = value('AT+CPIN?', [line]) as { code: string; ready: boolean };
    assert.equal(v.code, code, line);
    assert.equal(v.ready, ready, line);
  }
  const bad = parseResponse('AT+CPIN?', ['+CPIN: BANANA']);
  assert.ok(bad !== null && !bad.ok);
  assert.match(bad.error.message, /unknown \+CPIN state/);
});

test('no SIM: +CME ERROR: 10 ends AT+CPIN? and nothing is parsed', () => {
  const r = splitResponse('AT+CPIN?', 'AT+CPIN?\r\r\n+CME ERROR: 10\r\n');
  assert.deepEqual(r.final, { kind: 'cme-error', code: 10 });
  assert.deepEqual(r.lines, []);
  const p = parseResponse('AT+CPIN?', r.lines);
  assert.ok(p !== null && !p.ok);
});

test('PIN lock and counters: +CLCK, +CPINR, +QPINC (27.007 §7.4/§8.65; Quectel EC2x manual example)', () => {
  assert.deepEqual(value('AT+CLCK="SC",2', ['+CLCK: 0']), { status: 0, enabled: false });
  assert.deepEqual(value('AT+CLCK="SC",2', ['+CLCK: 1']), { status: 1, enabled: true });
  assert.deepEqual(value('AT+CPINR="SIM PIN"', ['+CPINR: SIM PIN,3,3']),
    { entries: [{ code: 'SIM PIN', retries: 3, defaultRetries: 3 }] });
  assert.deepEqual(value('AT+QPINC?', ['+QPINC: "SC",3,10', '+QPINC: "P2",3,10']), {
    entries: [{ facility: 'SC', pinRetries: 3, pukRetries: 10 }, { facility: 'P2', pinRetries: 3, pukRetries: 10 }],
  });
});

test('Quectel SIM status: +QSIMSTAT? and +QINISTAT bitmask (Quectel EC25 AT Commands Manual)', () => {
  assert.deepEqual(value('AT+QSIMSTAT?', ['+QSIMSTAT: 0,1']), { enable: 0, inserted: 1, insertedState: 'inserted' });
  assert.deepEqual(value('AT+QSIMSTAT?', ['+QSIMSTAT: 1,0']), { enable: 1, inserted: 0, insertedState: 'removed' });
  assert.deepEqual(value('AT+QINISTAT', ['+QINISTAT: 7']), { status: 7, cpinReady: true, smsReady: true, phonebookReady: true });
  assert.deepEqual(value('AT+QINISTAT', ['+QINISTAT: 1']), { status: 1, cpinReady: true, smsReady: false, phonebookReady: false });
});

test('ICCID: MM test_iccid_parse_* vectors (swap, F padding, hex account digits, rejects)', () => {
  const good: Array<[string, string]> = [
    ['"984402003576012594F9"', '8944200053671052499'],
    ['98231420326409614067', '89324102234690160476'],
    ['8944200053671052499F', '8944200053671052499'],
    ['8944200053671052499', '8944200053671052499'],
    ['"89324102234690160476"', '89324102234690160476'],
    ['"898602F9091830030220"', '898602F9091830030220'],
    ['"898602C0123456789012"', '898602C0123456789012'],
  ];
  for (const [raw, iccid] of good) {
    const r = normaliseIccid(raw);
    assert.ok(r.ok, raw);
    assert.equal(r.value.iccid, iccid, raw);
  }
  for (const raw of ['982314203264096', '98231420326pl9614067', '"0044200053671052499"', '0044200053671052499']) {
    assert.equal(normaliseIccid(raw).ok, false, raw);
  }
});

test('ICCID through each vendor command and prefix', () => {
  const rows: Array<[string, string]> = [
    ['AT+QCCID', '+QCCID: 8944200053671052499F'],
    ['AT+CICCID', '+ICCID: 89324102234690160476'],
    ['AT+CCID', '+CCID: "89324102234690160476"'],
    ['AT^ICCID?', '^ICCID: "98231420326409614067"'],
  ];
  for (const [cmd, line] of rows) {
    const v = value(cmd, [line]) as { iccid: string };
    assert.match(v.iccid, /^89/, cmd);
  }
  const swapped = value('AT^ICCID?', ['^ICCID: "98231420326409614067"']) as { iccid: string; swapped: boolean };
  assert.deepEqual(swapped, { iccid: '89324102234690160476', swapped: true });
});

test('IMSI and IMEI: bare digits, with echo, and with the +CGSN prefix some firmwares add', () => {
  const imsi = splitResponse('AT+CIMI', 'AT+CIMI\r\r\n228012345678901\r\n\r\nOK\r\n');
  assert.deepEqual(value('AT+CIMI', imsi.lines), { imsi: '228012345678901', mcc: '228' });
  // MM test_cdma_parse_gsn: plain IMEI, and IMEI followed by a serial number. MM's samples are
  // scrubbed, so their Luhn check digit is wrong; the SIM7600E-H capture's IMEI is a real one.
  assert.deepEqual(value('AT+CGSN', ['354237065082227']), { imei: '354237065082227', checkDigitValid: false });
  assert.deepEqual(value('AT+GSN', ['356936001568843,NL2A62Z0N5']), { imei: '356936001568843', checkDigitValid: false });
  assert.deepEqual(value('AT+CGSN', ['867584034313614']), { imei: '867584034313614', checkDigitValid: true });
  assert.deepEqual(value('AT+CGSN=1', ['+CGSN: "867584034313614"']), { imei: '867584034313614', checkDigitValid: true });
  const bad = parseResponse('AT+CGSN', ['adsfasdfasdfasdf']);
  assert.ok(bad !== null && !bad.ok);
  const cme = parseResponse('AT+CIMI', []);
  assert.ok(cme !== null && !cme.ok);
});

test('manufacturer/model/revision and ATI (MM devid table; Quectel and Sierra captures)', () => {
  assert.deepEqual(value('AT+CGMI', ['Quectel']), { text: 'Quectel' });
  assert.deepEqual(value('AT+CGMM', ['+CGMM: "E2"']), { text: 'E2' });
  assert.deepEqual(value('AT+CGMR', ['11.608.09.01.21']), { text: '11.608.09.01.21' });
  assert.deepEqual(value('AT+QGMR', ['EM05GFAR07A07M1G_01.016.01.016']), { text: 'EM05GFAR07A07M1G_01.016.01.016' });
  // Quectel BG77 ATI capture: unlabelled manufacturer and model.
  const quectel = splitResponse('ATI', 'ATI\r\nQuectel\r\nBG77\r\nRevision: BG77LAR02A04\r\n\r\nOK');
  assert.deepEqual(value('ATI', quectel.lines), {
    lines: ['Quectel', 'BG77', 'Revision: BG77LAR02A04'], manufacturer: 'Quectel', model: 'BG77', revision: 'BG77LAR02A04',
  });
  // Huawei E1550 ATI from MM's devid table: every line labelled, +GCAP ignored.
  const huawei = value('ATI', ['Manufacturer: huawei', 'Model: E1550', 'Revision: 11.608.09.01.21',
    'IMEI: 235012412595195', '+GCAP: +CGSM,+FCLASS,+DS']) as Record<string, unknown>;
  assert.equal(huawei.manufacturer, 'huawei');
  assert.equal(huawei.model, 'E1550');
  assert.equal(huawei.revision, '11.608.09.01.21');
  assert.equal(huawei.imei, '235012412595195');
});
