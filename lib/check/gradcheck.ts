/**
 * Item 9 of the article: deviation. Compare the analytic gradient (the back-pass)
 * with the numerical one, parameter by parameter, and say which parameter is wrong.
 * Every numerical derivative carries an error bar, and each entry's verdict is
 * passed, failed or inconclusive (with a reason): see lib/check/verdict.ts for the
 * interval test, lib/check/refine.ts for the step search, lib/check/noise.ts for the noise.
 * Introduced in notebook 05-deviation.
 */
import { GradCheckError } from "./errors";
import { Vector, copyVector, norm, subtract } from "./vector";
import { DEFAULT_EPS, Loss, Scheme, checkEps, checkParameters } from "./numerical";
import { NoiseEstimate, UNIT_ROUNDOFF, estimateNoise } from "./noise";
import { float32Warning } from "./precision";
import { BudgetExhausted, Refined, belowSpacingMessage, refineEntry, stationaryReason } from "./refine";
import { sampleIndices } from "./sample";
import { capitalized } from "./format";
import { reportHtml, reportText } from "./report";
import { Judged, Reason, ReasonCode, Status, atStationaryPoint, entryTolerance, intervalTest, overallStatus } from "./verdict";

/** The default relative tolerance rtol: an entry passes when |a − n| + 3·err ≤ rtol·max(|a|, |n|). */
export const DEFAULT_TOLERANCE = 1e-6;

/**
 * The default absolute tolerance: 0. A fixed absolute floor would pass every
 * error of a loss that is small in scale (a flipped sign of a gradient of size
 * 1e-10 hides under a floor of 1e-8). Entries whose true derivative is 0 do not
 * need one: where both derivatives are within their error bar of 0, the entry
 * passes as a stationary point (see `atStationaryPoint`). Pass `atol` to add one.
 */
export const DEFAULT_ATOL = 0;

/**
 * Andrew Ng's threshold for the single `difference` number. In the Deep Learning
 * Specialization's gradient-checking exercise it goes with a step of 1e-7, and a
 * difference above 2e-7 signals a mistake; a threshold only means something with
 * its step. The report shows Ng's number as information; the verdict comes from
 * the per-entry statuses.
 * @example
 *   report.difference < NG_THRESHOLD; // report.differenceOk
 */
export const NG_THRESHOLD = 1e-7;

/**
 * The relative error per element: |a − n| / max(|a|, |n|), and 0 where both are 0.
 * @example
 *   relativeError([1, 0, 2], [1.1, 0, 2]); // Float64Array [0.0909.., 0, 0]
 */
