// One word for a signal, for people. There is no 3GPP scale of "good": these bands are the ones
// operators' field guides commonly use. LTE is judged on RSRP (received reference power; TS
// 36.214 §5.1.1) and SNR together, the worse of the two deciding; GSM/UMTS on RSSI.

import type { SignalFacts } from '../facts.ts';

type Quality = SignalFacts['quality'];
const ORDER: readonly Quality[] = ['none', 'poor', 'fair', 'good', 'excellent'];

function band(v: number, excellent: number, good: number, fair: number): Quality {
  return v >= excellent ? 'excellent' : v >= good ? 'good' : v >= fair ? 'fair' : 'poor';
}

export function signalQuality(s: Omit<SignalFacts, 'quality'>): Quality {
  const words: Quality[] = [];
  if (s.rsrp !== undefined) words.push(band(s.rsrp, -80, -90, -105));
  if (s.snr !== undefined) words.push(band(s.snr, 20, 13, 0));
  if (words.length === 0 && s.rssi !== undefined) words.push(band(s.rssi, -70, -85, -100));
  if (words.length === 0) return 'none';
  return words.reduce((a, b) => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b));
}
