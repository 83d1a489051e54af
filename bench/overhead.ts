// Our overhead on one virtual EC25 (QMI 5 ms, AT 20 ms per reply): the warm diagnose wall time
// (median of several runs in this process, after one run that loads the provider database and
// compiles the code) over the modem's critical path from the same run's transcript
// (critical-path.ts). Also the 16-modem fleet: 16 diagnosed at once / one.

import { diagnose, type Diagnosis } from '../main/doctor/diagnose.ts';
import { criticalPath, type CriticalPath } from './critical-path.ts';
import { LATENCY, startVirtualModems, targetOf } from './virtual-modems.ts';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Wall time of one diagnosis, measured around the call (the Diagnosis's own durationMs agrees). */
async function timed(run: () => Promise<Diagnosis>): Promise<{ ms: number; d: Diagnosis }> {
  const t = performance.now();
  const d = await run();
  return { ms: performance.now() - t, d };
}

const OPTIONS = { releaseOnSignals: false, modemManager: false } as const;

export interface OverheadResult {
  diagnoseMs: number;
  firstDiagnoseMs: number;
  runsMs: number[];
  critical: CriticalPath;
  overheadRatio: number;
  findings: string[];
  exchanges: number;
}

export async function measureOverhead(runs: number): Promise<OverheadResult> {
  const vm = await startVirtualModems(1);
  try {
    const target = targetOf(vm.modems[0]!);
    const first = await timed(() => diagnose(target, OPTIONS));
    const all: { ms: number; d: Diagnosis }[] = [];
    for (let i = 0; i < runs; i++) all.push(await timed(() => diagnose(target, OPTIONS)));
    const ms = all.map((r) => r.ms);
    const med = median(ms);
    // The critical path of the run closest to the median (they are all the same requests).
    const mid = all.reduce((a, b) => (Math.abs(b.ms - med) < Math.abs(a.ms - med) ? b : a));
    const critical = criticalPath(mid.d.transcript, LATENCY);
    return {
      diagnoseMs: med, firstDiagnoseMs: first.ms, runsMs: ms, critical, overheadRatio: med / critical.ms,
      findings: mid.d.findings.map((f) => f.id), exchanges: mid.d.transcript.length,
    };
  } finally {
    await vm.stop();
  }
}

export interface FleetResult { oneMs: number; sixteenMs: number; fleet16Ratio: number; allFound: boolean }

/** 16 virtual modems (one `simulate --count 16`), each diagnosed warm; all 16 at once vs one alone. */
export async function measureFleet(rounds: number): Promise<FleetResult> {
  const vm = await startVirtualModems(16);
  try {
    const targets = vm.modems.map(targetOf);
    await Promise.all(targets.map((t) => diagnose(t, OPTIONS))); // warm every port and the code
    const one: number[] = [];
    const sixteen: number[] = [];
    let allFound = true;
    for (let r = 0; r < rounds; r++) {
      one.push((await timed(() => diagnose(targets[0]!, OPTIONS))).ms);
      const t = performance.now();
      const ds = await Promise.all(targets.map((x) => diagnose(x, OPTIONS)));
      sixteen.push(performance.now() - t);
      allFound &&= ds.every((d) => d.findings.length === ds[0]!.findings.length && d.findings.length > 0);
    }
    const oneMs = median(one);
    const sixteenMs = median(sixteen);
    return { oneMs, sixteenMs, fleet16Ratio: sixteenMs / oneMs, allFound };
  } finally {
    await vm.stop();
  }
}

export { median };
