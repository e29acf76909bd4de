/**
 * The fast directional check: instead of perturbing every parameter (2·P loss
 * evaluations), compare the directional derivative ∇f·u with the secant
 * [f(w + e·u) − f(w − e·u)] / (2e) along k seeded random unit directions u:
 * 2·k evaluations whatever the size of the model. The idea behind PyTorch's
 * gradcheck fast mode and JAX's check_grads. Introduced in notebook 06-network.
 *
 * What it can miss. It says whether the gradient is wrong, not where; run the
 * full gradCheck to localize. A wrong gradient a = g + δ slips through a
 * direction u only if δ·u is tiny next to g·u. Write δ = c·g + δ⊥, with δ⊥
 * orthogonal to g. For a uniformly random direction, (δ⊥·u)/(g·u) is exactly a
 * Cauchy variable of scale r⊥ = ‖δ⊥‖/‖g‖ (in any dimension ≥ 2), so a direction
 * misses with probability (2/π)·atan(tol/r⊥) when c = 0, and k independent
 * directions with ((2/π)·atan(tol/r⊥))^k (`directionalMissProbability`). A part
 * along g shifts that variable by c; for |c| > tol it helps the check, and for any
 * c the chance of a miss stays at most the formula's with r⊥. Note the condition:
 * the bound is in r⊥, the part of the error orthogonal to g. With r = ‖δ‖/‖g‖ in its
 * place it does not hold when most of δ lies along g with |c| below the tolerance
 * (δ = 0.9e-6·g + 1e-8·g⊥ at tol 1e-6 passes nearly every direction, while the formula
 * with r would say 0.53 per direction): such an error is a factor within the
 * tolerance. A bug with r⊥ 100× the tolerance (r⊥ = 1e-4 at tol 1e-6) escapes one
 * direction with probability 0.6% and ten with about 1e-22.
 *
 * Each direction gets the same error bar and statuses as gradCheck's entries: the
 * step is h = eps·max(1, rms|w|) along the unit direction, and a direction that the
 * first step cannot decide becomes a probe for the verdict engine (lib/check/engine.ts).
 */
import { GradCheckError } from "./errors";
import { Vector, copyVector, dot, norm } from "./vector";
import { DEFAULT_EPS, Loss, checkEps, checkParameters } from "./numerical";
import { compareValues } from "./compare";
import { NoiseEstimate, estimateNoise } from "./noise";
import { Probe, judgeProbes } from "./engine";
import { ANALYTIC_ROUNDING, firstStepError, firstVerdict } from "./gradcheck";
import { LossGuard } from "./guard";
import { readBudget, readGradient, readTolerances } from "./options";
import { gaussian, seededRandom } from "./random";
import { capitalized, formatNumber } from "./format";
import { Judged, Status, overallStatus } from "./verdict";

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
  /** The most loss evaluations refinement may add. Default 12·k + 1000. */
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
 * r = ‖δ⊥‖/‖g‖ orthogonal to g, at relative tolerance tol: ((2/π)·atan(tol/r))^k. With a
 * part of δ along g the chance is at most this (see the file's comment).
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
  const budget = readBudget(options.budget, 12 * k + 1000);
  const w = copyVector(options.w);
  const n = w.length;
  const g = readGradient(options.gradient, w);
  const rand = seededRandom(options.seed ?? 0);
  const guard = new LossGuard(options.f, w, []);
  // Along u, at distance t from w: a fresh array per call.
  const along = (u: Float64Array, t: number, where: () => string, domain: boolean): number => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = w[i] + t * u[i];
    return guard.atPoint(x, where, domain);
  };
  let rms = 0;
  for (let i = 0; i < n; i++) rms += w[i] * w[i];
  const scale = Math.max(1, Math.sqrt(rms / n));
  const h = eps * scale;
  const directions = Array.from({ length: k }, () => randomDirection(n, rand));
  const first = directions.map((u, d) => {
    const plus = along(u, h, () => `at w + eps·u${d}`, refine);
    const minus = along(u, -h, () => `at w - eps·u${d}`, refine);
    return { plus, minus, numeric: (plus - minus) / (2 * h), error: firstStepError(plus, minus, 2 * h) };
  });
  const firstEvaluations = guard.evaluations;
  const analytic = directions.map((u) => dot(g, u));
  const status: (Status | "undecided")[] = first.map((f0, d) => firstVerdict(analytic[d], f0.numeric, f0.error, rtol, atol, refine));
  const open = status.flatMap((v, d) => (v === "undecided" ? [d] : []));
  let noise: NoiseEstimate | undefined;
  const verdicts = new Map<number, ReturnType<typeof judgeProbes>[number]>();
  if (open.length > 0) {
    const value = guard.atPoint(Float64Array.from(w), () => "at w (unperturbed)", false);
    noise = estimateNoise((x) => guard.atPoint(x, () => "at a point near w (noise estimate)"), w, { value });
    const probes: Probe[] = open.map((d) => ({
      analytic: analytic[d],
      x0: 0,
      h0: h,
      hmax: scale,
      phi: (t: number) => along(directions[d], t, () => `at w + ${t}·u${d}`, true),
      first: { plus: first[d].plus, minus: first[d].minus },
      scale: norm(g) / Math.sqrt(n),
      floor: ANALYTIC_ROUNDING * (norm(g) / Math.sqrt(n)),
    }));
    const results = judgeProbes(
      probes,
      { phi0: noise.value, sigma: noise.sigma, deterministic: noise.deterministic, float32: guard.float32, rtol, atol },
      { remaining: () => budget - (guard.evaluations - firstEvaluations) },
    );
    open.forEach((d, j) => verdicts.set(d, results[j]));
  }
  const entries: DirectionalEntry[] = directions.map((_, d) => {
    const v = verdicts.get(d);
    const numeric = v && Number.isFinite(v.numeric) ? v.numeric : first[d].numeric;
    const s = v ? v.status : (status[d] as Status);
    const { absError, relError } = compareValues(analytic[d], numeric, rtol, atol);
    return {
      index: d,
      analytic: analytic[d],
      numeric,
      absError,
      relError,
      status: s,
      ok: s === "passed",
      reason: v?.reason,
      step: v ? v.step : h,
      errorEstimate: v ? v.errorEstimate : first[d].error,
      quotient: v ? v.quotient : "central",
      order: v ? v.order : 0,
      shortened: v?.shortened,
      numericAtFirstStep: first[d].numeric,
    };
  });
  return new DirectionalReport(entries, n, guard.evaluations, eps, rtol, noise);
}
