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
 *
 * Each direction gets the same error bar and statuses as gradCheck's entries: the
 * step is h = eps·max(1, rms|w|) along the unit direction, and a direction that the
 * first step cannot decide is refined along its line (lib/check/refine.ts).
 */
import { GradCheckError } from "./errors";
import { Vector, copyVector, dot, norm } from "./vector";
import { DEFAULT_EPS, Loss, checkEps, checkParameters } from "./numerical";
import { compareValues, firstVerdict, lossValue, readGradient, readTolerances } from "./gradcheck";
import { NoiseEstimate, UNIT_ROUNDOFF, estimateNoise } from "./noise";
import { BudgetExhausted, refineEntry } from "./refine";
import { gaussian, seededRandom } from "./random";
import { capitalized, formatNumber } from "./format";
import { Judged, Reason, Status, overallStatus } from "./verdict";

export interface DirectionalCheckOptions {
  f: Loss;
  /** The analytic gradient: a function of w (called once) or a precomputed vector. */
  gradient: ((w: Float64Array) => Vector) | Vector;
  w: Vector;
  /** How many random directions k. Default 10. */
  directions?: number;
  /** Seed of the directions. Default 0. */
  seed?: number;
  /** The relative first step: h = eps·max(1, rms|w|) along a unit direction. Default 1e-4. */
  eps?: number;
  /** Relative tolerance. Default 1e-6. */
  rtol?: number;
  /** The same as rtol. */
  tolerance?: number;
  /** Absolute tolerance. Default 0. */
  atol?: number;
  /** Default true: refine the directions the first step cannot decide (see gradCheck). */
  refine?: boolean;
  /** The most loss evaluations refinement may add. Default 6·k + 200. */
  budget?: number;
}

/** One direction's comparison: ∇f·u against the secant along u (see `Judged`). */
export interface DirectionalEntry extends Judged {
  index: number;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** The result of `directionalCheck`. */
export class DirectionalReport {
  /** failed if any direction failed; otherwise inconclusive if any is; otherwise passed. */
  readonly status: Status;
  readonly passed: boolean;

  constructor(
    readonly entries: DirectionalEntry[],
    readonly parameters: number,
    readonly evaluations: number,
    readonly eps: number,
    readonly tolerance: number,
    readonly noise?: NoiseEstimate,
  ) {
    this.status = overallStatus(entries.map((e) => e.status));
    this.passed = this.status === "passed";
  }

  /** The same as tolerance. */
  get rtol(): number {
    return this.tolerance;
  }

  get maxRelError(): number {
    return this.entries.reduce((m, e) => (e.reason?.code === "stationary" ? m : Math.max(m, e.relError)), 0);
  }

  /** One line, starting "Directional check PASSED", "FAILED" or "INCONCLUSIVE". */
  get verdict(): string {
    const k = this.entries.length;
    const bad = this.entries.filter((e) => e.status === "failed").length;
    const open = this.entries.filter((e) => e.status === "inconclusive");
    const cost = `${this.evaluations} loss evaluations for ${this.parameters} parameters.`;
    if (this.status === "failed") {
      return `Directional check FAILED: ${bad} of ${k} random directions disagree (max relative error ${formatNumber(this.maxRelError, 2)}), ${cost}`;
    }
    if (this.status === "inconclusive") {
      const codes = [...new Set(open.map((e) => e.reason!.code))].join(", ");
      return `Directional check INCONCLUSIVE: ${open.length} of ${k} random directions cannot be decided (${codes}). ${capitalized(open[0].reason!.message)}. ${cost}`;
    }
    return `Directional check PASSED: all ${k} random directions agree (max relative error ${formatNumber(this.maxRelError, 2)}), ${cost}`;
  }

  toString(): string {
    const mark = (e: DirectionalEntry) => (e.status === "failed" ? "✗ FAIL" : e.status === "inconclusive" ? `? ${e.reason?.code}` : "✓");
    const lines = this.entries.map(
      (e) =>
        `u${e.index}  analytic ${formatNumber(e.analytic, 10).padStart(16)}  numeric ${formatNumber(e.numeric, 10).padStart(16)}` +
        `  ± ${formatNumber(e.errorEstimate, 2).padStart(8)}  rel error ${formatNumber(e.relError, 3).padStart(9)}  ${mark(e)}`,
    );
    return [...lines, "", this.verdict].join("\n");
  }

