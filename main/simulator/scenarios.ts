// Fault scenarios (the names are a contract: issue #3). Each one is a starting state for a
// profile plus how the ports behave. The healthy state is the base; a scenario changes only
// what makes its symptom.

import { modemIdentity } from './identity.ts';
import type { ModemProfile } from './profiles/index.ts';
import type { ModemState } from './state.ts';

export const SCENARIOS = ['healthy', 'seed', 'sim-pin', 'sim-puk', 'sim-absent', 'no-apn', 'wrong-apn', 'not-registered',
  'weak-signal', 'autoconnect-lock', 'wrong-usbnet', 'unresponsive', 'garbage', 'unplug'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export function isScenario(s: string): s is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(s);
}

export interface PortBehaviour {
  /** The ports read but never answer (QMI and AT). */
  silent: boolean;
  /** Noise bytes before every reply frame / line. */
  garbage: boolean;
  /** Ports vanish (hang up) this long after start; undefined = only on demand. */
  unplugAfterMs?: number;
}

export interface Scenario {
  name: ScenarioName;
  state: ModemState;
  behaviour: PortBehaviour;
  /** Starts with the autoconnect bearer up. */
  autoconnectBearer: boolean;
}

/** The SIM's operator in every scenario: Wind Tre, Italy (222/88), as in the seed report. */
const HOME = { mcc: 222, mnc: 88, name: 'WINDTRE', apn: 'internet.it' };

/** `index` picks the modem of a fleet (identity.ts); 0 is the documented one. */
export function healthyState(p: ModemProfile, index = 0): ModemState {
  const id = modemIdentity(p, index);
  return {
    sim: {
      present: true, pinEnabled: false, pinState: 'ready', pin: '1234', puk: '12345678', pinLeft: 3, pukLeft: 10,
      iccid: id.iccid, imsi: id.imsi, mcc: HOME.mcc, mnc: HOME.mnc, mncDigits: 2,
    },
    network: {
      reg: 'registered', mcc: HOME.mcc, mnc: HOME.mnc, operatorName: HOME.name, rat: 'lte',
      lac: 0x3193, tac: 0x3193, cellId: 0x08f381c5, validApns: [HOME.apn],
    },
    signal: { rssi: -65, rsrq: -9, rsrp: -92, snr: 12 },
    identity: { manufacturer: p.manufacturer, model: p.model, revision: p.revision, imei: id.imei, imeiSv: p.imeiSv, usbSerial: id.usbSerial },
    profiles: [{ index: 1, name: 'internet', pdpType: 'ipv4v6', apn: HOME.apn, username: '', password: '', auth: 0 }],
    autoconnect: 'disabled',
    dataFormat: { linkLayer: 'raw-ip', rawIpOnly: p.rawIpOnly, kernelRawIp: true },
    usbComposition: p.composition.defaultValue,
    pendingComposition: null,
    operatingMode: 'online',
    lowPowerCfun: 4,
    connection: null,
    stats: { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 },
  };
}

const normal: PortBehaviour = { silent: false, garbage: false };

export function buildScenario(name: ScenarioName, p: ModemProfile, index = 0): Scenario {
  const s = healthyState(p, index);
  const out: Scenario = { name, state: s, behaviour: { ...normal }, autoconnectBearer: false };
  switch (name) {
    case 'healthy': break;
    case 'seed':
      // The report that started the project: modem raw-ip, kernel 802.3; no APN for 222/88;
      // autoconnect holding a bearer so Start Network says NO_EFFECT.
      s.dataFormat.linkLayer = 'raw-ip';
      s.dataFormat.kernelRawIp = false;
      s.profiles = [{ index: 1, name: '', pdpType: 'ipv4', apn: '', username: '', password: '', auth: 0 }];
      out.autoconnectBearer = true;
      // The autoconnect bearer's traffic: TX grows, RX stays 0 (the mismatch's signature).
      s.stats = { rxBytes: 0, txBytes: 13680, rxPackets: 0, txPackets: 40 };
      break;
    // The SIM scenarios keep network.reg at what the modem gets once the SIM is usable: a locked
    // or missing SIM already reads as not registered (regStat, effectiveReg), and unlocking it
    // must then register as a real module does.
    case 'sim-pin':
      s.sim.pinEnabled = true;
      s.sim.pinState = 'pin-required';
      break;
    case 'sim-puk':
      s.sim.pinEnabled = true;
      s.sim.pinState = 'puk-required';
      s.sim.pinLeft = 0;
      break;
    case 'sim-absent':
      s.sim.present = false;
      break;
    case 'no-apn':
      s.profiles = [{ index: 1, name: '', pdpType: 'ipv4', apn: '', username: '', password: '', auth: 0 }];
      break;
    case 'wrong-apn':
      s.profiles = [{ index: 1, name: 'internet', pdpType: 'ipv4', apn: 'web.example.com', username: '', password: '', auth: 0 }];
      break;
    case 'not-registered':
      s.network.reg = 'searching';
      s.signal = { rssi: -113, rsrq: -20, rsrp: -140, snr: -20 };
      break;
    case 'weak-signal':
      s.signal = { rssi: -103, rsrq: -18, rsrp: -121, snr: -4 };
      break;
    case 'autoconnect-lock':
      out.autoconnectBearer = true;
      break;
    case 'wrong-usbnet':
      s.usbComposition = p.composition.nonQmiValue;
      break;
    case 'unresponsive':
      out.behaviour.silent = true;
      break;
    case 'garbage':
      out.behaviour.garbage = true;
      break;
    case 'unplug':
      out.behaviour.unplugAfterMs = 5000;
      break;
  }
  return out;
}
