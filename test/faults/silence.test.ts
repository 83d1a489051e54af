// Fault: a modem that takes every byte and answers none (firmware hung, still booting, starved of
// power). What a user notices: the diagnosis still ends, within its bounded waits, with one
// finding that names every port it tried and what probably is wrong.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from '../../main/doctor/diagnose.ts';
import { simTarget } from '../doctor/support.ts';
import { withSim } from '../simulator/support.ts';

test('silence on every port: diagnose ends with modem-unresponsive naming the QMI and AT ports tried and the likely causes', () => withSim('ec25', 'unresponsive', async (sim) => {
  const target = simTarget(sim);
  // The default waits (no answer limits given): the diagnosis must end by itself.
  const d = await diagnose(target, { modemManager: false, releaseOnSignals: false });
  assert.deepEqual(d.findings.map((f) => f.id), ['modem-unresponsive']);
  const f = d.findings[0]!;
  for (const p of [target.qmi!, ...target.at]) assert.ok(f.explanation.includes(p), `${p} named: ${f.explanation}`);
  assert.match(f.explanation, /QMI on .*no answer/);
  assert.match(f.explanation, /AT on .*no answer/);
  assert.match(f.explanation, /booting|power/);
  assert.match(f.explanation, /unplug it/);
  // Every port's answer was 'silent', each with the wait it gave up after.
  const reach = d.facts.reach.value;
  assert.equal(reach.qmi?.answer, 'silent');
  assert.ok(reach.at.length > 0 && reach.at.every((a) => a.answer === 'silent'), JSON.stringify(reach.at));
  assert.match(reach.qmi?.detail ?? '', /within \d+ ms/);
  assert.deepEqual(sim.clientIds(), {}, 'no client id left behind');
}));
