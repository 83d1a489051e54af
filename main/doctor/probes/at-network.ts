// Radio, registration and signal over AT. 27.007 §8.2 AT+CFUN? (the radio's level), §7.2 and
// §10.1.22 AT+CREG? / AT+CEREG? (circuit and EPS registration: the better of the two counts, as
// a modem registered for LTE data may be "not registered" for voice), §7.3 AT+COPS? (operator),
// and signal in units: Quectel AT+QCSQ (RSRP, SINR, RSRQ), Sierra AT!GSTATUS?, else 27.007 §8.69
// AT+CESQ with §8.5 AT+CSQ for RSSI.

import type { CesqResult, CfunResult, CopsReadResult, CsqResult, GstatusResult, QcsqResult, Registration } from '../../at/parsers/index.ts';
import type { Fact, OperatingMode, RadioFacts, RadioTech, RegistrationFacts, RegistrationState, SignalFacts } from '../facts.ts';
import { signalQuality } from '../signal-quality.ts';
import { cite, type Answer, type AtAsker } from './at-ask.ts';
import type { AtVendor } from './at-vendor.ts';

/** AT+CFUN levels (27.007 §8.2): 0 minimum, 1 full, 4 RF off; 5+ are vendor-specific. */
function modeOfCfun(fun: number): OperatingMode {
  if (fun === 1) return 'online';
  if (fun === 0 || fun === 4 || fun === 2 || fun === 3) return 'low-power';
  return 'unknown';
}

export async function probeRadioAt(ask: AtAsker): Promise<Fact<RadioFacts> | undefined> {
  const a = await ask.ask<CfunResult>('AT+CFUN?', 'radio');
  if (!a.value) return undefined;
  return { value: { mode: modeOfCfun(a.value.fun), cfun: a.value.fun }, via: 'at', evidence: cite(a) };
}

const STATE_RANK: Readonly<Record<RegistrationState, number>> = { registered: 5, roaming: 5, denied: 4, searching: 3, 'not-registered': 2, unknown: 1 };

function stateOf(r: Registration): RegistrationState {
  if (r.registered) return r.stat === 5 || r.stat === 7 || r.stat === 10 ? 'roaming' : 'registered';
  switch (r.stat) {
    case 0: return 'not-registered';
    case 2: return 'searching';
    case 3: return 'denied';
    case 8: return 'not-registered'; // emergency calls only
    default: return 'unknown';
  }
}

function ratOf(act: number | undefined): RadioTech | undefined {
  if (act === undefined) return undefined;
  if (act === 7 || act === 9 || act === 10) return 'lte';
  if (act === 11 || act === 12 || act === 13) return '5g';
  if (act === 2 || act === 4 || act === 5 || act === 6) return 'umts';
  if (act === 0 || act === 1 || act === 3 || act === 8) return 'gsm';
  return 'unknown';
}

export async function probeRegistrationAt(ask: AtAsker): Promise<Fact<RegistrationFacts> | undefined> {
  const creg = await ask.ask<Registration>('AT+CREG?', 'registration');
  const cereg = await ask.ask<Registration>('AT+CEREG?', 'registration', { quiet: true });
  const regs = [cereg.value, creg.value].filter((r): r is Registration => r !== undefined);
  if (regs.length === 0) return undefined;
  const best = regs.map((r) => ({ r, s: stateOf(r) })).sort((a, b) => STATE_RANK[b.s] - STATE_RANK[a.s])[0]!;
  const reg: RegistrationFacts = { state: best.s };
  const rat = ratOf(best.r.act);
  if (rat) reg.rat = rat;
  if (best.r.lac) reg.lac = best.r.lac.value;
  if (best.r.tac) reg.tac = best.r.tac.value;
  if (best.r.ci) reg.cellId = best.r.ci.value;
  const cause = regs.find((r) => r.rejectCause !== undefined)?.rejectCause;
  if (cause !== undefined) reg.rejectCause = cause;
  const answers: Answer<unknown>[] = [creg, cereg];
  if (best.s === 'registered' || best.s === 'roaming') {
    // Numeric format first (27.007 §7.3 mode 3 sets only the format: no new network selection),
    // so the PLMN comes as MCC/MNC the provider database can look up.
    const format = await ask.ask<unknown>('AT+COPS=3,2', 'registration', { quiet: true });
    const cops = await ask.ask<CopsReadResult>('AT+COPS?', 'registration');
    answers.push(format, cops);
    const o = cops.value;
    if (o?.mcc !== undefined && o.mnc !== undefined) { reg.mcc = Number(o.mcc); reg.mnc = Number(o.mnc); }
    else if (o?.operator) reg.operatorName = o.operator;
    if (!reg.rat) { const r = ratOf(o?.act); if (r) reg.rat = r; }
  }
  return { value: reg, via: 'at', evidence: cite(...answers) };
}

