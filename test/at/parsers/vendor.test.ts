// Quectel, SIMCom, Sierra, Telit and Fibocom answers from public captures (each row names its
// source: the vendor AT manual or the capture it came from), including echo, URCs mid-response and
// errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponse } from '../../../main/at/parsers/index.ts';
import { splitResponse } from '../../../main/at/response.ts';
import { parseGstatus } from '../../../main/at/parsers/sierra.ts';

function decode(command: string, raw: string): Record<string, unknown> {
  const r = splitResponse(command, raw);
  const p = parseResponse(command, r.lines);
  assert.ok(p !== null, `no parser for ${command}`);
  assert.ok(p.ok, `parse failed for ${command}: ${p.ok ? '' : p.error.message}`);
  return p.value as Record<string, unknown>;
}

test('Quectel +QCFG="usbnet" and "band" (captures: EC25 `"band",0x93,0x80800c5,0x0`, EG06 `0xbff,0x1e00b0e18df,0x0`)', () => {
  assert.deepEqual(decode('AT+QCFG="usbnet"', 'AT+QCFG="usbnet"\r\r\n+QCFG: "usbnet",1\r\n\r\nOK\r\n'),
    { mode: 1, modeName: 'ecm', driver: 'cdc_ether' });
  assert.deepEqual(decode('AT+QCFG="usbnet"', '\r\n+QCFG: "usbnet",0\r\n\r\nOK\r\n'), { mode: 0, modeName: 'rmnet', driver: 'qmi_wwan' });
  const band = decode('AT+QCFG="band"', '\r\n+QCFG: "band",0x93,0x80800c5,0x0\r\n\r\nOK\r\n');
  assert.deepEqual(band.lteBands, [1, 3, 7, 8, 20, 28]);
  const eg06 = decode('AT+QCFG="band"', '\r\n+QCFG: "band",0xbff,0x1e00b0e18df,0x0\r\n\r\nOK\r\n');
  assert.deepEqual(eg06.lteBands, [1, 2, 3, 4, 5, 7, 8, 12, 13, 18, 19, 20, 25, 26, 28, 38, 39, 40, 41]);
  // The write form and other keys have no parser: they answer only OK.
  assert.equal(parseResponse('AT+QCFG="usbnet",1', []), null);
  assert.equal(parseResponse('AT+QCFG="nwscanmode"', ['+QCFG: "nwscanmode",0']), null);
});

test('Quectel +QENG="servingcell": EC2x and RM5xx LTE layouts, SEARCH, srxlev "-"', () => {
  const ec25 = decode('AT+QENG="servingcell"',
    '\r\n+QENG: "servingcell","NOCONN","LTE","FDD",302,610,844D92A,248,900,2,5,5,D6E7,-89,-8,-61,17,38\r\n\r\nOK\r\n');
  assert.equal(ec25.state, 'NOCONN');
  assert.deepEqual(ec25.lte, {
    duplex: 'FDD', mcc: 302, mnc: '610', cellId: { hex: '844D92A', value: 0x844d92a }, pcid: 248, earfcn: 900, band: 2,
    ulBandwidthMhz: 20, dlBandwidthMhz: 20, tac: { hex: 'D6E7', value: 0xd6e7 }, rsrp: -89, rsrq: -8, rssi: -61, sinr: 17, srxlev: 38,
  });
  const limsrv = decode('AT+QENG="servingcell"',
    '\r\n+QENG: "servingcell","LIMSRV","LTE","TDD",460,00,2C17802,407,40936,41,5,5,2495,-97,-10,-67,15,26\r\n\r\nOK\r\n');
  assert.equal(limsrv.state, 'LIMSRV');
  assert.equal((limsrv.lte as { mnc: string }).mnc, '00');
  const dash = decode('AT+QENG="servingcell"',
    '+QENG: "servingcell","NOCONN","LTE","FDD",454,06,1625C29,193,1250,3,3,3,2E19,-88,-12,-60,12,-\r\nOK\r\n');
  assert.equal((dash.lte as { srxlev: number | null }).srxlev, null);
  const rm500 = decode('AT+QENG="servingcell"',
    '+QENG: "servingcell","NOCONN","LTE","FDD",460,00,8F381C5,107,1300,3,5,5,3193,-98,-13,-70,-3,0,0,21\r\nOK\r\n');
  const lte = rm500.lte as { cqi: number; txPower: number; srxlev: number; sinr: number };
  assert.deepEqual([lte.sinr, lte.cqi, lte.txPower, lte.srxlev], [-3, 0, 0, 21]);
  assert.deepEqual(decode('AT+QENG="servingcell"', '+QENG: "servingcell","SEARCH"\r\nOK\r\n'), { state: 'SEARCH' });
  const short = parseResponse('AT+QENG="servingcell"', ['+QENG: "servingcell","NOCONN","LTE","FDD",302,610']);
  assert.ok(short !== null && !short.ok);
  assert.match(short.error.message, /fields after "LTE"/);
});

