/**
 * Comparing two numbers without error bars: the relative error, the plain test
 * |a − n| ≤ rtol·max(|a|, |n|) + atol, and CS231n's bands, which the report shows as
 * information beside its verdict. Introduced in notebook 05-deviation.
 */
import { GradCheckError } from "./errors";
import { Vector } from "./vector";
import { entryTolerance } from "./verdict";

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
 * One plain comparison of an analytic value with a numeric one, without error
 * bars: the absolute error, the relative error |a − n| / max(|a|, |n|) (0 when
 * both are 0), and whether |a − n| ≤ rtol·max(|a|, |n|) + atol. This is the whole
 * test when `refine: false`.
 * @example
 *   compareValues(1, 1.1, 1e-6, 0); // { absError: 0.1, relError: 0.0909.., ok: false }
 */
export function compareValues(analytic: number, numeric: number, rtol: number, atol: number): { absError: number; relError: number; ok: boolean } {
  const absError = Math.abs(analytic - numeric);
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
  const relError = scale === 0 ? 0 : absError / scale;
  return { absError, relError, ok: absError <= entryTolerance(analytic, numeric, rtol, atol) };
}

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