function signalFrom(vendor: AtVendor, v: { qcsq?: QcsqResult; gstatus?: GstatusResult; cesq?: CesqResult; csq?: CsqResult }): Omit<SignalFacts, 'quality'> | undefined {
  const out: Omit<SignalFacts, 'quality'> = {};
  if (vendor === 'quectel' && v.qcsq?.rsrp !== undefined) {
    Object.assign(out, { rat: 'lte', rsrp: v.qcsq.rsrp, rssi: v.qcsq.rssi, ...(v.qcsq.rsrq !== undefined ? { rsrq: v.qcsq.rsrq } : {}), ...(v.qcsq.sinrDb !== undefined ? { snr: v.qcsq.sinrDb } : {}) });
  } else if (vendor === 'sierra' && v.gstatus && v.gstatus.rsrpDbm.length > 0) {
    const g = v.gstatus;
    Object.assign(out, { rat: 'lte', rsrp: g.rsrpDbm[0], ...(g.rssiDbm[0] !== undefined ? { rssi: g.rssiDbm[0] } : {}), ...(g.rsrqDb !== undefined ? { rsrq: g.rsrqDb } : {}), ...(g.sinrDb !== undefined ? { snr: g.sinrDb } : {}) });
  } else if (v.cesq?.rsrpDbm != null) {
    Object.assign(out, { rat: 'lte', rsrp: v.cesq.rsrpDbm, ...(v.cesq.rsrqDb != null ? { rsrq: v.cesq.rsrqDb } : {}) });
  }
  if (out.rssi === undefined && v.csq?.rssiDbm != null) out.rssi = v.csq.rssiDbm;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Signal in units; "none" when the modem says it hears nothing (CSQ 99, no service). */
export async function probeSignalAt(ask: AtAsker, vendor: AtVendor): Promise<Fact<SignalFacts> | undefined> {
  const answers: Answer<unknown>[] = [];
  const v: { qcsq?: QcsqResult; gstatus?: GstatusResult; cesq?: CesqResult; csq?: CsqResult } = {};
  if (vendor === 'quectel') { const a = await ask.ask<QcsqResult>('AT+QCSQ', 'signal'); answers.push(a); if (a.value) v.qcsq = a.value; }
  else if (vendor === 'sierra') { const a = await ask.ask<GstatusResult>('AT!GSTATUS?', 'signal'); answers.push(a); if (a.value) v.gstatus = a.value; }
  else { const a = await ask.ask<CesqResult>('AT+CESQ', 'signal', { quiet: true }); answers.push(a); if (a.value) v.cesq = a.value; }
  const csq = await ask.ask<CsqResult>('AT+CSQ', 'signal');
  answers.push(csq);
  if (csq.value) v.csq = csq.value;
  const s = signalFrom(vendor, v);
  if (!s) {
    // The modem answered and hears nothing (CSQ 99,99; QCSQ "NOSERVICE"): that is a reading too.
    if (!csq.value) return undefined;
    return { value: { quality: 'none' }, via: 'at', evidence: cite(...answers) };
  }
  return { value: { ...s, quality: signalQuality(s) ?? 'none' }, via: 'at', evidence: cite(...answers) };
}
