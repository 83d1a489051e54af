// Findings from an imported log (Facts.imported): the live rules' ids and titles, the log's lines
// as evidence, the true values behind a byte shift; ids that are not findings are left out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRules } from '../../../main/doctor/rules/index.ts';
import { FINDING_TITLES } from '../../../main/doctor/rules/titles.ts';
import { bareFacts, fact } from './fixtures.ts';

test('an imported observation becomes the finding it names, with the rule\'s title and the log lines', () => {
  const f = bareFacts();
  f.imported = fact([
    { finding: 'data-format-mismatch', severity: 'error' as const, title: 'udhcpc gets no reply', text: 'wwan0 sent 12 DISCOVERs and received 0 packets.', lines: [{ n: 3, text: 'udhcpc: sending discover' }] },
    { finding: 'modem-failed', severity: 'error' as const, text: 'mmcli says failed' },
  ], 'doctor', 0);
  const out = evaluateRules(f);
  assert.deepEqual(out.map((x) => [x.id, x.title]), [['data-format-mismatch', FINDING_TITLES['data-format-mismatch']]]);
  assert.match(out[0]!.explanation, /^udhcpc gets no reply\. wwan0 sent 12 DISCOVERs/);
  assert.deepEqual(out[0]!.evidence[0]!.lines, [{ n: 3, text: 'udhcpc: sending discover' }]);
  assert.equal(out[0]!.fixes[0]!.fix, 'align-data-format');
});

test('decoder-byte-shift: the recovered values by name, the first dump\'s value when several show the same field', () => {
  const f = bareFacts();
  f.imported = fact([{ finding: 'decoder-byte-shift', text: 'shifted', values: { fields: [
    { field: 'mtu', printed: 263644, recovered: 1500 }, { field: 'ipv4.ip', printed: '0.23.154.198', recovered: '10.23.154.198' },
    { field: 'ipv4.dns1', printed: '0.4.21.25', known: '?.?.?.25' }, { field: 'mtu', printed: 263644, recovered: 1500 },
    { field: 'plmn_mcc', printed: 56832, recovered: 222 }, { field: 'plmn_mnc', printed: 22528, recovered: 88 },
  ] } }], 'doctor', 0);
  const [d] = evaluateRules(f);
  assert.deepEqual(d!.values?.trueValues, { mtu: 1500, ip: '10.23.154.198', mcc: 222, mnc: 88 });
  assert.equal(d!.severity, 'error');
  assert.deepEqual(d!.fixes, []);
});
