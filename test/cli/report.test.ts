// `modem-doctor report` as a user runs it: the real launcher against a virtual modem (its ports
// and sysfs tree), writing JSON and HTML. The JSON passes the published schema, the findings are
// the diagnosis's, and no file or output holds the modem's PIN, PUK, password or (unless
// --no-redact) its unmasked IMEI, IMSI or ICCID.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Report } from '../../main/report/model.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { expectedFindings } from '../../main/simulator/scenarios.ts';
import { withSim } from '../simulator/support.ts';
import { runCli } from '../support/run-cli.ts';
import { assertNoSecrets, knownSecretsOf, secretsOnly } from '../support/secret-scan.ts';
import { schemaErrors } from '../report/schema-check.ts';

function portArgs(s: Simulator): string[] {
  return [...(s.ports.qmi ? ['--qmi', s.ports.qmi] : []), ...s.ports.at.flatMap((a) => ['--at', a]), '--net', 'wwan0', '--sysfs-root', s.sysfs.root];
}

/** Secrets no other value of the modem contains (the defaults hide inside the IMSI and ICCID). */
function plantSecrets(s: Simulator): void {
  s.model.state.sim.pin = '8264';
  s.model.state.sim.puk = '50917342';
  for (const p of s.model.state.profiles) p.password = 'Pw-9f3kq!x';
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'md-report-'));
}

test('report --help: the options, the exit codes and an example', async () => {
  const r = await runCli(['report', '--help']);
  assert.equal(r.code, 0);
  for (const s of ['--out FILE', '--device ID', '--qmi PATH', '--no-redact', 'Exit codes', 'Example']) assert.ok(r.stdout.includes(s), s);
});

test('report without --out, or with a name that is neither .json nor .html, is a usage error', async () => {
  for (const args of [['report', '--qmi', '/dev/null'], ['report', '--out', 'r.txt', '--qmi', '/dev/null']]) {
    const r = await runCli(args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--out/);
  }
});

describe('report of a virtual modem', () => {
  for (const [profile, scenario] of [['ec25', 'seed'], ['ec25', 'sim-pin'], ['mc7455', 'healthy']] as const) {
    test(`${profile} ${scenario}: JSON and HTML, schema-valid, the diagnosis's findings, no secrets`, () => withSim(profile, scenario, async (s) => {
      plantSecrets(s);
      const known = knownSecretsOf(s.model.state);
      const dir = tmp();
      try {
        const json = path.join(dir, 'r.json');
        const html = path.join(dir, 'r.html');
        const a = await runCli(['report', '--out', json, ...portArgs(s)], undefined, 60_000);
        assert.equal(a.code, 0, a.stderr);
        const b = await runCli(['report', ...portArgs(s), '--out', html], undefined, 60_000);
        assert.equal(b.code, 0, b.stderr);
        const text = fs.readFileSync(json, 'utf8');
        const report = JSON.parse(text) as Report;
        assert.deepEqual(schemaErrors(report), []);
        assert.match(a.stdout, new RegExp(`^wrote ${json.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*identities masked\\n$`));
        // Exactly the scenario's findings: the report shows the diagnosis as it is.
        assert.deepEqual(report.findings.map((f) => f.id).sort(), [...expectedFindings(scenario)].sort());
        assert.ok(report.transcript.length > 10, 'the transcript is there');
        const page = fs.readFileSync(html, 'utf8');
        for (const f of report.findings) assert.ok(page.includes(`id="finding-${f.id}"`), f.id);
        for (const [what, data] of [['the JSON', text], ['the HTML', page], ['stdout', a.stdout + b.stdout], ['stderr', a.stderr + b.stderr]] as const) {
          assertNoSecrets(data, known, `${what} of report`);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }));
  }

  test('--no-redact: identities shown, the file readable by its owner only, secrets still absent', () => withSim('ec25', 'healthy', async (s) => {
    plantSecrets(s);
    const dir = tmp();
    try {
      const file = path.join(dir, 'open.json');
      const r = await runCli(['report', '--no-redact', '--out', file, ...portArgs(s)], undefined, 60_000);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /SHOWN/);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
      assert.equal(report.redaction.identities, 'shown');
      assert.equal(report.device.imei, s.model.state.identity.imei);
      assertNoSecrets(fs.readFileSync(file, 'utf8'), secretsOnly(knownSecretsOf(s.model.state)), 'the --no-redact report');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));
});
