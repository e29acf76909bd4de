/**
 * Finding the wrong entries without the full check (issue 20). The full gradCheck
 * names a wrong entry at 2·P evaluations; a directional check costs 2·k but only
 * says yes or no. findWrongEntries does both: it tests whole groups of parameters
 * with directional probes supported on the group (the tensors are the first groups),
 * splits a group that fails in two, and goes on down the halves that fail.
 *
 * - One direction serves the whole descent: a child's direction is the parent's
 *   restricted to the child, so the derivatives add up, n(G) = n(A) + n(B), and
 *   only A is measured; B's value is inferred as n(G) − n(A), with both error bars,
 *   and measured only when the inference cannot decide.
 * - Every measured probe is judged by the verdict engine (lib/check/engine.ts).
 * - A suspect (a group of one or two) is confirmed by a central difference along
 *   its own coordinate, so each entry reported is measured, not inferred. The
 *   confirmed numerical value replaces the analytic one in every later judgement,
 *   so that a second bug in the same group still shows.
 * - Wide bugs: where both halves fail and all four quarters too, eight entries of the
 *   group are checked one by one; if three or more are wrong the group is reported
 *   as wrong as a whole, with those entries as a sample, and not bisected further.
 *
 * Misses. A wrong entry δ in a group G escapes a direction when |δ·u_j| is below
 * rtol·|∇f_G·u|. For Gaussian u that ratio is a Cauchy variable, so k directions miss
 * it with probability ((2/π)·atan(rtol·‖∇f_G‖/|δ|))^k (`directionalMissProbability`).
 * k is chosen so that a bug of 1% of the median entry's magnitude escapes with
 * probability at most 1e-3 (`detect`, `missTarget`); the report states the figure.
 * The bound assumes error bars below the tolerance, as float64 losses have.
 * Introduced in notebook 08-bug-hunt.
 */
import { GradCheckError } from "./errors";
import { Vector, copyVector, norm } from "./vector";
import { DEFAULT_EPS, Loss, checkEps, checkParameters } from "./numerical";
import { NoiseEstimate, estimateNoiseSteps } from "./noise";
import { LossModel, Probe, ProbeVerdict, judgeProbesSteps } from "./engine";
import { ANALYTIC_ROUNDING, firstStepError, firstVerdict } from "./gradcheck";
import { LossGuard, Pace, Progress, SYNC_PACE } from "./guard";
import { ParameterGroup, checkGroups, defaultNames, groupsFromNames, readBudget, readGradient, readTolerances } from "./options";
import { flatOptions } from "./front";
import { Steps, asSteps, runSync } from "./steps";
import { Params } from "./structured";
import { directionalMissProbability } from "./directional";
import { gaussian, seededRandom } from "./random";
import { compareValues } from "./compare";
import { ERROR_BARS, intervalTest } from "./verdict";
import { belowSpacingMessage } from "./reasons";
import { LocalizedEntry, WrongEntriesReport, WrongGroup } from "./localreport";

export interface FindWrongEntriesOptions {
  f: Loss;
  /** The analytic gradient: a function of w (called once) or a precomputed vector. */
  gradient: ((w: Float64Array) => Vector) | Vector;
  w: Vector;
  /** Seed of the directions and of the samples. Default 1. */
  seed?: number;
  /** The first groups to test. Default: the tensors (from structured w or names "W1[0,3]"), else all of w as one group. */
  groups?: ParameterGroup[] | "names";
  names?: string[];
  /** The most loss evaluations. Default 2·P + 1000: the full check's first step, and the engine's 1000 for the small models where that is not enough. */
  budget?: number;
  /** Directions per first group. Default: the fewest that meet `missTarget` for a bug of size `detect` (at most 8). */
  directions?: number;
  /** The bug size to be found, relative to the median |gradient entry|. Default 0.01. */
  detect?: number;
  /** The largest acceptable chance that a bug of size `detect` escapes. Default 1e-3. */
  missTarget?: number;
  eps?: number;
  rtol?: number;
  tolerance?: number;
  atol?: number;
  onProgress?: (progress: Progress) => void;
}

/** findWrongEntries' options with w structured, as gradCheck takes them. */
export type StructuredFindOptions<P> = Omit<FindWrongEntriesOptions, "f" | "gradient" | "w"> & {
  w: P;
  f: (w: P) => number;
  gradient: ((w: P) => Params) | Params;
};

