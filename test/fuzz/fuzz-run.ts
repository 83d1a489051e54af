// What every fuzz test shares: the seed (printed, so a failure replays), the number of cases
// (bounded in `npm test`, a million in `npm run fuzz`), the per-input hang check and the
// memory check.
//
//   FUZZ_SEED=<seed>   replay a run (the seed is printed at the start of each file)
//   FUZZ_RUNS=<n>      cases per property (default DEFAULT_RUNS; `npm run fuzz` sets 1000000)
//
// The hang check measures the CPU time of this thread (process.threadCpuUsage), not the wall
// clock: on a loaded machine other processes take the wall clock, but only our own work takes our
// CPU time, so a slow input is ours and not the neighbours'. An input that needs more than
// HANG_LIMIT_MS of it is a failure: the property itself, not a timing of the test. A collection
// of the whole heap or a first compilation can land inside any one input; an input is therefore
// run a second time, on a freshly collected heap, when the first went over, and fails only when
// the second goes over too (a slow input is slow every time).

import v8 from 'node:v8';
import vm from 'node:vm';

export const DEFAULT_RUNS = 300;
export const HANG_LIMIT_MS = 100;

export const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
export const RUNS = process.env.FUZZ_RUNS !== undefined ? Math.max(1, Number(process.env.FUZZ_RUNS)) : DEFAULT_RUNS;

/** Prints the seed and how to replay it; call once per file. */
export function announce(what: string, file: string): void {
  console.log(`${what} fuzz: seed ${SEED}, ${RUNS} cases per property (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} node --test ${file})`);
}

/** fast-check parameters: the shared seed, `scale` × RUNS cases (at least 1). */
export function params(scale = 1): { seed: number; numRuns: number } {
  return { seed: SEED, numRuns: Math.max(1, Math.round(RUNS * scale)) };
}

function cpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs one input's work; throws (failing the property) when it took more than HANG_LIMIT_MS of CPU. */
export function withinHangLimit<T>(what: string, work: () => T): T {
  let start = cpuMs();
  let out = work();
  if (cpuMs() - start <= HANG_LIMIT_MS) return out;
  // The second run starts on a collected heap, so that a collection the first run's garbage
  // owed (a 1 MB line leaves megabytes) is not paid inside it again.
  collect();
  start = cpuMs();
  out = work();
  const spent = cpuMs() - start;
  if (spent > HANG_LIMIT_MS) throw new Error(`${what}: one input took ${spent.toFixed(0)} ms of CPU twice running (limit ${HANG_LIMIT_MS} ms): a hang`);
  return out;
}

// A full collection before a heap reading, without asking for --expose-gc on the command line.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Heap in use after a full collection (bytes). */
export function settledHeap(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** Memory grows by at most this much over a whole property run: nothing is kept per input. */
export const HEAP_GROWTH_LIMIT = 32 * 1024 * 1024;
