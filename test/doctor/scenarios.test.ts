// Every scenario on every profile yields exactly the findings its declaration names
// (main/simulator/scenarios.ts: the doctor's fixture table), through the whole doctor: the
// virtual modem on real PTYs, connect, probe, rules.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnose } from '../../main/doctor/diagnose.ts';
import { expectedFindings, SCENARIOS } from '../../main/simulator/scenarios.ts';
import { withSim } from '../simulator/support.ts';
import { simTarget } from './support.ts';

for (const profile of ['ec25', 'mc7455', 'sim7600']) {
  describe(`every scenario on the virtual ${profile}`, () => {
    for (const scenario of SCENARIOS) {
      test(`${scenario}: ${expectedFindings(scenario).join(', ') || 'no finding'}`, () => withSim(profile, scenario, async (sim) => {
        const d = await diagnose(simTarget(sim), {
          releaseOnSignals: false, modemManager: false,
          // A silent modem is judged silent sooner than a real one would be.
          ...(scenario === 'unresponsive' ? { qmiAnswerMs: 500, atAnswerMs: 400 } : {}),
        });
        const ids = d.findings.map((f) => f.id).sort();
        assert.deepEqual(ids, [...expectedFindings(scenario)].sort(),
          `findings ${JSON.stringify(d.findings.map((f) => `${f.id}: ${f.title}`))}; problems ${JSON.stringify(d.facts.problems)}`);
        // Every finding cites evidence the facts hold.
        for (const f of d.findings) assert.ok(f.evidence.length > 0, `${f.id} has evidence`);
      // The unplug scenario pulls the ports after 5 s: a diagnosis on a loaded machine must not race it.
      }, scenario === 'unplug' ? { unplugAfterMs: null } : {}));
    }
  });
}
