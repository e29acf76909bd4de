/**
 * The front of gradCheck for structured parameters (issue 19): flattens w with
 * `flatten`, hands f and the gradient the structure rebuilt from the perturbed
 * values, reads a structured gradient back, names and groups entries by tensor,
 * and turns a vector-valued f or a Promise into an error that names the right check.
 */
import { GradCheckError } from "./errors";
import { isThenable } from "./options";
import { Params, flatten, flattenLike, isFlatVector } from "./structured";
import { asSteps, mapCall, stepFn } from "./steps";

/** gradCheck's options with w in any structure `flatten` reads; f and gradient receive that structure. */
export interface StructuredOptions<P> {
  f: (w: P) => number;
  gradient: ((w: P) => unknown) | Params;
  w: P;
  names?: string[];
  groups?: unknown;
}

/** A scalar loss value, or an error for an array (use vjpCheck) or a Promise (use gradCheckAsync). */
export function scalarResult(raw: unknown): unknown {
  if (typeof raw === "number") return raw;
  if (isThenable(raw)) throw new GradCheckError("the loss returned a Promise: gradCheck needs a synchronous loss; use gradCheckAsync for an async one (a tfjs loss that awaits data())");
  if (raw !== null && typeof raw === "object" && (isFlatVector(raw) || Array.isArray(raw) || "data" in raw)) {
    const n = (raw as { length?: number }).length;
    throw new GradCheckError(`the loss returned ${n !== undefined ? `an array of ${n} values` : "a tensor"}: gradCheck checks a scalar loss. For a vector-valued function (a layer's forward pass) check its backward with vjpCheck({ f, vjp, x }), or its forward-mode derivative with jvpCheck`);
  }
  return raw;
}

/**
 * The flat options gradCheck runs on: unchanged but for the result guard when w is a
 * flat vector; otherwise f and gradient on the rebuilt structure, names and groups from it.
 * The wrappers are step functions (lib/check/steps.ts): they read the value of the user's
 * call after it is made (and awaited, in the async forms).
 * @example
 *   flatOptions({ f: (p) => p.a * p.a, gradient: (p) => ({ a: 2 * p.a }), w: { a: 3 } }).names; // ["a"]
 */
export function flatOptions<O extends StructuredOptions<any>>(options: O): O & { w: Float64Array | ArrayLike<number>; f: (w: Float64Array) => number } {
  const f = options.f;
  const gradientOf = (g: unknown): unknown => {
    if (isThenable(g)) throw new GradCheckError("the gradient function returned a Promise: gradCheck needs it synchronously; use gradCheckAsync, or await it before the check and pass the vector");
    return g;
  };
  if (typeof f !== "function") return options as never;
  const g = options.gradient;
  const grad = typeof g === "function" ? asSteps(g as (w: unknown) => unknown) : undefined;
  if (isFlatVector(options.w)) {
    const gradient = grad ? stepFn(function* (w: Float64Array) { return gradientOf(yield* grad(w)); }) : options.gradient;
    return { ...options, f: mapCall(f as (w: unknown) => unknown, scalarResult), gradient } as never;
  }
  const flat = flatten(options.w);
  const gradient = grad ? stepFn(function* (v: Float64Array) { return flattenLike(gradientOf(yield* grad(flat.unflatten(v))), flat, "the gradient"); }) : flattenLike(g, flat, "the gradient");
  return {
    ...options,
    w: flat.values,
    f: mapCall(f as (w: unknown) => unknown, scalarResult, (v: Float64Array) => flat.unflatten(v)),
    gradient,
    names: options.names ?? flat.names,
    groups: options.groups ?? flat.groups,
  } as never;
}
