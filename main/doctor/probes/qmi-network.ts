// Registration, operator, radio technology and cell (NAS Get Serving System, with Get System
// Info for the LTE TAC and the network's reject cause), and the signal in its units (NAS Get
// Signal Info). Layouts: libqmi data/qmi-service-nas.json.

import { NAS } from '../../qmi/services/index.ts';
import type { Fact, RadioTech, RegistrationFacts, RegistrationState, SignalFacts } from '../facts.ts';
import { EvidenceList, qmiRead, type ProbeContext } from './context.ts';
import { signalQuality } from '../signal-quality.ts';

function ratOf(r: string | number | undefined): RadioTech {
  switch (r) {
    case 'lte': return 'lte';
    case 'umts': case 'td-scdma': return 'umts';
    case 'gsm': return 'gsm';
    case '5gnr': return '5g';
    case 'cdma-1x': case 'cdma-1xevdo': return 'cdma';
    default: return 'unknown';
  }
}

function stateOf(r: string | number | undefined, roaming: boolean): RegistrationState {
  switch (r) {
    case 'registered': return roaming ? 'roaming' : 'registered';
    case 'not-registered-searching': return 'searching';
    case 'registration-denied': return 'denied';
    case 'not-registered': return 'not-registered';
    default: return 'unknown';
  }
}

export async function probeQmiRegistration(ctx: ProbeContext): Promise<Fact<RegistrationFacts> | undefined> {
  const probe = 'qmi-registration';
  const [ss, si] = await Promise.all([
    qmiRead(ctx, probe, NAS, NAS.messages.getServingSystem),
    qmiRead(ctx, probe, NAS, NAS.messages.getSystemInfo),
  ]);
  const core = ss?.fields.servingSystem;
  if (!ss || !core) return undefined;
  const ev = new EvidenceList();
  ev.add(ss);
  ev.add(si);
  const f = ss.fields;
  const state = stateOf(core.registrationState, f.roamingIndicator === 'on');
  const lte = si?.fields.lteSystemInfo;
  const rejectCause = [lte, si?.fields.wcdmaSystemInfo, si?.fields.gsmSystemInfo]
    .find((x) => x?.registrationRejectInfoValid)?.registrationRejectCause;
  const value: RegistrationFacts = {
    state,
    ...(f.currentPlmn ? { mcc: f.currentPlmn.mcc, mnc: f.currentPlmn.mnc, ...(f.currentPlmn.description ? { operatorName: f.currentPlmn.description } : {}) } : {}),
    ...(core.radioInterfaces.length > 0 ? { rat: ratOf(core.radioInterfaces[0]) } : {}),
    ...(f.lac3gpp !== undefined ? { lac: f.lac3gpp } : {}),
    ...(f.lteTac !== undefined ? { tac: f.lteTac } : lte?.tacValid ? { tac: lte.tac } : {}),
    ...(f.cid3gpp !== undefined ? { cellId: f.cid3gpp } : lte?.cidValid ? { cellId: lte.cid } : {}),
    ...(rejectCause !== undefined ? { rejectCause } : {}),
  };
  return { value, via: 'qmi', evidence: ev.list };
}

export async function probeQmiSignal(ctx: ProbeContext): Promise<Fact<SignalFacts> | undefined> {
  const r = await qmiRead(ctx, 'qmi-signal', NAS, NAS.messages.getSignalInfo);
  if (!r) return undefined;
  const f = r.fields;
  let s: Omit<SignalFacts, 'quality'> = {};
  if (f.lteSignalStrength) {
    const l = f.lteSignalStrength;
    s = { rat: 'lte', rssi: l.rssi, rsrq: l.rsrq, rsrp: l.rsrp, ...(l.snr.dB !== null ? { snr: l.snr.dB } : {}) };
  } else if (f.nr5gSignalStrength && f.nr5gSignalStrength.rsrp.dBm !== null) {
    s = { rat: '5g', rsrp: f.nr5gSignalStrength.rsrp.dBm, ...(f.nr5gSignalStrength.snr.dB !== null ? { snr: f.nr5gSignalStrength.snr.dB } : {}) };
  } else if (f.wcdmaSignalStrength) {
    s = { rat: 'umts', rssi: f.wcdmaSignalStrength.rssi };
  } else if (f.gsmSignalStrength !== undefined) {
    s = { rat: 'gsm', rssi: f.gsmSignalStrength };
  }
  return { value: { ...s, quality: signalQuality(s) ?? 'none' }, via: 'qmi', evidence: [r.request.seq, r.response.seq] };
}
