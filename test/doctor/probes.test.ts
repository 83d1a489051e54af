// The probes against virtual modems on real PTYs, for every profile: the facts must be the
// modem's state as the scenario set it, each citing exchanges that are really in the transcript
// and are the requests that state came from; dependent reads wait for what they depend on.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnose, type Diagnosis } from '../../main/doctor/diagnose.ts';
import type { Fact, FactName } from '../../main/doctor/facts.ts';
import type { QmiDecoded } from '../../main/evidence/exchange.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { withBootedSim } from '../simulator/support.ts';
import { simTarget } from './support.ts';

const PROFILES = ['ec25', 'mc7455', 'sim7600'] as const;

async function diagnoseSim(sim: Simulator): Promise<Diagnosis> {
  return diagnose(simTarget(sim), { releaseOnSignals: false, modemManager: false });
}

/** The QMI messages a fact's evidence names ("UIM Get Card Status"...), from the transcript. */
function citedMessages(d: Diagnosis, name: FactName): string[] {
  const fact = d.facts[name] as Fact<unknown> | undefined;
  assert.ok(fact, `fact ${name} is there`);
  const bySeq = new Map(d.transcript.map((e) => [e.seq, e]));
  return fact.evidence.map((seq) => {
    const e = bySeq.get(seq);
    assert.ok(e, `${name} cites exchange ${seq}, which is in the transcript`);
    const q = e.decoded as QmiDecoded | undefined;
    return q ? `${q.service} ${q.message}` : e.raw;
  });
}

const sentMessages = (d: Diagnosis): string[] =>
  d.transcript.filter((e) => e.protocol === 'qmi' && e.direction === 'tx').map((e) => `${(e.decoded as QmiDecoded).service} ${(e.decoded as QmiDecoded).message}`);

