// Fault scenarios (the names are a contract: issue #3). Each is ONE declaration: its name, what
// it shows, how it differs from the healthy modem (state, port behaviour, an autoconnect bearer),
// and the findings the doctor must raise for it: the doctor's fixture table. Adding a scenario
// is adding an entry to SCENARIO_DECLS; `simulate --help` and the README list them from here.

import type { FindingId } from '../doctor/finding-ids.ts';
import { modemIdentity } from './identity.ts';
import type { ModemProfile } from './profiles/index.ts';
import type { ApnProfile, ModemState } from './state.ts';

export interface PortBehaviour {
  /** The ports read but never answer (QMI and AT). */
  silent: boolean;
  /** Noise bytes before every reply frame / line. */
  garbage: boolean;
  /** Ports vanish (hang up) this long after start; undefined = only on demand. */
  unplugAfterMs?: number;
}

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

interface ScenarioDecl {
  /** One line for `simulate --help` and the README. */
  readonly description: string;
  /** What differs from the healthy state (deep-merged; arrays replace); a function where the
   *  change depends on the profile. */
  readonly state?: DeepPartial<ModemState> | ((p: ModemProfile) => DeepPartial<ModemState>);
  readonly behaviour?: Partial<PortBehaviour>;
  /** Starts with the autoconnect bearer up. */
  readonly autoconnectBearer?: boolean;
  /** What the doctor must find, in any order; [] = nothing wrong. */
  readonly findings: readonly FindingId[];
}

/** The SIM's operator in every scenario: Wind Tre, Italy (222/88), as in the seed report. Its
 *  network takes its own APN and also the data APNs mobile-broadband-provider-info lists for
 *  222/88 (internet.wind, internet.wind.biz: the copy in main/apn/data), as WINDTRE's does, so
 *  the doctor's first suggestion gets the seed modem online (checked against the database in
 *  test/simulator/scenarios.test.ts). */
const HOME = { mcc: 222, mnc: 88, name: 'WINDTRE', apn: 'internet.it', databaseApns: ['internet.wind', 'internet.wind.biz'] };

const NO_APN: ApnProfile = { index: 1, name: '', pdpType: 'ipv4', apn: '', username: '', password: '', auth: 0 };

// The SIM scenarios keep network.reg at what the modem gets once the SIM is usable: a locked or
// missing SIM already reads as not registered (the faces derive it), and unlocking it must then
// register as a real module does. So they find the SIM's state, not "not registered".
const SCENARIO_DECLS = {
  healthy: {
    description: 'SIM ready, registered on LTE (222/88), APN set, data format agreed',
    findings: [],
  },
  seed: {
    // The report that started the project: Start Network says NO_EFFECT because autoconnect
    // holds a bearer whose traffic shows the mismatch's signature (TX grows, RX stays 0).
    description: 'the first report: raw-ip modem with an 802.3 kernel, no APN for 222/88, autoconnect holding a bearer',
    state: {
      dataFormat: { linkLayer: 'raw-ip', kernelRawIp: false },
      profiles: [NO_APN],
      stats: { rxBytes: 0, txBytes: 13680, rxPackets: 0, txPackets: 40 },
    },
    autoconnectBearer: true,
    findings: ['data-format-mismatch', 'apn-missing', 'autoconnect-holds-bearer'],
  },
  'sim-pin': {
    description: 'the SIM wants its PIN (3 attempts left)',
    state: { sim: { pinEnabled: true, pinState: 'pin-required' } },
    findings: ['sim-pin-required'],
  },
  'sim-puk': {
    description: 'PIN attempts used up: the SIM wants its PUK (10 attempts left)',
    state: { sim: { pinEnabled: true, pinState: 'puk-required', pinLeft: 0 } },
    findings: ['sim-puk-required'],
  },
  'sim-blocked': {
    description: 'PUK attempts used up too: the SIM is blocked for good',
    state: { sim: { pinEnabled: true, pinState: 'blocked', pinLeft: 0, pukLeft: 0 } },
    findings: ['sim-blocked'],
  },
  'sim-absent': {
    description: 'no SIM in the slot',
    state: { sim: { present: false } },
    findings: ['sim-absent'],
  },
  'no-apn': {
    // Start Network fails with CALL_FAILED, 3GPP cause 33: the missing APN explains it.
    description: 'profile 1 has no APN; the operator needs internet.it',
    state: { profiles: [NO_APN] },
    findings: ['apn-missing'],
  },
  'wrong-apn': {
    // Start Network fails with CALL_FAILED, 3GPP cause 27 (unknown APN): explained by the APN.
    description: 'profile 1 has an APN the operator does not know (web.example.com)',
    state: { profiles: [{ ...NO_APN, name: 'internet', apn: 'web.example.com' }] },
    findings: ['apn-mismatch'],
  },
  'not-registered': {
    description: 'searching, no usable signal',
    state: { network: { reg: 'searching' }, signal: { rssi: -113, rsrq: -20, rsrp: -140, snr: -20 } },
    findings: ['not-registered'],
  },
  'registration-denied': {
    description: 'the network refuses the SIM (registration denied)',
    state: { network: { reg: 'denied' } },
    findings: ['registration-denied'],
  },
  'weak-signal': {
    description: 'registered, but RSRP -121 dBm, SNR -4 dB',
    state: { signal: { rssi: -103, rsrq: -18, rsrp: -121, snr: -4 } },
    findings: ['weak-signal'],
  },
  'radio-off': {
    description: 'the radio is off (low-power mode, AT+CFUN=4)',
    state: { operatingMode: 'low-power', lowPowerCfun: 4 },
    findings: ['radio-off'],
  },
  'autoconnect-lock': {
    description: 'autoconnect holds the bearer: Start Network says NO_EFFECT',
    autoconnectBearer: true,
    findings: ['autoconnect-holds-bearer'],
  },
  'wrong-usbnet': {
    description: 'a USB composition without QMI (EC25 usbnet ECM, MC7455 MBIM, SIM7600 RNDIS)',
    state: (p) => ({ usbComposition: p.composition.nonQmiValue }),
    findings: ['usbnet-mode-wrong'],
  },
  unresponsive: {
    description: 'every port reads but never answers',
    behaviour: { silent: true },
    findings: ['modem-unresponsive'],
  },
  garbage: {
    // Otherwise healthy: the readers must set the noise aside, and the doctor find nothing.
    description: 'line noise before every reply (QMI and AT); the modem is otherwise healthy',
    behaviour: { garbage: true },
    findings: [],
  },
  unplug: {
    // A fixture for hotplug: a diagnosis finished before the ports go finds a healthy modem.
    description: 'healthy, then the ports vanish 5 s after start (USB unplug)',
    behaviour: { unplugAfterMs: 5000 },
    findings: [],
  },
} as const satisfies Record<string, ScenarioDecl>;

