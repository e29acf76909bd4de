/**
 * Step 4 of the article: perturbation. Nudge one parameter by ±e and take the
 * slope of the secant, [loss(w+e) − loss(w−e)] / (2e), for every parameter.
 * Introduced in notebook 04-perturbation.
 */
import { GradCheckError } from "./errors";
import { Vector, copyVector } from "./vector";

/**
 * A scalar loss of the parameters: the cost function CF(w). The checker calls it with
 * a Float64Array of its own (a copy of w, one entry perturbed), so that is what
 * `(w) => ...` sees. By contravariance a loss declared on any type that a Float64Array
 * is (`ArrayLike<number>`, `Vector`, `Iterable<number>`, `Float64Array`) is a Loss. A
 * loss declared on `number[]` is not, and that error is true: w has no `push` or
 * `concat`, and `Array.isArray(w)` is false. Declare it on `ArrayLike<number>`, or pass
 * `(w) => loss(Array.from(w))`.
 * @example
 *   const f: Loss = (w: ArrayLike<number>) => w[0] ** 2 + w[1]; // w is a Float64Array
 */
export type Loss = (w: Float64Array) => number;

/** How to take the difference quotient. */
export type Scheme = "central" | "forward" | "backward";

export interface NumericalOptions {
  /** The step e. Default 1e-4, the article's "experienced value". */
  eps?: number;
  /** "central" (default): [f(w+e) − f(w−e)]/(2e); "forward": [f(w+e) − f(w)]/e; "backward": [f(w) − f(w−e)]/e. */
  scheme?: Scheme;
  /** Parameter names, used in error messages. */
  names?: string[];
}

/** The default step e = 1e-4. */
export const DEFAULT_EPS = 1e-4;

/**
 * Throws a GradCheckError unless eps is a finite number > 0.
 * @example
 *   checkEps(1e-4); // fine
 *   checkEps(0);    // GradCheckError: eps must be a finite number > 0, got 0
 */
export function checkEps(eps: number): void {
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
    throw new GradCheckError(`eps must be a finite number > 0, got ${eps}`);
  }
}

/**
 * Throws a GradCheckError if w is empty or holds NaN or ±Infinity, naming the entry.
 * @example
 *   checkParameters([1, NaN], ["a", "b"]); // GradCheckError: w[1] (b) is NaN: ...
 */
export function checkParameters(w: Vector, names?: string[]): void {
  if (w.length === 0) throw new GradCheckError("w is empty: there is no parameter to check");
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i])) {
      throw new GradCheckError(`w[${i}]${names?.[i] ? ` (${names[i]})` : ""} is ${w[i]}: every parameter must be a finite number`);
    }
  }
}

/**
 * Calls f and throws a GradCheckError naming the parameter and direction if the
 * loss is not finite. The message is built only on failure: this runs 2·n times.
 */
function evaluate(f: Loss, w: Float64Array, index: number, sign: 1 | -1 | 0, names?: string[]): number {
  const value = f(w);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    const where = sign === 0 ? "at w (unperturbed)" : `at ${label(index, names)} ${sign > 0 ? "+" : "-"} eps`;
    throw new GradCheckError(`the loss returned ${value} ${where}; it must return a finite number`);
  }
  return value;
}

function label(i: number, names?: string[]): string {
  return names?.[i] ? `w[${i}] (${names[i]})` : `w[${i}]`;
}

/** The result of perturbing one parameter both ways. */
export interface Perturbation {
  index: number;
  eps: number;
  /** loss(w + e·eᵢ) */
  lossPlus: number;
  /** loss(w − e·eᵢ) */
  lossMinus: number;
  /** The secant slope [loss(w+e) − loss(w−e)] / (2e). */
  slope: number;
}

/**
 * Perturbs parameter `index` by +e and −e and returns both losses and the slope
 * of the secant through them. The input w is not changed.
 * @example
 *   const p = perturb((w) => w[0] ** 2, Float64Array.of(3), 0, 1e-4);
 *   p.slope; // ≈ 6, the derivative of w² at 3
 */
export function perturb(f: Loss, w: Vector, index: number, eps: number = DEFAULT_EPS): Perturbation {
  checkEps(eps);
  checkParameters(w);
  if (!Number.isInteger(index) || index < 0 || index >= w.length) {
    throw new GradCheckError(`perturb: index ${index} is outside 0..${w.length - 1}`);
  }
  const copy = Float64Array.from(w);
  copy[index] = w[index] + eps;
  const lossPlus = evaluate(f, copy, index, 1);
  copy[index] = w[index] - eps;
  const lossMinus = evaluate(f, copy, index, -1);
  return { index, eps, lossPlus, lossMinus, slope: (lossPlus - lossMinus) / (2 * eps) };
}

/**
 * The numerical gradient of f at w: one difference quotient per parameter.
 * f gets a private copy of w in which one entry is perturbed at a time and put
 * back exactly afterwards; the caller's w is never changed, even if f throws.
 * Central differences call f 2·n times; forward and backward call it n + 1 times.
 * @example
 *   numericalGradient((w) => w[0] ** 2 + 3 * w[1], Float64Array.of(1, 5)); // ≈ [2, 3]
 */
export function numericalGradient(f: Loss, w: Vector, options: NumericalOptions = {}): Float64Array {
  const eps = options.eps ?? DEFAULT_EPS;
  const scheme = options.scheme ?? "central";
  const names = options.names;
  checkEps(eps);
  checkParameters(w, names);
  if (scheme !== "central" && scheme !== "forward" && scheme !== "backward") {
    throw new GradCheckError(`scheme must be "central", "forward" or "backward", got "${scheme}"`);
  }
  const copy = copyVector(w);
  const n = copy.length;
  const out = new Float64Array(n);
  const base = scheme === "central" ? 0 : evaluate(f, copy, -1, 0);
  for (let i = 0; i < n; i++) {
    const wi = copy[i];
    if (scheme === "central") {
      copy[i] = wi + eps;
      const plus = evaluate(f, copy, i, 1, names);
      copy[i] = wi - eps;
      const minus = evaluate(f, copy, i, -1, names);
      out[i] = (plus - minus) / (2 * eps);
    } else if (scheme === "forward") {
      copy[i] = wi + eps;
      out[i] = (evaluate(f, copy, i, 1, names) - base) / eps;
    } else {
      copy[i] = wi - eps;
      out[i] = (base - evaluate(f, copy, i, -1, names)) / eps;
    }
    copy[i] = wi;
  }
  return out;
}