  /** What JSON.stringify keeps. */
  toJSON(): object {
    return { status: this.status, passed: this.passed, verdict: this.verdict, entries: this.entries, parameters: this.parameters, evaluations: this.evaluations, eps: this.eps, rtol: this.tolerance, noise: this.noise };
  }

  [INSPECT](): string {
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
 * evaluations when every direction passes at its first step, whatever the number
 * of parameters; undecided directions are refined as in gradCheck. w is not changed.
 * @example
 *   const r = directionalCheck({ f, gradient: (t) => networkGradient(spec, t, X, y), w: theta, directions: 10, seed: 1 });
 *   r.status; r.evaluations; // "passed", 20
 */
export function directionalCheck(options: DirectionalCheckOptions): DirectionalReport {
  const k = options.directions ?? 10;
  const eps = options.eps ?? DEFAULT_EPS;
  const { rtol, atol } = readTolerances(options);
  checkEps(eps);
  checkParameters(options.w);
  if (!Number.isInteger(k) || k < 1) throw new GradCheckError(`directions must be a positive integer, got ${k}`);
  const refine = options.refine ?? true;
  const budget = options.budget ?? 6 * k + 200;
  const w = copyVector(options.w);
  const n = w.length;
  const g = readGradient(options.gradient, w);
  const rand = seededRandom(options.seed ?? 0);
  let evaluations = 0;
  const call = (x: Float64Array, where: () => string): number => {
    evaluations++;
    return lossValue(options.f(x), where);
  };
  // Along u, at distance t from w: a fresh array per call.
  const along = (u: Float64Array, t: number, where: () => string): number => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = w[i] + t * u[i];
    return call(x, where);
  };
  let rms = 0;
  for (let i = 0; i < n; i++) rms += w[i] * w[i];
  const scale = Math.max(1, Math.sqrt(rms / n));
  const h = eps * scale;
  const directions: Float64Array[] = [];
  const first: { plus: number; minus: number; numeric: number; error: number }[] = [];
  for (let d = 0; d < k; d++) {
    const u = randomDirection(n, rand);
    directions.push(u);
    const plus = along(u, h, () => `at w + eps·u${d}`);
    const minus = along(u, -h, () => `at w - eps·u${d}`);
    first.push({ plus, minus, numeric: (plus - minus) / (2 * h), error: (4 * UNIT_ROUNDOFF * (Math.abs(plus) + Math.abs(minus))) / (2 * h) });
  }
  const firstEvaluations = evaluations;
  let noise: NoiseEstimate | undefined;
  const entries: DirectionalEntry[] = directions.map((u, d) => {
    const analytic = dot(g, u);
    const f0 = first[d];
    let status: Status;
    let numeric = f0.numeric;
    let errorEstimate = f0.error;
    let step = h;
    let reason: Reason | undefined;
    const v = firstVerdict(analytic, numeric, f0.error, rtol, atol, refine);
    if (v !== "undecided") ({ status, reason } = v);
    else {
      noise ??= estimateNoise((x) => call(x, () => "at a point near w (noise estimate)"), w);
      const r = refineEntry({
        phi: (t) => {
          if (evaluations - firstEvaluations >= budget) throw new BudgetExhausted();
          return along(u, t, () => `at w + ${t}·u${d} (refinement)`);
        },
        x0: 0,
        phi0: noise.value,
        analytic,
        h0: h,
        hmax: scale,
        sigma: noise.sigma,
        deterministic: noise.deterministic,
        rtol,
        atol,
        first: { plus: f0.plus, minus: f0.minus },
      });
      ({ status, numeric, step, errorEstimate, reason } = r);
    }
    const { absError, relError } = compareValues(analytic, numeric, rtol, atol);
    return { index: d, analytic, numeric, absError, relError, status, ok: status === "passed", reason, step, errorEstimate, numericAtFirstStep: f0.numeric };
  });
  return new DirectionalReport(entries, n, evaluations, eps, rtol, noise);
}