/** A measured (or inferred) derivative along a node's direction, in the units of the unnormalized direction. */
interface Measure {
  numeric: number;
  error: number;
  /** Inferred from the parent and a sibling, not measured. */
  inferred: boolean;
  /** The engine could not decide it. */
  open: boolean;
}

/** A first group and its k directions (Gaussian, one value per entry of the group). */
interface Top {
  group: ParameterGroup;
  indices: number[];
  directions: Float64Array[];
}

const LEAF = 2;
/** The probes' own phi, which judgeProbesSteps does not call: the search hands it φ as steps. */
const unused = (): number => NaN;
const WIDE_MIN = 32;
const WIDE_SAMPLE = 8;
const WIDE_WRONG = 3;
const MAX_DIRECTIONS = 8;

/**
 * The directions per group that a bug of `detect`·median|g| needs to escape with
 * probability at most `missTarget` in every group (at most 8).
 * @example
 *   directionsFor([{ norm: 150 }], 0.015, 1e-6, 1e-3); // 2
 */
export function directionsFor(groups: { norm: number }[], size: number, rtol: number, missTarget: number): number {
  for (let k = 1; k < MAX_DIRECTIONS; k++) {
    if (groups.every((g) => size <= 0 || directionalMissProbability(size / Math.max(g.norm, Number.MIN_VALUE), rtol, k) <= missTarget)) return k;
  }
  return MAX_DIRECTIONS;
}

/**
 * Finds the wrong entries of a gradient by group testing with directional probes
 * (see the file's comment): far fewer evaluations than the full check when few
 * entries are wrong. Every entry in `found` was confirmed along its own coordinate.
 * @example
 *   const r = findWrongEntries({ f: loss, gradient: grad, w: params, seed: 1 });
 *   r.status; r.found[0].name; r.evaluations; // "failed", "W1[37,5]", 412
 */
export function findWrongEntries(options: FindWrongEntriesOptions): WrongEntriesReport;
export function findWrongEntries<P>(options: StructuredFindOptions<P>): WrongEntriesReport;
export function findWrongEntries(given: FindWrongEntriesOptions | StructuredFindOptions<unknown>): WrongEntriesReport {
  return runSync(findWrongEntriesSteps(given));
}

/**
 * findWrongEntries as steps (lib/check/steps.ts): every call of the loss and the gradient
 * is yielded, so that findWrongEntriesAsync runs this same search with each value awaited.
 * @example
 *   runSync(findWrongEntriesSteps({ f, gradient, w })); // the same report as findWrongEntries({ f, gradient, w })
 */
