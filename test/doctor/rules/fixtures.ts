// Facts fixtures: what the probes read from a virtual modem in a given scenario, written out by
// hand from the scenario's state (main/simulator/scenarios.ts) the way the probes fill Facts:
// QMI facts only where the composition has QMI, SIM identity only once the SIM is ready, a
// locked SIM or a radio that is off reading as "not registered" (as the simulator's faces say),
// and the connect probe's test call (no session up) failing with the network's 3GPP cause when
// the profile's APN is not one the network accepts. Each fact cites made-up exchange numbers so
// tests can check that findings carry them.

import { BUNDLED_DATABASE, loadProviderIndex } from '../../../main/apn/load-database.ts';
import { suggestApns } from '../../../main/apn/suggest.ts';
import type { ApnSuggestionFact, Fact, Facts, FactSource, PdpTypeFact } from '../../../main/doctor/facts.ts';
import { signalQuality } from '../../../main/doctor/signal-quality.ts';
import type { ModemProfile } from '../../../main/simulator/profiles/index.ts';
import { buildScenario, type ScenarioName } from '../../../main/simulator/scenarios.ts';

let nextSeq = 1;
/** A fact citing `n` fresh exchange numbers. */
export function fact<T>(value: T, via: FactSource = 'qmi', n = 2): Fact<T> {
  const evidence = Array.from({ length: n }, () => nextSeq++);
  return { value, via, evidence };
}

const index = await loadProviderIndex({ path: BUNDLED_DATABASE });

export function suggestionsFor(mcc: number, mnc: number): ApnSuggestionFact[] {
  return suggestApns(index, { mcc, mnc }).suggestions.map((s) => ({
    apn: s.apn, provider: s.provider, usage: s.usage, reason: s.reasons.join('; '), ...(s.username ? { username: s.username } : {}),
  }));
}

/** The smallest Facts a diagnosis has: the modem answered, nothing else read. */
export function bareFacts(): Facts {
  return {
    reach: fact({ qmi: { path: '/dev/cdc-wdm0', answer: 'answered' as const, via: 'direct' as const }, at: [{ path: '/dev/ttyUSB2', answer: 'answered' as const, role: 'at' }], atUsed: '/dev/ttyUSB2' }, 'doctor'),
    problems: [],
  };
}

const PDP: Record<string, PdpTypeFact> = { ipv4: 'ipv4', ipv6: 'ipv6', ipv4v6: 'ipv4v6' };
const AUTH = ['none', 'pap', 'chap', 'pap-chap'] as const;

