/**
 * The checker for a test runner: `assertGradients` runs gradCheck and throws a
 * GradientAssertionError (lib/check/errors.ts) unless the verdict is passed. Its
 * message is the verdict and the rows that are not passed, each value beside its
 * limit; Vitest, Jest and node:test print it as it is. It does not import Node's
 * `assert`, so it runs in a browser too. Introduced in lib/README.md ("In a test").
 */
import type { GradCheckEntry } from "./entry";
import { GradCheckOptions, gradCheck } from "./gradcheck";
import type { GradCheckReport } from "./gradreport";
import { formatNumber, significant } from "./format";
import { GradientAssertionError } from "./errors";

/** gradCheck's options, and whether an inconclusive verdict may pass. */
export interface AssertGradientsOptions extends GradCheckOptions {
  /** Default false: an inconclusive verdict throws, with its reason. true lets it through. */
  allowInconclusive?: boolean;
}

/** Up to this many rows in the message; the report has them all. */
const MAX_ROWS = 20;

function row(e: GradCheckEntry): string {
  const n = (x: number) => formatNumber(x, 8);
  const values = `analytic ${n(e.analytic)}, numeric ${n(e.numeric)} ± ${formatNumber(e.errorEstimate, 2)} (step ${formatNumber(e.step, 2)})`;
  if (e.status === "failed") {
    return `  ✗ ${e.name}: |a − n| = ${significant(e.absError)} > tolerance ${significant(e.tolerance)} (relative error ${significant(e.relError)}); ${values}`;
  }
  return `  ? ${e.name}: ${e.reason?.code}: ${e.reason?.message}; ${values}`;
}

/**
 * Runs gradCheck and returns its report if the verdict is passed (or inconclusive,
 * with `allowInconclusive: true`); otherwise throws a GradientAssertionError whose message
 * is the verdict and the failed and inconclusive rows. A test of a gradient is one line.
 * @example
 *   it("has the right gradient", () => assertGradients({ f: loss, gradient: grad, w }));
 */
export function assertGradients(options: AssertGradientsOptions): GradCheckReport {
  const { allowInconclusive = false, ...checkOptions } = options;
  const report = gradCheck(checkOptions);
  if (report.status === "passed" || (report.status === "inconclusive" && allowInconclusive)) return report;
  const shown = [...report.failures, ...report.inconclusive];
  const rows = shown.slice(0, MAX_ROWS).map(row);
  if (shown.length > MAX_ROWS) rows.push(`  … ${shown.length - MAX_ROWS} more (report.failures, report.inconclusive)`);
  const hint = report.status === "inconclusive" ? "\n(pass allowInconclusive: true to accept an inconclusive verdict)" : "";
  throw new GradientAssertionError(`${report.verdict}\n${rows.join("\n")}${hint}`, report);
}
