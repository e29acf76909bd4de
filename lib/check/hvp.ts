/**
 * hvpCheck: a Hessian-vector product H·u checked against the central difference of
 * the user's gradient along u (jvpCheck of the gradient: φ_i(t) = ∇f(w + t·u)_i).
 * When f is given, the gradient is first checked along u (gradCheck of t ↦ f(w + t·u)
 * at t = 0); otherwise the report's warnings say the gradient was assumed.
 * Introduced with issue 19 (lib/README, "Checking one layer").
 */
import { gradCheckSteps } from "./gradcheck";
import type { GradCheckReport } from "./gradreport";
import { jvpCheckSteps } from "./jvp";
import { Steps, asSteps, runSync } from "./steps";
import type { Pace, Progress } from "./guard";
import { gaussian, seededRandom } from "./random";
import { flatten, flattenLike } from "./structured";

/** hvpCheck's options. */
export interface HvpCheckOptions<W> {
  gradient: (w: W) => unknown;
  /** H·u, structured like w (or flat). */
  hvp: (w: W, u: W) => unknown;
  w: W;
  /** Default: seeded Gaussian. */
  u?: W;
  /** The loss: when given, the gradient is checked along u first. */
  f?: (w: W) => number;
  seed?: number;
  rtol?: number;
  atol?: number;
  /** Progress of the H·u check, output by output (see jvpCheck). */
  onProgress?: (progress: Progress) => void;
}

/** hvpCheck's result: the H·u entries, and the gradient's check along u when f was given. */
export interface HvpReport {
  hvp: GradCheckReport;
  /** gradCheck of t ↦ f(w + t·u) at 0 against ∇f·u; undefined when f was not given (the gradient was assumed). */
  gradientAlongU?: GradCheckReport;
  status: GradCheckReport["status"];
  notes: string[];
}

/**
 * Checks H·u against the central difference of the gradient along u.
 * @example
 *   const r = hvpCheck({ gradient: (w) => [w[1], w[0] + 2 * w[1]], hvp: (_w, u) => [u[1], u[0] + 2 * u[1]], w: [0.5, -0.7] });
 *   r.status; r.notes; // "passed", ["the gradient was assumed correct (no f given)"]
 */
export function hvpCheck<W>(options: HvpCheckOptions<W>): HvpReport {
  return runSync(hvpCheckSteps(options));
}

/** hvpCheck as steps: the calls of gradient, hvp and f are yielded (lib/check/steps.ts), for hvpCheckAsync. */
export function* hvpCheckSteps<W>(options: HvpCheckOptions<W>, pace?: Pace): Steps<HvpReport> {
  const pw = flatten(options.w);
  const rand = seededRandom(options.seed ?? 1);
  const u = options.u === undefined ? Float64Array.from(pw.values, () => gaussian(rand)) : flattenLike(options.u, pw as never, "u");
  const uStructured = pw.unflatten(u);
  const hvp = yield* jvpCheckSteps<W>({ f: options.gradient, jvp: (w) => options.hvp(w, uStructured), x: options.w, dx: uStructured, rtol: options.rtol, atol: options.atol, onProgress: options.onProgress }, pace);
  let gradientAlongU: GradCheckReport | undefined;
  const notes: string[] = [];
  if (options.f) {
    const f = options.f;
    const g = flattenLike(yield* asSteps(options.gradient)(pw.unflatten(pw.values)), pw as never, "the gradient");
    let gu = 0;
    for (let i = 0; i < u.length; i++) gu += g[i] * u[i];
    gradientAlongU = yield* gradCheckSteps({ f: (t: Float64Array) => f(pw.unflatten(pw.values.map((v, i) => v + t[0] * u[i]))), gradient: [gu], w: [0], names: ["∇f·u"], rtol: options.rtol, atol: options.atol });
    if (gradientAlongU.status !== "passed") notes.push(`the gradient along u is ${gradientAlongU.status}: H·u was checked against a gradient that is not trusted`);
  } else notes.push("the gradient was assumed correct (no f given)");
  const status = gradientAlongU && gradientAlongU.status === "failed" ? "failed" : hvp.status;
  return { hvp, gradientAlongU, status, notes };
}
