/**
 * Item 9 of the article: deviation. Compare the analytic gradient (the back-pass)
 * with the numerical one, parameter by parameter, and say which parameter is wrong.
 * The first step h = eps·max(1, |w_i|) decides most entries at 2·n evaluations; every
 * entry it cannot decide becomes a probe for the verdict engine (lib/check/engine.ts),
 * which extrapolates a ladder of steps and judges it with an error bar. Each entry's
 * verdict is passed, failed or inconclusive with a reason. Introduced in notebook 05b-verdict.
 */
import { GradCheckError } from "./errors";
import { Vector, copyVector, norm, subtract } from "./vector";
import { DEFAULT_EPS, Loss, Scheme, checkEps, checkParameters } from "./numerical";
import { NoiseEstimate, UNIT_ROUNDOFF, estimateNoiseSteps } from "./noise";
import { float32Warning } from "./precision";
import { sampleIndices } from "./sample";
import { compareValues } from "./compare";
import { GradCheckEntry } from "./entry";
import { GradCheckReport } from "./gradreport";
import { LossGuard, Pace, Progress, SYNC_PACE } from "./guard";
import { Probe, ProbeVerdict, judgeProbesSteps } from "./engine";
import { ParameterGroup, checkGroups, defaultNames, describe, groupsFromNames, readBudget, readGradient, readTolerances, tensorScales } from "./options";
import { flatOptions } from "./front";
import { Params, selectIndices } from "./structured";
import { belowSpacingMessage } from "./reasons";
import { Steps, asSteps, runSync } from "./steps";
import { Reason, Status, entryTolerance, intervalTest } from "./verdict";

/** gradCheck's options with w structured: `{ W1: { data, shape: [8, 5] }, b1: [...] }`, nested records or arrays. */
export type StructuredGradCheckOptions<P> = Omit<GradCheckOptions, "f" | "gradient" | "w"> & {
  w: P;
  f: (w: P) => number;
  /** The gradient at w, as a function of the structure or precomputed: structured like w, or flat. */
  gradient: ((w: P) => Params) | Params;
};

export interface GradCheckOptions {
  /** The loss as a function of all parameters. It must not change its argument (a change is detected and named). */
  f: Loss;
  /** The analytic gradient: a function of w (called once), or a precomputed vector. */
  gradient: ((w: Float64Array) => Vector) | Vector;
  /** The parameters to check at (not changed). */
  w: Vector;
  /** The relative first step: h = eps·max(1, |w_i|). Default 1e-4, the article's e. */
  eps?: number;
  /** Relative tolerance. Default 1e-6. */
  rtol?: number;
  /** The same as rtol (the name this library used first). */
  tolerance?: number;
  /** Absolute tolerance added to rtol·max(|a|, |n|). Default 0 (see DEFAULT_ATOL). */
  atol?: number;
  /** One name per parameter. Default w0..w{n-1}. Names such as "W1[0,3]" also say which tensor an entry belongs to. */
  names?: string[];
  /** The first step's difference quotient. Default "central". Refinement uses every quotient of the ladder. */
  scheme?: Scheme;
  /**
   * Default true: entries that the first step cannot decide are refined by the
   * verdict engine. false: the plain single-step comparison
   * |a − n| ≤ rtol·max(|a|, |n|) + atol, passed or failed, as most checkers do.
   */
  refine?: boolean;
  /** The most loss evaluations that refinement may add (the noise estimate included). Default 12·n + 1000. */
  budget?: number;
  /**
   * Group the report by parameter tensor (layer): a list of groups, or "names" to
   * group by the part of each name before "[" (see groupsFromNames).
   */
  groups?: ParameterGroup[] | "names";
  /**
   * Check only k parameters, drawn at random with `seed` (see sampleIndices): the
   * check then costs 2·k loss evaluations instead of 2·n, and a bug that touches
   * only parameters not drawn cannot show. The report lists the k entries.
   */
  sample?: number;
  /** Re-check chosen entries only: indices, names, or patterns such as "W1[37,*]" (see selectIndices). */
  indices?: readonly (number | string)[];
  /** The seed of `sample`'s draw. Default 1. */
  seed?: number;
  /** Called every quarter second or so while the check runs, and once at the end. */
  onProgress?: (progress: Progress) => void;
}

/**
 * The rounding an analytic gradient may carry, relative to its tensor's scale (the
 * RMS of the tensor's entries): 1000 units of float64 round-off (about 1.1e-13).
 * Where the numerical derivative is 0 within its error bar, an analytic value within
 * this of 0 counts as 0 (a parameter the loss does not depend on, a bias before batch norm).
 * @example
 *   ANALYTIC_ROUNDING * 0.5; // the floor for a gradient of RMS 0.5: 5.6e-14
 */
