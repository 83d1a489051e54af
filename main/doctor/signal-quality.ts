// One word for how good the signal is, from the numbers: the doctor's single judgement, used by
// the probes to fill SignalFacts.quality and by the weak-signal rule. LTE is judged on RSRP and
// SNR together (3GPP TS 36.133 §9.1.4 reports RSRP from -140 to -44 dBm; a cell edge is around
// -110 dBm or an SNR below 0 dB); other technologies on RSSI (27.007 +CSQ spans -113..-51 dBm).
// The bands are conventions, not a standard: they are chosen so a user with "fair" still gets a
// usable connection and "poor" is where calls and data start to fail.

import type { SignalFacts } from './facts.ts';

export type SignalQuality = SignalFacts['quality'];

const LTE_BANDS: readonly { quality: SignalQuality; rsrp: number; snr: number }[] = [
  { quality: 'excellent', rsrp: -85, snr: 20 },
  { quality: 'good', rsrp: -95, snr: 10 },
  { quality: 'fair', rsrp: -110, snr: 0 },
];
const RSSI_BANDS: readonly { quality: SignalQuality; rssi: number }[] = [
  { quality: 'excellent', rssi: -70 },
  { quality: 'good', rssi: -85 },
  { quality: 'fair', rssi: -100 },
];
/** At or below this there is nothing to hear: the bottom of each scale. */
const RSRP_NONE = -135;
const RSSI_NONE = -113;

/** The quality the numbers show; undefined when there are no numbers to judge. */
export function signalQuality(s: Pick<SignalFacts, 'rssi' | 'rsrp' | 'snr'>): SignalQuality | undefined {
  if (s.rsrp !== undefined) {
    if (s.rsrp <= RSRP_NONE) return 'none';
    const snr = s.snr ?? Number.POSITIVE_INFINITY;
    for (const b of LTE_BANDS) if (s.rsrp >= b.rsrp && snr >= b.snr) return b.quality;
    return 'poor';
  }
  if (s.rssi !== undefined) {
    if (s.rssi <= RSSI_NONE) return 'none';
    for (const b of RSSI_BANDS) if (s.rssi >= b.rssi) return b.quality;
    return 'poor';
  }
  return undefined;
}

/** The signal in units, for people: "RSRP -121 dBm, SNR -4 dB (LTE)". */
export function describeSignal(s: SignalFacts): string {
  const parts: string[] = [];
  if (s.rsrp !== undefined) parts.push(`RSRP ${s.rsrp} dBm`);
  if (s.rsrq !== undefined) parts.push(`RSRQ ${s.rsrq} dB`);
  if (s.snr !== undefined) parts.push(`SNR ${s.snr} dB`);
  if (s.rssi !== undefined) parts.push(`RSSI ${s.rssi} dBm`);
  const rat = s.rat && s.rat !== 'unknown' ? ` (${s.rat.toUpperCase()})` : '';
  return parts.length > 0 ? `${parts.join(', ')}${rat}` : `quality ${s.quality}`;
}