test('Quectel +QNWINFO (Quectel EC25 AT Commands Manual example) and the no-service form', () => {
  assert.deepEqual(decode('AT+QNWINFO', '\r\n+QNWINFO: "FDD LTE","26203","LTE BAND 1",250\r\n\r\nOK\r\n'), {
    accessTechnology: 'FDD LTE', registered: true, operator: '26203', mcc: '262', mnc: '03', band: 'LTE BAND 1', channel: 250,
  });
  assert.deepEqual(decode('AT+QNWINFO', '+QNWINFO: No Service\r\nOK\r\n'), { accessTechnology: 'No Service', registered: false });
});

test('SIMCom +CPSI? (SIM7600E-H capture; NO SERVICE), +CNSMOD?, +CUSBPIDSWITCH?', () => {
  const lte = decode('AT+CPSI?', 'AT+CPSI?\r\r\n+CPSI: LTE,Online,228-02,0x9CA4,20964868,46,EUTRAN-BAND20,6200,3,3,-178,-1089,-742,8\r\n\r\nOK\r\n');
  assert.deepEqual(lte, {
    systemMode: 'LTE', operationMode: 'Online', mcc: '228', mnc: '02', tac: { hex: '9CA4', value: 0x9ca4 }, cellId: 20964868,
    pcellId: 46, band: 'EUTRAN-BAND20', earfcn: 6200, dlBandwidth: 3, ulBandwidth: 3, rsrq: -178, rsrp: -1089, rssi: -742, rssnr: 8,
  });
  assert.deepEqual(decode('AT+CPSI?', 'AT+CPSI?\r\n+CPSI: NO SERVICE,Online\r\n\r\nOK\r\n'), { systemMode: 'NO SERVICE', operationMode: 'Online' });
  const wcdma = decode('AT+CPSI?', '+CPSI: WCDMA,Online,252-02,0x2612,-294967296,WCDMA IMT 2000,437,10687,0,-3,-83,-32768,-83,-15\r\nOK\r\n');
  assert.equal(wcdma.systemMode, 'WCDMA');
  assert.equal((wcdma.fields as string[]).length, 12);
  assert.deepEqual(decode('AT+CNSMOD?', '+CNSMOD: 0,8\r\nOK\r\n'), { n: 0, stat: 8, mode: 'lte' });
  assert.deepEqual(decode('AT+CUSBPIDSWITCH?', '\r\n+CUSBPIDSWITCH: 9001\r\n\r\nOK\r\n'),
    { pid: '9001', productId: 0x9001, description: 'default (QMI on interface 5)' });
  assert.equal(decode('AT+CUSBPIDSWITCH?', '+CUSBPIDSWITCH: 9011\r\nOK\r\n').description, 'RNDIS + serial (usb0)');
});

// EM7565 capture (danielewood/sierra-wireless-modems notes): tabs between pairs, blank line inside.
const GSTATUS_EM7565 = '!GSTATUS: \r\nCurrent Time:  22016\t\tTemperature: 40\r\nReset Counter: 1\t\tMode:        ONLINE         \r\n' +
  'System mode:   LTE        \tPS state:    Attached     \r\nLTE band:      B2     \t\tLTE bw:      20 MHz  \r\n' +
  'LTE Rx chan:   800\t\tLTE Tx chan: 18800\r\nLTE CA state:  ACTIVE      \t\tLTE Scell band:B12    \r\n' +
  'LTE Scell bw:10 MHz  \t\tLTE Scell chan:5110\r\nEMM state:     Registered     \tNormal Service \r\n' +
  'RRC state:     RRC Connected  \r\nIMS reg state: No Srv  \t\t\r\n\r\n' +
  'PCC RxM RSSI:  -45\t\tRSRP (dBm):  -81\r\nPCC RxD RSSI:  -44\t\tRSRP (dBm):  -79\r\n' +
  'SCC RxM RSSI:  -52\t\tRSRP (dBm):  -83\r\nSCC RxD RSSI:  -51\t\tRSRP (dBm):  -81\r\n' +
  'Tx Power:      15\t\tTAC:         8C65 (35666)\r\nRSRQ (dB):     -14.0\t\tCell ID:     0A14666A (169106666)\r\n' +
  'SINR (dB):     23.8\r\n\r\n\r\nOK\r\n';