export const ANALYTIC_ROUNDING = 1000 * UNIT_ROUNDOFF;

/** The options of one check, read and checked. */
interface Settings {
  eps: number;
  rtol: number;
  atol: number;
  scheme: Scheme;
  refine: boolean;
  names: string[];
  groups?: ParameterGroup[];
  checked: number[];
  sampled?: { k: number; of: number; seed: number };
  budget: number;
}

function readSettings(options: GradCheckOptions): Settings {
  const eps = options.eps ?? DEFAULT_EPS;
  checkEps(eps);
  const { rtol, atol } = readTolerances(options);
  const scheme = options.scheme ?? "central";
  if (scheme !== "central" && scheme !== "forward" && scheme !== "backward") {
    throw new GradCheckError(`scheme must be "central", "forward" or "backward", got "${scheme}"`);
  }
  if (typeof options.f !== "function") throw new GradCheckError(`f must be a function of the parameters, got ${describe(options.f)}`);
  const n = options.w.length;
  const names = options.names ?? defaultNames(n);
  if (names.length !== n) throw new GradCheckError(`names has ${names.length} entries but w has ${n}`);
  checkParameters(options.w, names);
  const groups = options.groups === "names" ? groupsFromNames(names) : options.groups;
  if (groups) checkGroups(groups, n);
  const seed = options.seed ?? 1;
  const checked = options.indices !== undefined ? selectIndices(options.indices, names) : options.sample === undefined ? Array.from({ length: n }, (_, i) => i) : sampleIndices(n, options.sample, seed);
  const sampled = options.sample === undefined ? undefined : { k: checked.length, of: n, seed };
  const budget = readBudget(options.budget, 12 * checked.length + 1000);
  return { eps, rtol, atol, scheme, refine: options.refine ?? true, names, groups, checked, sampled, budget };
}

/**
 * The first step's values per entry: f(x₊), f(x₋), the secant and its rounding-only error bar (NaN below the spacing).
 * Entries the first step decides are counted in guard.done as they are, for progress.
 */
function* firstStep(guard: LossGuard, w: Float64Array, s: Settings, analytic: Float64Array): Steps<Float64Array> {
  const first = new Float64Array(4 * w.length);
  const where = (i: number, plus: boolean) => () => `at ${guard.label(i)} ${plus ? "+" : "-"} eps`;
  // A value outside the loss's domain is kept as NaN for refinement, once f(w) itself is known to be finite.
  let atW: number | undefined;
  const base = s.scheme === "central" ? 0 : (atW = yield* guard.atSteps(-1, 0, undefined, false));
  for (const i of s.checked) {
    const h = s.eps * Math.max(1, Math.abs(w[i]));
    const xp = s.scheme === "backward" ? w[i] : w[i] + h;
    const xm = s.scheme === "forward" ? w[i] : w[i] - h;
    // guard.request and receive: the fast path of guard.atSteps, without a generator per call.
    let call = s.scheme === "backward" ? undefined : guard.request(i, xp);
    const plus = s.scheme === "backward" ? base : call ? guard.receive(i, xp, yield call, where(i, true), s.refine) : yield* guard.atSteps(i, xp, where(i, true), s.refine);
    if (Number.isNaN(plus) && atW === undefined) atW = yield* guard.atSteps(-1, 0, undefined, false);
    call = s.scheme === "forward" ? undefined : guard.request(i, xm);
    const minus = s.scheme === "forward" ? base : call ? guard.receive(i, xm, yield call, where(i, false), s.refine) : yield* guard.atSteps(i, xm, where(i, false), s.refine);
    if (Number.isNaN(minus) && atW === undefined) atW = yield* guard.atSteps(-1, 0, undefined, false);
    const d = xp - xm;
    first[4 * i] = plus;
    first[4 * i + 1] = minus;
    first[4 * i + 2] = d === 0 ? NaN : (plus - minus) / d;
    // The float64 rounding of the two values, as a first error bar; refinement measures the real one.
    first[4 * i + 3] = d === 0 ? NaN : firstStepError(plus, minus, d);
    if (belowSpacing(w[i], h) || firstVerdict(analytic[i], first[4 * i + 2], first[4 * i + 3], s.rtol, s.atol, s.refine) !== "undecided") guard.done++;
  }
  return first;
}

/** The first step is below the spacing of the floats at w_i. */
function belowSpacing(wi: number, h: number): boolean {
  return wi + h === wi || wi - h === wi;
}

/**
 * The first step's error bar: the float64 rounding of its two loss values, over the
 * step's width d (refinement measures the real one).
 * @example
 *   firstStepError(1, 1, 2e-4); // 4·2⁻⁵³·2 / 2e-4 ≈ 4.4e-12
 */
