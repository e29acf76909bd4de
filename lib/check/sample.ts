/**
 * Checking a few parameters of a large model: `gradCheck({ ..., sample: k, seed })`
 * checks k entries drawn at random (seeded) instead of all n. It costs 2·k loss
 * evaluations instead of 2·n, and it can miss a bug that touches only entries it
 * did not draw. Introduced in notebook 11-pitfalls.
 */
import { GradCheckError } from "./errors";
import { seededRandom } from "./random";

/**
 * k distinct indices out of 0..n−1, drawn uniformly with a seed (a partial
 * Fisher–Yates shuffle), in increasing order. The same seed gives the same indices.
 * @example
 *   sampleIndices(57, 5, 1); // five indices in 0..56, the same on every run
 */
export function sampleIndices(n: number, k: number, seed: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new GradCheckError(`sample: n must be a whole number >= 1, got ${n}`);
  if (!Number.isInteger(k) || k < 1) throw new GradCheckError(`sample must be a whole number >= 1, got ${k}`);
  if (!Number.isInteger(seed)) throw new GradCheckError(`seed must be a whole number, got ${seed}`);
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const rand = seededRandom(seed);
  const pool = new Map<number, number>(); // a sparse shuffle: only the swapped positions are stored
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const vi = pool.get(i) ?? i;
    const vj = pool.get(j) ?? j;
    pool.set(j, vi);
    out.push(vj);
  }
  return out.sort((a, b) => a - b);
}

/**
 * The probability that k entries drawn at random out of n miss every one of `bad`
 * wrong entries: C(n − bad, k) / C(n, k) = Π_{i<k} (n − bad − i) / (n − i).
 * A bug in one bias of 57 parameters escapes a sample of 10 with probability 47/57.
 * @example
 *   sampleMissProbability(57, 1, 10); // 0.8245..., i.e. 47/57
 */
export function sampleMissProbability(n: number, bad: number, k: number): number {
  if (!(Number.isInteger(n) && Number.isInteger(bad) && Number.isInteger(k)) || n < 1 || bad < 0 || bad > n || k < 0) {
    throw new GradCheckError(`sampleMissProbability: need whole numbers 0 <= bad <= n and k >= 0, got n = ${n}, bad = ${bad}, k = ${k}`);
  }
  let p = 1;
  for (let i = 0; i < Math.min(k, n); i++) p *= Math.max(0, n - bad - i) / (n - i);
  return p;
}