test('Sierra !GSTATUS? (EM7565 and EM7511 captures): tab-separated pairs, duplicate RSRP labels', () => {
  const g = decode('AT!GSTATUS?', `AT!GSTATUS?\r\r\n${GSTATUS_EM7565}`);
  assert.equal(g.temperatureC, 40);
  assert.equal(g.mode, 'ONLINE');
  assert.equal(g.systemMode, 'LTE');
  assert.equal(g.psState, 'Attached');
  assert.equal(g.lteBand, 'B2');
  assert.equal(g.lteBandwidthMhz, 20);
  assert.deepEqual(g.rsrpDbm, [-81, -79, -83, -81]);
  assert.deepEqual(g.rssiDbm, [-45, -44, -52, -51]);
  assert.equal(g.rsrqDb, -14);
  assert.equal(g.sinrDb, 23.8);
  // This published capture was hand-anonymised: its hex and its decimal in parentheses disagree
  // (0x8C65 ≠ 35666), so only the hex, which the value is decoded from, is asserted here.
  assert.equal((g.tac as { hex: string }).hex, '8C65');
  assert.equal((g.cellId as { hex: string }).hex, '0A14666A');
  assert.equal(g.emmState, 'Registered Normal Service');
  // EM7511 labels RSRP per antenna path and prints lower-case hex.
  const em7511 = decode('AT!GSTATUS?', '!GSTATUS: \r\nPCC RxM RSSI:  -87\t\tPCC RxM RSRP:  -119\r\n' +
    'PCC RxD RSSI:  -55\t\tPCC RxD RSRP:  -86\r\nTx Power:      --\t\tTAC:         550d (21773)\r\n' +
    'RSRQ (dB):     -11.6\t\tCell ID:     00a51b02 (10820354)\r\nSINR (dB):     12.2\r\n\r\nOK\r\n');
  assert.deepEqual(em7511.rsrpDbm, [-119, -86]);
  assert.deepEqual(em7511.tac, { hex: '550D', value: 21773 });
  assert.deepEqual(em7511.cellId, { hex: '00A51B02', value: 10820354 });
});

test('Sierra !USBCOMP? (MC7455/EM7455 captures: no prefix at all) and !IMPREF?', () => {
  const qmi = decode('AT!USBCOMP?', 'AT!USBCOMP?\r\r\nConfig Index: 1\r\nConfig Type:  1 (Generic)\r\n' +
    'Interface bitmask: 0000010D (diag,nmea,modem,rmnet0) \r\n\r\nOK\r\n');
  assert.deepEqual(qmi, {
    mask: '0000010D', maskValue: 0x10d, interfaces: ['diag', 'nmea', 'modem', 'rmnet0'], qmi: true, mbim: false,
    reportedInterfaces: ['diag', 'nmea', 'modem', 'rmnet0'], configIndex: 1, configType: 1, configTypeName: 'Generic',
  });
  const mbim = decode('AT!USBCOMP?', '\r\nConfig Index: 1\r\nConfig Type:  1 (Generic)\r\nInterface bitmask: 0000100D (diag,nmea,modem,mbim)\r\nOK\r\n');
  assert.deepEqual([mbim.qmi, mbim.mbim], [false, true]);
  const two = decode('AT!USBCOMP?', 'Config Index: 1\r\nConfig Type:  1 (Generic)\r\nInterface bitmask: 0000050D (diag,nmea,modem,rmnet0,rmnet1)\r\nOK\r\n');
  assert.deepEqual(two.interfaces, ['diag', 'nmea', 'modem', 'rmnet0', 'rmnet1']);
  // elkanamol/Sierra_find_image_impref capture, byte for byte.
  const impref = decode('AT!IMPREF?', 'AT!IMPREF?\r\r\n!IMPREF: \r\n preferred fw version:    02.33.03.00\r\n' +
    ' preferred carrier name:  GENERIC\r\n preferred config name:   GENERIC_002.072_001\r\n preferred subpri index:  000\r\n' +
    ' current fw version:      02.33.03.00\r\n current carrier name:    GENERIC\r\n current config name:     GENERIC_002.072_001\r\n' +
    ' current subpri index:    000\r\n\r\nOK\r\n');
  assert.deepEqual(impref, {
    preferred: { fwVersion: '02.33.03.00', carrierName: 'GENERIC', configName: 'GENERIC_002.072_001', subpriIndex: '000' },
    current: { fwVersion: '02.33.03.00', carrierName: 'GENERIC', configName: 'GENERIC_002.072_001', subpriIndex: '000' },
    mismatch: false,
  });
  // EM7565 "stuck in low power" note: preferred 01.00.02.00 vs current 01.05.01.00.
  const stuck = decode('AT!IMPREF?', '!IMPREF:\r\n preferred fw version:    01.00.02.00\r\n preferred carrier name:  GENERIC\r\n' +
    ' preferred config name:   GENERIC_001.012_000\r\n current fw version:      01.05.01.00\r\n current carrier name:    GENERIC\r\n' +
    ' current config name:     GENERIC_001.012_000\r\nOK\r\n');
  assert.equal(stuck.mismatch, true);
});