export function relativeError(a: Vector, n: Vector): Float64Array {
  if (a.length !== n.length) throw new GradCheckError(`relativeError: lengths differ (${a.length} and ${n.length})`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = compareValues(a[i], n[i], 0, 0).relError;
  return out;
}

/**
 * One plain comparison of an analytic value with a numeric one, without error
 * bars: the absolute error, the relative error |a − n| / max(|a|, |n|) (0 when
 * both are 0), and whether |a − n| ≤ rtol·max(|a|, |n|) + atol. This is the whole
 * test when `refine: false`.
 * @example
 *   compareValues(1, 1.1, 1e-6, 0); // { absError: 0.1, relError: 0.0909.., ok: false }
 */
export function compareValues(
  analytic: number,
  numeric: number,
  rtol: number,
  atol: number,
): { absError: number; relError: number; ok: boolean } {
  const absError = Math.abs(analytic - numeric);
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
  const relError = scale === 0 ? 0 : absError / scale;
  return { absError, relError, ok: absError <= entryTolerance(analytic, numeric, rtol, atol) };
}

/** CS231n's bands for the relative error of a gradient check. */
export type Band = "probably wrong" | "uncomfortable" | "acceptable only with kinks" | "excellent";

/**
 * CS231n's bands, largest first: a relative error in (from, to] falls in `band`.
 * The one definition that `band()`, the report and the charts share.
 * @example
 *   BANDS[0]; // { band: "probably wrong", from: 1e-2, to: Infinity }
 */
export const BANDS: ReadonlyArray<{ band: Band; from: number; to: number }> = [
  { band: "probably wrong", from: 1e-2, to: Infinity },
  { band: "uncomfortable", from: 1e-4, to: 1e-2 },
  { band: "acceptable only with kinks", from: 1e-7, to: 1e-4 },
  { band: "excellent", from: 0, to: 1e-7 },
];

/**
 * Which of CS231n's bands a relative error falls in: above 1e-2 probably wrong;
 * 1e-2 to 1e-4 uncomfortable; 1e-4 to 1e-7 acceptable only for a loss with kinks
 * (ReLU, max); below 1e-7 excellent. Information beside a verdict, not a verdict.
 * @example
 *   band(3e-9); // "excellent"
 */
export function band(relError: number): Band {
  for (const b of BANDS) if (relError > b.from) return b.band;
  return "excellent";
}

/** One parameter's line in the report: the comparison (see `Judged`), its name and its tolerance. */
export interface GradCheckEntry extends Judged {
  index: number;
  name: string;
  /** This entry's tolerance rtol·max(|a|, |n|) + atol. */
  tolerance: number;
}

/** A named block of the parameter vector, such as one layer's weight matrix. */
export interface ParameterGroup {
  name: string;
  /** Index of its first parameter. */
  start: number;
  /** How many parameters it has. */
  length: number;
}

/** One group's line in a grouped report: the largest error per tensor. */
export interface GroupSummary extends ParameterGroup {
  /** Its entry with the largest relative error. */
  worst: GradCheckEntry;
  maxRelError: number;
  /** How many of its entries failed. */
  failures: number;
  /** How many of its entries are inconclusive. */
  inconclusive: number;
  status: Status;
  passed: boolean;
  band: Band;
}

/**
 * Groups consecutive parameters whose names share the part before "[":
 * "W1[0,0]", "W1[0,1]", "b1[0]" give the groups W1 and b1.
 * @example
 *   groupsFromNames(["W1[0,0]", "W1[0,1]", "b1[0]"]); // [{ name: "W1", start: 0, length: 2 }, { name: "b1", start: 2, length: 1 }]
 */
export function groupsFromNames(names: string[]): ParameterGroup[] {
  const groups: ParameterGroup[] = [];
  names.forEach((name, i) => {
    const key = name.includes("[") ? name.slice(0, name.indexOf("[")) : name;
    const last = groups[groups.length - 1];
    if (last && last.name === key) last.length++;
    else groups.push({ name: key, start: i, length: 1 });
  });
  return groups;
}

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
  /** One name per parameter. Default w0..w{n-1}. */
  names?: string[];
  /** The first step's difference quotient. Default "central". Refinement always uses central differences. */
  scheme?: Scheme;
  /**
   * Default true: entries that the first step cannot decide are refined (a step
   * search with error estimates). false: the plain single-step comparison
   * |a − n| ≤ rtol·max(|a|, |n|) + atol, passed or failed, as most checkers do.
   */
  refine?: boolean;
  /** The most loss evaluations that refinement may add (the noise estimate included). Default 6·n + 200: a failing entry costs 6, the noise estimate 19 to 53. */
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
  /** The seed of `sample`'s draw. Default 1. */
  seed?: number;
}

/** Which parameters a sampled check drew. */
export interface SampleInfo {
  /** How many were checked. */
  k: number;
  /** How many parameters there are. */
  of: number;
  seed: number;
}

