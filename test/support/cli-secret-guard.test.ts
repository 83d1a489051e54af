// The guard every CLI run in the tests passes through: it must catch what it is there to catch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsInCliOutput } from './cli-secret-guard.ts';
import { PROFILES } from '../../main/simulator/profiles/index.ts';
import { buildScenario } from '../../main/simulator/scenarios.ts';

const ec25 = buildScenario('sim-pin', PROFILES.ec25!, 3).state;

test('a PIN given on stdin, or a virtual modem\'s PUK, in any command\'s output is caught', () => {
  assert.equal(secretsInCliOutput(['fix', 'sim-pin-required', '--secrets-stdin'], '4711\n', 'sent 4711 to the SIM').length, 1);
  assert.equal(secretsInCliOutput(['qmi', 'dms', 'get-ids'], undefined, `puk ${ec25.sim.puk}`).length, 1);
  assert.deepEqual(secretsInCliOutput(['fix', 'sim-pin-required', '--secrets-stdin'], '4711\n', 'sent ••• to the SIM'), []);
});

test('an unmasked IMEI of the fourth fleet modem is caught in the doctor\'s output, not in the protocol tool\'s', () => {
  const imei = ec25.identity.imei;
  assert.match(secretsInCliOutput(['diagnose', '--json'], undefined, `{"imei":"${imei}"}`)[0] ?? '', /imei \(text\) in the output of modem-doctor diagnose/);
  assert.deepEqual(secretsInCliOutput(['diagnose', '--json'], undefined, `{"imei":"${imei.slice(0, 8)}•••••••"}`), []);
  assert.deepEqual(secretsInCliOutput(['qmi', 'dms', 'get-ids'], undefined, `{"imei":"${imei}"}`), []);
});
