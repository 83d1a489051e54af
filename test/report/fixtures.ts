// A report input with every fact, a finding of each severity, an undo record and a transcript:
// typed by the doctor's own contract, so a fact the contract gains and the schema lacks shows up
// as a schema failure here. Values as a diagnosis of a Quectel EC25 would have them.

import type { Exchange } from '../../main/evidence/exchange.ts';
import type { Facts } from '../../main/doctor/facts.ts';
import type { Finding } from '../../main/doctor/finding.ts';
import type { UndoRecord } from '../../main/doctor/fix.ts';
import type { ModemTarget } from '../../main/doctor/target.ts';
import type { Environment } from '../../main/report/environment.ts';
import type { ReportInput } from '../../main/report/model.ts';

export const IMEI = '867698041234567';
export const IMSI = '222880123456789';
export const ICCID = '89398800001234567890';

export const ENV: Environment = {
  modemDoctor: { version: '0.1.0' }, node: 'v24.21.0', kernel: { sysname: 'Linux', release: '6.1.0-28-amd64', machine: 'x86_64' },
  drivers: [{ name: 'qmi_wwan', loaded: true }, { name: 'option', loaded: true, version: '1.0' }, { name: 'qcserial', loaded: false }, { name: 'cdc_mbim', loaded: false }, { name: 'cdc_ether', loaded: true }],
  modemManager: { running: true, version: '1.20.4' },
};

export const TARGET: ModemTarget = {
  id: '1-1', qmi: '/dev/cdc-wdm0', at: ['/dev/ttyUSB2', '/dev/ttyUSB3'], net: 'wwan0',
  usb: { vid: 0x2c7c, pid: 0x0125, vendorName: 'Quectel Wireless Solutions Co., Ltd.', model: 'EC25', busPath: '1-1' },
};

const t = (ms: number): string => new Date(Date.UTC(2026, 11, 1, 23, 15, 0, ms)).toISOString();

export function transcript(): Exchange[] {
  const imeiHex = Buffer.from(IMEI).toString('hex');
  return [
    { seq: 1, time: t(0), port: '/dev/cdc-wdm0', protocol: 'qmi', direction: 'tx', raw: '010c00000201010200250000000000',
      decoded: { service: 'DMS', message: 'Get IDs', kind: 'request', transactionId: 2, clientId: 1, fields: {} } },
    { seq: 2, time: t(8), port: '/dev/cdc-wdm0', protocol: 'qmi', direction: 'rx', raw: `012b00800201020200250021000200000000001100${IMEI.length.toString(16).padStart(2, '0')}00${imeiHex}`,
      decoded: { service: 'DMS', message: 'Get IDs', kind: 'response', transactionId: 2, clientId: 1, result: { ok: true, code: 0 }, fields: { imei: IMEI } } },
    { seq: 3, time: t(30), port: '/dev/ttyUSB2', protocol: 'at', direction: 'tx', raw: 'AT+CIMI\r' },
    { seq: 4, time: t(52), port: '/dev/ttyUSB2', protocol: 'at', direction: 'rx', raw: IMSI, decoded: { command: 'AT+CIMI', value: { role: 'response' } } },
    { seq: 5, time: t(60), port: '/dev/ttyUSB2', protocol: 'at', direction: 'tx', raw: 'AT+CPIN="****"\r', redacted: ['pin'] },
    { seq: 6, time: t(90), port: '/dev/ttyUSB2', protocol: 'at', direction: 'rx', raw: '+CSQ: 12,99', decoded: { command: 'AT+CSQ', value: { role: 'response' } } },
    { seq: 7, time: t(1500), port: '/dev/cdc-wdm0', protocol: 'qmi', direction: 'rx', raw: '01',
      decoded: { service: 'NAS', message: 'Get Signal Info', kind: 'response', transactionId: 9, clientId: 2, result: { ok: true, code: 0 },
        fields: { lteSignalStrength: { rssi: -71, rsrq: -11, rsrp: -101, snr: { dB: 4.5, raw: 45 } } } } },
    { seq: 8, time: t(2600), port: '/dev/ttyUSB2', protocol: 'at', direction: 'note', raw: '', error: 'no answer within 2000 ms' },
  ];
}

