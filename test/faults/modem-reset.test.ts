// Fault: the modem resets while the doctor reads it (someone sent AT+CFUN=1,1, the firmware
// crashed, the watchdog fired). A reset takes the module off USB and back (its ports vanish and
// reappear), and on its AT port it says RDY (Quectel) or START (SIMCom) once it is up again.
// What a user notices: the diagnosis says the modem went away and came back, and its facts are
// all from after the reset (read again from the start), not half from before.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from '../../main/doctor/diagnose.ts';
import { ExchangeLog, type QmiDecoded } from '../../main/evidence/exchange.ts';
import { simTarget } from '../doctor/support.ts';
import { withSim } from '../simulator/support.ts';

test('a reset mid-diagnosis (the QMI port re-enumerates): the doctor waits, reopens, reads again from the start and says so', () => withSim('ec25', 'healthy', async (sim) => {
  const log = new ExchangeLog();
  let reset = false;
  let vanished = false;
  sim.once('vanished', () => { vanished = true; });
  // The first DMS request after the ports opened: the modem resets now. Each QMI reply takes
  // 400 ms and the module drops off USB 250 ms after a reset, so the reading is cut in the middle.
  log.onAdd((e) => {
    if (reset || e.direction !== 'tx' || (e.decoded as QmiDecoded | undefined)?.service !== 'DMS') return;
    reset = true;
    sim.model.state.sim.pinEnabled = false; // nothing to enter after the reset: it comes back ready
    sim.model.reset();
  });
  const d = await diagnose(simTarget(sim), { modemManager: false, releaseOnSignals: false, log });
  assert.ok(reset && vanished, 'the modem was reset and its ports vanished during the diagnosis');
  assert.equal(d.interruptions?.length, 1, JSON.stringify(d.interruptions));
  assert.match(d.interruptions![0]!, /went away while it was being read .*(unplugged|reset).* came back after [\d.]+ s .*read again from the start/);
  assert.deepEqual(d.findings.map((f) => f.id), [], JSON.stringify(d.findings.map((f) => f.title)));
  assert.deepEqual(d.facts.problems, [], 'nothing from the cut-short first reading is left as a problem');
  assert.equal(d.facts.reach.value.qmi?.answer, 'answered');
  assert.ok(d.facts.device && d.facts.sim && d.facts.registration, 'facts from the second reading');
  // The transcript shows both readings and the notes between them.
  assert.ok(d.transcript.some((e) => e.direction === 'note' && /Waiting up to \d+ s for its ports/.test(e.error ?? '')));
  assert.deepEqual(sim.clientIds(), {}, 'no client id left behind on the modem after the reset');
}, { latency: { qmi: 400, at: 1 } }));

test('an AT-only modem (SIM7600) resets mid-diagnosis: the AT port is lost, the doctor reopens it after RDY and reads again', () => withSim('sim7600', 'healthy', async (sim) => {
  const log = new ExchangeLog();
  let reset = false;
  // The first question after the port answered AT: the modem resets now (its AT replies take
  // 400 ms, it leaves USB 250 ms after the reset).
  log.onAdd((e) => {
    if (reset || e.protocol !== 'at' || e.direction !== 'tx' || !/^AT\+/.test(e.raw)) return;
    reset = true;
    sim.model.state.sim.pinEnabled = false;
    sim.model.reset();
  });
  const { qmi: _qmi, ...atOnly } = simTarget(sim);
  const d = await diagnose(atOnly, { modemManager: false, releaseOnSignals: false, log });
  assert.ok(reset);
  assert.equal(d.interruptions?.length, 1, JSON.stringify(d.interruptions));
  assert.match(d.interruptions![0]!, /went away while it was being read .* came back after/);
  assert.deepEqual(d.facts.problems, []);
  assert.ok(d.facts.device?.value.imei && d.facts.sim && d.facts.registration, 'facts from the second reading');
  assert.deepEqual(d.findings.filter((f) => f.severity === 'error').map((f) => f.id), []);
  // The boot banner after the reset was seen on the reopened port.
  assert.ok(d.transcript.some((e) => e.protocol === 'at' && /RDY/.test(e.raw)), 'RDY recorded');
}, { latency: { qmi: 1, at: 400 } }));
