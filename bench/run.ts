// `npm run bench`: how fast the doctor is against the modem's own limit and against the tools
// people use today, each figure a ratio of two things measured in this same run; prints a table
// and writes bench/results.json. Never part of `npm test`'s pass or fail.
//
//   npm run bench               the full run (about 3-5 minutes on two cores)
//   npm run bench -- --quick    small counts, for iterating (not for the README)
//
// Every process it starts (simulators, ModemManager's world, qmicli, serve,
// Chromium) is ended by pid or process group; at the end it checks that none is left
// (processes.ts) and exits 1 if one is.

import fs from 'node:fs';
import path from 'node:path';
import { measureCodec } from './codec.ts';
import { nodeBareStart, oursFromStart, qmicliScript } from './from-start.ts';
import { cpuCheckMs, machine } from './machine.ts';
import { modemManagerSkipReason, modemManagerTimeToListed } from './modemmanager.ts';
import { measureFleet, measureOverhead, median } from './overhead.ts';
import { leftOverProcesses } from './processes.ts';
import { firstRender, renderSkipReason, rendererGzipBytes } from './renderer.ts';
import { measureSessions } from './sessions.ts';
import { startVirtualModems } from './virtual-modems.ts';

const quick = process.argv.includes('--quick');
const COUNTS = quick
  ? { diagnoseRuns: 3, fromStartRuns: 1, fleetRounds: 1, sessions: 100, codecMs: 300, renders: 1 }
  : { diagnoseRuns: 25, fromStartRuns: 3, fleetRounds: 9, sessions: 1000, codecMs: 2000, renders: 3 };

type Figure = number | null;
const results: Record<string, Figure> = {
  overheadRatio: null, mmScanRatio: null, qmicliScriptRatio: null, fleet16Ratio: null,
  qmiDecodeFramesPerSec: null, qmiEncodeFramesPerSec: null, atParseLinesPerSec: null,
  cidsLeaked: null, memoryRatio: null, rendererGzipBytes: null, firstRenderMs: null, diagnoseMs: null,
};
const details: Record<string, unknown> = {};
const skipped: Record<string, string> = {};

function onSystemPath(bin: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => fs.existsSync(path.join(d, bin)));
}

