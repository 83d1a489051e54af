// Reports made from a real diagnosis of virtual modems in several scenarios: schema-valid, the
// diagnosis's findings as they are, evidence that points into the transcript, and not one PIN, PUK,
// password or unmasked IMEI, IMSI or ICCID in the JSON or the HTML.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../main/doctor/diagnose.ts';
import { targetFromPorts } from '../../main/doctor/targets.ts';
import { reportHtml } from '../../main/report/html.ts';
import { buildReport, reportJson } from '../../main/report/model.ts';
import type { ScenarioName } from '../../main/simulator/scenarios.ts';
import { withSim } from '../simulator/support.ts';
import { assertNoSecrets, knownSecretsOf } from '../support/secret-scan.ts';
import { ENV } from './fixtures.ts';
import { schemaErrors } from './schema-check.ts';

// The scenarios where what the modem says differs most (every identity read, SIM locked or gone,
// a failed call, radio off, line noise), on the EC25, and two on the other profiles.
const RUN: [string, ScenarioName][] = [
  ...(['healthy', 'seed', 'sim-pin', 'sim-puk', 'sim-absent', 'wrong-apn', 'radio-off', 'garbage'] as const).map((s): [string, ScenarioName] => ['ec25', s]),
  ['mc7455', 'healthy'], ['sim7600', 'seed'],
];

describe('reports of diagnosed virtual modems', () => {
  for (const [profile, scenario] of RUN) {
    test(`${profile} ${scenario}`, () => withSim(profile, scenario, async (s) => {
      const st = s.model.state;
      st.sim.pin = '8264';
      st.sim.puk = '50917342';
      for (const p of st.profiles) p.password = 'Pw-9f3kq!x';
      const known = knownSecretsOf(st);
      const target = targetFromPorts({ ...(s.ports.qmi ? { qmi: s.ports.qmi } : {}), at: s.ports.at, net: 'wwan0' }, { sysfsRoot: s.sysfs.root });
      const d = await diagnose(target, { modemManager: false });
      const report = buildReport({ target, facts: d.facts, findings: d.findings, transcript: d.transcript, environment: ENV });
      assert.deepEqual(schemaErrors(report), []);
      // The diagnosis as it is (the doctor's own tests hold it to the scenario's declared findings).
      assert.deepEqual(report.findings.map((f) => [f.id, f.severity, f.title]), d.findings.map((f) => [f.id, f.severity, f.title]));
      assert.equal(report.summary.errors, d.findings.filter((f) => f.severity === 'error').length);
      const seqs = new Set(report.transcript.map((x) => x.seq));
      for (const f of report.findings) for (const e of f.evidence) for (const n of e.exchanges) assert.ok(seqs.has(n), `${f.id} cites #${n}, which the transcript has`);
      assertNoSecrets(reportJson(report), known, `the JSON report (${scenario})`);
      assertNoSecrets(reportHtml(report), known, `the HTML report (${scenario})`);
    }));
  }
});
