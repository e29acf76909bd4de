/**
 * The verdict on one comparison: passed, failed or inconclusive, decided by an
 * interval test that takes the numerical derivative's error bar into account,
 * and, where the numbers cannot decide, a reason with a code a program can read.
 * Introduced in notebook 05b-verdict; the reasons in notebook 09-choosing-e.
 */

/** What a check concluded about one entry, or about the whole gradient. */
export type Status = "passed" | "failed" | "inconclusive";

/**
 * Why an entry is inconclusive (or, for `stationary`, why its pass says little):
 * - `kink`: the one-sided slopes stay apart as the step shrinks: the loss is not
 *   differentiable at (or within a step of) this parameter;
 * - `not-deterministic`: the loss returned different values for the same parameters;
 * - `limited-precision`: rounding or noise in the loss (float32, a large constant,
 *   noise) limits the agreement any step can reach;
 * - `truncation`: the loss curves so fast that the steps that beat its noise are
 *   too long for a secant to follow;
 * - `step-below-spacing`: w ± h rounds back to w: the step is below the spacing
 *   of floating-point numbers there;
 * - `budget`: the cap on extra loss evaluations was reached first;
 * - `domain`: the loss is not finite at w + h or w − h for every step tried: w sits
 *   on the edge of the loss's domain (a finite f(w) with a non-finite f(w ± h) only
 *   shortens the step);
 * - `stationary`: a note on a *passed* entry: after a search that tried long steps
 *   too, the analytic and the numerical derivative are both 0 within what any step
 *   resolves, where a sign or factor bug cannot show;
 * - `tensor-scale`: a note on a *passed* entry: too small beside the loss for any step
 *   to resolve it to rtol of its own size, it agrees within rtol of its tensor's scale
 *   and nothing refutes it.
 */
export type ReasonCode =
  | "kink"
  | "not-deterministic"
  | "limited-precision"
  | "truncation"
  | "step-below-spacing"
  | "budget"
  | "domain"
  | "stationary"
  | "tensor-scale";

/** A reason: a code to test against and a sentence a learner can act on. */
export interface Reason {
  code: ReasonCode;
  message: string;
}

/**
 * One judged comparison of an analytic derivative with a numerical one: what
 * gradCheck's entries and directionalCheck's directions have in common.
 */
export interface Judged {
  /** The analytic value: a gradient entry, or ∇f·u along a direction. */
  analytic: number;
  /** The best numerical value: the one with the smallest error estimate. */
  numeric: number;
  absError: number;
  relError: number;
  /** The verdict on this comparison. */
  status: Status;
  /** status === "passed". */
  ok: boolean;
  /** Why it is inconclusive; on a passed entry, a note (`stationary`, `tensor-scale`). */
  reason?: Reason;
  /** The shortest step h of the best numerical value's window. */
  step: number;
  /** Its error estimate (one error bar; a verdict allows 3 of them). */
  errorEstimate: number;
  /** The difference quotient of the best value, and how many orders of Richardson extrapolation it has (0: a plain difference). */
  quotient: "central" | "forward" | "backward";
  order: number;
  /** Set when w ± h left the loss's domain at the first step, so that shorter steps were used. */
  shortened?: boolean;
  /** The numerical value at the first step. */
  numericAtFirstStep: number;
}

/**
 * How many error bars an interval test allows: an entry passes when
 * |a − n| + C·err ≤ tol and fails when |a − n| − C·err > tol. With an error
 * estimate that is about one standard deviation of the numerical derivative's
 * error, 3 keeps a wrong verdict out at the 3-sigma level.
 * @example
 *   intervalTest(1, 1.0000001, 1e-9, 1e-6, 0); // "passed"
 */
export const ERROR_BARS = 3;

/** The outcome of one interval test: a verdict, or "undecided" (which refinement takes up). */
export type IntervalOutcome = "passed" | "failed" | "undecided";

/**
 * The tolerance for one entry: rtol·max(|a|, |n|) + atol.
 * @example
 *   entryTolerance(2, 2.1, 1e-6, 0); // 2.1e-6
 */
export function entryTolerance(analytic: number, numeric: number, rtol: number, atol: number): number {
  return rtol * Math.max(Math.abs(analytic), Math.abs(numeric)) + atol;
}

/**
 * The interval test. With tol = rtol·max(|a|, |n|) + atol and the numerical
 * derivative's error estimate `err`:
 * - passed when |a − n| + C·err ≤ tol: they agree even at the far end of the error bar;
 * - failed when |a − n| − C·err > tol and the error bar can be trusted
 *   (`trusted`, see lib/check/engine.ts): they disagree even at its near end;
 * - undecided otherwise. An entry never passes only because its error bar is wide.
 * @example
 *   intervalTest(-1, 1, 1e-8, 1e-6, 0);        // "failed": a flipped sign
 *   intervalTest(1, 1 + 1e-7, 1e-6, 1e-6, 0);  // "undecided": the error bar is wider than the tolerance
 */
export function intervalTest(
  analytic: number,
  numeric: number,
  err: number,
  rtol: number,
  atol: number,
  trusted = true,
): IntervalOutcome {
  const tol = entryTolerance(analytic, numeric, rtol, atol);
  const gap = Math.abs(analytic - numeric);
  if (gap + ERROR_BARS * err <= tol) return "passed";
  if (trusted && gap - ERROR_BARS * err > tol) return "failed";
  return "undecided";
}

/**
 * The status of a whole check from its entries' statuses: failed if any entry
 * failed; otherwise inconclusive if any is inconclusive; otherwise passed. An
 * inconclusive entry (at a kink, say) never hides a failure elsewhere.
 * @example
 *   overallStatus(["passed", "inconclusive", "failed"]); // "failed"
 */
export function overallStatus(statuses: Iterable<Status>): Status {
  let inconclusive = false;
  for (const s of statuses) {
    if (s === "failed") return "failed";
    if (s === "inconclusive") inconclusive = true;
  }
  return inconclusive ? "inconclusive" : "passed";
}