export function* findWrongEntriesSteps(given: FindWrongEntriesOptions | StructuredFindOptions<unknown>, pace: Pace = SYNC_PACE): Steps<WrongEntriesReport> {
  const options = flatOptions(given as FindWrongEntriesOptions) as FindWrongEntriesOptions;
  if (typeof options.f !== "function") throw new GradCheckError("f must be a function of the parameters");
  const eps = options.eps ?? DEFAULT_EPS;
  checkEps(eps);
  const { rtol, atol } = readTolerances(options);
  const n = options.w.length;
  const names = options.names ?? defaultNames(n);
  if (names.length !== n) throw new GradCheckError(`names has ${names.length} entries but w has ${n}`);
  checkParameters(options.w, names);
  const w = copyVector(options.w);
  const gradientOption = options.gradient;
  const g = readGradient(typeof gradientOption === "function" ? ((yield* asSteps(gradientOption)(copyVector(w))) as Vector) : gradientOption, w, names);
  const groups = options.groups === "names" ? groupsFromNames(names) : (options.groups ?? (names.some((s) => s.includes("[")) ? groupsFromNames(names) : [{ name: "w", start: 0, length: n }]));
  checkGroups(groups, n);
  const budget = readBudget(options.budget, 2 * n + 1000);
  const detect = options.detect ?? 0.01;
  const missTarget = options.missTarget ?? 1e-3;
  const size = detect * median(g);

  const groupNorm = (gr: ParameterGroup) => norm(g.subarray(gr.start, gr.start + gr.length));
  const k = options.directions ?? directionsFor(groups.map((gr) => ({ norm: groupNorm(gr) })), size, rtol, missTarget);
  if (!Number.isInteger(k) || k < 1) throw new GradCheckError(`directions must be a positive integer, got ${k}`);
  const rand = seededRandom(options.seed ?? 1);
  const tops: Top[] = groups.map((group) => ({
    group,
    indices: Array.from({ length: group.length }, (_, i) => group.start + i),
    directions: Array.from({ length: k }, () => Float64Array.from({ length: group.length }, () => gaussian(rand))),
  }));

  const guard = new LossGuard(options.f, w, names, options.onProgress, pace);
  guard.total = tops.length * k;
  // The gradient every judgement uses: confirmed entries carry their measured value and its error bar.
  const corrected = g.slice();
  const correctionError = new Float64Array(n);
  const found = new Map<number, LocalizedEntry>();
  const unresolved: LocalizedEntry[] = [];
  const wide: WrongGroup[] = [];
  const openGroups: string[] = [];
  const measures = new Map<string, Measure>();
  let noise: NoiseEstimate | undefined;
  let outOfBudget = false;
  const spent = () => guard.evaluations;

  const lossModel = function* (): Steps<LossModel> {
    if (!noise) {
      const value = yield* guard.atSteps(-1, 0, undefined, false);
      noise = yield* estimateNoiseSteps((x) => guard.atPointSteps(x, () => "at a point near w (noise estimate)"), w, { seed: 17, value });
    }
    return { phi0: noise.value, sigma: noise.sigma, deterministic: noise.deterministic, float32: guard.float32, rtol, atol };
  };
  const rmsOf = (values: Float64Array | number[], idx: number[]) => Math.sqrt(idx.reduce((s, i) => s + values[i] * values[i], 0) / Math.max(1, idx.length));

  /** One probe through the first step, then the engine if the first step cannot pass it. */
  const judge = function* (probe: Probe, phi: (x: number) => Steps<number>, x0: number, h: number): Steps<ProbeVerdict | undefined> {
    if (budget - spent() < 2) return (outOfBudget = true), undefined;
    const plus = yield* phi(x0 + h);
    const minus = yield* phi(x0 - h);
    const denominator = x0 + h - (x0 - h);
    const numeric = (plus - minus) / denominator;
    const error = firstStepError(plus, minus, denominator);
    if (firstVerdict(probe.analytic, numeric, error, rtol, atol, true) === "passed") {
      return { status: "passed", numeric, errorEstimate: error, step: probe.h0, quotient: "central", order: 0 };
    }
    const model = yield* lossModel();
    const [v] = yield* judgeProbesSteps([{ ...probe, first: { plus, minus } }], model, { remaining: () => budget - spent() }, (_, x) => phi(x));
    if (v.reason?.code === "budget") outOfBudget = true;
    return v;
  };

  /** The derivative along top t's direction d restricted to entries lo..hi−1 of the group. */
  const measure = function* (t: number, d: number, lo: number, hi: number): Steps<Measure | undefined> {
    const { indices, directions } = tops[t];
    const u = directions[d];
    const idx = indices.slice(lo, hi);
    let length = 0;
    let analytic = 0;
    for (let j = lo; j < hi; j++) (length += u[j] * u[j]), (analytic += corrected[indices[j]] * u[j]);
    length = Math.sqrt(length);
    const h = eps * Math.max(1, rmsOf(w, idx));
    const along = (s: number) => {
      const x = w.slice();
      for (let j = lo; j < hi; j++) x[indices[j]] += (s / length) * u[j];
      return guard.atPointSteps(x, () => `along a direction on ${rangeName(t, lo, hi)}`, true);
    };
    const scale = rmsOf(g, idx);
    const v = yield* judge({ analytic: analytic / length, x0: 0, h0: h, hmax: Math.max(1, rmsOf(w, idx)), phi: unused, scale, floor: ANALYTIC_ROUNDING * scale }, along, 0, h);
    if (!v) return undefined;
    return { numeric: v.numeric * length, error: v.errorEstimate * length, inferred: false, open: v.status === "inconclusive" };
  };

  const rangeName = (t: number, lo: number, hi: number): string => {
    const { group, indices } = tops[t];
    if (lo === 0 && hi === indices.length) return group.name;
    return hi - lo === 1 ? names[indices[lo]] : `${names[indices[lo]]} … ${names[indices[hi - 1]]}`;
  };

  /** Confirms entry i along its own coordinate; a wrong one becomes a correction. */
  const confirm = function* (t: number, i: number): Steps<LocalizedEntry | undefined> {
    const known = found.get(i) ?? unresolved.find((e) => e.index === i);
    if (known) return known;
    const h = eps * Math.max(1, Math.abs(w[i]));
    if (w[i] + h === w[i] || w[i] - h === w[i]) {
      const entry: LocalizedEntry = { index: i, name: names[i], group: tops[t].group.name, analytic: g[i], numeric: NaN, errorEstimate: Infinity, absError: NaN, relError: NaN, status: "inconclusive", reason: { code: "step-below-spacing", message: belowSpacingMessage(h, w[i]) } };
      unresolved.push(entry);
      return entry;
    }
    const scale = rmsOf(g, tops[t].indices);
    const v = yield* judge({ analytic: g[i], x0: w[i], h0: h, hmax: Math.max(1, Math.abs(w[i])), phi: unused, scale, floor: ANALYTIC_ROUNDING * scale }, (x) => guard.atSteps(i, x), w[i], h);
    if (!v) return undefined;
    const { absError, relError } = compareValues(g[i], v.numeric, rtol, atol);
    const entry: LocalizedEntry = { index: i, name: names[i], group: tops[t].group.name, analytic: g[i], numeric: v.numeric, errorEstimate: v.errorEstimate, absError, relError, status: v.status, reason: v.reason };
    if (v.status === "failed") {
      found.set(i, entry);
      corrected[i] = v.numeric;
      correctionError[i] = v.errorEstimate;
    } else if (v.status === "inconclusive") unresolved.push(entry);
    return entry;
  };

  const key = (t: number, d: number, lo: number, hi: number) => `${t}:${d}:${lo}:${hi}`;
  const insideWide = (t: number, lo: number, hi: number) => wide.some((x) => x.top === t && x.lo <= lo && hi <= x.hi);

  /** Whether the node's discrepancy is beyond its tolerance ("wrong"), within it ("clean"), or neither. */
  const verdictOf = (t: number, d: number, lo: number, hi: number, m: Measure): "wrong" | "clean" | "unclear" => {
    const { indices, directions } = tops[t];
    const u = directions[d];
    let a = 0;
    let extra = 0;
    let gg = 0;
    let uu = 0;
    for (let j = lo; j < hi; j++) {
      const i = indices[j];
      a += corrected[i] * u[j];
      extra += Math.abs(u[j]) * correctionError[i];
      gg += g[i] ** 2;
      uu += u[j] * u[j];
    }
    const error = m.error + extra;
    // A stationary node, as the engine judges one: the derivative is 0 within its error bar and
    // the analytic value within the rounding it may carry (a bias before batch norm).
    const floor = ANALYTIC_ROUNDING * Math.sqrt((gg / (hi - lo)) * uu);
    if (!m.open && Math.abs(m.numeric) <= ERROR_BARS * error && Math.abs(a) <= floor) return "clean";
    const outcome = intervalTest(a, m.numeric, error, rtol, atol * Math.sqrt(hi - lo), true);
    if (outcome === "passed") return "clean";
    if (outcome === "failed" && !m.open) return "wrong";
    return "unclear";
  };

  /** The measure of a node: cached, inferred from the parent and its sibling, or measured. */
  const measureOf = function* (t: number, d: number, lo: number, hi: number, parent?: { m: Measure; sibling: Measure }): Steps<Measure | undefined> {
    const cached = measures.get(key(t, d, lo, hi));
    if (cached) return cached;
    let m: Measure | undefined;
    if (parent && !parent.m.open && !parent.sibling.open) {
      m = { numeric: parent.m.numeric - parent.sibling.numeric, error: parent.m.error + parent.sibling.error, inferred: true, open: false };
      if (verdictOf(t, d, lo, hi, m) === "unclear") m = undefined;
    }
    m ??= yield* measure(t, d, lo, hi);
    if (m) measures.set(key(t, d, lo, hi), m);
    return m;
  };

  /** The two halves' measures: the first measured, the second inferred where it can be. */
  const halves = function* (t: number, d: number, lo: number, hi: number, m: Measure): Steps<{ mid: number; a?: Measure; b?: Measure }> {
    const mid = (lo + hi) >> 1;
    const a = yield* measureOf(t, d, lo, mid);
    const b = a ? yield* measureOf(t, d, mid, hi, { m, sibling: a }) : undefined;
    return { mid, a, b };
  };

  /** Checks WIDE_SAMPLE entries of the node one by one; true if enough are wrong to call the node wrong as a whole. */
  const wideTest = function* (t: number, lo: number, hi: number): Steps<boolean> {
    const pick = seededRandom((options.seed ?? 1) * 7919 + lo * 31 + hi);
    const chosen = new Set<number>();
    while (chosen.size < WIDE_SAMPLE) chosen.add(lo + Math.floor(pick() * (hi - lo)));
    const sample: LocalizedEntry[] = [];
    for (const j of chosen) {
      const e = yield* confirm(t, tops[t].indices[j]);
      if (e) sample.push(e);
    }
    const wrong = sample.filter((e) => e.status === "failed");
    if (wrong.length < WIDE_WRONG) return false;
    wide.push({ name: rangeName(t, lo, hi), top: t, lo, hi, size: hi - lo, sampled: sample.length, wrong: wrong.length, sample: wrong });
    return true;
  };

  const explore = function* (t: number, d: number, lo: number, hi: number, m: Measure): Steps<void> {
    if (outOfBudget || insideWide(t, lo, hi)) return;
    let state = verdictOf(t, d, lo, hi, m);
    if (state === "unclear" && m.inferred) {
      const measured = yield* measure(t, d, lo, hi);
      if (!measured) return;
      measures.set(key(t, d, lo, hi), (m = measured));
      state = verdictOf(t, d, lo, hi, m);
    }
    if (state === "clean") return;
    if (state === "unclear") {
      const name = rangeName(t, lo, hi);
      if (!openGroups.includes(name)) openGroups.push(name);
      return;
    }
    if (hi - lo <= LEAF) {
      for (let j = lo; j < hi; j++) yield* confirm(t, tops[t].indices[j]);
      return;
    }
    const { mid, a, b } = yield* halves(t, d, lo, hi, m);
    if (!a || !b) return;
    if (hi - lo >= WIDE_MIN && verdictOf(t, d, lo, mid, a) === "wrong" && verdictOf(t, d, mid, hi, b) === "wrong") {
      const left = yield* halves(t, d, lo, mid, a);
      const right = yield* halves(t, d, mid, hi, b);
      const quarters = [
        [lo, left.mid, left.a],
        [left.mid, mid, left.b],
        [mid, right.mid, right.a],
        [right.mid, hi, right.b],
      ] as const;
      if (quarters.every(([l, h, q]) => q && verdictOf(t, d, l, h, q) === "wrong") && (yield* wideTest(t, lo, hi))) return;
    }
    yield* explore(t, d, lo, mid, a);
    yield* explore(t, d, mid, hi, b);
  };

  const tests: { t: number; d: number; m: Measure }[] = [];
  for (let t = 0; t < tops.length; t++) {
    for (let d = 0; d < k; d++) {
      const m = yield* measureOf(t, d, 0, tops[t].indices.length);
      if (m) tests.push({ t, d, m });
      guard.done++;
    }
  }
  for (const { t, d, m } of tests) yield* explore(t, d, 0, tops[t].indices.length, m);
  guard.finish();
  guard.progress();

  return new WrongEntriesReport({
    // Entries of a group found wrong as a whole are reported in its sample, not one by one.
    found: [...found.values()].filter((e) => !wide.some((x) => x.sample.includes(e))).sort((x, y) => x.index - y.index),
    groups: wide,
    unresolved,
    openGroups,
    outOfBudget,
    evaluations: guard.evaluations,
    parameters: n,
    directions: k,
    miss: { size, relativeSize: detect, probability: size > 0 ? Math.max(0, ...tops.map((top) => directionalMissProbability(size / Math.max(groupNorm(top.group), Number.MIN_VALUE), rtol, k))) : 1 },
    rtol,
    groupNorms: tops.map((top) => groupNorm(top.group)),
  });
}

/** The median of |values|. */
function median(values: Float64Array): number {
  const a = Float64Array.from(values, Math.abs).sort();
  return a.length === 0 ? 0 : a.length % 2 ? a[(a.length - 1) >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
}