test('Telit #USBCFG? and Fibocom +GTUSBMODE? keep the raw mode number (meaning is per family)', () => {
  assert.deepEqual(decode('AT#USBCFG?', '\r\n#USBCFG: 0\r\n\r\nOK\r\n'), { mode: 0 });
  assert.deepEqual(decode('AT+GTUSBMODE?', 'AT+GTUSBMODE?\r\r\n+GTUSBMODE: 7\r\n\r\nOK\r\n'), { mode: 7 });
  const bad = parseResponse('AT+GTUSBMODE?', ['+GTUSBMODE: seven']);
  assert.ok(bad !== null && !bad.ok);
});

test('vendor answers survive URCs between their lines and report +CME errors', () => {
  const raw = 'AT+QENG="servingcell"\r\r\n+QIND: "csq",20,99\r\n' +
    '+QENG: "servingcell","NOCONN","LTE","FDD",302,610,844D92A,248,900,2,5,5,D6E7,-89,-8,-61,17,38\r\n' +
    '\r\n+CEREG: 1,"D6E7","0844D92A",7\r\n\r\nOK\r\n';
  const r = splitResponse('AT+QENG="servingcell"', raw);
  assert.deepEqual(r.urcs.map((u) => u.name), ['+QIND', '+CEREG']);
  assert.equal(r.lines.length, 1);
  const err = splitResponse('AT+QCFG="usbnet"', 'AT+QCFG="usbnet"\r\r\n+CME ERROR: 4\r\n');
  assert.deepEqual(err.final, { kind: 'cme-error', code: 4 });
});

test('!GSTATUS: every label/value pair, two columns per line split by tabs (EM7565 field capture, tabs as sent)', () => {
  const raw = '\r\n!GSTATUS: \r\nCurrent Time:  444231\t\tTemperature: 32\r\nReset Counter: 1\t\tMode:        ONLINE         \r\n' +
    'System mode:   LTE        \tPS state:    Attached     \r\nLTE band:      B7     \t\tLTE bw:      20 MHz  \r\n' +
    'LTE Rx chan:   3110\t\tLTE Tx chan: 21110\r\nLTE SSC1 state:NOT ASSIGNED\r\nEMM state:     Registered     \tNormal Service \r\n' +
    'RRC state:     RRC Connected  \r\nIMS reg state: No Srv  \t\t\r\n\r\nPCC RxM RSSI:  -89\t\tPCC RxM RSRP:  -117\r\n' +
    'PCC RxD RSSI:  -89\t\tPCC RxD RSRP:  -116\r\nTx Power:      --\t\tTAC:         0001 (1)\r\n' +
    'RSRQ (dB):     -8.0\t\tCell ID:     00005101 (20737)\r\nSINR (dB):      8.6\r\n\r\n\r\nOK\r\n';
  const lines = splitResponse('AT!GSTATUS?', raw).lines;
  const r = parseGstatus(lines);
  assert.ok(r.ok);
  assert.deepEqual(r.value.pairs.map((p) => p.label), ['Current Time', 'Temperature', 'Reset Counter', 'Mode', 'System mode', 'PS state',
    'LTE band', 'LTE bw', 'LTE Rx chan', 'LTE Tx chan', 'LTE SSC1 state', 'EMM state', 'RRC state', 'IMS reg state',
    'PCC RxM RSSI', 'PCC RxM RSRP', 'PCC RxD RSSI', 'PCC RxD RSRP', 'Tx Power', 'TAC', 'RSRQ (dB)', 'Cell ID', 'SINR (dB)']);
  assert.equal(r.value.pairs.find((p) => p.label === 'EMM state')?.value, 'Registered Normal Service');
  assert.equal(r.value.pairs.find((p) => p.label === 'LTE SSC1 state')?.value, 'NOT ASSIGNED');
  assert.deepEqual(r.value.rsrpDbm, [-117, -116]);
  assert.equal(r.value.lteBandwidthMhz, 20);
  assert.equal(r.value.sinrDb, 8.6);
  assert.equal(r.value.cellId?.value, 0x5101);
});