/** Constructor fields of a GradCheckReport. */
export interface GradCheckReportFields {
  entries: GradCheckEntry[];
  difference: number;
  eps: number;
  rtol?: number;
  /** Alias of rtol. */
  tolerance?: number;
  atol: number;
  scheme: Scheme;
  refine?: boolean;
  evaluations: number;
  extraEvaluations?: number;
  noise?: NoiseEstimate;
  warnings?: string[];
  groups?: ParameterGroup[];
  sampled?: SampleInfo;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * The result of `gradCheck`. Printed in a notebook it shows a text table and a
 * one-line verdict; `toHTML()` (or `show(report)`) gives an HTML table with the
 * failing and inconclusive rows marked. `JSON.stringify(report)` keeps the
 * status, the verdict, the failures and the reasons.
 */
export class GradCheckReport {
  /** One entry per parameter, in order. */
  readonly entries: GradCheckEntry[];
  /** failed if any entry failed; otherwise inconclusive if any is; otherwise passed. */
  readonly status: Status;
  /** status === "passed". */
  readonly passed: boolean;
  /** Ng's single number ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂), as information. */
  readonly difference: number;
  /** The largest relative error, leaving out entries that passed at a stationary point. */
  readonly maxRelError: number;
  /** The entry with that relative error. */
  readonly worst: GradCheckEntry;
  /** The relative first step. */
  readonly eps: number;
  readonly rtol: number;
  /** The same as rtol. */
  readonly tolerance: number;
  readonly atol: number;
  readonly scheme: Scheme;
  /** Whether undecided entries were refined. */
  readonly refine: boolean;
  /** How many times f was called in all: 2·n for a central check that passes at the first step. */
  readonly evaluations: number;
  /** How many of those came from refinement and the noise estimate. */
  readonly extraEvaluations: number;
  /** The loss's noise, when some entry needed refinement. */
  readonly noise?: NoiseEstimate;
  /** CS231n's band of the worst entry, as information. */
  readonly band: Band;
  /** Set when the check runs in float32, where rounding dominates the numbers. */
  readonly warnings: string[];
  /** Per-tensor summaries, when gradCheck was asked to group (else empty); with `sample`, only the tensors it drew from. */
  readonly groups: GroupSummary[];
  /** Set when only a sample of the parameters was checked: `entries` holds those. */
  readonly sampled?: SampleInfo;

  constructor(fields: GradCheckReportFields) {
    this.entries = fields.entries;
    this.difference = fields.difference;
    this.eps = fields.eps;
    this.rtol = fields.rtol ?? fields.tolerance ?? DEFAULT_TOLERANCE;
    this.tolerance = this.rtol;
    this.atol = fields.atol;
    this.scheme = fields.scheme;
    this.refine = fields.refine ?? true;
    this.evaluations = fields.evaluations;
    this.extraEvaluations = fields.extraEvaluations ?? 0;
    this.noise = fields.noise;
    this.warnings = fields.warnings ?? [];
    this.status = overallStatus(this.entries.map((e) => e.status));
    this.passed = this.status === "passed";
    const { worst, max } = worstOf(this.entries);
    this.worst = worst;
    this.maxRelError = max;
    this.band = band(this.maxRelError);
    this.sampled = fields.sampled;
    this.groups = (fields.groups ?? []).map((g) => summarize(g, entriesIn(this.entries, g))).filter((g): g is GroupSummary => g !== undefined);
  }

  /** Ng's difference is below 1e-7: information beside the verdict, never the verdict. */
  get differenceOk(): boolean {
    return this.difference < NG_THRESHOLD;
  }

  /** The names of the groups (tensors) with a failing entry. */
  get failingGroups(): string[] {
    return this.groups.filter((g) => g.failures > 0).map((g) => g.name);
  }

  /** The entries that failed. */
  get failures(): GradCheckEntry[] {
    return this.entries.filter((e) => e.status === "failed");
  }

  /** The entries that are inconclusive. */
  get inconclusive(): GradCheckEntry[] {
    return this.entries.filter((e) => e.status === "inconclusive");
  }

  /** Sentences a learner should read beside the verdict: stationary points, reasons. */
  get notes(): string[] {
    const notes: string[] = [];
    if (this.sampled) {
      const { k, of, seed } = this.sampled;
      notes.push(`only ${k} of ${of} parameters were checked (sample: ${k}, seed ${seed}): a bug in the other ${of - k} cannot show.`);
    }
    const stationary = this.entries.filter((e) => e.status === "passed" && e.reason?.code === "stationary");
    if (stationary.length > 0) {
      notes.push(`${listNames(stationary)}: ${stationaryReason().message}.`);
    }
    const byCode = new Map<ReasonCode, GradCheckEntry[]>();
    for (const e of this.inconclusive) byCode.set(e.reason!.code, [...(byCode.get(e.reason!.code) ?? []), e]);
    for (const [code, entries] of byCode) notes.push(`${code} (${listNames(entries)}): ${entries[0].reason!.message}.`);
    return notes;
  }