export function firstStepError(plus: number, minus: number, d: number): number {
  return (4 * UNIT_ROUNDOFF * (Math.abs(plus) + Math.abs(minus))) / d;
}

/**
 * The verdict of the first step: with `refine: false` the plain comparison (passed or
 * failed); otherwise passed by the interval test with the rounding-only error bar, or
 * undecided. The first step never fails an entry: its error bar knows nothing of truncation.
 * @example
 *   firstVerdict(2, 2 + 1e-12, 1e-14, 1e-6, 0, true); // "passed"
 */
export function firstVerdict(analytic: number, numeric: number, error: number, rtol: number, atol: number, refine: boolean): Status | "undecided" {
  if (!refine) return compareValues(analytic, numeric, rtol, atol).ok ? "passed" : "failed";
  return Number.isFinite(numeric) && intervalTest(analytic, numeric, error, rtol, atol, false) === "passed" ? "passed" : "undecided";
}

/**
 * The numerical gradient check. Perturbs every parameter both ways by
 * h = eps·max(1, |w_i|), compares the secant slope with the analytic gradient
 * under an interval test, hands the entries that the first step cannot decide to
 * the verdict engine, and reports per parameter: passed, failed, or inconclusive
 * with a reason. A check whose entries all pass at the first step calls f exactly
 * 2·n times. The inputs are not changed; a loss that changes its argument gets an error that says so.
 * @example
 *   const report = gradCheck({ f: (w) => cost(X, y, w), gradient: (w) => gradient(X, y, w), w: INIT });
 *   report.status; report.worst.name; show(report);
 */
export function gradCheck(options: GradCheckOptions): GradCheckReport;
/** w structured (a record of named tensors, nested records, arrays): f and gradient receive that structure (lib/check/front.ts). */
export function gradCheck<P>(options: StructuredGradCheckOptions<P>): GradCheckReport;
export function gradCheck(given: GradCheckOptions | StructuredGradCheckOptions<unknown>): GradCheckReport {
  return runSync(gradCheckSteps(given));
}

/**
 * gradCheck as steps: every call of the loss and the gradient is yielded (lib/check/steps.ts),
 * so that gradCheckAsync runs this same check with each value awaited. `pace`: how often progress is reported.
 * @example
 *   runSync(gradCheckSteps({ f, gradient, w })); // the same report as gradCheck({ f, gradient, w })
 */
export function* gradCheckSteps<P = unknown>(given: GradCheckOptions | StructuredGradCheckOptions<P>, pace: Pace = SYNC_PACE): Steps<GradCheckReport> {
  const options = flatOptions(given as GradCheckOptions);
  const s = readSettings(options);
  const w = copyVector(options.w);
  const gradient = typeof options.gradient === "function" ? ((yield* asSteps(options.gradient)(copyVector(w))) as Vector) : options.gradient;
  const analytic = readGradient(gradient, w, s.names);
  const guard = new LossGuard(options.f, w, s.names, options.onProgress, pace);
  guard.total = s.checked.length;
  const first = yield* firstStep(guard, w, s, analytic);
  const firstEvaluations = guard.evaluations;

  const status: Status[] = new Array(w.length);
  const reasons: (Reason | undefined)[] = new Array(w.length);
  const undecided: number[] = [];
  for (const i of s.checked) {
    const h = s.eps * Math.max(1, Math.abs(w[i]));
    if (belowSpacing(w[i], h)) {
      status[i] = "inconclusive";
      reasons[i] = { code: "step-below-spacing", message: belowSpacingMessage(h, w[i]) };
      continue;
    }
    const v = firstVerdict(analytic[i], first[4 * i + 2], first[4 * i + 3], s.rtol, s.atol, s.refine);
    if (v === "undecided") undecided.push(i);
    else status[i] = v;
  }
  guard.done = s.checked.length - undecided.length;

  let noise: NoiseEstimate | undefined;
  const refined: (ProbeVerdict | undefined)[] = [];
  if (undecided.length > 0) {
    // f(w) itself must be finite: outside the domain only w ± h may be.
    const value = yield* guard.atSteps(-1, 0, undefined, false);
    noise = yield* estimateNoiseSteps((x) => guard.atPointSteps(x, () => "at a point near w (noise estimate)"), w, { seed: 17, value });
    const verdicts = yield* refine(guard, w, analytic, first, undecided, s, noise, firstEvaluations);
    undecided.forEach((i, j) => {
      refined[i] = verdicts[j];
      status[i] = verdicts[j].status;
      reasons[i] = verdicts[j].reason;
    });
  }
  guard.finish();
  guard.done = s.checked.length;
  guard.progress();
  const precision = float32Warning(options.w, guard.float32);
  return buildReport({ s, w, analytic, first, status, reasons, refined, noise, guard, firstEvaluations, warnings: precision ? [precision] : [] });
}

