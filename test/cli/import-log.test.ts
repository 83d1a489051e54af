// `modem-doctor import-log`: the 2018 uqmi output from the field gives decoder-byte-shift with
// the true values; other shifted dumps (other addresses, other PLMNs) the same way; a healthy
// dump nothing; mmcli's "failed" state a note, not a finding. Run as a user runs it: the real
// launcher, the log on stdin or in a file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../main/doctor/finding.ts';
import { FINDING_TITLES } from '../../main/doctor/rules/titles.ts';
import { runCli } from '../support/run-cli.ts';
import { REPORT_2018, uqmiCurrentSettings, uqmiServingSystem } from '../doctor/log-import/uqmi-armv5.ts';

interface Out { findings: Finding[]; notes: { id: string; finding?: string }[]; lineCount: number; truncated: boolean }

async function importJson(text: string): Promise<{ code: number | null; out: Out }> {
  const r = await runCli(['import-log', '-', '--json'], text);
  assert.equal(r.stderr, '');
  return { code: r.code, out: JSON.parse(r.stdout) as Out };
}

const shift = (o: Out) => o.findings.find((f) => f.id === 'decoder-byte-shift');

test('the 2018 uqmi output gives decoder-byte-shift with the true values: mtu 1500, 10.23.154.198, mcc 222, mnc 88', async () => {
  const { code, out } = await importJson(REPORT_2018);
  assert.equal(code, 1, 'an error finding: exit 1');
  const f = shift(out);
  assert.ok(f, JSON.stringify(out.findings.map((x) => x.id)));
  assert.equal(f.severity, 'error');
  assert.equal(f.title, FINDING_TITLES['decoder-byte-shift']);
  const t = f.values?.trueValues as Record<string, unknown>;
  assert.deepEqual([t.mtu, t.ip, t.mcc, t.mnc, t.subnet], [1500, '10.23.154.198', 222, 88, '255.255.255.252']);
  assert.deepEqual(f.evidence[0]!.lines!.map((l) => l.n), [5, 7, 8, 9, 10, 11, 21, 22]);
  assert.match(f.explanation, /mtu 263644 → 1500/);
  assert.deepEqual(out.findings.map((x) => x.id), ['decoder-byte-shift'], 'one cause, one finding');
});

test('the human summary names the true values and the lines they came from', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-import-'));
  try {
    const file = path.join(dir, 'uqmi.txt');
    fs.writeFileSync(file, REPORT_2018);
    const r = await runCli(['import-log', file]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^25 lines read; 1 finding/);
    assert.match(r.stdout, /ERROR +decoder-byte-shift: /);
    assert.match(r.stdout, /true values: mtu 1500, ip 10\.23\.154\.198, subnet 255\.255\.255\.252, mcc 222, mnc 88/);
    assert.match(r.stdout, /line 5: "mtu": 263644,/);
    assert.ok(!r.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('other shifted dumps (other addresses, MTUs and PLMNs) are recognised and recovered the same way', async () => {
  const cases = [
    { s: { ip: '100.64.12.34', gateway: '100.64.12.33', subnet: '255.255.255.248', dns1: '8.8.8.8', dns2: '1.1.1.1', mtu: 1430 }, p: { mcc: 262, mnc: 1, description: 'Telekom.de', radioInterfaces: ['lte', 'umts'] as ('lte' | 'umts')[] } },
    { s: { ip: '172.20.5.6', gateway: '172.20.5.5', subnet: '255.255.255.252', dns1: '172.20.0.1', dns2: '172.20.0.2', mtu: 1500 }, p: { mcc: 208, mnc: 10, description: 'SFR', radioInterfaces: ['lte', 'umts'] as ('lte' | 'umts')[] } },
  ];
  for (const { s, p } of cases) {
    // Two radio interfaces put the PLMN at an odd offset (as in 2018), so it is read shifted too.
    const text = `${uqmiCurrentSettings(s, 'armv5').text}\n${uqmiServingSystem(p, 'armv5').text}`;
    const { code, out } = await importJson(text);
    const f = shift(out);
    assert.ok(f, text);
    assert.equal(code, 1);
    const t = f.values?.trueValues as Record<string, unknown>;
    // Every value recovered is the truth; the PLMN always is.
    const truth: Record<string, unknown> = { mtu: s.mtu, ip: s.ip, gateway: s.gateway, subnet: s.subnet, dns1: s.dns1, dns2: s.dns2, mcc: p.mcc, mnc: p.mnc };
    for (const [k, v] of Object.entries(t)) assert.equal(v, truth[k], `${k} in ${text}`);
    assert.deepEqual([t.mcc, t.mnc], [p.mcc, p.mnc]);
  }
});

test('a healthy uqmi dump gives no decoder-byte-shift (exit 0)', async () => {
  const text = `${uqmiCurrentSettings({ ip: '10.23.154.198', gateway: '10.23.154.197', subnet: '255.255.255.252', dns1: '10.22.65.25', dns2: '10.22.97.25', mtu: 1500 }, 'aligned').text}\n${uqmiServingSystem({ mcc: 222, mnc: 88, description: 'I WIND' }, 'aligned').text}`;
  const { code, out } = await importJson(text);
  assert.equal(shift(out), undefined);
  assert.deepEqual(out.findings, []);
  assert.equal(code, 0);
});

test('mmcli: "failed, sim-missing" is sim-absent with the rule\'s title; another failed reason is a note, not a finding', async () => {
  const dump = (reason: string) => `  -----------------------------
  General  |              path: /org/freedesktop/ModemManager1/Modem/0
           |         device id: 6d1f7f8c0f3bd5e81e4a0bd2e7e2b0b4b1a7f5a9
  -----------------------------
  Status   |             state: failed
           |     failed reason: ${reason}
           |       power state: low`;
  const absent = await importJson(dump('sim-missing'));
  assert.deepEqual(absent.out.findings.map((f) => [f.id, f.title]), [['sim-absent', FINDING_TITLES['sim-absent']]]);
  const failed = await importJson(dump('unknown-capabilities'));
  assert.deepEqual(failed.out.findings, []);
  assert.deepEqual(failed.out.notes.map((n) => [n.id, n.finding]), [['mmcli-status', 'modem-failed']]);
  assert.equal(failed.code, 0, 'a note is not an error finding');
});

test('usage and I/O errors exit 2 with words; --help exits 0', async () => {
  const none = await runCli(['import-log']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /give a FILE, or - for standard input/);
  const missing = await runCli(['import-log', '/nonexistent/log.txt']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /\/nonexistent\/log\.txt: no such file/);
  const help = await runCli(['import-log', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: modem-doctor import-log FILE\|- \[--json\]/);
});

test('identifiers in the log stay masked in the output', async () => {
  const text = `AT+CGSN\r\n356936001568843\r\nOK\r\n${REPORT_2018}`;
  const r = await runCli(['import-log', '-', '--json'], text);
  assert.doesNotMatch(r.stdout, /356936001568843/);
});