async function step(name: string, keys: string[], run: () => Promise<void>): Promise<void> {
  process.stderr.write(`bench: ${name}...\n`);
  const t = performance.now();
  try {
    await run();
  } catch (e) {
    const why = `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    for (const k of keys) if (results[k] === null) skipped[k] ??= why;
  }
  process.stderr.write(`bench: ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

const started = new Date();

await step('QMI and AT codec throughput', ['qmiDecodeFramesPerSec', 'qmiEncodeFramesPerSec', 'atParseLinesPerSec'], async () => {
  const c = measureCodec(COUNTS.codecMs);
  results.qmiDecodeFramesPerSec = Math.round(c.qmiDecodeFramesPerSec);
  results.qmiEncodeFramesPerSec = Math.round(c.qmiEncodeFramesPerSec);
  results.atParseLinesPerSec = Math.round(c.atParseLinesPerSec);
  details.codec = {
    frameBytes: c.frameBytes, qmiDecodeVsRead: round(c.qmiDecodeVsRead, 4), qmiEncodeVsRead: round(c.qmiEncodeVsRead, 4),
    readFramesPerSec: Math.round(c.qmiReadFramesPerSec), atParseVsRead: round(c.atParseVsRead, 4), atReadLinesPerSec: Math.round(c.atReadLinesPerSec),
  };
});

await step('diagnose overhead on the virtual EC25', ['overheadRatio', 'diagnoseMs'], async () => {
  const o = await measureOverhead(COUNTS.diagnoseRuns);
  results.diagnoseMs = Math.round(o.diagnoseMs);
  results.overheadRatio = round(o.overheadRatio);
  details.overhead = {
    criticalPathMs: o.critical.ms, criticalChain: o.critical.chain, requests: o.critical.requests, exchanges: o.exchanges,
    runsMs: o.runsMs.map((x) => Math.round(x)), firstDiagnoseMs: Math.round(o.firstDiagnoseMs), findings: o.findings,
    // The run least disturbed by other work on the machine: what the code costs on a quiet one.
    fastestMs: Math.round(Math.min(...o.runsMs)), fastestRatio: round(Math.min(...o.runsMs) / o.critical.ms),
    // overheadRatio is the warm median; the first diagnosis in the process (code loading and
    // compiling, the provider database parsed) over the same critical path:
    coldRatio: round(o.firstDiagnoseMs / o.critical.ms),
    // The virtual modem's own round trips (reply-floor.ts) and the chain at those instead of 5/20 ms:
    replyFloorMs: { qmi: round(o.floor.qmiMs), at: o.floor.atMs === null ? null : round(o.floor.atMs) },
    measuredCriticalPathMs: round(o.measuredCriticalMs, 1), measuredReplyRatio: round(o.diagnoseMs / o.measuredCriticalMs),
  };
});

let oursMs: number | undefined;
await step('from start: modem-doctor diagnose and a qmicli script', ['qmicliScriptRatio', 'mmScanRatio'], async () => {
  const vm = await startVirtualModems(1);
  try {
    const m = vm.modems[0]!;
    // One start first, not timed: Node's compile cache (bin/modem-doctor.mjs) is then as warm as
    // on any run after a user's first.
    await oursFromStart(m);
    const ours: number[] = [];
    for (let i = 0; i < COUNTS.fromStartRuns; i++) ours.push((await oursFromStart(m)).ms);
    oursMs = median(ours);
    details.oursFromStartMs = ours.map((x) => Math.round(x));
    const bare: number[] = [];
    for (let i = 0; i < COUNTS.fromStartRuns; i++) bare.push(await nodeBareStart());
    details.nodeBareStartMs = bare.map((x) => Math.round(x));
    if (!onSystemPath('qmicli')) { skipped.qmicliScriptRatio = 'qmicli is not installed (Debian package libqmi-utils)'; return; }
    const script: number[] = [];
    let failed: string[] = [];
    for (let i = 0; i < COUNTS.fromStartRuns; i++) {
      const s = await qmicliScript(m);
      script.push(s.ms);
      failed = s.failed;
      details.qmicliQueries = s.queries;
    }
    details.qmicliScriptMs = script.map((x) => Math.round(x));
    if (failed.length) details.qmicliFailed = failed;
    // The script against the doctor gathering the same facts: the engine running, as the wizard,
    // `serve` and a fleet run use it (the overhead step's warm median, same modem, same run).
    // Beside it, against a whole `modem-doctor diagnose` process: that one is bounded by Node's
    // own start (nodeBareStartMs), which alone is a large part of one qmicli process's time.
    details.qmicliScriptVsFromStart = round(median(script) / oursMs);
    details.qmicliScriptVsNodeBareStart = round(median(script) / median(bare));
    if (typeof results.diagnoseMs === 'number') results.qmicliScriptRatio = round(median(script) / results.diagnoseMs);
    else skipped.qmicliScriptRatio = 'the warm diagnosis could not be measured';
  } finally {
    await vm.stop();
  }
});

await step('ModemManager probing the same virtual EC25', ['mmScanRatio'], async () => {
  const why = modemManagerSkipReason();
  if (why) { skipped.mmScanRatio = why; return; }
  if (oursMs === undefined) { skipped.mmScanRatio = 'our from-start time could not be measured'; return; }
  const mm = await modemManagerTimeToListed();
  details.modemManagerToListedMs = mm.ms;
  if (typeof results.diagnoseMs === 'number') details.modemManagerVsWarmEngine = round(mm.ms / results.diagnoseMs);
  if (mm.leftOver.length) details.modemManagerLeftOver = mm.leftOver;
  results.mmScanRatio = round(mm.ms / oursMs);
});

await step('16 virtual modems at once', ['fleet16Ratio'], async () => {
  const f = await measureFleet(COUNTS.fleetRounds);
  results.fleet16Ratio = round(f.fleet16Ratio);
  details.fleet = {
    oneMs: Math.round(f.oneMs), sixteenMs: Math.round(f.sixteenMs), sameFindingsEverywhere: f.allFound, firstRoundMs: Math.round(f.firstRoundMs),
    // Where the 16 share the machine: CPU per diagnosis in our process and in the simulator's
    // (it holds every PTY master itself), on 2 cores shared with whatever else runs.
    cpuPerDiagnosisMs: { ours: round(f.cpuPerDiagnosisMs.ours, 1), simulator: round(f.cpuPerDiagnosisMs.simulator, 1) },
  };
});

await step(`${COUNTS.sessions} sessions: memory and client ids`, ['memoryRatio', 'cidsLeaked'], async () => {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') { skipped.memoryRatio = 'run node with --expose-gc (npm run bench does)'; }
  const s = await measureSessions(COUNTS.sessions);
  results.memoryRatio = round(s.memoryRatio, 3);
  results.cidsLeaked = s.cidsLeaked;
  details.sessions = { cycles: s.cycles, heapAfter10: s.heapAfter10, heapAfterAll: s.heapAfterAll, msPerSession: round(s.msPerSession, 1), clientIdsHeld: s.clientIdsHeld };
});

await step('the wizard: bundle and first render in Chromium', ['rendererGzipBytes', 'firstRenderMs'], async () => {
  const g = rendererGzipBytes();
  results.rendererGzipBytes = g.bytes;
  const why = renderSkipReason();
  if (why) { skipped.firstRenderMs = why; return; }
  const r = await firstRender(COUNTS.renders);
  results.firstRenderMs = Math.round(median(r.ms));
  details.firstRenderRunsMs = r.ms.map((x) => Math.round(x));
});

// Nothing of ours may be left running.
await new Promise((r) => setTimeout(r, 500));
const leftOver = [...leftOverProcesses(), ...((details.modemManagerLeftOver as string[] | undefined) ?? [])];

const TARGETS: Record<string, { text: string; ok: (v: number) => boolean }> = {
  overheadRatio: { text: '<= 1.3', ok: (v) => v <= 1.3 },
  mmScanRatio: { text: '>= 5', ok: (v) => v >= 5 },
  qmicliScriptRatio: { text: '>= 10', ok: (v) => v >= 10 },
  fleet16Ratio: { text: '<= 2', ok: (v) => v <= 2 },
  qmiDecodeFramesPerSec: { text: '>= 1,000,000', ok: (v) => v >= 1_000_000 },
  cidsLeaked: { text: '0', ok: (v) => v === 0 },
  memoryRatio: { text: '<= 1.1', ok: (v) => v <= 1.1 },
};

details.cpuCheckMs = cpuCheckMs();

const out = {
  date: started.toISOString(),
  machine: machine(),
  quick,
  ...results,
  ...(Object.keys(skipped).length ? { skipped } : {}),
  details,
  leftOverProcesses: leftOver,
};
const file = path.join(import.meta.dirname, quick ? 'results.quick.json' : 'results.json');
fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);

const rows = Object.entries(results).map(([k, v]) => {
  const t = TARGETS[k];
  const verdict = v === null ? `skipped: ${skipped[k] ?? '?'}` : t ? (t.ok(v) ? 'met' : 'NOT met') : '';
  return [k, v === null ? '-' : v.toLocaleString('en-US'), t?.text ?? '', verdict];
});
const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 6));
const m = out.machine;
process.stdout.write(`Modem Doctor bench, ${out.date} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}, Node ${m.node}, load ${m.loadAverage.join(' ')}; speed check ${String(details.cpuCheckMs)} ms)\n`);
for (const r of rows) process.stdout.write(`${r[0]!.padEnd(width[0]!)}  ${r[1]!.padStart(width[1]!)}  ${r[2]!.padEnd(width[2]!)}  ${r[3]}\n`);
process.stdout.write(`written to ${path.relative(process.cwd(), file)}\n`);
if (leftOver.length) {
  process.stderr.write(`bench: processes left running: ${leftOver.join(', ')}\n`);
  process.exitCode = 1;
}