  /** The one-line verdict, starting "Gradient check PASSED", "FAILED" or "INCONCLUSIVE". */
  get verdict(): string {
    const n = this.entries.length;
    const of = this.sampled ? ` sampled (of ${this.sampled.of}, seed ${this.sampled.seed})` : "";
    const w = this.worst;
    const worst = `Worst: ${w.name}, relative error ${fmt(this.maxRelError)}.`;
    const undecided = this.inconclusive;
    const codes = [...new Set(undecided.map((e) => e.reason!.code))].join(", ");
    if (this.status === "failed") {
      const failing = this.failures;
      const tensors = this.groups.length > 0 ? ` in ${this.failingGroups.join(", ")}` : "";
      const more = undecided.length > 0 ? ` ${undecided.length} more inconclusive (${codes}): ${listNames(undecided)}.` : "";
      return `Gradient check FAILED: ${failing.length} of ${n} parameters${of} off${tensors}: ${listNames(failing)}.${more} ${worst}`;
    }
    if (this.status === "inconclusive") {
      return (
        `Gradient check INCONCLUSIVE: ${undecided.length} of ${n} parameters${of} cannot be decided (${codes}): ${listNames(undecided)}; ` +
        `the other ${n - undecided.length} pass. ${capitalized(undecided[0].reason!.message)}.`
      );
    }
    const limit = `rtol ${fmt(this.rtol)}${this.atol > 0 ? ` + atol ${fmt(this.atol)}` : ""}`;
    return `Gradient check PASSED: all ${n} parameters${of} agree within ${limit}, error bars included. ${worst}`;
  }

  /** The report as a text table plus the verdict. */
  toString(): string {
    return reportText(this);
  }

  /** The report as an HTML table, failing rows marked, plus the verdict. */
  toHTML(): string {
    return reportHtml(this);
  }

  /** What JSON.stringify keeps: the decision and what it rests on. */
  toJSON(): object {
    return {
      status: this.status,
      passed: this.passed,
      verdict: this.verdict,
      failures: this.failures.map((e) => e.name),
      inconclusive: this.inconclusive.map((e) => ({ name: e.name, reason: e.reason })),
      notes: this.notes,
      worst: this.worst.name,
      maxRelError: this.maxRelError,
      difference: this.difference,
      eps: this.eps,
      rtol: this.rtol,
      atol: this.atol,
      scheme: this.scheme,
      refine: this.refine,
      evaluations: this.evaluations,
      extraEvaluations: this.extraEvaluations,
      noise: this.noise,
      warnings: this.warnings,
      groups: this.groups.map((g) => ({ ...g, worst: g.worst.name })),
      entries: this.entries,
    };
  }

  [INSPECT](): string {
    return this.toString();
  }
}

function listNames(entries: GradCheckEntry[]): string {
  const names = entries.map((e) => e.name);
  return names.length > 12 ? `${names.slice(0, 12).join(", ")} and ${names.length - 12} more` : names.join(", ");
}

/** The entry with the largest relative error; a pass at a stationary point has no meaningful one. */
function worstOf(entries: GradCheckEntry[]): { worst: GradCheckEntry; max: number } {
  let worst = entries[0];
  let max = -1;
  for (const e of entries) {
    const score = e.status === "passed" && e.reason?.code === "stationary" ? 0 : e.relError;
    if (score > max) {
      max = score;
      worst = e;
    }
  }
  return { worst, max: Math.max(0, max) };
}

/** The entries (sorted by index) that fall in a group: a slice found by binary search. */
function entriesIn(entries: GradCheckEntry[], g: ParameterGroup): GradCheckEntry[] {
  const first = (index: number): number => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].index < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return entries.slice(first(g.start), first(g.start + g.length));
}

function summarize(group: ParameterGroup, entries: GradCheckEntry[]): GroupSummary | undefined {
  if (entries.length === 0) return undefined;
  const { worst, max } = worstOf(entries);
  const failures = entries.filter((e) => e.status === "failed").length;
  const inconclusive = entries.filter((e) => e.status === "inconclusive").length;
  const status = overallStatus(entries.map((e) => e.status));
  return { ...group, worst, maxRelError: max, failures, inconclusive, status, passed: status === "passed", band: band(max) };
}

