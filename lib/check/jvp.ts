/**
 * jvpCheck: a forward-mode derivative J·dx checked output by output. Each output
 * y[i] is a probe φ_i(t) = f(x + t·dx)_i with analytic value (J·dx)_i, decided by
 * the first step (firstVerdict) or judged by the verdict engine; the evaluations of
 * f along dx are shared by all outputs. hvpCheck is jvpCheck of the gradient.
 * Introduced with issue 19 (lib/README, "Checking one layer").
 */
import { GradCheckError } from "./errors";
import { ANALYTIC_ROUNDING, firstStepError, firstVerdict, ngDifference } from "./gradcheck";
import { GradCheckReport } from "./gradreport";
import { GradCheckEntry } from "./entry";
import { ProbeVerdict, judgeProbesSteps } from "./engine";
import { estimateNoiseSteps } from "./noise";
import { compareValues } from "./compare";
import { DEFAULT_EPS, checkEps } from "./numerical";
import { readTolerances, tensorScales } from "./options";
import { gaussian, seededRandom } from "./random";
import { flatten, flattenLike } from "./structured";
import { entryTolerance } from "./verdict";
import { Steps, asSteps, runSync } from "./steps";
import { Pace, Progress, SYNC_PACE } from "./guard";

/** jvpCheck's options. */
export interface JvpCheckOptions<X> {
  /** The function: an array, typed array or structured output. */
  f: (x: X) => unknown;
  /** The forward-mode derivative: J·dx, structured like f's output (or flat). */
  jvp: (x: X, dx: X) => unknown;
  x: X;
  /** The direction, structured like x. Default: seeded Gaussian. */
  dx?: X;
  seed?: number;
  eps?: number;
  rtol?: number;
  atol?: number;
  /** The most evaluations of f that refinement may add per output. Default 1000. */
  budget?: number;
  /** Called every quarter second or so while the check runs (outputs decided), and once at the end. */
  onProgress?: (progress: Progress) => void;
}

/**
 * Checks J·dx against the central difference of f along dx, one verdict per output.
 * @example
 *   const r = jvpCheck({ f: (v) => v.map(Math.tanh), jvp: (v, d) => v.map((a, i) => d[i] * (1 - Math.tanh(a) ** 2)), x: [0.3, -1] });
 *   r.status; r.entries[1].name; // "passed", "y[1]"
 */
export function jvpCheck<X>(options: JvpCheckOptions<X>): GradCheckReport {
  return runSync(jvpCheckSteps(options));
}

/** jvpCheck as steps: the calls of f and jvp are yielded (lib/check/steps.ts), for jvpCheckAsync. */
export function* jvpCheckSteps<X>(options: JvpCheckOptions<X>, pace: Pace = SYNC_PACE): Steps<GradCheckReport> {
  const started = Date.now();
  let reported = started;
  if (typeof options.f !== "function" || typeof options.jvp !== "function") throw new GradCheckError("jvpCheck needs f (x) => y and jvp (x, dx) => J·dx");
  const f = asSteps(options.f);
  const eps = options.eps ?? DEFAULT_EPS;
  checkEps(eps);
  const { rtol, atol } = readTolerances(options);
  const px = flatten(options.x);
  const n = px.values.length;
  const rand = seededRandom(options.seed ?? 1);
  const u = options.dx === undefined ? Float64Array.from(px.values, () => gaussian(rand)) : flattenLike(options.dx, px as never, "dx");
  const y0 = flatten((yield* f(options.x)) as never);
  // An output at the root (a vector, a number, a tensor) is named y: y[3], or y[2,1] for a tensor; a record's by its keys.
  const root = y0.groups.length === 1 && (y0.groups[0].name === "w" || y0.groups[0].name === "w0");
  const names = root ? y0.names.map((name, i) => (name.startsWith("w[") ? "y" + name.slice(1) : `y[${i}]`)) : y0.names;
  const m = y0.values.length;
  const analytic = flattenLike(yield* asSteps(options.jvp)(px.unflatten(px.values), px.unflatten(u)), y0 as never, "jvp's result");
  let evaluations = 0;
  const cache = new Map<string, Float64Array>();
  function* at(x: Float64Array): Steps<Float64Array> {
    const key = Array.from(x).join(",");
    let y = cache.get(key);
    if (!y) {
      y = flattenLike(yield* f(px.unflatten(x)), y0 as never, "f's output");
      evaluations++;
      cache.set(key, y);
    }
    return y;
  }
  const along = (t: number) => at(Float64Array.from(px.values, (v, j) => v + t * u[j]));
  let rms = 0;
  for (let j = 0; j < n; j++) rms += px.values[j] ** 2;
  const scale = Math.max(1, Math.sqrt(rms / n));
  const h = eps * scale;
  const plus = yield* along(h);
  const minus = yield* along(-h);
  const firstEvaluations = evaluations;
  const scales = tensorScales(analytic, y0.groups);
  const entries: GradCheckEntry[] = [];
  for (let i = 0; i < m; i++) {
    const numeric0 = (plus[i] - minus[i]) / (2 * h);
    const err0 = firstStepError(plus[i], minus[i], 2 * h);
    const a = analytic[i];
    let v = firstVerdict(a, numeric0, err0, rtol, atol, true);
    let refined: ProbeVerdict | undefined;
    if (v === "undecided") {
      const noise = yield* estimateNoiseSteps(function* (x) { return (yield* at(x))[i]; }, px.values, { seed: 17, value: y0.values[i] });
      const start = evaluations;
      const budget = options.budget ?? 1000;
      const alongI = function* (t: number) { return (yield* along(t))[i]; };
      [refined] = yield* judgeProbesSteps(
        [{ analytic: a, x0: 0, h0: h, hmax: scale, phi: (t) => runSync(alongI(t)), first: { plus: plus[i], minus: minus[i] }, scale: scales[i], floor: ANALYTIC_ROUNDING * scales[i] }],
        { phi0: noise.value, sigma: noise.sigma, deterministic: noise.deterministic, float32: false, rtol, atol },
        { remaining: () => budget - (evaluations - start) },
        (_j, t) => alongI(t),
      );
      v = refined.status;
    }
    const numeric = refined && Number.isFinite(refined.numeric) ? refined.numeric : numeric0;
    const { absError, relError } = compareValues(a, numeric, 0, 0);
    entries.push({
      index: i, name: names[i], analytic: a, numeric, absError, relError, status: v, ok: v === "passed", reason: refined?.reason,
      step: refined ? refined.step : h, errorEstimate: refined ? refined.errorEstimate : err0, quotient: refined ? refined.quotient : "central",
      order: refined ? refined.order : 0, shortened: refined?.shortened, numericAtFirstStep: numeric0, tolerance: entryTolerance(a, Number.isFinite(numeric) ? numeric : a, rtol, atol),
    });
    const now = Date.now();
    if (options.onProgress && (i === m - 1 || now - reported >= pace.ms)) {
      reported = now;
      options.onProgress({ done: i + 1, total: m, evaluations, elapsedMs: now - started });
    }
  }
  return new GradCheckReport({
    entries, difference: ngDifference(entries), eps, rtol, atol, scheme: "central", refine: true,
    evaluations, extraEvaluations: evaluations - firstEvaluations,
    groups: names === y0.names && y0.groups.length > 1 ? y0.groups : undefined,
  });
}
