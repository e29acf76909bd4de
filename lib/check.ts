/**
 * Step 5 of the article: deviation. Compare the analytic gradient (the back-pass)
 * with the numerical one, parameter by parameter, and say which parameter is wrong.
 * Introduced in notebook 05-deviation.
 */
import { inspect } from "util";
import { GradCheckError } from "./errors";
import { Vector, copyVector, norm, subtract } from "./matrix";
import { DEFAULT_EPS, Loss, Scheme, checkEps, checkParameters, numericalGradient } from "./numerical";
import { float32Warning } from "./precision";
import { reportHtml, reportText } from "./report";

/** An entry fails when its relative error exceeds this (and its absolute error exceeds `atol`). */
export const DEFAULT_TOLERANCE = 1e-6;

/**
 * The absolute floor: an entry whose |analytic − numeric| is at most this passes
 * whatever its relative error, as with PyTorch's `atol`. Without it, a parameter
 * whose true derivative is 0 would fail on round-off alone (relative error of
 * 1e-13 against 3e-12 is 0.97). The floor sits far below any real bug's size and
 * above the round-off of a central difference at e = 1e-4 (≈ 1e-16·|loss|/e).
 */
export const DEFAULT_ATOL = 1e-8;

/**
 * Andrew Ng's threshold for the single `difference` number. In the Deep Learning
 * Specialization's gradient-checking exercise it goes with a step of 1e-7, and a
 * difference above 2e-7 signals a mistake; a threshold only means something with
 * its step. With e = 1e-4 and a smooth loss, a correct gradient lands far below it.
 * @example
 *   report.difference < NG_THRESHOLD; // report.differenceOk, unless at round-off level
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
 * One comparison of an analytic value with a numeric one: the absolute error, the
 * relative error |a − n| / max(|a|, |n|) (0 when both are 0), and whether it passes
 * (relative error ≤ tolerance, or absolute error ≤ atol). gradCheck uses it per
 * parameter, directionalCheck per direction.
 * @example
 *   compareValues(1, 1.1, 1e-6, 1e-8); // { absError: 0.1, relError: 0.0909.., ok: false }
 */
