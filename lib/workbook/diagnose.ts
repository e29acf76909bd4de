/**
 * Reading a failed gradient check, as tables: the rows come from lib/check/ratios.ts
 * (plain data), the tables from lib/workbook/display.ts. A constant ratio analytic /
 * numeric is a wrong factor (m for a missing 1/m, −1 for a flipped sign); ratios
 * that vary point at a wrong derivative or misplaced entries. Introduced in notebook 08-bug-hunt.
 */
import { ratio, ratioSummaryRows, sortedRows, tensorEntries } from "gradcheck";
import type { GradCheckReport } from "gradcheck";
import { Table, table } from "./display";

/**
 * One row per tensor of a grouped report: entries, failing entries, largest
 * relative error, and the smallest and largest ratio analytic / numeric.
 * @example
 *   show(ratioSummary(gradCheck({ f, gradient, w, names, groups: parameterGroups(spec) })));
 */
export function ratioSummary(report: GradCheckReport): Table {
  const rows = ratioSummaryRows(report);
  return table(
    rows.map(({ passed: _passed, ...shown }) => shown),
    { highlight: (i) => !rows[i].passed },
  );
}

/**
 * One row per entry of one tensor (names starting with `tensor[`): analytic,
 * numeric, their ratio and ✓/✗.
 * @example
 *   show(ratioTable(report, "W3"));
 */
export function ratioTable(report: GradCheckReport, tensor: string): Table {
  const entries = tensorEntries(report, tensor, "ratioTable");
  return table(
    entries.map((e) => ({ parameter: e.name, analytic: e.analytic, numeric: e.numeric, "analytic / numeric": ratio(e.analytic, e.numeric), ok: e.status === "passed" ? "✓" : e.status === "failed" ? "✗" : "?" })),
    { highlight: (i) => !entries[i].ok },
  );
}

/**
 * The index of the smallest value (the first one on a tie). Used in notebook 09-choosing-e.
 * @example
 *   indexOfMin([3, 1, 2]); // 1
 */
export function indexOfMin(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}

/**
 * The entries of one tensor, analytic and numeric each sorted, side by side with
 * their relative difference. If the sorted lists agree while the entries fail, the
 * back-pass computes the right numbers and stores them in the wrong places (a
 * transposed or misindexed gradient). Used in notebook 08-bug-hunt.
 * @example
 *   show(sortedComparison(report, "W1"));
 */
export function sortedComparison(report: GradCheckReport, tensor: string): Table {
  return table(sortedRows(report, tensor), { digits: 8 });
}