export function scenarioFacts(name: ScenarioName, p: ModemProfile): Facts {
  const sc = buildScenario(name, p);
  const s = sc.state;
  const layout = p.layout(s.usbComposition);
  const hasQmi = layout.interfaces.some((i) => i.role === 'qmi');
  const silent = sc.behaviour.silent;
  const qmiPath = '/dev/cdc-wdm0';
  const atPath = '/dev/ttyUSB2';
  const facts: Facts = {
    reach: fact({
      ...(hasQmi ? { qmi: { path: qmiPath, answer: silent ? 'silent' as const : 'answered' as const, via: 'direct' as const } } : {}),
      at: [{ path: atPath, answer: silent ? 'silent' as const : 'answered' as const, role: 'at' }],
      ...(silent ? {} : { atUsed: atPath }),
    }, 'doctor'),
    ports: fact([
      ...(hasQmi ? [{ path: qmiPath, role: 'qmi', driver: 'qmi_wwan', owners: [], access: { ok: true } }] : []),
      { path: atPath, role: 'at', driver: 'option', owners: [], access: { ok: true } },
    ], 'proc', 0),
    modemManager: fact({ running: false }, 'dbus', 0),
    problems: [],
  };
  if (silent) {
    facts.problems.push({ probe: 'identity', message: 'no answer within 2 s', evidence: facts.reach.evidence });
    return facts;
  }
  const via: FactSource = hasQmi ? 'qmi' : 'at';
  const id = s.identity;
  facts.device = fact({ manufacturer: id.manufacturer, model: id.model, revision: id.revision, imei: id.imei, usb: { vid: p.vid, pid: layout.pid, composition: layout.label, mode: 'modem' as const } }, via);
  const sim = s.sim;
  const ready = sim.present && sim.pinState === 'ready';
  facts.sim = fact(sim.present
    ? { state: sim.pinState, pinEnabled: sim.pinEnabled, pinLeft: sim.pinLeft, pukLeft: sim.pukLeft,
      ...(ready ? { iccid: sim.iccid, imsi: sim.imsi, mcc: sim.mcc, mnc: sim.mnc, mncDigits: sim.mncDigits, gid1: sim.gid1 } : {}) }
    : { state: 'absent' as const }, via);
  const online = s.operatingMode === 'online';
  facts.radio = fact({ mode: s.operatingMode, ...(via === 'at' ? { cfun: online ? 1 : s.lowPowerCfun } : {}) }, via);
  const n = s.network;
  const reg = !ready || !online ? 'not-registered' as const : n.reg;
  const onNet = reg === 'registered' || reg === 'roaming';
  facts.registration = fact({ state: reg, ...(onNet ? { mcc: n.mcc, mnc: n.mnc, operatorName: n.operatorName, rat: n.rat, tac: n.tac, cellId: n.cellId } : {}) }, via);
  if (online) {
    const sig = { rat: 'lte' as const, rssi: s.signal.rssi, rsrp: s.signal.rsrp, rsrq: s.signal.rsrq, snr: s.signal.snr };
    facts.signal = fact({ ...sig, quality: signalQuality(sig) ?? 'none' }, via);
  }
  facts.profiles = fact({
    defaultIndex: 1,
    profiles: s.profiles.map((x) => ({ index: x.index, apn: x.apn, name: x.name, pdpType: PDP[x.pdpType] ?? 'unknown', auth: AUTH[x.auth] ?? 'none', hasPassword: x.password !== '' })),
  }, via);
  if (ready) facts.apnSuggestions = fact(suggestionsFor(sim.mcc, sim.mnc), 'database', 0);
  if (hasQmi) {
    facts.autoconnect = fact({ setting: sc.autoconnectBearer ? 'enabled' as const : s.autoconnect, bearerHeld: sc.autoconnectBearer });
    facts.dataFormat = fact({
      modem: s.dataFormat.linkLayer, modemRawIpOnly: s.dataFormat.rawIpOnly, kernel: s.dataFormat.kernelRawIp ? 'raw-ip' as const : '802-3' as const,
      iface: 'wwan0', linkUp: true, counters: { ...s.stats },
    }, 'qmi', 1);
    // The connect probe: a test Start Network when nothing holds a session (stopped right after).
    const apn = s.profiles.find((x) => x.index === 1)?.apn ?? '';
    const accepted = n.validApns.some((a) => a.toLowerCase() === apn.toLowerCase());
    if (sc.autoconnectBearer) {
      facts.connection = fact({ up: true, settings: { ipv4: '10.23.154.198', gateway: '10.23.154.197', subnet: '255.255.255.252', dns: ['10.23.0.1', '10.23.0.2'], mtu: 1500 } });
    } else if (onNet && !accepted) {
      const cause = apn === '' ? 33 : 27;
      facts.connection = fact({ up: false, lastFailure: { type: '3gpp', reason: cause, cause3gpp: cause, apn, text: cause === 33 ? 'requested service option not subscribed' : 'missing or unknown APN' } });
    } else if (onNet) {
      facts.connection = fact({ up: false, settings: { ipv4: '10.23.154.198', gateway: '10.23.154.197', subnet: '255.255.255.252', dns: ['10.23.0.1', '10.23.0.2'], mtu: 1500 } });
    }
  }
  facts.usbMode = fact({ value: s.usbComposition, label: p.composition.values[s.usbComposition], hasQmi, qmiValue: p.composition.defaultValue }, 'at', 2);
  return facts;
}
