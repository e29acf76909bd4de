/**
 * Seeded random numbers, so that every notebook gives the same numbers on every run.
 * First used in notebook 02-bias-trick (INIT) and by `syntheticLinear` (notebook 01-data).
 */

/** A source of uniform numbers in [0, 1), as returned by `seededRandom`. */
export type Random = () => number;

/**
 * A deterministic uniform generator (mulberry32) from a 32-bit integer seed.
 * @example
 *   const rand = seededRandom(42);
 *   rand(); // 0.6011037519201636, the same on every run
 */
export function seededRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal sample (mean 0, standard deviation 1) by the Box–Muller transform.
 * @example
 *   const rand = seededRandom(1);
 *   gaussian(rand); // the same number on every run
 */
export function gaussian(rand: Random): number {
  let u = 0;
  while (u === 0) u = rand(); // avoid log(0)
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * `n` seeded normal samples with standard deviation `scale`: the way the workbook
 * draws INIT, its initial parameters.
 * @example
 *   const INIT = randomNormal(6, { seed: 7, scale: 0.1 }); // Float64Array(6)
 */
export function randomNormal(n: number, options: { seed: number; scale?: number }): Float64Array {
  const rand = seededRandom(options.seed);
  const scale = options.scale ?? 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * gaussian(rand);
  return out;
}
