// Our overhead on one virtual EC25 (QMI 5 ms, AT 20 ms per reply): the warm diagnose wall time
// (median of several runs in this process, after one run that loads the provider database and
// compiles the code) over the modem's critical path from the same run's transcript
// (critical-path.ts). Also the 16-modem fleet: 16 diagnosed at once / one.
//
// Warm and cold: overheadRatio uses the warm median, the diagnosis as the wizard or a fleet run
// makes it (the engine is running, and has diagnosed before: WARM_UP_RUNS first). The first diagnosis in the process also loads and compiles
// the code and parses the provider database; it is reported beside (firstDiagnoseMs,
// coldRatio), and a whole process from start is from-start.ts's figure.
//
// The modem here is `simulate` in a process of its own (a real modem is not in our event loop
// either), but on the same two cores: every reply crosses a PTY (twice) and the simulator's event
// loop, which costs more than the nominal 5 ms. reply-floor.ts measures that floor with a bare
// client, and the critical path at those measured reply times is reported beside the nominal
// one; the fleet reports how much CPU the simulator used.

import { diagnose, type Diagnosis } from '../main/doctor/diagnose.ts';
import { criticalPath, type CriticalPath } from './critical-path.ts';
import fs from 'node:fs';
import { measureReplyFloor, type ReplyFloor } from './reply-floor.ts';
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
/** Diagnoses made before the timed ones (overhead) and rounds before the timed rounds (fleet). */
const WARM_UP_RUNS = 50;
// V8 goes on optimising the code of a diagnosis for a few hundred of them, on threads of its
// own: measured in blocks of ten rounds of sixteen, its compiler threads took 2.2, 1.6, 0.9 and
// 1.1 ms of CPU per diagnosis over the first four blocks, 0.2-0.6 from the fifth on. On two
// cores that work competes with the sixteen diagnoses; the figure is the engine's steady state,
// and the first round's time is reported beside it (details.fleet.firstRoundMs).
const WARM_UP_ROUNDS = 40;

export interface OverheadResult {
  diagnoseMs: number;
  firstDiagnoseMs: number;
  runsMs: number[];
  critical: CriticalPath;
  overheadRatio: number;
  findings: string[];
  exchanges: number;
  /** The bare round trip of one QMI request and one AT command on this virtual modem. */
  floor: ReplyFloor;
  /** The same chain of replies at the measured round trips instead of the nominal latencies. */
  measuredCriticalMs: number;
}

export async function measureOverhead(runs: number): Promise<OverheadResult> {
  const vm = await startVirtualModems(1);
  try {
    const target = targetOf(vm.modems[0]!);
    const first = await timed(() => diagnose(target, OPTIONS));
    const floor = await measureReplyFloor(vm.modems[0]!.ports);
    // The engine's steady state: V8 optimises the code paths of a diagnosis over its first few
    // dozen runs (measured, in blocks of 25 on one modem: medians 33-40 ms over the first block, then 29-31).
    for (let i = 0; i < WARM_UP_RUNS; i++) await diagnose(target, OPTIONS);
    const all: { ms: number; d: Diagnosis }[] = [];
    for (let i = 0; i < runs; i++) all.push(await timed(() => diagnose(target, OPTIONS)));
    const ms = all.map((r) => r.ms);
    const med = median(ms);
    // The critical path of the run closest to the median (they are all the same requests).
    const mid = all.reduce((a, b) => (Math.abs(b.ms - med) < Math.abs(a.ms - med) ? b : a));
    const critical = criticalPath(mid.d.transcript, LATENCY);
    const measured = criticalPath(mid.d.transcript, { qmi: floor.qmiMs, at: floor.atMs ?? LATENCY.at });
    return {
      diagnoseMs: med, firstDiagnoseMs: first.ms, runsMs: ms, critical, overheadRatio: med / critical.ms,
      findings: mid.d.findings.map((f) => f.id), exchanges: mid.d.transcript.length, floor, measuredCriticalMs: measured.ms,
    };
  } finally {
    await vm.stop();
  }
}

export interface FleetResult {
  oneMs: number; sixteenMs: number; fleet16Ratio: number; allFound: boolean;
  /** The first round of sixteen (ms): V8 has yet to optimise most of the code then. */
  firstRoundMs: number;
  /** CPU time per diagnosis in this process and in the simulator's (ms), over the timed rounds. */
  cpuPerDiagnosisMs: { ours: number; simulator: number };
}

/** user + system CPU time of a process so far (ms), from /proc/<pid>/stat (fields 14, 15). */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** 16 virtual modems (one `simulate --count 16`), each diagnosed warm; all 16 at once vs one alone. */
export async function measureFleet(rounds: number): Promise<FleetResult> {
  const vm = await startVirtualModems(16);
  try {
    const targets = vm.modems.map(targetOf);
    const first = performance.now();
    await Promise.all(targets.map((t) => diagnose(t, OPTIONS)));
    const firstRoundMs = performance.now() - first;
    for (let i = 1; i < WARM_UP_ROUNDS; i++) await Promise.all(targets.map((t) => diagnose(t, OPTIONS))); // every port and the code
    const one: number[] = [];
    const sixteen: number[] = [];
    let allFound = true;
    const ours0 = process.cpuUsage();
    const sim0 = processCpuMs(vm.child.pid!);
    let diagnoses = 0;
    for (let r = 0; r < rounds; r++) {
      diagnoses += 1 + targets.length;
      one.push((await timed(() => diagnose(targets[0]!, OPTIONS))).ms);
      const t = performance.now();
      const ds = await Promise.all(targets.map((x) => diagnose(x, OPTIONS)));
      sixteen.push(performance.now() - t);
      allFound &&= ds.every((d) => d.findings.length === ds[0]!.findings.length && d.findings.length > 0);
    }
    const ours = process.cpuUsage(ours0);
    const simMs = processCpuMs(vm.child.pid!) - sim0;
    const oneMs = median(one);
    const sixteenMs = median(sixteen);
    return {
      oneMs, sixteenMs, fleet16Ratio: sixteenMs / oneMs, allFound, firstRoundMs,
      cpuPerDiagnosisMs: { ours: (ours.user + ours.system) / 1000 / diagnoses, simulator: simMs / diagnoses },
    };
  } finally {
    await vm.stop();
  }
}

export { median };
