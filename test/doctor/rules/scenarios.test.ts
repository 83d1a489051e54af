// Every scenario × every virtual modem profile: the rules raise exactly the findings the
// scenario declares (main/simulator/scenarios.ts), from Facts as the probes fill them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRules } from '../../../main/doctor/rules/index.ts';
import { PROFILES } from '../../../main/simulator/profiles/index.ts';
import { expectedFindings, SCENARIOS } from '../../../main/simulator/scenarios.ts';
import { scenarioFacts } from './fixtures.ts';

for (const [profileId, profile] of Object.entries(PROFILES)) {
  for (const scenario of SCENARIOS) {
    test(`${profileId} / ${scenario}: exactly ${expectedFindings(scenario).join(', ') || 'no findings'}`, () => {
      const findings = evaluateRules(scenarioFacts(scenario, profile));
      assert.deepEqual(findings.map((f) => f.id).sort(), [...expectedFindings(scenario)].sort(),
        findings.map((f) => `${f.id}: ${f.title}`).join('\n'));
    });
  }
}

test('every finding of every scenario has a title, an explanation and evidence citing the facts\' exchanges', () => {
  for (const profile of Object.values(PROFILES)) {
    for (const scenario of SCENARIOS) {
      const facts = scenarioFacts(scenario, profile);
      for (const f of evaluateRules(facts)) {
        assert.ok(f.title.length > 5 && f.explanation.length > 40, `${scenario} ${f.id}`);
        assert.ok(f.evidence.length > 0, `${scenario} ${f.id} has evidence`);
        for (const e of f.evidence) assert.deepEqual(e.exchanges, facts[e.fact]?.evidence, `${scenario} ${f.id} cites ${e.fact}'s exchanges`);
      }
    }
  }
});
