// Signal over time as inline SVG (no script, no external asset): one chart for the levels in dBm
// (RSSI, RSRP), one for the ratios in dB (SNR, RSRQ), each point with a <title> so hovering
// shows its value. Every text put into the SVG is escaped by the caller's escaper.

import type { SignalSample } from './signal.ts';

type Key = 'rssi' | 'rsrp' | 'rsrq' | 'snr';
interface Series { key: Key; label: string; colour: string }

const LEVELS: Series[] = [
  { key: 'rsrp', label: 'RSRP', colour: '#1f6feb' },
  { key: 'rssi', label: 'RSSI', colour: '#8250df' },
];
const RATIOS: Series[] = [
  { key: 'snr', label: 'SNR', colour: '#1a7f37' },
  { key: 'rsrq', label: 'RSRQ', colour: '#bf8700' },
];

const W = 640;
const H = 180;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

function niceRange(values: number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) { lo -= 5; hi += 5; }
  const step = 5;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

function chart(title: string, unit: string, samples: readonly SignalSample[], series: Series[], esc: (s: string) => string): string {
  const used = series.filter((s) => samples.some((x) => x[s.key] !== undefined));
  if (used.length === 0) return '';
  const times = samples.map((s) => Date.parse(s.time));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const values = used.flatMap((s) => samples.map((x) => x[s.key]).filter((v): v is number => v !== undefined));
  const [lo, hi] = niceRange(values);
  const x = (t: number): number => PAD.left + (t1 === t0 ? (W - PAD.left - PAD.right) / 2 : ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number): number => PAD.top + ((hi - v) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  // Grid and y labels: five lines across the range.
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" class="grid"/>`,
      `<text x="${PAD.left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${esc(fmt(v))}</text>`);
  }
  const span = (t1 - t0) / 1000;
  parts.push(`<text x="${PAD.left}" y="${H - 8}">0 s</text>`,
    `<text x="${W - PAD.right}" y="${H - 8}" text-anchor="end">${esc(span < 1 ? `${fmt(span * 1000)} ms` : `${fmt(span)} s`)}</text>`);
  const legend: string[] = [];
  used.forEach((s, i) => {
    const pts = samples.map((x0, j) => ({ t: times[j] ?? t0, v: x0[s.key], sample: x0 })).filter((p) => p.v !== undefined) as { t: number; v: number; sample: SignalSample }[];
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.map((p) => `${fmt(x(p.t))},${fmt(y(p.v))}`).join(' ')}"/>`);
    for (const p of pts) {
      const what = `${s.label} ${fmt(p.v)} ${unit} at ${p.sample.time}${p.sample.seq !== undefined ? ` (exchange #${p.sample.seq})` : ''}`;
      parts.push(`<circle cx="${fmt(x(p.t))}" cy="${fmt(y(p.v))}" r="3" fill="${s.colour}"><title>${esc(what)}</title></circle>`);
    }
    legend.push(`<text x="${PAD.left + 8 + i * 90}" y="${PAD.top + 10}" fill="${s.colour}">${esc(s.label)} (${esc(unit)})</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`
    + `<title>${esc(title)}</title>${parts.join('')}${legend.join('')}</svg>`;
}

/** The two charts (levels, ratios); empty when there are no samples. */
export function signalSvg(samples: readonly SignalSample[], esc: (s: string) => string): string {
  if (samples.length === 0) return '';
  return chart('Signal levels over time (dBm)', 'dBm', samples, LEVELS, esc) + chart('Signal quality over time (dB)', 'dB', samples, RATIOS, esc);
}