export function compareValues(
  analytic: number,
  numeric: number,
  tolerance: number,
  atol: number,
): { absError: number; relError: number; ok: boolean } {
  const absError = Math.abs(analytic - numeric);
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
  const relError = scale === 0 ? 0 : absError / scale;
  return { absError, relError, ok: relError <= tolerance || absError <= atol };
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
 * (ReLU, max); below 1e-7 excellent.
 * @example
 *   band(3e-9); // "excellent"
 */
export function band(relError: number): Band {
  for (const b of BANDS) if (relError > b.from) return b.band;
  return "excellent";
}

/** One parameter's line in the report. */
export interface GradCheckEntry {
  index: number;
  name: string;
  analytic: number;
  numeric: number;
  absError: number;
  relError: number;
  /** relError ≤ tolerance, or absError ≤ atol. */
  ok: boolean;
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
  /** How many of its entries fail. */
  failures: number;
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
  /** The loss as a function of all parameters. */
  f: Loss;
  /** The analytic gradient: a function of w (called once), or a precomputed vector. */
  gradient: ((w: Float64Array) => Vector) | Vector;
  /** The parameters to check at (not changed). */
  w: Vector;
  /** Default 1e-4. */
  eps?: number;
  /** Largest relative error that passes. Default 1e-6. */
  tolerance?: number;
  /** Absolute floor (see DEFAULT_ATOL). Default 1e-8. */
  atol?: number;
  /** One name per parameter. Default w0..w{n-1}. */
  names?: string[];
  /** Default "central". */
  scheme?: Scheme;
  /**
   * Group the report by parameter tensor (layer): a list of groups, or "names" to
   * group by the part of each name before "[" (see groupsFromNames).
   */
  groups?: ParameterGroup[] | "names";
}

/**
 * The result of `gradCheck`. Printed in a notebook it shows a text table and a
 * one-line verdict; `toHTML()` (or `show(report)`) gives an HTML table with the
 * failing rows marked.
 */
export class GradCheckReport {
  /** One entry per parameter, in order. */
  readonly entries: GradCheckEntry[];
  /** Ng's single number ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂). */
  readonly difference: number;
  /** The largest relative error, leaving out entries that pass only by the absolute floor. */
  readonly maxRelError: number;
  /** The entry with the largest relative error (leaving out those that pass only by the floor). */
  readonly worst: GradCheckEntry;
  /** Every entry ok. */
  readonly passed: boolean;
  readonly eps: number;
  readonly tolerance: number;
  readonly atol: number;
  readonly scheme: Scheme;
  /** How many times f was called: exactly 2·n for central differences. */
  readonly evaluations: number;
  /** CS231n's band of the worst entry. */
  readonly band: Band;
  /** difference < 1e-7 (Ng's threshold), or every |analytic − numeric| is within the floor atol. */
  readonly differenceOk: boolean;
  /** Every |analytic − numeric| ≤ atol: the comparison is at round-off level (e.g. at a minimum). */
  readonly atFloor: boolean;
  /** Set when the check runs in float32, where rounding dominates the numbers. */
  readonly warnings: string[];
  /** Per-tensor summaries, when gradCheck was asked to group (else empty). */
  readonly groups: GroupSummary[];

  constructor(fields: {
    entries: GradCheckEntry[];
    difference: number;
    eps: number;
    tolerance: number;
    atol: number;
    scheme: Scheme;
    evaluations: number;
    warnings?: string[];
    groups?: ParameterGroup[];
  }) {
    this.entries = fields.entries;
    this.difference = fields.difference;
    this.eps = fields.eps;
    this.tolerance = fields.tolerance;
    this.atol = fields.atol;
    this.scheme = fields.scheme;
    this.evaluations = fields.evaluations;
    this.warnings = fields.warnings ?? [];
    const { worst, max } = worstOf(this.entries, this.tolerance, this.atol);
    this.worst = worst;
    this.maxRelError = max;
    this.passed = this.entries.every((e) => e.ok);
    this.band = band(this.maxRelError);
    // Ng's number has no floor: where both gradients are round-off (at a minimum,
    // say) it can be near 1 while every entry agrees to within atol.
    this.atFloor = this.entries.every((e) => e.absError <= this.atol);
    this.differenceOk = this.difference < NG_THRESHOLD || this.atFloor;
    this.groups = (fields.groups ?? []).map((g) => summarize(g, this.entries.slice(g.start, g.start + g.length), this.tolerance, this.atol));
  }

  /** The names of the groups (tensors) with a failing entry. */
  get failingGroups(): string[] {
    return this.groups.filter((g) => !g.passed).map((g) => g.name);
  }

  /** The entries that fail. */
  get failures(): GradCheckEntry[] {
    return this.entries.filter((e) => !e.ok);
  }

  /** The one-line verdict, starting "Gradient check PASSED" or "Gradient check FAILED". */
  get verdict(): string {
    const n = this.entries.length;
    const w = this.worst;
    const failing = this.failures.map((e) => e.name);
    const listed = failing.length > 12 ? `${failing.slice(0, 12).join(", ")} and ${failing.length - 12} more` : failing.join(", ");
    const tensors = this.groups.length > 0 ? ` in ${this.failingGroups.join(", ")}` : "";
    const where = this.passed
      ? `all ${n} parameters pass (relative error ≤ ${fmt(this.tolerance)}, or absolute ≤ ${fmt(this.atol)})`
      : `${failing.length} of ${n} parameters off${tensors}: ${listed}`;
    return (
      `Gradient check ${this.passed ? "PASSED" : "FAILED"}: ${where}. ` +
      `Worst: ${w.name}, relative error ${fmt(this.maxRelError)} (${this.band}). ` +
      (this.difference >= NG_THRESHOLD && this.atFloor
        ? `difference = ${fmt(this.difference)}, not meaningful here: every |analytic − numeric| is below the floor ${fmt(this.atol)}.`
        : `difference = ${fmt(this.difference)} ${this.differenceOk ? "<" : ">="} ${fmt(NG_THRESHOLD)} (Ng).`)
    );
  }

  /** The report as a text table plus the verdict. */
  toString(): string {
    return reportText(this);
  }

  /** The report as an HTML table, failing rows marked, plus the verdict. */
  toHTML(): string {
    return reportHtml(this);
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** The entry with the largest relative error, leaving out those that pass only by the floor. */
function worstOf(entries: GradCheckEntry[], tolerance: number, atol: number): { worst: GradCheckEntry; max: number } {
  let worst = entries[0];
  let max = -1;
  for (const e of entries) {
    // An entry that passes only thanks to the absolute floor has a meaningless
    // relative error (both values are round-off), so it does not count here.
    const rescued = e.relError > tolerance && e.absError <= atol;
    const score = rescued ? 0 : e.relError;
    if (score > max) {
      max = score;
      worst = e;
    }
  }
  return { worst, max: Math.max(0, max) };
}

function summarize(group: ParameterGroup, entries: GradCheckEntry[], tolerance: number, atol: number): GroupSummary {
  const { worst, max } = worstOf(entries, tolerance, atol);
  const failures = entries.filter((e) => !e.ok).length;
  return { ...group, worst, maxRelError: max, failures, passed: failures === 0, band: band(max) };
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

/**
 * The analytic gradient at w as a new Float64Array: calls `gradient` on a copy of w
 * if it is a function, and throws a GradCheckError if it is not a vector of w's
 * length with finite entries. gradCheck and directionalCheck read it this way.
 * @example
 *   readGradient((w) => w.map((x) => 2 * x), Float64Array.of(1, 2)); // Float64Array [2, 4]
 */
export function readGradient(
  gradient: ((w: Float64Array) => Vector) | Vector,
  w: Float64Array,
  names?: string[],
): Float64Array {
  const g = typeof gradient === "function" ? gradient(copyVector(w)) : gradient;
  if (!g || typeof g.length !== "number") throw new GradCheckError("gradient must be a vector or a function returning one");
  if (g.length !== w.length) {
    throw new GradCheckError(`the gradient has ${g.length} entries but w has ${w.length}: they must match one to one`);
  }
  const out = copyVector(g);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new GradCheckError(`the analytic gradient's entry ${i}${names ? ` (${names[i]})` : ""} is ${out[i]}`);
    }
  }
  return out;
}

/**
 * The numerical gradient check. Perturbs every parameter both ways, compares the
 * secant slopes with the analytic gradient, and reports per parameter which ones
 * are off. The inputs are not changed.
 * @example
 *   const report = gradCheck({ f: (w) => cost(X, y, w), gradient: (w) => gradient(X, y, w), w: INIT });
 *   report.passed; report.worst.name; show(report);
 */
export function gradCheck(options: GradCheckOptions): GradCheckReport {
  const eps = options.eps ?? DEFAULT_EPS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const atol = options.atol ?? DEFAULT_ATOL;
  const scheme = options.scheme ?? "central";
  checkEps(eps);
  if (!(tolerance > 0)) throw new GradCheckError(`tolerance must be > 0, got ${tolerance}`);
  if (!(atol >= 0)) throw new GradCheckError(`atol must be >= 0, got ${atol}`);
  const n = options.w.length;
  const names = options.names ?? defaultNames(n);
  if (names.length !== n) throw new GradCheckError(`names has ${names.length} entries but w has ${n}`);
  checkParameters(options.w, names);
  const w = copyVector(options.w);

  const analytic = readGradient(options.gradient, w, names);
  // Count the calls and watch for float32-rounded losses without storing them:
  // nothing is allocated per evaluation.
  let evaluations = 0;
  let float64Seen = false;
  let fractionalSeen = false;
  const counted: Loss = (v) => {
    evaluations++;
    const value = options.f(v);
    if (Math.fround(value) !== value) float64Seen = true;
    else if (!Number.isInteger(value)) fractionalSeen = true;
    return value;
  };
  const numeric = numericalGradient(counted, w, { eps, scheme, names });
  const precision = float32Warning(options.w, evaluations >= 2 && fractionalSeen && !float64Seen);
  const warnings = precision ? [precision] : [];
  // One pass: the entries and the three sums of squares of Ng's difference.
  const entries: GradCheckEntry[] = new Array(n);
  let aa = 0;
  let nn = 0;
  let dd = 0;
  for (let i = 0; i < n; i++) {
    const a = analytic[i];
    const u = numeric[i];
    const { absError, relError, ok } = compareValues(a, u, tolerance, atol);
    entries[i] = { index: i, name: names[i], analytic: a, numeric: u, absError, relError, ok };
    aa += a * a;
    nn += u * u;
    dd += absError * absError;
  }
  const groups = options.groups === "names" ? groupsFromNames(names) : options.groups;
  for (const g of groups ?? []) {
    if (!(g.start >= 0 && g.length >= 1 && g.start + g.length <= n)) {
      throw new GradCheckError(`group "${g.name}" (start ${g.start}, length ${g.length}) does not fit ${n} parameters`);
    }
  }
  // Plain sums of squares unless they overflowed; then the scaled, overflow-safe norm.
  const finite = Number.isFinite(aa) && Number.isFinite(nn) && Number.isFinite(dd);
  const denom = finite ? Math.sqrt(aa) + Math.sqrt(nn) : norm(analytic) + norm(numeric);
  const distance = finite ? Math.sqrt(dd) : norm(subtract(analytic, numeric));
  const difference = denom === 0 ? 0 : distance / denom;
  return new GradCheckReport({ entries, difference, eps, tolerance, atol, scheme, evaluations, warnings, groups });
}