function fmt(x: number): string {
  if (x === 0) return "0";
  return x >= 0.01 && x < 100 ? String(Number(x.toPrecision(3))) : x.toExponential(1);
}

const NAME_CACHE = new Map<number, string[]>();

/** w0..w{n-1}, made once per n. */
function defaultNames(n: number): string[] {
  let names = NAME_CACHE.get(n);
  if (!names) {
    names = Array.from({ length: n }, (_, i) => `w${i}`);
    if (NAME_CACHE.size < 64) NAME_CACHE.set(n, names);
  }
  return names;
}

function isThenable(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

/** A description of a value for an error message: `"0.1" (a string)`, `undefined`. */
function describe(x: unknown): string {
  return typeof x === "string" ? `"${x}" (a string)` : typeof x === "object" && x !== null ? `${Object.prototype.toString.call(x)}` : String(x);
}

/**
 * The analytic gradient at w as a new Float64Array: calls `gradient` on a copy of w
 * if it is a function, and throws a GradCheckError if it is a Promise, is not a
 * vector of w's length, or has an entry that is not a finite number.
 * gradCheck and directionalCheck read it this way.
 * @example
 *   readGradient((w) => w.map((x) => 2 * x), Float64Array.of(1, 2)); // Float64Array [2, 4]
 */
export function readGradient(
  gradient: ((w: Float64Array) => Vector) | Vector,
  w: Float64Array,
  names?: string[],
): Float64Array {
  const g = typeof gradient === "function" ? gradient(copyVector(w)) : gradient;
  if (isThenable(g)) {
    throw new GradCheckError("the gradient function returned a Promise: it must return the gradient itself (compute it synchronously, or await it before the check and pass the vector)");
  }
  if (!g || typeof g.length !== "number") throw new GradCheckError("gradient must be a vector or a function returning one");
  if (g.length !== w.length) {
    throw new GradCheckError(`the gradient has ${g.length} entries but w has ${w.length}: they must match one to one`);
  }
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) {
    const v: unknown = g[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new GradCheckError(`the analytic gradient's entry ${i}${names ? ` (${names[i]})` : ""} is ${describe(v)}: every entry must be a finite number`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Throws a GradCheckError unless `value` is a number in the allowed range.
 * @example
 *   checkNumberOption("rtol", 1e-6, 0, false); // fine
 */
function checkNumberOption(name: string, value: unknown, min: number, inclusive: boolean): number {
  const ok = typeof value === "number" && Number.isFinite(value) && (inclusive ? value >= min : value > min);
  if (!ok) throw new GradCheckError(`${name} must be a finite number ${inclusive ? ">=" : ">"} ${min}, got ${describe(value)}`);
  return value as number;
}

/**
 * rtol (or its alias tolerance) and atol from a check's options, with their defaults,
 * or a GradCheckError that names the bad one. gradCheck and directionalCheck read them so.
 * @example
 *   readTolerances({ rtol: 1e-3 }); // { rtol: 0.001, atol: 0 }
 */
export function readTolerances(options: { rtol?: number; tolerance?: number; atol?: number }): { rtol: number; atol: number } {
  if (options.rtol !== undefined && options.tolerance !== undefined && options.rtol !== options.tolerance) {
    throw new GradCheckError(`rtol (${options.rtol}) and tolerance (${options.tolerance}) are the same option: give one`);
  }
  const rtolName = options.rtol !== undefined ? "rtol" : "tolerance";
  return {
    rtol: checkNumberOption(rtolName, options.rtol ?? options.tolerance ?? DEFAULT_TOLERANCE, 0, false),
    atol: checkNumberOption("atol", options.atol ?? DEFAULT_ATOL, 0, true),
  };
}

/**
 * A loss's return value as a finite number, or a GradCheckError that says what it was
 * (a Promise, NaN, ±Infinity, not a number) and where (`where()` is built only then).
 * gradCheck and directionalCheck read every loss value through it.
 * @example
 *   lossValue(NaN, () => "at w[2] + eps"); // GradCheckError: the loss returned NaN at w[2] + eps; ...
 */
export function lossValue(result: unknown, where: () => string): number {
  if (typeof result === "number" && Number.isFinite(result)) return result;
  if (isThenable(result)) throw new GradCheckError("the loss returned a Promise: a gradient check needs a synchronous loss (load the data first, then compute the loss without await)");
  throw new GradCheckError(`the loss returned ${describe(result)} ${where()}; it must return a finite number`);
}

/**
 * The verdict of the first step, before any refinement: with `refine: false` the plain
 * comparison (passed or failed); otherwise passed by the interval test, passed at a
 * stationary point (with that reason), or undecided. gradCheck and directionalCheck share it.
 * @example
 *   firstVerdict(2, 2 + 1e-12, 1e-14, 1e-6, 0, true); // { status: "passed" }
 */
export function firstVerdict(
  analytic: number,
  numeric: number,
  error: number,
  rtol: number,
  atol: number,
  refine: boolean,
): { status: Status; reason?: Reason } | "undecided" {
  if (!refine) return { status: compareValues(analytic, numeric, rtol, atol).ok ? "passed" : "failed" };
  if (intervalTest(analytic, numeric, error, rtol, atol, false) === "passed") return { status: "passed" };
  if (atStationaryPoint(analytic, numeric, error)) return { status: "passed", reason: stationaryReason() };
  return "undecided";
}

/**
 * Throws a GradCheckError unless every group is a block of whole-number indices
 * inside 0..n−1 and no two groups overlap.
 * @example
 *   checkGroups([{ name: "W", start: 0, length: 2 }, { name: "b", start: 1, length: 1 }], 3); // GradCheckError: groups "W" and "b" overlap
 */
export function checkGroups(groups: ParameterGroup[], n: number): void {
  const sorted = [...groups].sort((a, b) => a.start - b.start);
  for (const g of groups) {
    if (!Number.isInteger(g.start) || !Number.isInteger(g.length)) {
      throw new GradCheckError(`group "${g.name}" has start ${g.start} and length ${g.length}: both must be whole numbers`);
    }
    if (!(g.start >= 0 && g.length >= 1 && g.start + g.length <= n)) {
      throw new GradCheckError(`group "${g.name}" (start ${g.start}, length ${g.length}) does not fit ${n} parameters`);
    }
  }
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (b.start < a.start + a.length) throw new GradCheckError(`groups "${a.name}" and "${b.name}" overlap (indices ${b.start}..${Math.min(a.start + a.length, b.start + b.length) - 1})`);
  }
}

/**
 * The numerical gradient check. Perturbs every parameter both ways by
 * h = eps·max(1, |w_i|), compares the secant slope with the analytic gradient
 * under an interval test with an error bar, refines the entries that the first
 * step cannot decide, and reports per parameter: passed, failed, or inconclusive
 * with a reason. A check whose entries all pass at the first step calls f exactly
 * 2·n times. The inputs are not changed; a loss that changes its argument gets an error that says so.
 * @example
 *   const report = gradCheck({ f: (w) => cost(X, y, w), gradient: (w) => gradient(X, y, w), w: INIT });
 *   report.status; report.worst.name; show(report);
 */
export function gradCheck(options: GradCheckOptions): GradCheckReport {
  const eps = options.eps ?? DEFAULT_EPS;
  checkEps(eps);
  const { rtol, atol } = readTolerances(options);
  const scheme = options.scheme ?? "central";
  if (scheme !== "central" && scheme !== "forward" && scheme !== "backward") {
    throw new GradCheckError(`scheme must be "central", "forward" or "backward", got "${scheme}"`);
  }
  if (typeof options.f !== "function") throw new GradCheckError(`f must be a function of the parameters, got ${describe(options.f)}`);
  const refine = options.refine ?? true;
  const n = options.w.length;
  const names = options.names ?? defaultNames(n);
  if (names.length !== n) throw new GradCheckError(`names has ${names.length} entries but w has ${n}`);
  checkParameters(options.w, names);
  const w = copyVector(options.w);
  const groups = options.groups === "names" ? groupsFromNames(names) : options.groups;
  if (groups) checkGroups(groups, n);
  const sampleSeed = options.seed ?? 1;
  // The parameters to check: all of them, or a seeded sample.
  const checked = options.sample === undefined ? Array.from({ length: n }, (_, i) => i) : sampleIndices(n, options.sample, sampleSeed);
  const sampled: SampleInfo | undefined = options.sample === undefined ? undefined : { k: checked.length, of: n, seed: sampleSeed };
  const budget = options.budget === undefined ? 6 * checked.length + 200 : checkNumberOption("budget", options.budget, 0, true);

  const analytic = readGradient(options.gradient, w, names);

  // Every call sees w with at most one entry changed, in a working array that is
  // checked after the call: a loss that changes its argument is named, not trusted.
  // Calls are counted, and the float32 guard watches the values without storing them.
  let evaluations = 0;
  let float64Seen = false;
  let fractionalSeen = false;
  const work = w.slice();
  const label = (i: number) => `w[${i}]${names[i] ? ` (${names[i]})` : ""}`;
  const where = (i: number, value: number, kind: "first" | "refine"): string =>
    i < 0 ? "at w (unperturbed)" : kind === "first" ? `at ${label(i)} ${value > w[i] ? "+" : "-"} eps` : `at ${label(i)} = ${value} (refinement)`;
  const at = (i: number, value: number, kind: "first" | "refine"): number => {
    if (i >= 0) work[i] = value;
    evaluations++;
    const raw: unknown = options.f(work);
    // Refinement may step outside the loss's domain (a long step into an overflow): that step is skipped.
    if (kind === "refine" && typeof raw === "number" && !Number.isFinite(raw)) {
      work[i] = w[i];
      return NaN;
    }
    const result = lossValue(raw, () => where(i, value, kind));
    for (let j = 0; j < n; j++) {
      const expected = j === i ? value : w[j];
      if (work[j] !== expected && !(Number.isNaN(work[j]) && Number.isNaN(expected))) {
        throw new GradCheckError(
          `the loss changed its argument: ${label(j)} was ${expected} and is ${work[j]} after the call ${where(i, value, kind)}. ` +
            `A loss must not modify the parameters it is given: copy them first (w.slice()) if it needs to.`,
        );
      }
    }
    if (i >= 0) work[i] = w[i];
    if (Math.fround(result) !== result) float64Seen = true;
    else if (!Number.isInteger(result)) fractionalSeen = true;
    return result;
  };
  // The noise estimate passes fresh arrays of its own: counted, and nothing to restore.
  const call = (x: Float64Array): number => {
    evaluations++;
    return lossValue(options.f(x), () => "at a point near w (noise estimate)");
  };

  // The first step for every entry: exactly 2·n calls (n + 1 for one-sided schemes).
  // One array holds, per entry, f(x₊), f(x₋), the secant and its first error bar; an
  // entry whose step is below the spacing of float64 numbers has NaN there.
  const base = scheme === "central" ? 0 : at(-1, 0, "first");
  const first = new Float64Array(4 * n);
  const stepAt = (i: number) => eps * Math.max(1, Math.abs(w[i]));
  for (const i of checked) {
    const wi = w[i];
    const h = stepAt(i);
    const xp = scheme === "backward" ? wi : wi + h;
    const xm = scheme === "forward" ? wi : wi - h;
    const plus = scheme === "backward" ? base : at(i, xp, "first");
    const minus = scheme === "forward" ? base : at(i, xm, "first");
    const d = xp - xm;
    first[4 * i] = plus;
    first[4 * i + 1] = minus;
    first[4 * i + 2] = d === 0 ? NaN : (plus - minus) / d;
    // The float64 rounding of the two values, as a first error bar; refinement measures the real one.
    first[4 * i + 3] = d === 0 ? NaN : (4 * UNIT_ROUNDOFF * (Math.abs(plus) + Math.abs(minus))) / d;
  }

  // The first verdicts: passed (or passed at a stationary point), inconclusive below
  // the spacing, or undecided, which refinement takes up. refine: false compares plainly.
  const status: Status[] = new Array(n);
  const reasons: (Reason | undefined)[] = new Array(n);
  const undecided: number[] = [];
  for (const i of checked) {
    const a = analytic[i];
    const n0 = first[4 * i + 2];
    const e0 = first[4 * i + 3];
    if (Number.isNaN(n0)) {
      status[i] = "inconclusive";
      reasons[i] = { code: "step-below-spacing", message: belowSpacingMessage(stepAt(i), w[i]) };
      continue;
    }
    const v = firstVerdict(a, n0, e0, rtol, atol, refine);
    if (v === "undecided") undecided.push(i);
    else {
      status[i] = v.status;
      reasons[i] = v.reason;
    }
  }

  // Refinement: the noise once, then a step search per undecided entry, within the budget.
  let noise: NoiseEstimate | undefined;
  // Only the entries that refinement took up have a result here.
  const refined: (Refined | undefined)[] = [];
  const firstEvaluations = evaluations;
  if (undecided.length > 0) {
    noise = estimateNoise(call, w, { seed: 17 });
    for (const i of undecided) {
      const phi = (x: number): number => {
        if (evaluations - firstEvaluations >= budget) throw new BudgetExhausted();
        return at(i, x, "refine");
      };
      const r = refineEntry({
        phi,
        x0: w[i],
        phi0: noise.value,
        analytic: analytic[i],
        h0: stepAt(i),
        hmax: Math.max(1, Math.abs(w[i])),
        sigma: noise.sigma,
        deterministic: noise.deterministic,
        rtol,
        atol,
        first: scheme === "central" ? { plus: first[4 * i], minus: first[4 * i + 1] } : undefined,
      });
      refined[i] = r;
      status[i] = r.status;
      reasons[i] = r.reason;
    }
  }

  const precision = float32Warning(options.w, evaluations >= 2 && fractionalSeen && !float64Seen);
  const warnings = precision ? [precision] : [];
  // One pass: the entries and the three sums of squares of Ng's difference.
  const entries: GradCheckEntry[] = [];
  let aa = 0;
  let nn = 0;
  let dd = 0;
  for (const i of checked) {
    const a = analytic[i];
    const r = refined.length > 0 ? refined[i] : undefined;
    const u = r ? r.numeric : first[4 * i + 2];
    const below = Number.isNaN(first[4 * i + 2]);
    const absError = below ? NaN : Math.abs(a - u);
    const scale = Math.max(Math.abs(a), Math.abs(u));
    const relError = below ? NaN : scale === 0 ? 0 : absError / scale;
    entries.push({
      index: i,
      name: names[i],
      analytic: a,
      numeric: u,
      absError,
      relError,
      status: status[i],
      ok: status[i] === "passed",
      reason: reasons[i],
      step: r ? r.step : stepAt(i),
      errorEstimate: r ? r.errorEstimate : below ? Infinity : first[4 * i + 3],
      numericAtFirstStep: first[4 * i + 2],
      tolerance: entryTolerance(a, below ? a : u, rtol, atol),
    });
    if (below) continue;
    aa += a * a;
    nn += u * u;
    dd += absError * absError;
  }
  // Plain sums of squares unless they overflowed; then the scaled, overflow-safe norm
  // (entries below the spacing count as agreeing).
  const finite = Number.isFinite(aa) && Number.isFinite(nn) && Number.isFinite(dd);
  const numeric = () => Float64Array.from(entries, (e) => (Number.isNaN(e.numeric) ? e.analytic : e.numeric));
  const checkedAnalytic = () => Float64Array.from(entries, (e) => e.analytic);
  const denom = finite ? Math.sqrt(aa) + Math.sqrt(nn) : norm(checkedAnalytic()) + norm(numeric());
  const distance = finite ? Math.sqrt(dd) : norm(subtract(checkedAnalytic(), numeric()));
  const difference = denom === 0 ? 0 : distance / denom;
  return new GradCheckReport({
    entries,
    difference,
    eps,
    rtol,
    atol,
    scheme,
    refine,
    evaluations,
    extraEvaluations: evaluations - firstEvaluations,
    noise,
    warnings,
    groups,
    sampled,
  });
}

