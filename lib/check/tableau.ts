/**
 * Richardson tableaux on a ladder of steps h·2^k, each estimate with an error bar.
 * A probe's loss values φ(x₀ ± h_k) and φ(x₀) give four difference quotients per
 * step: central, forward, backward, and the odd part (φ₊ − 2φ₀ + φ₋)/2h, whose
 * limit is half a kink's slope jump (0 for a smooth loss). Each is extrapolated
 * by Richardson's rule, one order of h at a time, in the manner of numdifftools;
 * an estimate's error bar is its difference with the next longer window of the
 * same order plus twice its propagated noise, and a ratio test says whether its
 * differences behave like noise or like truncation (the evidence that the steps
 * are short enough). Introduced in notebook 09-choosing-e.
 */

import { UNIT_ROUNDOFF } from "./noise";

/** The four difference quotients of a ladder. */
export type Quotient = "central" | "forward" | "backward" | "odd";

/** The loss at one step of the ladder: x₀ + h and x₀ − h as actually represented, and φ there. */
export interface Rung {
  /** The nominal step h₀·2^k. */
  h: number;
  /** (x₀ + h) − x₀ and x₀ − (x₀ − h), as floating-point numbers give them. */
  up: number;
  down: number;
  plus: number;
  minus: number;
}

/** One estimate of a tableau: window (order, start) covers the rungs start..start+order. */
export interface Estimate {
  quotient: Quotient;
  order: number;
  /** Index of the window's shortest rung in the ladder. */
  start: number;
  value: number;
  /** The propagated noise (one standard deviation). */
  noise: number;
  /** |value − next longer window's| + 2·noise; Infinity without a longer window. */
  error: number;
  /** The ratio test: the differences of this order look like noise or like truncation, over steady rungs (see `tableau`). */
  trusted: boolean;
}

/** The highest Richardson order used. */
export const MAX_ORDER = 3;

/** How the truncation error of each quotient goes with h: the powers that Richardson's rule removes, one per order. */
const POWERS: Record<Quotient, (order: number) => number> = {
  central: (j) => 2 * j, // h², h⁴, h⁶
  forward: (j) => j, // h, h², h³
  backward: (j) => j,
  odd: (j) => 2 * j - 1, // h, h³, h⁵
};

/**
 * The noise of one loss value of size |v|: at least the measured σ, scaled up
 * where the loss is larger than at w, and never below float64 rounding.
 * @example
 *   valueNoise(1e-12, 0, 2); // 1e-12
 */
export function valueNoise(sigma: number, relative: number, magnitude: number): number {
  return Math.max(sigma, relative * magnitude, 4 * UNIT_ROUNDOFF * magnitude);
}

/**
 * The tableau of one quotient over contiguous rungs (shortest first): estimates[order][start].
 * `noiseOf(v)` is the noise of a loss value v; `phi0` is φ(x₀); `baseOnly` stops at the plain quotients;
 * `scale` is the size of the derivative's tensor, below which a change between rungs counts as small.
 * @example
 *   const rungs = [1e-3, 2e-3, 4e-3, 8e-3].map((h) => ({ h, up: h, down: h, plus: Math.exp(h), minus: Math.exp(-h) }));
 *   tableau("central", rungs, 1, () => 1e-16)[2][0].value; // ≈ 1, to about 1e-15
 */