/** The undecided entries as probes, judged by the engine within the budget. */
function* refine(
  guard: LossGuard,
  w: Float64Array,
  analytic: Float64Array,
  first: Float64Array,
  undecided: number[],
  s: Settings,
  noise: NoiseEstimate,
  firstEvaluations: number,
): Steps<ProbeVerdict[]> {
  const tensors = s.groups ?? (s.names.some((name) => name.includes("[")) ? groupsFromNames(s.names) : undefined);
  const scales = tensorScales(analytic, tensors);
  const probes: Probe[] = undecided.map((i) => ({
    analytic: analytic[i],
    x0: w[i],
    h0: s.eps * Math.max(1, Math.abs(w[i])),
    hmax: Math.max(1, Math.abs(w[i])),
    phi: (x: number) => guard.at(i, x),
    first: s.scheme === "central" ? { plus: first[4 * i], minus: first[4 * i + 1] } : undefined,
    scale: scales[i],
    floor: ANALYTIC_ROUNDING * scales[i],
  }));
  const decidedFirst = s.checked.length - undecided.length;
  return yield* judgeProbesSteps(
    probes,
    { phi0: noise.value, sigma: noise.sigma, deterministic: noise.deterministic, float32: guard.float32, rtol: s.rtol, atol: s.atol },
    {
      remaining: () => s.budget - (guard.evaluations - firstEvaluations),
      onRound: (done) => (guard.done = decidedFirst + done),
    },
    (j, x) => guard.atSteps(undecided[j], x),
  );
}

/** The report: one entry per checked parameter, and Ng's difference over them. */
function buildReport(r: {
  s: Settings;
  w: Float64Array;
  analytic: Float64Array;
  first: Float64Array;
  status: Status[];
  reasons: (Reason | undefined)[];
  refined: (ProbeVerdict | undefined)[];
  noise?: NoiseEstimate;
  guard: LossGuard;
  firstEvaluations: number;
  warnings: string[];
}): GradCheckReport {
  const { s, analytic, first } = r;
  const entries: GradCheckEntry[] = s.checked.map((i) => {
    const a = analytic[i];
    const v = r.refined[i];
    const u = v && Number.isFinite(v.numeric) ? v.numeric : first[4 * i + 2];
    const { absError, relError } = compareValues(a, u, 0, 0);
    return {
      index: i,
      name: s.names[i],
      analytic: a,
      numeric: u,
      absError,
      relError,
      status: r.status[i],
      ok: r.status[i] === "passed",
      reason: r.reasons[i],
      step: v ? v.step : s.eps * Math.max(1, Math.abs(r.w[i])),
      errorEstimate: v ? v.errorEstimate : Number.isNaN(first[4 * i + 2]) ? Infinity : first[4 * i + 3],
      quotient: v ? v.quotient : s.scheme,
      order: v ? v.order : 0,
      shortened: v?.shortened,
      numericAtFirstStep: first[4 * i + 2],
      tolerance: entryTolerance(a, Number.isFinite(u) ? u : a, s.rtol, s.atol),
    };
  });
  return new GradCheckReport({
    entries,
    difference: ngDifference(entries),
    eps: s.eps,
    rtol: s.rtol,
    atol: s.atol,
    scheme: s.scheme,
    refine: s.refine,
    evaluations: r.guard.evaluations,
    extraEvaluations: r.guard.evaluations - r.firstEvaluations,
    noise: r.noise,
    warnings: r.warnings,
    groups: s.groups,
    sampled: s.sampled,
  });
}

/**
 * Ng's single number ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂) over the entries, overflow-safe;
 * entries without a numerical value count as agreeing.
 * @example
 *   ngDifference(report.entries); // 3.2e-11
 */
export function ngDifference(entries: Pick<GradCheckEntry, "analytic" | "numeric">[]): number {
  const a = Float64Array.from(entries, (e) => e.analytic);
  const n = Float64Array.from(entries, (e) => (Number.isFinite(e.numeric) ? e.numeric : e.analytic));
  let aa = 0;
  let nn = 0;
  let dd = 0;
  for (let i = 0; i < a.length; i++) {
    aa += a[i] * a[i];
    nn += n[i] * n[i];
    dd += (a[i] - n[i]) ** 2;
  }
  const finite = Number.isFinite(aa) && Number.isFinite(nn) && Number.isFinite(dd);
  const denom = finite ? Math.sqrt(aa) + Math.sqrt(nn) : norm(a) + norm(n);
  const distance = finite ? Math.sqrt(dd) : norm(subtract(a, n));
  return denom === 0 ? 0 : distance / denom;
}
