/**
 * vjpCheck: one layer's backward pass, dx = Jᵀ·dy, checked as the gradient of the
 * scalarization φ(x) = Σ dy ⊙ f(x) (CS231n's eval_numerical_gradient_array), so
 * every entry of dx is judged by gradCheck and the verdict engine like a gradient
 * entry, named by x's structure. Introduced with issue 19 (lib/README, "Checking one layer"); taught in notebook 07-layers.
 */
import { GradCheckError } from "./errors";
import { gradCheckSteps, GradCheckOptions } from "./gradcheck";
import type { Pace } from "./guard";
import type { GradCheckReport } from "./gradreport";
import { gaussian, seededRandom } from "./random";
import { flatten, flattenLike } from "./structured";
import { Steps, asSteps, runSync, stepFn } from "./steps";

/** vjpCheck's options: gradCheck's tolerances and budget, with f vector-valued. */
export type VjpCheckOptions<X> = Omit<GradCheckOptions, "f" | "gradient" | "w" | "names" | "groups"> & {
  /** The forward pass: an array, typed array or structured output (tensors, records). */
  f: (x: X) => unknown;
  /** The backward pass: dx = Jᵀ·dy, structured like x (or flat). */
  vjp: (x: X, dy: unknown) => unknown;
  /** The point: flat, or structured (a layer's input and weights together). */
  x: X;
  /** The upstream gradient, structured like f's output. Default: seeded Gaussian. */
  dy?: unknown;
};

/**
 * Checks a vector-Jacobian product dx = Jᵀ·dy against the numerical gradient of Σ dy ⊙ f(x).
 * @example
 *   const r = vjpCheck({ f: ({ x, W }) => affine(x, W), vjp: ({ x, W }, dy) => affineBackward(x, W, dy), x: { x: X, W } });
 *   r.status; r.failingGroups; // "passed", []
 */
export function vjpCheck<X>(options: VjpCheckOptions<X>): GradCheckReport {
  return runSync(vjpCheckSteps(options));
}

/** vjpCheck as steps: the calls of f and vjp are yielded (lib/check/steps.ts), for vjpCheckAsync. */
export function* vjpCheckSteps<X>(options: VjpCheckOptions<X>, pace?: Pace): Steps<GradCheckReport> {
  if (typeof options.f !== "function") throw new GradCheckError("f must be the forward pass, a function of x");
  if (typeof options.vjp !== "function") throw new GradCheckError("vjp must be a function (x, dy) => dx");
  const forward = asSteps(options.f);
  const backward = asSteps(options.vjp);
  const y0 = flatten((yield* forward(options.x)) as never);
  let dy: Float64Array;
  if (options.dy === undefined) {
    const rand = seededRandom(options.seed ?? 1);
    dy = Float64Array.from(y0.values, () => gaussian(rand));
  } else dy = flattenLike(options.dy, y0 as never, "dy");
  const dyStructured = y0.unflatten(dy);
  const { f: _f, vjp: _vjp, x, dy: _dy, ...rest } = options;
  const px = flatten(x);
  return yield* gradCheckSteps(
    {
      ...rest,
      w: x,
      f: stepFn(function* (p: X) {
        const y = flattenLike(yield* forward(p), y0 as never, "f's output");
        let s = 0;
        for (let i = 0; i < y.length; i++) s += dy[i] * y[i];
        return s;
      }),
      gradient: stepFn(function* (p: X) { return flattenLike(yield* backward(p, dyStructured), px as never, "vjp's dx"); }),
    },
    pace,
  );
}
