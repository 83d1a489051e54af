// The AT probes against virtual modems on real PTYs (each profile's AT port): what they read is
// what the scenario's state says, every fact cites exchanges that carry its command, and the
// rules then find the scenario's findings from AT alone (what diagnose does without QMI).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AtChannel } from '../../../main/at/channel.ts';
import type { Facts } from '../../../main/doctor/facts.ts';
import { evaluateRules } from '../../../main/doctor/rules/index.ts';
import { probeOverAt } from '../../../main/doctor/probes/at-probe.ts';
import { ExchangeLog } from '../../../main/evidence/exchange.ts';
import { PROFILES } from '../../../main/simulator/profiles/index.ts';
import type { Simulator } from '../../../main/simulator/simulator.ts';
import { withSim } from '../../simulator/support.ts';

async function probe(sim: Simulator): Promise<{ facts: Partial<Facts>; log: ExchangeLog }> {
  const path = sim.ports.at[0]!;
  const log = new ExchangeLog();
  const at = await AtChannel.open(path, { log });
  // The probe is meant for a modem that is up: withSim hands it over once its power-up banner is done.
  try {
    const facts = await probeOverAt({ target: { id: 'test', at: [path] }, log, at, close: () => at.close() });
    return { facts, log };
  } finally {
    await at.close();
  }
}

/** The AT text of the exchanges a fact cites. */
function cited(log: ExchangeLog, evidence: readonly number[]): string {
  return log.all().filter((e) => evidence.includes(e.seq)).map((e) => e.raw).join('\n');
}

const asFacts = (p: Partial<Facts>): Facts => ({
  reach: { value: { at: [{ path: '/dev/ttyUSB2', answer: 'answered' }], atUsed: '/dev/ttyUSB2' }, via: 'doctor', evidence: [] },
  problems: [], ...p,
});

for (const [id, profile] of Object.entries(PROFILES)) {
  test(`${id} healthy over AT: identity, SIM with attempts and identity, radio, registration, signal, profiles, USB mode, each citing its commands`, async () => {
    await withSim(id, 'healthy', async (sim) => {
      const { facts: f, log } = await probe(sim);
      const s = sim.model.state;
      assert.equal(f.device?.value.model, profile.model);
      assert.equal(f.device?.value.imei, s.identity.imei);
      assert.match(cited(log, f.device!.evidence), /AT\+CGMI[\s\S]*AT\+CGSN/);
      assert.deepEqual([f.sim?.value.state, f.sim?.value.imsi, f.sim?.value.iccid, f.sim?.value.mcc, f.sim?.value.mnc], ['ready', s.sim.imsi, s.sim.iccid, 222, 88]);
      assert.match(cited(log, f.sim!.evidence), /AT\+CPIN\?[\s\S]*AT\+CIMI/);
      assert.deepEqual([f.radio?.value.mode, f.radio?.value.cfun], ['online', 1]);
      assert.deepEqual([f.registration?.value.state, f.registration?.value.mcc, f.registration?.value.mnc, f.registration?.value.rat], ['registered', 222, 88, 'lte']);
      assert.equal(f.signal?.value.rssi, s.signal.rssi);
      if (id !== 'sim7600') assert.equal(f.signal?.value.rsrp, s.signal.rsrp);
      assert.notEqual(f.signal?.value.quality, 'poor');
      assert.deepEqual(f.profiles?.value.profiles.map((p) => [p.index, p.apn, p.pdpType]), [[1, 'internet.it', 'ipv4v6']]);
      assert.deepEqual([f.usbMode?.value.value, f.usbMode?.value.hasQmi], [profile.composition.defaultValue, true]);
      assert.deepEqual(f.problems, []);
      assert.deepEqual(evaluateRules(asFacts(f)), []);
    });
  });

  test(`${id} wrong-usbnet over AT: the composition without QMI, and the value that has it`, async () => {
    await withSim(id, 'wrong-usbnet', async (sim) => {
      const { facts: f, log } = await probe(sim);
      assert.deepEqual([f.usbMode?.value.value, f.usbMode?.value.hasQmi], [profile.composition.nonQmiValue, false]);
      const q = f.usbMode!.value.qmiValue!;
      assert.ok(profile.layout(q).interfaces.some((i) => i.role === 'qmi'), `${q.toString(16)} has QMI`);
      assert.match(cited(log, f.usbMode!.evidence), /QCFG="usbnet"|!USBCOMP\?|CUSBPIDSWITCH\?/);
      assert.deepEqual(evaluateRules(asFacts(f)).map((x) => x.id), ['usbnet-mode-wrong']);
    });
  });

  test(`${id} sim-pin over AT: PIN required with 3 attempts; IMSI and ICCID not asked; only the SIM finding`, async () => {
    await withSim(id, 'sim-pin', async (sim) => {
      const { facts: f, log } = await probe(sim);
      assert.deepEqual([f.sim?.value.state, f.sim?.value.pinLeft, f.sim?.value.pukLeft, f.sim?.value.imsi], ['pin-required', 3, 10, undefined]);
      assert.ok(!log.all().some((e) => /AT\+CIMI/.test(e.raw)), 'no IMSI read before the PIN');
      assert.deepEqual(evaluateRules(asFacts(f)).map((x) => x.id), ['sim-pin-required']);
    });
  });
}

test('EC25 scenarios over AT yield the declared findings: sim-puk, sim-blocked, sim-absent, radio-off, not-registered, registration-denied, weak-signal', async () => {
  const cases: [string, string[]][] = [
    ['sim-puk', ['sim-puk-required']], ['sim-blocked', ['sim-blocked']], ['sim-absent', ['sim-absent']], ['radio-off', ['radio-off']],
    ['not-registered', ['not-registered']], ['registration-denied', ['registration-denied']], ['weak-signal', ['weak-signal']],
  ];
  for (const [scenario, expected] of cases) {
    await withSim('ec25', scenario, async (sim) => {
      const { facts } = await probe(sim);
      assert.deepEqual(evaluateRules(asFacts(facts)).map((x) => x.id), expected, `${scenario}: ${JSON.stringify(facts.sim?.value)} ${JSON.stringify(facts.registration?.value)}`);
    });
  }
});

test('a modem silent on AT: one timeout, the rest not asked, the problem said', async () => {
  await withSim('ec25', 'unresponsive', async (sim) => {
    const { facts: f, log } = await probe(sim);
    assert.equal(f.device, undefined);
    assert.equal(f.sim, undefined);
    assert.equal(log.all().filter((e) => e.direction === 'tx').length, 1 + 0, log.all().map((e) => e.raw).join('|'));
    assert.match(f.problems?.[0]?.message ?? '', /AT\+CGMI/);
  });
});
