// Reports of virtual modems, from real QMI and AT exchanges (PIN entered, APN password written,
// identities read every way a diagnosis reads them): the JSON and the HTML hold no PIN, PUK or
// password and no unmasked IMEI, IMSI or ICCID — by the secrets scanner, which does find them in
// the raw transcript, so a redaction that failed would fail these tests. With --no-redact the
// identities are there and the secrets still are not.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, reportJson } from '../../main/report/model.ts';
import { reportHtml } from '../../main/report/html.ts';
import { maskIdentity } from '../../main/report/identities.ts';
import type { Environment } from '../../main/report/environment.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { withBootedSim } from '../simulator/support.ts';
import { assertNoSecrets, knownSecretsOf, scanForSecrets, secretsOnly } from '../support/secret-scan.ts';
import { capture } from './capture.ts';
import { evaluateRules } from '../../main/doctor/rules/index.ts';
import { schemaErrors } from './schema-check.ts';

const ENV: Environment = {
  modemDoctor: { version: '0.1.0' }, node: 'v24.0.0', kernel: { sysname: 'Linux', release: '6.1.0', machine: 'x86_64' },
  drivers: [{ name: 'qmi_wwan', loaded: true }], modemManager: { running: false, problem: 'not asked' },
};

/** Secrets no other value of the modem contains (the defaults 1234 / 12345678 hide inside the IMSI and ICCID). */
function plantSecrets(sim: Simulator): void {
  const st = sim.model.state;
  st.sim.pin = '8264';
  st.sim.puk = '50917342';
  for (const p of st.profiles) p.password = 'Pw-9f3kq!x';
}

const CASES: [profile: string, scenario: string, index: number][] = [
  ['ec25', 'healthy', 0],
  ['ec25', 'sim-pin', 0],
  ['ec25', 'seed', 3],
  ['sim7600', 'healthy', 0],
  ['mc7455', 'sim-pin', 5],
];

describe('reports of virtual modems hold no secrets and no unmasked identities', () => {
  for (const [profile, scenario, index] of CASES) {
    test(`${profile} ${scenario}${index ? ` (fleet modem ${index})` : ''}`, () => withBootedSim(profile, scenario, async (sim) => {
      plantSecrets(sim);
      const known = knownSecretsOf(sim.model.state);
      const st = sim.model.state;
      const c = await capture(sim);

      // The scanner finds the identities in the raw exchanges, in the forms they take there.
      const raw = JSON.stringify(c.transcript);
      const forms = new Set(scanForSecrets(raw, known).map((h) => `${h.kind}:${h.form}`));
      for (const f of ['imei:text', 'imei:ascii-hex', 'imsi:text', 'iccid:text', 'iccid:bcd-hex']) assert.ok(forms.has(f), `the raw transcript shows ${f}`);
      // ...and the exchange recorders already kept the secrets out of it.
      assertNoSecrets(raw, secretsOnly(known), 'the raw transcript');

      const report = buildReport({ ...c, findings: evaluateRules(c.facts), environment: ENV });
      assert.deepEqual(schemaErrors(report), []);
      const json = reportJson(report);
      const html = reportHtml(report);
      assertNoSecrets(json, known, 'the JSON report');
      assertNoSecrets(html, known, 'the HTML report');

      // What the reader sees instead: the masked forms, and which exchanges were masked.
      const imeiMasked = maskIdentity('imei', st.identity.imei);
      assert.equal(report.device.imei, imeiMasked);
      assert.ok(html.includes(imeiMasked));
      assert.equal(report.facts?.sim?.value.iccid, maskIdentity('iccid', st.sim.iccid));
      assert.deepEqual(report.redaction.masked.map((m) => m.kind).sort(), ['iccid', 'imei', 'imsi']);
      const idsReply = report.transcript.find((x) => x.decoded && 'message' in x.decoded && x.decoded.message === 'Get IDs' && x.direction === 'rx');
      assert.ok(idsReply?.redacted?.includes('imei'), 'the Get IDs reply is marked as masked');
      assert.ok(idsReply!.raw.includes(Buffer.from(imeiMasked).toString('hex')), 'its hex carries the masked IMEI, still decodable');
      // Secrets: named in the marks, never present.
      if (scenario === 'sim-pin') assert.ok(report.transcript.some((x) => x.redacted?.includes('pin')));
      assert.ok(report.transcript.some((x) => x.redacted?.includes('password')));

      // --no-redact: identities shown, secrets still absent.
      const open = buildReport({ ...c, findings: evaluateRules(c.facts), environment: ENV }, { redact: false });
      assert.deepEqual(schemaErrors(open), []);
      const openJson = reportJson(open);
      assertNoSecrets(openJson, secretsOnly(known), 'the --no-redact JSON report');
      assertNoSecrets(reportHtml(open), secretsOnly(known), 'the --no-redact HTML report');
      assert.equal(open.device.imei, st.identity.imei);
      assert.equal(open.redaction.identities, 'shown');
      assert.ok(scanForSecrets(openJson, known).some((h) => h.kind === 'imsi'), 'the IMSI is there unmasked');
    }, { index }));
  }
});