for (const profile of PROFILES) {
  describe(`probes on the virtual ${profile}`, () => {
    test('healthy: every fact is the modem\'s state, citing the requests it came from', () => withBootedSim(profile, 'healthy', async (sim) => {
      // The session the test call gets, as the modem hands it out.
      const sessions: NonNullable<typeof sim.model.state.connection>[] = [];
      sim.model.on('change', (k) => { if (k === 'connection' && sim.model.state.connection) sessions.push({ ...sim.model.state.connection }); });
      const d = await diagnoseSim(sim);
      const st = sim.model.state;
      const f = d.facts;
      assert.deepEqual(f.problems, []);
      assert.equal(f.reach.value.qmi?.answer, 'answered');
      assert.equal(f.reach.value.atUsed, sim.ports.at[0]);
      assert.equal(f.device?.value.model, st.identity.model);
      assert.equal(f.device?.value.revision, st.identity.revision);
      assert.equal(f.device?.value.imei, st.identity.imei);
      assert.deepEqual(citedMessages(d, 'device').filter((m) => m === 'DMS Get IDs').length, 2, 'request and reply of Get IDs');
      assert.equal(f.sim?.value.state, 'ready');
      assert.equal(f.sim?.value.iccid, st.sim.iccid);
      assert.equal(f.sim?.value.imsi, st.sim.imsi);
      assert.deepEqual([f.sim?.value.mcc, f.sim?.value.mnc, f.sim?.value.mncDigits], [222, 88, 2]);
      assert.equal(f.sim?.value.gid1, st.sim.gid1);
      assert.ok(citedMessages(d, 'sim').includes('UIM Get Card Status'));
      assert.equal(f.radio?.value.mode, 'online');
      assert.deepEqual(f.registration?.value, {
        state: 'registered', mcc: 222, mnc: 88, operatorName: 'WINDTRE', rat: 'lte', lac: st.network.lac, tac: st.network.tac, cellId: st.network.cellId,
      });
      assert.equal(f.signal?.value.rsrp, st.signal.rsrp);
      assert.equal(f.signal?.value.snr, st.signal.snr);
      assert.ok(citedMessages(d, 'signal').includes('NAS Get Signal Info'));
      assert.deepEqual(f.profiles?.value.profiles.map((p) => [p.index, p.apn, p.pdpType, p.hasPassword]), [[1, 'internet.it', 'ipv4v6', false]]);
      assert.deepEqual(f.autoconnect?.value, { setting: 'disabled', bearerHeld: false });
      // Nothing held a session, so a test call was made, read back and stopped again.
      const c = sessions[0];
      assert.ok(c && sessions.length === 1, 'one test call');
      assert.deepEqual(f.connection?.value, {
        up: false, settings: { ipv4: c.ipv4, gateway: c.gateway, subnet: c.subnet, dns: [c.dns1, c.dns2], mtu: c.mtu },
      });
      assert.ok(['WDS Start Network', 'WDS Get Current Settings', 'WDS Stop Network'].every((m) => citedMessages(d, 'connection').includes(m)));
      assert.equal(st.connection, null, 'the test call is not left up');
      assert.equal(f.dataFormat?.value.modem, 'raw-ip');
      assert.equal(f.dataFormat?.value.kernel, 'raw-ip');
      assert.equal(f.dataFormat?.value.iface, sim.net);
      assert.equal(f.apnSuggestions?.value[0]?.apn, 'internet.wind', 'the database\'s first data APN for 222/88');
      assert.deepEqual(f.ports?.value.map((p) => [p.path, p.role, p.owners.length, p.access.ok]).find((p) => p[1] === 'qmi'), [sim.ports.qmi, 'qmi', 0, true]);
      if (profile === 'mc7455') assert.deepEqual(f.usbMode?.value, { value: 7, label: 'dm-nmea-at-rmnet1-rmnet2-rmnet3', hasQmi: true, qmiValue: 6 });
      else assert.equal(f.usbMode, undefined, 'only Sierra says its composition over QMI');
    }));

    test('seed: the two sides of the data format, the counters, the empty APN and the held bearer', () => withBootedSim(profile, 'seed', async (sim) => {
      const f = (await diagnoseSim(sim)).facts;
      assert.deepEqual(f.dataFormat?.value, {
        modem: 'raw-ip', kernel: '802-3', iface: sim.net, linkUp: false, counters: { rxBytes: 0, txBytes: 13680, rxPackets: 0, txPackets: 40 },
      });
      assert.equal(f.profiles?.value.profiles[0]?.apn, '');
      assert.deepEqual(f.autoconnect?.value, { setting: 'enabled', bearerHeld: true });
      assert.equal(f.connection?.value.up, true);
      assert.equal(f.connection?.value.settings?.mtu, 1500);
    }));

    test('wrong-apn: the test call is refused with 3GPP cause 27, the APN named; no-apn: cause 33', async () => {
      const seen: Record<string, unknown> = {};
      for (const scenario of ['wrong-apn', 'no-apn']) {
        await withBootedSim(profile, scenario, async (sim) => {
          seen[scenario] = (await diagnoseSim(sim)).facts.connection?.value;
          assert.equal(sim.model.state.connection, null);
        });
      }
      assert.deepEqual(seen, {
        'wrong-apn': { up: false, lastFailure: { type: '3gpp', reason: 27, text: 'missing or unknown APN', cause3gpp: 27, apn: 'web.example.com' } },
        'no-apn': { up: false, lastFailure: { type: '3gpp', reason: 33, text: 'requested service option not subscribed', cause3gpp: 33, apn: '' } },
      });
    });

    test('sim-pin: state and attempts; no IMSI or ICCID is asked before the PIN', () => withBootedSim(profile, 'sim-pin', async (sim) => {
      const d = await diagnoseSim(sim);
      assert.deepEqual(d.facts.sim?.value, { state: 'pin-required', pinEnabled: true, pinLeft: 3, pukLeft: 10 });
      const sent = sentMessages(d);
      assert.ok(!sent.includes('DMS UIM Get IMSI') && !sent.includes('DMS UIM Get ICCID'), sent.join(', '));
      assert.ok(!sent.includes('WDS Start Network'), 'no test call off the network');
      assert.equal(d.facts.apnSuggestions, undefined);
    }));

    test('sim-puk, sim-blocked, sim-absent: each SIM state as the card says it', async () => {
      const seen: Record<string, unknown> = {};
      for (const scenario of ['sim-puk', 'sim-blocked', 'sim-absent']) {
        await withBootedSim(profile, scenario, async (sim) => { seen[scenario] = (await diagnoseSim(sim)).facts.sim?.value; });
      }
      assert.deepEqual(seen, {
        'sim-puk': { state: 'puk-required', pinEnabled: true, pinLeft: 0, pukLeft: 10 },
        'sim-blocked': { state: 'blocked', pinEnabled: true, pinLeft: 0, pukLeft: 0 },
        'sim-absent': { state: 'absent' },
      });
    });

    test('radio-off, not-registered, registration-denied, weak-signal: radio, registration and signal', async () => {
      const seen: Record<string, unknown> = {};
      for (const scenario of ['radio-off', 'not-registered', 'registration-denied', 'weak-signal']) {
        await withBootedSim(profile, scenario, async (sim) => {
          const f = (await diagnoseSim(sim)).facts;
          seen[scenario] = [f.radio?.value.mode, f.registration?.value.state, f.signal?.value.rsrp, f.signal?.value.quality];
        });
      }
      assert.deepEqual(seen, {
        'radio-off': ['low-power', 'not-registered', undefined, 'none'],
        'not-registered': ['online', 'searching', undefined, 'none'],
        'registration-denied': ['online', 'denied', undefined, 'none'],
        'weak-signal': ['online', 'registered', -121, 'poor'],
      });
    });

    test('garbage: line noise before every reply changes no fact', () => withBootedSim(profile, 'garbage', async (sim) => {
      const f = (await diagnoseSim(sim)).facts;
      assert.deepEqual(f.problems, []);
      assert.equal(f.sim?.value.imsi, sim.model.state.sim.imsi);
      assert.equal(f.dataFormat?.value.modem, 'raw-ip');
    }));

    test('unresponsive: every port is silent, and the diagnosis still ends with facts', () => withBootedSim(profile, 'unresponsive', async (sim) => {
      const d = await diagnose(simTarget(sim), { releaseOnSignals: false, modemManager: false, qmiAnswerMs: 400, atAnswerMs: 300 });
      assert.equal(d.facts.reach.value.qmi?.answer, 'silent');
      assert.deepEqual(d.facts.reach.value.at.map((a) => a.answer), sim.ports.at.map(() => 'silent'));
      assert.equal(d.facts.reach.value.atUsed, undefined);
      assert.equal(d.facts.device?.via, 'usb', 'only what discovery knew of the device');
      assert.ok(d.facts.ports, 'the system side is still read');
    }));

    test('wrong-usbnet: no QMI port; AT answers and the AT probes read the rest', () => withBootedSim(profile, 'wrong-usbnet', async (sim) => {
      const d = await diagnoseSim(sim);
      assert.equal(d.facts.reach.value.qmi, undefined);
      assert.equal(d.facts.reach.value.atUsed, sim.ports.at[0]);
      // What QMI cannot say comes over AT: the SIM, and the composition without QMI.
      assert.deepEqual([d.facts.sim?.via, d.facts.sim?.value.state], ['at', 'ready'], `problems: ${JSON.stringify(d.facts.problems)}`);
      assert.deepEqual([d.facts.usbMode?.via, d.facts.usbMode?.value.hasQmi], ['at', false]);
      assert.equal(d.facts.device?.value.usb?.vid, sim.profile.vid, 'discovery\'s USB ids kept beside the AT identity');
    }));

    test('no-apn over AT only: the provider database is asked for the SIM\'s network read by AT+CIMI, so the missing APN is an error whose fix names the APN', () => withBootedSim(profile, 'no-apn', async (sim) => {
      const t = simTarget(sim);
      delete t.qmi;
      const d = await diagnose(t, { releaseOnSignals: false, modemManager: false });
      assert.equal(d.facts.sim?.via, 'at');
      assert.equal(d.facts.apnSuggestions?.value[0]?.apn, 'internet.wind', `problems: ${JSON.stringify(d.facts.problems)}`);
      const f = d.findings.find((x) => x.id === 'apn-missing');
      assert.equal(f?.severity, 'error');
      assert.equal(f?.fixes[0]?.options?.apn, 'internet.wind');
    }));
  });
}