export function allFacts(): Required<Facts> {
  return {
    reach: { value: { qmi: { path: '/dev/cdc-wdm0', answer: 'answered', via: 'direct' }, at: [{ path: '/dev/ttyUSB1', answer: 'silent', role: 'nmea', detail: 'NMEA sentences only' }, { path: '/dev/ttyUSB2', answer: 'answered', role: 'at' }], atUsed: '/dev/ttyUSB2' }, via: 'doctor', evidence: [1, 2] },
    device: { value: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G', hardwareRevision: '10000', imei: IMEI, usb: { vid: 0x2c7c, pid: 0x0125, vendorName: 'Quectel', composition: 'usbnet 0 (QMI)' } }, via: 'qmi', evidence: [2] },
    sim: { value: { state: 'ready', pinEnabled: true, pinLeft: 3, pukLeft: 10, iccid: ICCID, imsi: IMSI, mcc: 222, mnc: 88, mncDigits: 2, gid1: 'ff', spn: 'WINDTRE' }, via: 'at', evidence: [4] },
    radio: { value: { mode: 'online', cfun: 1, hardwareRestricted: false }, via: 'qmi', evidence: [] },
    registration: { value: { state: 'registered', mcc: 222, mnc: 88, operatorName: 'WINDTRE', rat: 'lte', lac: 0, tac: 0x3a21, cellId: 0x1b2c3d4, rejectCause: 0 }, via: 'qmi', evidence: [] },
    signal: { value: { rat: 'lte', rssi: -71, rsrp: -101, rsrq: -11, snr: 4.5, quality: 'fair' }, via: 'qmi', evidence: [7] },
    profiles: { value: { profiles: [{ index: 1, apn: '', name: 'internet', pdpType: 'ipv4v6', auth: 'none', username: '', hasPassword: false }], defaultIndex: 1 }, via: 'qmi', evidence: [] },
    autoconnect: { value: { setting: 'enabled', bearerHeld: true }, via: 'qmi', evidence: [] },
    connection: { value: { up: false, lastFailure: { type: '3gpp', reason: 27, text: 'unknown APN', cause3gpp: 27, apn: 'web.example.com' }, settings: { ipv4: '10.23.154.198', gateway: '10.23.154.197', subnet: '255.255.255.252', dns: ['10.0.0.1'], mtu: 1500 } }, via: 'qmi', evidence: [] },
    dataFormat: { value: { modem: 'raw-ip', modemRawIpOnly: false, kernel: '802-3', iface: 'wwan0', linkUp: true, counters: { rxPackets: 0, txPackets: 41, rxBytes: 0, txBytes: 13120 } }, via: 'sysfs', evidence: [] },
    usbMode: { value: { value: 0, label: 'QMI/RmNet', hasQmi: true, qmiValue: 0 }, via: 'at', evidence: [] },
    ports: { value: [{ path: '/dev/cdc-wdm0', role: 'qmi', driver: 'qmi_wwan', owners: [{ pid: 812, command: 'ModemManager' }], access: { ok: true }, modemManagerType: 'qmi' }], via: 'proc', evidence: [] },
    modemManager: { value: { running: true, version: '1.20.4', pid: 812, modem: { path: '/org/freedesktop/ModemManager1/Modem/0', state: 'registered', ports: ['cdc-wdm0', 'ttyUSB2'] } }, via: 'dbus', evidence: [] },
    apnSuggestions: { value: [{ apn: 'internet.it', provider: 'WINDTRE', usage: 'internet', reason: 'listed for 222/88' }], via: 'database', evidence: [] },
    imported: { value: [{ finding: 'decoder-byte-shift', text: 'mtu 263644 is 1500 shifted by a byte', values: { mtu: 1500 } }], via: 'doctor', evidence: [] },
    problems: [{ probe: 'usb-mode', message: 'AT+QCFG="usbnet" answered ERROR', evidence: [8] }],
  };
}

export function findings(): Finding[] {
  return [
    { id: 'data-format-mismatch', severity: 'error', title: 'The modem and the kernel disagree on the data format',
      explanation: 'The modem sends raw IP; the kernel expects Ethernet frames.', values: { modem: 'raw-ip', kernel: '802-3' },
      evidence: [{ fact: 'dataFormat', text: 'WDA link layer: raw-ip; raw_ip: N', exchanges: [2] }],
      fixes: [{ fix: 'align-data-format', label: 'Set the kernel to raw IP', options: { mode: 'raw-ip' } }] },
    { id: 'weak-signal', severity: 'warning', title: 'Weak signal', explanation: 'RSRP -101 dBm.', evidence: [{ fact: 'signal', text: 'RSRP -101 dBm', exchanges: [6, 7] }], fixes: [] },
    { id: 'sim-pin-required', severity: 'info', title: 'PIN entered', explanation: `SIM ${IMSI} unlocked.`, evidence: [{ fact: 'sim', text: 'SIM ready', exchanges: [5] }],
      fixes: [{ fix: 'unlock-sim', label: 'Enter the PIN', secrets: ['pin'], needsForce: 'last attempt' }] },
  ];
}

export function undoRecord(): UndoRecord {
  return {
    actionId: '20261201T231500Z-set-apn-3f9a', fix: 'set-apn', appliedAt: t(3000),
    modem: { imeiMasked: '867698*******67', imeiHash: 'sha256:0f1e2d', label: 'EC25 (2c7c:0125)' },
    changes: [{ what: 'APN of profile 1', from: '', to: 'internet.it' }],
    restore: { profile: { index: 1, apn: '' } },
  };
}

export function fullInput(): ReportInput {
  return {
    target: TARGET, facts: allFacts(), findings: findings(), actions: [undoRecord()], transcript: transcript(), environment: ENV,
    signal: [{ time: t(4000), rat: 'lte', rsrp: -99, snr: 6 }], generatedAt: new Date(Date.UTC(2026, 11, 1, 23, 16)),
  };
}
