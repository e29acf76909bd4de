/**
 * Reading a failed gradient check, as plain data: the ratio analytic / numeric per
 * entry tells the kind of bug. A constant ratio is a wrong factor (m for a missing
 * 1/m, −1 for a flipped sign); ratios that vary point at a wrong derivative or
 * misplaced entries. lib/workbook/diagnose.ts renders these rows as tables.
 * Introduced in notebook 08-bug-hunt.
 */
import type { GradCheckEntry } from "./entry";
import type { GradCheckReport } from "./gradreport";
import { relativeError } from "./compare";

/**
 * analytic / numeric, with 0/0 read as 1 and a/0 as Infinity.
 * @example
 *   ratio(-2, 1); // -2: a flipped sign and a factor 2
 */
export function ratio(analytic: number, numeric: number): number {
  return numeric === 0 ? (analytic === 0 ? 1 : Infinity) : analytic / numeric;
}

/**
 * The entries of one tensor (names starting with `tensor[`), or an error naming the tensors there are.
 * @example
 *   tensorEntries(report, "W1", "ratioTable").length; // the size of W1
 */
export function tensorEntries(report: GradCheckReport, tensor: string, caller: string): GradCheckEntry[] {
  const entries = report.entries.filter((e) => e.name.startsWith(`${tensor}[`) || e.name === tensor);
  if (entries.length === 0) {
    const known = report.groups.map((g) => g.name).join(", ") || "(none: the report is not grouped)";
    throw new Error(`${caller}: no parameter of tensor "${tensor}" in this report. Tensors: ${known}`);
  }
  return entries;
}

/** One tensor's line of `ratioSummaryRows`. */
export interface RatioSummaryRow {
  tensor: string;
  entries: number;
  failing: number;
  "max rel error": number;
  "smallest ratio": number;
  "largest ratio": number;
  /** Every entry of the tensor passed. */
  passed: boolean;
}

/**
 * One row per tensor of a grouped report (or one row "all"): entries, failing
 * entries, largest relative error, smallest and largest ratio analytic / numeric.
 * @example
 *   ratioSummaryRows(report).map((r) => r.tensor); // ["W1", "b1", "W2", "b2"]
 */
export function ratioSummaryRows(report: GradCheckReport): RatioSummaryRow[] {
  const groups =
    report.groups.length > 0
      ? report.groups
      : [{ name: "all", start: 0, length: report.entries.length, failures: report.failures.length, maxRelError: report.maxRelError, passed: report.passed }];
  return groups.map((g) => {
    const ratios = report.entries.slice(g.start, g.start + g.length).map((e) => ratio(e.analytic, e.numeric));
    return {
      tensor: g.name,
      entries: g.length,
      failing: g.failures,
      "max rel error": g.maxRelError,
      "smallest ratio": Math.min(...ratios),
      "largest ratio": Math.max(...ratios),
      passed: g.passed,
    };
  });
}

/**
 * The entries of one tensor, analytic and numeric each sorted, with their relative
 * difference. If the sorted lists agree while the entries fail, the back-pass computes
 * the right numbers and stores them in the wrong places (a transposed or misindexed gradient).
 * @example
 *   sortedRows(report, "W1")["relative difference"]; // all ≈ 0 for a transposed gradient
 */
export function sortedRows(report: GradCheckReport, tensor: string): { "analytic, sorted": number[]; "numeric, sorted": number[]; "relative difference": Float64Array } {
  const entries = tensorEntries(report, tensor, "sortedComparison");
  const analytic = entries.map((e) => e.analytic).sort((a, b) => a - b);
  const numeric = entries.map((e) => e.numeric).sort((a, b) => a - b);
  return { "analytic, sorted": analytic, "numeric, sorted": numeric, "relative difference": relativeError(analytic, numeric) };
}
