/**
 * The fast directional check: instead of perturbing every parameter (2·P loss
 * evaluations), compare the directional derivative ∇f·u with the secant
 * [f(w + e·u) − f(w − e·u)] / (2e) along k seeded random unit directions u:
 * 2·k evaluations whatever the size of the model. The idea behind PyTorch's
 * gradcheck fast mode and JAX's check_grads. Introduced in notebook 06-network.
 *
 * What it can miss. It says whether the gradient is wrong, not where; run the
 * full gradCheck to localize. A wrong gradient a = g + δ slips through a
 * direction u only if δ·u is tiny next to g·u. For a uniformly random direction
 * and δ orthogonal to g, the ratio (δ·u)/(g·u) is exactly a Cauchy variable of
 * scale r = ‖δ‖/‖g‖ (in any dimension ≥ 2), so one direction misses with
 * probability (2/π)·atan(tol/r) and k independent directions with
 * ((2/π)·atan(tol/r))^k (`directionalMissProbability`). A part of δ along g
 * (a wrong factor) shifts the ratio away from 0, so for a general δ this is an
 * upper bound on the chance of a miss. A bug 100× the tolerance (r = 1e-4 at tol 1e-6)
 * escapes one direction with probability 0.6% and ten with about 1e-22.
 */
import { GradCheckError } from "./errors";
import { Vector, copyVector, dot, norm } from "./matrix";
import { DEFAULT_EPS, Loss, checkEps, checkParameters } from "./numerical";
import { DEFAULT_ATOL, DEFAULT_TOLERANCE, compareValues, readGradient } from "./check";
import { gaussian, seededRandom } from "./random";
import { inspect } from "util";
import { formatNumber } from "./format";

export interface DirectionalCheckOptions {
  f: Loss;
  /** The analytic gradient: a function of w (called once) or a precomputed vector. */
  gradient: ((w: Float64Array) => Vector) | Vector;
  w: Vector;
  /** How many random directions k. Default 10. */
  directions?: number;
  /** Seed of the directions. Default 0. */
  seed?: number;
  eps?: number;
  tolerance?: number;
  atol?: number;
}

/** One direction's comparison. */
export interface DirectionalEntry {
  index: number;
  /** ∇f·u from the analytic gradient. */
  analytic: number;
  /** [f(w + e·u) − f(w − e·u)] / (2e). */
  numeric: number;
  absError: number;
  relError: number;
  ok: boolean;
}

/** The result of `directionalCheck`. */
export class DirectionalReport {
  constructor(
    readonly entries: DirectionalEntry[],
    readonly parameters: number,
    readonly evaluations: number,
    readonly eps: number,
    readonly tolerance: number,
  ) {}

  get passed(): boolean {
    return this.entries.every((e) => e.ok);
  }

  get maxRelError(): number {
    return Math.max(...this.entries.map((e) => e.relError));
  }

  /** One line, starting "Directional check PASSED" or "Directional check FAILED". */
  get verdict(): string {
    const bad = this.entries.filter((e) => !e.ok).length;
    return (
      `Directional check ${this.passed ? "PASSED" : "FAILED"}: ` +
      `${this.passed ? "all" : `${bad} of`} ${this.entries.length} random directions ` +
      `${this.passed ? "agree" : "disagree"} (max relative error ${formatNumber(this.maxRelError, 2)}), ` +
      `${this.evaluations} loss evaluations for ${this.parameters} parameters.`
    );
  }

  toString(): string {
    const lines = this.entries.map(
      (e) =>
        `u${e.index}  analytic ${formatNumber(e.analytic, 10).padStart(16)}  numeric ${formatNumber(e.numeric, 10).padStart(16)}` +
        `  rel error ${formatNumber(e.relError, 3).padStart(9)}  ${e.ok ? "✓" : "✗ FAIL"}`,
    );
    return [...lines, "", this.verdict].join("\n");
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A seeded random unit vector in n dimensions (uniform on the sphere).
 * @example
 *   norm(randomDirection(10, seededRandom(1))); // 1
 */
export function randomDirection(n: number, rand: () => number): Float64Array {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = gaussian(rand);
  const length = norm(u);
  for (let i = 0; i < n; i++) u[i] /= length;
  return u;
}

/**
 * The chance that k random directions all miss a gradient error of relative size
 * r = ‖δ‖/‖g‖ at relative tolerance tol: ((2/π)·atan(tol/r))^k (see the file's comment).
 * @example
 *   directionalMissProbability(1e-4, 1e-6, 1); // ≈ 0.0064
 */
export function directionalMissProbability(r: number, tolerance: number, k: number): number {
  return ((2 / Math.PI) * Math.atan(tolerance / r)) ** k;
}

/**
 * Compares ∇f·u with the secant along k random unit directions: 2·k loss
 * evaluations, whatever the number of parameters. w is not changed.
 * @example
 *   const r = directionalCheck({ f, gradient: (t) => networkGradient(spec, t, X, y), w: theta, directions: 10, seed: 1 });
 *   r.passed; r.evaluations; // true, 20
 */
export function directionalCheck(options: DirectionalCheckOptions): DirectionalReport {
  const k = options.directions ?? 10;
  const eps = options.eps ?? DEFAULT_EPS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const atol = options.atol ?? DEFAULT_ATOL;
  checkEps(eps);
  checkParameters(options.w);
  if (!Number.isInteger(k) || k < 1) throw new GradCheckError(`directions must be a positive integer, got ${k}`);
  const w = copyVector(options.w);
  const n = w.length;
  const g = readGradient(options.gradient, w);
  const rand = seededRandom(options.seed ?? 0);
  const shifted = new Float64Array(n);
  let evaluations = 0;
  const evaluate = (sign: number, u: Float64Array, index: number): number => {
    for (let i = 0; i < n; i++) shifted[i] = w[i] + sign * eps * u[i];
    evaluations++;
    const value = options.f(shifted);
    if (!Number.isFinite(value)) {
      throw new GradCheckError(`the loss returned ${value} at w ${sign > 0 ? "+" : "-"} eps·u${index}; it must return a finite number`);
    }
    return value;
  };
  const entries: DirectionalEntry[] = [];
  for (let d = 0; d < k; d++) {
    const u = randomDirection(n, rand);
    const analytic = dot(g, u);
    const numeric = (evaluate(1, u, d) - evaluate(-1, u, d)) / (2 * eps);
    entries.push({ index: d, analytic, numeric, ...compareValues(analytic, numeric, tolerance, atol) });
  }
  return new DirectionalReport(entries, n, evaluations, eps, tolerance);
}
