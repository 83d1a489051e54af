// The quality bands drawn behind the signal chart: the same RSRP thresholds the doctor judges
// LTE by (excellent from -85 dBm, good from -95, fair from -110, poor below), repeated here as
// display data because the renderer takes nothing but types from the engine.

export interface Band { quality: 'excellent' | 'good' | 'fair' | 'poor'; from: number; to: number; label: string; fill: string }

export const RSRP_BANDS: readonly Band[] = [
  { quality: 'excellent', from: -85, to: -40, label: '≥ -85 dBm', fill: 'rgba(46,160,67,0.25)' },
  { quality: 'good', from: -95, to: -85, label: '-95 to -85 dBm', fill: 'rgba(46,160,67,0.12)' },
  { quality: 'fair', from: -110, to: -95, label: '-110 to -95 dBm', fill: 'rgba(210,153,34,0.18)' },
  { quality: 'poor', from: -140, to: -110, label: '< -110 dBm', fill: 'rgba(218,54,51,0.16)' },
];

export function bandOf(rsrp: number): Band['quality'] {
  for (const b of RSRP_BANDS) if (rsrp >= b.from) return b.quality;
  return 'poor';
}
