// The network: not registered (searching, idle), registration denied, weak signal. None of them
// while the SIM or the radio already explains it (support.ts gates), and weak-signal only on a
// network: without one, the signal is part of not-registered's explanation instead.

import type { Facts } from '../facts.ts';
import type { Finding } from '../finding.ts';
import { describeSignal, signalQuality } from '../signal-quality.ts';
import { rejectCauseText } from './reject-causes.ts';
import { evidenceOf, radioOff, registered, simBlocks } from './support.ts';

function quality(facts: Facts) {
  const s = facts.signal?.value;
  return s ? (signalQuality(s) ?? s.quality) : undefined;
}

export function notRegistered(facts: Facts): Finding[] {
  const reg = facts.registration?.value;
  if (!reg || (reg.state !== 'searching' && reg.state !== 'not-registered')) return [];
  if (simBlocks(facts) || radioOff(facts)) return [];
  const q = quality(facts);
  const s = facts.signal?.value;
  const evidence = [evidenceOf(facts, 'registration', `Registration: ${reg.state === 'searching' ? 'not registered, searching' : 'not registered, not searching'}`)];
  if (s) evidence.push(evidenceOf(facts, 'signal', `${describeSignal(s)}: ${q ?? s.quality}`));
  const noSignal = q === 'none' || q === 'poor';
  return [{
    id: 'not-registered',
    severity: 'error',
    title: reg.state === 'searching' ? 'Not on a network: the modem is searching' : 'Not on a network',
    explanation: (reg.state === 'searching' ? 'The modem is looking for a network and has not found one it may use. ' : 'The modem is not registered on a network and is not looking for one (it may be set to a manual operator or a band it cannot find). ')
      + (noSignal ? `The signal is ${q === 'none' ? 'absent' : 'very weak'} (${s ? describeSignal(s) : ''}): check the antennas are screwed on (both main and diversity), move the modem or antenna near a window or outdoors, or use an external antenna. `
        : 'Check the antennas, that the SIM\'s provider covers this place, and that the modem\'s bands include the provider\'s. ')
      + 'A modem usually registers within a minute of power-up.',
    evidence,
    fixes: [],
    ...(q ? { values: { signal: q } } : {}),
  }];
}

export function registrationDenied(facts: Facts): Finding[] {
  const reg = facts.registration?.value;
  if (!reg || reg.state !== 'denied') return [];
  if (simBlocks(facts) || radioOff(facts)) return [];
  const cause = reg.rejectCause;
  const causeText = cause !== undefined ? `reject cause #${cause}: ${rejectCauseText(cause)}` : undefined;
  const plmn = reg.mcc !== undefined && reg.mnc !== undefined ? ` (${reg.operatorName ? `${reg.operatorName}, ` : ''}${reg.mcc}/${String(reg.mnc).padStart(2, '0')})` : '';
  return [{
    id: 'registration-denied',
    severity: 'error',
    title: 'The network refuses the SIM',
    explanation: `The network${plmn} answered the modem's registration with a refusal${causeText ? ` (${causeText})` : ''}. `
      + 'Nothing on this computer can change that: the SIM is not active, not paid up, barred, or not allowed to roam here. '
      + 'Call the provider with the SIM\'s number (ICCID, printed on the card) and ask them to check it is active for data in this country.',
    evidence: [evidenceOf(facts, 'registration', `Registration: denied${causeText ? `, ${causeText}` : ''}`)],
    fixes: [],
    ...(cause !== undefined ? { values: { rejectCause: cause } } : {}),
  }];
}

export function weakSignal(facts: Facts): Finding[] {
  const s = facts.signal?.value;
  if (!s || !registered(facts) || radioOff(facts)) return [];
  const q = quality(facts);
  if (q !== 'poor' && q !== 'none') return [];
  return [{
    id: 'weak-signal',
    severity: 'warning',
    title: 'The signal is weak',
    explanation: `The modem is on a network, but the signal is poor (${describeSignal(s)}). `
      + 'Expect slow data, dropped connections and calls that fail to start. Check both antennas are connected and tight, '
      + 'move the modem or its antenna higher or nearer a window, or use an external antenna with a short cable. '
      + (s.rsrp !== undefined ? 'For LTE, RSRP above -100 dBm and SNR above 5 dB make a steady connection.' : 'RSSI above -85 dBm makes a steady connection.'),
    evidence: [evidenceOf(facts, 'signal', `${describeSignal(s)}: ${q}`)],
    fixes: [],
    values: { quality: q, ...(s.rsrp !== undefined ? { rsrp: s.rsrp } : {}), ...(s.snr !== undefined ? { snr: s.snr } : {}), ...(s.rssi !== undefined ? { rssi: s.rssi } : {}) },
  }];
}