export type ScenarioName = keyof typeof SCENARIO_DECLS;
export const SCENARIOS = Object.keys(SCENARIO_DECLS) as ScenarioName[];

export function isScenario(s: string): s is ScenarioName {
  return Object.hasOwn(SCENARIO_DECLS, s);
}

export function scenarioDescription(name: ScenarioName): string {
  return SCENARIO_DECLS[name].description;
}

/** The findings the doctor must raise for this scenario (the fixture table's row). */
export function expectedFindings(name: ScenarioName): readonly FindingId[] {
  return SCENARIO_DECLS[name].findings;
}

export interface Scenario {
  name: ScenarioName;
  state: ModemState;
  behaviour: PortBehaviour;
  /** Starts with the autoconnect bearer up. */
  autoconnectBearer: boolean;
}

/** `index` picks the modem of a fleet (identity.ts); 0 is the documented one. */
export function healthyState(p: ModemProfile, index = 0): ModemState {
  const id = modemIdentity(p, index);
  return {
    sim: {
      present: true, pinEnabled: false, pinState: 'ready', pin: '1234', puk: '12345678', pinLeft: 3, pukLeft: 10,
      iccid: id.iccid, imsi: id.imsi, mcc: HOME.mcc, mnc: HOME.mnc, mncDigits: 2,
      gid1: 'a1ffffffffffffff', gid2: 'ffffffffffffffff',
    },
    network: {
      reg: 'registered', mcc: HOME.mcc, mnc: HOME.mnc, operatorName: HOME.name, rat: 'lte',
      lac: 0x3193, tac: 0x3193, cellId: 0x08f381c5, lteBand: 3, earfcn: 1300, validApns: [HOME.apn, ...HOME.databaseApns],
    },
    signal: { rssi: -65, rsrq: -9, rsrp: -92, snr: 12 },
    identity: { manufacturer: p.manufacturer, model: p.model, revision: p.revision, hardwareRevision: p.hardwareRevision, imei: id.imei, imeiSv: p.imeiSv, usbSerial: id.usbSerial },
    profiles: [{ index: 1, name: 'internet', pdpType: 'ipv4v6', apn: HOME.apn, username: '', password: '', auth: 0 }],
    autoconnect: 'disabled',
    dataFormat: { linkLayer: 'raw-ip', rawIpOnly: p.rawIpOnly, kernelRawIp: true },
    usbComposition: p.composition.defaultValue,
    pendingComposition: null,
    operatingMode: 'online',
    lowPowerCfun: 4,
    connection: null,
    autoTimeZone: true,
    gnssOn: false,
    stats: { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 },
  };
}

/** Writes `change` over `into`: objects field by field, anything else (arrays too) replaced by a
 *  copy, so the model's changes never reach the declarations. */
function merge(into: Record<string, unknown>, change: object): void {
  for (const [k, v] of Object.entries(change)) {
    const cur = into[k];
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
      merge(cur as Record<string, unknown>, v as object);
    } else {
      into[k] = structuredClone(v);
    }
  }
}

export function buildScenario(name: ScenarioName, p: ModemProfile, index = 0): Scenario {
  const decl: ScenarioDecl = SCENARIO_DECLS[name];
  const state = healthyState(p, index);
  if (decl.state) merge(state as unknown as Record<string, unknown>, typeof decl.state === 'function' ? decl.state(p) : decl.state);
  return {
    name, state,
    behaviour: { silent: false, garbage: false, ...decl.behaviour },
    autoconnectBearer: decl.autoconnectBearer ?? false,
  };
}
