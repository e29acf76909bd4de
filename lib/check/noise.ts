/**
 * How noisy is the loss? The rounding of a float64 sum, a large constant, float32
 * arithmetic or real noise all put an error of some size σ on every value of the
 * loss, and a secant of step h then carries an error of about 2σ/(2h). This file
 * measures σ from the loss values themselves, in the spirit of Moré and Wild's
 * ECnoise ("Estimating computational noise", SIAM J. Sci. Comput. 33, 2011): along
 * a short line, the high-order differences of a smooth function vanish, and what
 * is left is the noise. It also tells whether the loss is deterministic.
 * Introduced in notebook 09-choosing-e.
 */
import type { Loss } from "./numerical";
import { gaussian, seededRandom } from "./random";
import { Steps, asSteps, runSync } from "./steps";

/** The unit roundoff of float64, 2⁻⁵³ ≈ 1.1e-16. */
export const UNIT_ROUNDOFF = 2 ** -53;

/** What `estimateNoise` found. */
export interface NoiseEstimate {
  /** The noise's standard deviation in the loss's own units; at least u·|f(w)|. */
  sigma: number;
  /** The loss at w (the first of two calls). */
  value: number;
  /** Two calls of the loss at the same w returned the same value. */
  deterministic: boolean;
  /** How σ was found: from a difference table, or the float64 round-off floor u·|f(w)|. */
  method: "difference table" | "round-off floor" | "repeated calls";
  /** The relative spacing of the points the difference table used. */
  spacing: number;
  /** How many times the loss was called. */
  evaluations: number;
}

/**
 * Points in the difference table: 17 (ECnoise uses 7 or 9), so that a kink on the
 * line, which spoils at most k + 1 of the k-th differences, cannot move their median.
 */
const POINTS = 17;
/** The median of a chi-square variable with one degree of freedom: a squared N(0, 1)'s median. */
const CHI2_MEDIAN = 0.454936423119572;
/** The highest difference order looked at. */
const MAX_ORDER = 6;

/**
 * The smallest positive gap between values that repeat: where a loss returns the
 * same value at several points, it moves in steps at least that large. 0 when no
 * value repeats.
 * @example
 *   smallestGap([1, 1, 1.5, 1.5, 3]); // 0.5
 */
export function smallestGap(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let repeats = false;
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i] - sorted[i - 1];
    if (d === 0) repeats = true;
    else gap = Math.min(gap, d);
  }
  return repeats && gap < Infinity ? gap : 0;
}

/** The loss at w + t·spacing·sign·direction for t = 1..17, or undefined if one value is not finite. */
function* line(call: (x: Float64Array) => Steps<number>, w: Float64Array, direction: Float64Array, spacing: number, sign: 1 | -1): Steps<number[] | undefined> {
  const values: number[] = [];
  for (let t = 1; t <= POINTS; t++) {
    const v = yield* call(Float64Array.from(w, (wj, j) => wj + sign * t * spacing * direction[j]));
    if (!Number.isFinite(v)) return undefined;
    values.push(v);
  }
  return values;
}

function factorial(k: number): number {
  let p = 1;
  for (let i = 2; i <= k; i++) p *= i;
  return p;
}

/**
 * σ_k = sqrt(γ_k · median((Δᵏf)²) / 0.455) with γ_k = (k!)²/(2k)!, for k = 1..6:
 * for independent noise of standard deviation σ, Δᵏf has variance σ²/γ_k, and the
 * median of its square is 0.455 times that. Also whether the k-th differences
 * change sign (noise does; a smooth trend does not). Moré and Wild use the mean
 * of the squares; the median keeps one kink on the line from inflating σ.
 * @example
 *   noiseLevels([0, 1e-3, -1e-3, 2e-3, 0, -2e-3, 1e-3, 0, -1e-3]).sigma[2]; // ≈ 1e-3
 */
export function noiseLevels(values: ArrayLike<number>): { sigma: number[]; signChange: boolean[] } {
  let diff = Array.from(values);
  const sigma: number[] = [NaN];
  const signChange: boolean[] = [false];
  for (let k = 1; k <= MAX_ORDER && diff.length > 1; k++) {
    diff = diff.slice(1).map((v, i) => v - diff[i]);
    const squares = diff.map((d) => d * d).sort((a, b) => a - b);
    const mid = squares.length >> 1;
    const median = squares.length % 2 ? squares[mid] : (squares[mid - 1] + squares[mid]) / 2;
    sigma.push(Math.sqrt(((factorial(k) ** 2 / factorial(2 * k)) * median) / CHI2_MEDIAN));
    signChange.push(diff.some((d) => d > 0) && diff.some((d) => d < 0));
  }
  return { sigma, signChange };
}

