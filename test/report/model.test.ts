// The report model: the device's label, the summary's verdict, signal readings gathered from the
// transcript beside the samples given, and nothing invented where nothing was diagnosed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../main/report/model.ts';
import { ENV, fullInput, TARGET } from './fixtures.ts';

test('label: the USB model and id when discovery found it, else the model the modem names, else the port', () => {
  assert.equal(buildReport(fullInput()).device.label, 'EC25 (2c7c:0125)');
  const byHand = { id: 'qmi:/dev/cdc-wdm0', qmi: '/dev/cdc-wdm0', at: ['/dev/ttyUSB2'] };
  assert.equal(buildReport({ ...fullInput(), target: byHand }).device.label, 'Quectel EC25');
  assert.equal(buildReport({ target: byHand, environment: ENV }).device.label, '/dev/cdc-wdm0');
  assert.equal(buildReport({ environment: ENV }).device.label, 'unknown modem');
  assert.deepEqual(buildReport(fullInput()).device.usb, TARGET.usb);
});

test('summary: errors make the verdict, then warnings; counts per severity', () => {
  const input = fullInput();
  assert.deepEqual(buildReport(input).summary, { verdict: 'errors', errors: 1, warnings: 1, infos: 1 });
  assert.deepEqual(buildReport({ ...input, findings: input.findings!.slice(1) }).summary, { verdict: 'warnings', errors: 0, warnings: 1, infos: 1 });
  assert.deepEqual(buildReport({ ...input, findings: [] }).summary, { verdict: 'ok', errors: 0, warnings: 0, infos: 0 });
});

test('signal: the readings of the transcript (AT+CSQ, NAS Get Signal Info) and the samples given, oldest first', () => {
  const r = buildReport(fullInput());
  assert.deepEqual(r.signal, [
    { time: '2026-12-01T23:15:00.090Z', seq: 6, rssi: -89 },
    { time: '2026-12-01T23:15:01.500Z', seq: 7, rat: 'lte', rssi: -71, rsrp: -101, rsrq: -11, snr: 4.5 },
    { time: '2026-12-01T23:15:04.000Z', rat: 'lte', rsrp: -99, snr: 6 },
  ]);
});

test('nothing diagnosed: no facts member, no findings, an empty transcript', () => {
  const r = buildReport({ environment: ENV });
  assert.equal('facts' in r, false);
  assert.deepEqual([r.findings, r.actions, r.signal, r.transcript], [[], [], [], []]);
});
