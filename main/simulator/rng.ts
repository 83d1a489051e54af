// A small seeded PRNG (mulberry32): the simulator must be deterministic so that a test or a
// benchmark run with the same seed sees the same signal drift and the same noise bytes.

export type Rng = () => number;

/** Returns a function giving floats in [0, 1), the same sequence for the same seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
