// Fault: the cable is pulled while a QMI request and an AT command are waiting for their answers.
// What a user notices: both fail at once with an error that says the modem went away (not a
// timeout after many seconds), and once it is plugged back in the doctor reaches it again.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AtChannel, AtChannelError } from '../../main/at/channel.ts';
import { diagnose } from '../../main/doctor/diagnose.ts';
import { QmiClientError } from '../../main/qmi/client.ts';
import { DMS } from '../../main/qmi/services/index.ts';
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { simTarget } from '../doctor/support.ts';
import { withSim } from '../simulator/support.ts';

/** Far longer than the test may take: an error that arrives is not this timeout. */
const LONG_MS = 600_000;

test('unplugged mid-request: the outstanding QMI request and AT command fail as "gone", not timeout; after replug diagnose reaches the modem again', () => withSim('ec25', 'unplug', async (sim) => {
  const qmi = await openQmiPort({ device: sim.ports.qmi!, timeoutMs: LONG_MS, releaseOnSignals: false });
  const at = await AtChannel.open(sim.ports.at[0]!, { openTimeoutMs: 5000 });
  try {
    // Each reply takes 300 ms: both are still outstanding when the ports vanish.
    const q = qmi.request(DMS, DMS.messages.getIds, {}, { timeoutMs: LONG_MS });
    const a = at.send('AT+CGSN', { timeoutMs: LONG_MS });
    q.catch(() => undefined);
    a.catch(() => undefined);
    sim.unplug();
    const qe = await q.then(() => null, (e: unknown) => e);
    const ae = await a.then(() => null, (e: unknown) => e);
    assert.ok(qe instanceof QmiClientError, String(qe));
    assert.equal(qe.code, 'gone', qe.message);
    assert.match(qe.message, /unplugged/);
    assert.ok(ae instanceof AtChannelError, String(ae));
    assert.equal(ae.code, 'port-lost', ae.message);
    assert.match(ae.message, /unplugged/);
  } finally {
    await qmi.close();
    await at.close();
  }
  await sim.replug();
  const d = await diagnose(simTarget(sim), { modemManager: false, releaseOnSignals: false });
  assert.equal(d.facts.reach.value.qmi?.answer, 'answered', JSON.stringify(d.facts.reach.value));
  assert.deepEqual(d.findings.map((f) => f.id), []);
  assert.deepEqual(sim.clientIds(), {}, 'the diagnosis gave its client ids back');
}, { unplugAfterMs: null, latency: { qmi: 300, at: 300 } }));
