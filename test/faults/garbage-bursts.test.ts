// Fault: line noise on the wire (a flaky USB cable, a module printing junk) before and between
// the replies on every port. What a user notices: nothing wrong with the diagnosis (the healthy
// modem is still reported healthy, with the same facts), and the transcript shows the noise, so
// a noisy line is visible to whoever reads the evidence.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from '../../main/doctor/diagnose.ts';
import type { AtDecoded } from '../../main/evidence/exchange.ts';
import { simTarget } from '../doctor/support.ts';
import { withSim } from '../simulator/support.ts';

test('garbage bursts before every reply: the healthy modem diagnoses healthy with the same facts, and the exchange log records the noise', async () => {
  let clean: Awaited<ReturnType<typeof diagnose>> | undefined;
  await withSim('ec25', 'healthy', async (sim) => { clean = await diagnose(simTarget(sim), { modemManager: false, releaseOnSignals: false }); });
  await withSim('ec25', 'garbage', async (sim) => {
    const d = await diagnose(simTarget(sim), { modemManager: false, releaseOnSignals: false });
    assert.deepEqual(d.findings.map((f) => f.id), [], JSON.stringify(d.findings.map((f) => f.title)));
    assert.deepEqual(d.facts.problems, []);
    for (const k of ['device', 'sim', 'registration', 'signal', 'profiles', 'dataFormat'] as const) {
      assert.ok(d.facts[k], `${k} was read through the noise`);
      assert.deepEqual(JSON.stringify(d.facts[k]?.value), JSON.stringify(clean!.facts[k]?.value), k);
    }
    // QMI: the bytes before each frame are kept as "not a QMI frame" records.
    const qmiNoise = d.transcript.filter((e) => e.protocol === 'qmi' && e.direction === 'rx' && /not a QMI frame/.test(e.error ?? e.raw));
    assert.ok(qmiNoise.length > 0, 'QMI noise recorded');
    assert.ok(qmiNoise.every((e) => /^[0-9a-f ]+$/i.test(e.raw) && e.raw.length > 0), JSON.stringify(qmiNoise[0]));
    // AT: the noise glued to the reply is in the raw text the log kept for that reply.
    const atRx = d.transcript.filter((e) => e.protocol === 'at' && e.direction === 'rx');
    assert.ok(atRx.some((e) => /[^\x20-\x7e\r\n]/.test(e.raw)), `AT noise recorded: ${JSON.stringify(atRx.map((e) => [e.raw, (e.decoded as AtDecoded | undefined)?.command]))}`);
  });
});