export function tableau(
  quotient: Quotient,
  rungs: Rung[],
  phi0: number,
  noiseOf: (v: number) => number,
  options: { baseOnly?: boolean; scale?: number } = {},
): Estimate[][] {
  const { baseOnly = false, scale = 0 } = options;
  const n0 = noiseOf(phi0);
  const base: Estimate[] = rungs.map((r, start) => {
    const [np, nm] = [noiseOf(r.plus), noiseOf(r.minus)];
    let value: number;
    let noise: number;
    if (quotient === "central") {
      value = (r.plus - r.minus) / (r.up + r.down);
      noise = Math.hypot(np, nm) / (r.up + r.down);
    } else if (quotient === "forward") {
      value = (r.plus - phi0) / r.up;
      noise = Math.hypot(np, n0) / r.up;
    } else if (quotient === "backward") {
      value = (phi0 - r.minus) / r.down;
      noise = Math.hypot(nm, n0) / r.down;
    } else {
      // The second difference over the unequal steps, as a slope jump: 0 for a straight line.
      value = ((r.plus - phi0) / r.up - (phi0 - r.minus) / r.down) / 2;
      noise = Math.hypot(np / r.up, nm / r.down, n0 * (1 / r.up + 1 / r.down)) / 2;
    }
    return { quotient, order: 0, start, value, noise, error: Infinity, trusted: false };
  });
  const rows: Estimate[][] = [base];
  if (baseOnly) return rows;
  for (let j = 1; j <= MAX_ORDER && j < rungs.length; j++) {
    const c = 2 ** POWERS[quotient](j);
    const previous = rows[j - 1];
    const row: Estimate[] = [];
    for (let k = 0; k + 1 < previous.length; k++) {
      row.push({
        quotient,
        order: j,
        start: k,
        value: (c * previous[k].value - previous[k + 1].value) / (c - 1),
        noise: Math.hypot(c * previous[k].noise, previous[k + 1].noise) / (c - 1),
        error: Infinity,
        trusted: false,
      });
    }
    rows.push(row);
  }
  // Steady rungs: the plain quotient changes by at most half its size (or half its
  // tensor's scale, for an entry far smaller than its tensor) from one rung to the next (noise aside). Where it changes more, the steps are longer than the scale on
  // which the loss is smooth, and no extrapolation of them is evidence. The odd part,
  // a multiple of h for a smooth loss, doubles from rung to rung: it is judged by the central rungs.
  const steadyPair = (a: Estimate, b: Estimate) =>
    Math.abs(a.value - b.value) <= 0.5 * Math.max(Math.abs(a.value), Math.abs(b.value), scale) + 3 * Math.hypot(a.noise, b.noise);
  const central = quotient === "central" ? base : tableau("central", rungs, phi0, noiseOf, { baseOnly: true, scale })[0];
  const steady = base.map((e, k) => {
    if (k + 1 >= base.length) return true;
    // Every quotient needs steady central rungs; the one-sided ones need their own to be steady too.
    const own = quotient === "odd" || steadyPair(e, base[k + 1]);
    return own && steadyPair(central[k], central[k + 1]);
  });
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j];
    // The next order's power: how fast this order's differences must grow with h.
    const growth = 2 ** POWERS[quotient](j + 1);
    for (let k = 0; k < row.length; k++) {
      const e = row[k];
      if (k + 1 < row.length) e.error = Math.abs(e.value - row[k + 1].value) + 2 * e.noise;
      // The window, its error's window and the ratio test's span the rungs k..k+j+2.
      if (k + 2 < row.length) e.trusted = converging(row[k], row[k + 1], row[k + 2], growth) && steady.slice(k, k + j + 2).every(Boolean);
    }
  }
  return rows;
}

/**
 * The ratio test on three windows of one order, shortest first: their differences
 * are at noise level, or the shorter difference is noise and the longer is not,
 * or both are above the noise and they grow with h at least half as fast as
 * truncation of the next order predicts (`growth`, 4 for a central difference), but
 * not more than 4·growth times as fast. A real shorter difference beside a longer one
 * lost in noise is no evidence, and neither is a longer one that jumps far beyond it. Differences that shrink as h
 * grows come from a kink crossed by the longer steps, or from steps past the
 * scale on which the loss is smooth.
 * @example
 *   converging({ value: 1, noise: 0 }, { value: 1.01, noise: 0 }, { value: 1.05, noise: 0 }, 4); // true (0.01, then 0.04)
 */
export function converging(a: Pick<Estimate, "value" | "noise">, b: Pick<Estimate, "value" | "noise">, c: Pick<Estimate, "value" | "noise">, growth: number): boolean {
  const d1 = Math.abs(a.value - b.value);
  const d2 = Math.abs(b.value - c.value);
  const n1 = 3 * Math.hypot(a.noise, b.noise);
  const n2 = 3 * Math.hypot(b.noise, c.noise);
  // A longer difference far beyond what truncation makes of the shorter one is a change
  // of regime (a kink crossed, the end of the smooth scale): no evidence either way.
  if (d2 > 4 * growth * Math.max(d1, n1) + n2) return false;
  // Both at noise level, or the shorter at noise level and the longer not: converged.
  if (d1 <= n1) return true;
  // The shorter difference is real: the longer must be real too, and larger by the truncation's power.
  return d2 > n2 && d2 >= (growth / 2) * d1;
}