/**
 * Estimates the noise of the loss near w from 2 calls at w and 17 more along a
 * seeded line that starts beside w (34 or 51 more if the first spacing does not show the
 * noise). Each parameter moves by spacing·max(1, |w_j|)·g_j per point, with g_j
 * a seeded standard normal; the spacing starts at 1e-8 and grows ×100 while too many values repeat.
 * @example
 *   estimateNoise((w) => 1e8 + w[0] ** 2, Float64Array.of(0.3)).sigma; // ≈ 5e-9, the rounding of 1e8
 */
export function estimateNoise(f: Loss, w: Float64Array, options: { seed?: number; value?: number } = {}): NoiseEstimate {
  const loss = asSteps(f);
  return runSync(estimateNoiseSteps((x) => loss(x) as Steps<number>, w, options));
}

/** `estimateNoise` as steps: f(x) may ask for calls of user functions (lib/check/steps.ts). */
export function* estimateNoiseSteps(f: (x: Float64Array) => Steps<number>, w: Float64Array, options: { seed?: number; value?: number } = {}): Steps<NoiseEstimate> {
  let evaluations = 0;
  const call = (x: Float64Array): Steps<number> => {
    evaluations++;
    return f(x);
  };
  const value = options.value ?? (yield* call(Float64Array.from(w)));
  const again = yield* call(Float64Array.from(w));
  const deterministic = Object.is(value, again) || value === again;
  const repeated = Math.abs(value - again);
  const floor = UNIT_ROUNDOFF * Math.abs(value);
  const rand = seededRandom(options.seed ?? 17);
  // A Gaussian direction: no fixed pattern of signs can leave the line parallel to a level set of the noise.
  const direction = Float64Array.from(w, (wj) => gaussian(rand) * Math.max(1, Math.abs(wj)));
  // Start close: a smooth trend, and any kink near w, stay out of the table; move out only if values repeat.
  let spacing = 1e-8;
  let found: number | undefined;
  // The smallest step between distinct values where values repeat: a quantized loss (float32) moves in such steps.
  let quantum = 0;
  // Where no order of differences settles on one level, the smallest level seen bounds the noise from above.
  let smallestLevel = Infinity;
  // Every value a float32 number, not all of them small integers: a float32 loss.
  let float32Only = Math.fround(value) === value;
  let fractional = !Number.isInteger(value) || Math.abs(value) >= 2 ** 24;
  const tried = new Set<number>();
  while (found === undefined && !tried.has(spacing) && tried.size < 3) {
    tried.add(spacing);
    // The line starts one spacing away from w and leads away from it: a kink at w
    // itself (a ReLU at 0) stays out of the table.
    // Near the edge of the loss's domain the line may leave it: then the other way, then closer.
    const values = (yield* line(call, w, direction, spacing, 1)) ?? (yield* line(call, w, direction, spacing, -1));
    if (!values) {
      spacing /= 100;
      continue;
    }
    for (const v of values) {
      if (Math.fround(v) !== v) float32Only = false;
      if (!Number.isInteger(v) || Math.abs(v) >= 2 ** 24) fractional = true;
    }
    const distinct = new Set(values).size;
    quantum = Math.max(quantum, smallestGap(values));
    if (distinct <= values.length / 2) {
      // Too many equal values: the points are closer than the loss can resolve.
      spacing *= 100;
      continue;
    }
    const { sigma, signChange } = noiseLevels(values);
    smallestLevel = Math.min(smallestLevel, ...sigma.slice(2).filter((x) => x > 0));
    if (sigma[2] === 0) {
      // Most second differences are exactly 0, the rest are steps: a quantized loss, moving in steps this size.
      const second = values.slice(2).map((v, i) => v - 2 * values[i + 1] + values[i]).filter((d) => d !== 0);
      if (second.length > 0) quantum = Math.max(quantum, Math.min(...second.map(Math.abs)));
    }
    for (let k = 1; k + 2 < sigma.length; k++) {
      const three = [sigma[k], sigma[k + 1], sigma[k + 2]];
      const agree = Math.max(...three) <= 4 * Math.min(...three);
      if (agree && signChange[k]) {
        found = sigma[k];
        break;
      }
    }
    // No level agreed: the smooth part of the loss still shows; move the points closer.
    if (found === undefined) spacing /= 100;
  }
  if (found === undefined && smallestLevel < Infinity) found = smallestLevel;
  if (quantum > 0) found = Math.max(found ?? 0, quantum / 2);
  // Values that are all float32 numbers are float32-accurate at best: half a float32 spacing.
  if (float32Only && fractional) found = Math.max(found ?? 0, 2 ** (Math.floor(Math.log2(Math.abs(value))) - 24));
  if (!deterministic) {
    // A random loss: two calls at the same point differ by about √2·σ.
    const sigma = Math.max(found ?? 0, repeated / Math.SQRT2, floor);
    return { sigma, value, deterministic, method: "repeated calls", spacing, evaluations };
  }
  if (found === undefined || found <= floor) {
    return { sigma: floor, value, deterministic, method: "round-off floor", spacing, evaluations };
  }
  return { sigma: found, value, deterministic, method: "difference table", spacing, evaluations };
}
