/**
 * Reading a check's options: tolerances, the analytic gradient, groups and names,
 * each bad value met with a GradCheckError that names it. gradCheck and
 * directionalCheck read their options here. Introduced in notebook 05b-verdict.
 */
import { GradCheckError } from "./errors";
import { Vector, copyVector } from "./vector";

/** The default relative tolerance rtol: an entry passes when |a − n| + R ≤ rtol·max(|a|, |n|). */
export const DEFAULT_TOLERANCE = 1e-6;

/**
 * The default absolute tolerance: 0. A fixed absolute floor would pass every
 * error of a loss that is small in scale (a flipped sign of a gradient of size
 * 1e-10 hides under a floor of 1e-8), and would make the check depend on the
 * loss's units. An entry too small for any step to resolve to rtol of its own
 * size is judged against rtol of its tensor's scale instead (reason `tensor-scale`).
 * Pass `atol` to add a floor.
 */
export const DEFAULT_ATOL = 0;

/** A named block of the parameter vector, such as one layer's weight matrix. */
export interface ParameterGroup {
  name: string;
  /** Index of its first parameter. */
  start: number;
  /** How many parameters it has. */
  length: number;
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
 * The RMS of the analytic values in each group, per entry: the scale that an entry
 * too small to resolve on its own is judged against. Entries outside every group
 * share the RMS of all of them; with no groups, all entries share one scale.
 * @example
 *   tensorScales(Float64Array.of(3, 4, 0), [{ name: "W", start: 0, length: 2 }]); // [3.54.., 3.54.., 0]
 */
export function tensorScales(analytic: Float64Array, groups: ParameterGroup[] | undefined): Float64Array {
  const n = analytic.length;
  const scales = new Float64Array(n);
  const covered = new Uint8Array(n);
  const rms = (from: number, to: number, take: (i: number) => boolean) => {
    let s = 0;
    let count = 0;
    for (let i = from; i < to; i++) if (take(i)) (s += analytic[i] * analytic[i]), count++;
    return count > 0 ? Math.sqrt(s / count) : 0;
  };
  for (const g of groups ?? []) {
    const r = rms(g.start, g.start + g.length, () => true);
    for (let i = g.start; i < g.start + g.length; i++) (scales[i] = r), (covered[i] = 1);
  }
  const rest = rms(0, n, (i) => covered[i] === 0);
  for (let i = 0; i < n; i++) if (covered[i] === 0) scales[i] = rest;
  return scales;
}

function checkNumberOption(name: string, value: unknown, min: number, inclusive: boolean): number {
  const ok = typeof value === "number" && Number.isFinite(value) && (inclusive ? value >= min : value > min);
  if (!ok) throw new GradCheckError(`${name} must be a finite number ${inclusive ? ">=" : ">"} ${min}, got ${describe(value)}`);
  return value as number;
}

/**
 * A budget option: a whole number of evaluations ≥ 0, or the default.
 * @example
 *   readBudget(undefined, 500); // 500
 */
export function readBudget(budget: unknown, fallback: number): number {
  return budget === undefined ? fallback : checkNumberOption("budget", budget, 0, true);
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
 * The analytic gradient at w as a new Float64Array: calls `gradient` on a copy of w
 * if it is a function, and throws a GradCheckError if it is a Promise, is not a
 * vector of w's length, or has an entry that is not a finite number.
 * @example
 *   readGradient((w) => w.map((x) => 2 * x), Float64Array.of(1, 2)); // Float64Array [2, 4]
 */
export function readGradient(gradient: ((w: Float64Array) => Vector) | Vector, w: Float64Array, names?: string[]): Float64Array {
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

const NAME_CACHE = new Map<number, string[]>();

/**
 * w0..w{n-1}, made once per n.
 * @example
 *   defaultNames(2); // ["w0", "w1"]
 */
export function defaultNames(n: number): string[] {
  let names = NAME_CACHE.get(n);
  if (!names) {
    names = Array.from({ length: n }, (_, i) => `w${i}`);
    if (NAME_CACHE.size < 64) NAME_CACHE.set(n, names);
  }
  return names;
}

/**
 * Whether x has a `then` method (a Promise, or a Promise-like value).
 * @example
 *   isThenable(Promise.resolve(1)); // true
 */
export function isThenable(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

/**
 * A description of a value for an error message.
 * @example
 *   describe("0.1"); // '"0.1" (a string)'
 */
export function describe(x: unknown): string {
  return typeof x === "string" ? `"${x}" (a string)` : typeof x === "object" && x !== null ? `${Object.prototype.toString.call(x)}` : String(x);
}
