/**
 * Reading a failed gradient check: the ratio analytic / numeric per entry tells
 * the kind of bug. A constant ratio is a wrong factor (m for a missing 1/m, −1 for
 * a flipped sign); ratios that vary point at a wrong derivative or misplaced
 * entries. Introduced in notebook 07-bug-hunt.
 */
import { GradCheckEntry, GradCheckReport, relativeError } from "./check";
import { Table, table } from "./display";

function ratio(analytic: number, numeric: number): number {
  return numeric === 0 ? (analytic === 0 ? 1 : Infinity) : analytic / numeric;
}

/** The entries of one tensor (names starting with `tensor[`), or an error naming the tensors there are. */
function tensorEntries(report: GradCheckReport, tensor: string, caller: string): GradCheckEntry[] {
  const entries = report.entries.filter((e) => e.name.startsWith(`${tensor}[`) || e.name === tensor);
  if (entries.length === 0) {
    const known = report.groups.map((g) => g.name).join(", ") || "(none: the report is not grouped)";
    throw new Error(`${caller}: no parameter of tensor "${tensor}" in this report. Tensors: ${known}`);
  }
  return entries;
}

/**
 * One row per tensor of a grouped report: entries, failing entries, largest
 * relative error, and the smallest and largest ratio analytic / numeric.
 * @example
 *   show(ratioSummary(gradCheck({ f, gradient, w, names, groups: parameterGroups(spec) })));
 */
export function ratioSummary(report: GradCheckReport): Table {
  const groups = report.groups.length > 0 ? report.groups : [{ name: "all", start: 0, length: report.entries.length, failures: report.failures.length, maxRelError: report.maxRelError, passed: report.passed }];
  const rows = groups.map((g) => {
    const ratios = report.entries.slice(g.start, g.start + g.length).map((e) => ratio(e.analytic, e.numeric));
    return {
      tensor: g.name,
      entries: g.length,
      failing: g.failures,
      "max rel error": g.maxRelError,
      "smallest ratio": Math.min(...ratios),
      "largest ratio": Math.max(...ratios),
    };
  });
  return table(rows, { highlight: (i) => !groups[i].passed });
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
    entries.map((e) => ({ parameter: e.name, analytic: e.analytic, numeric: e.numeric, "analytic / numeric": ratio(e.analytic, e.numeric), ok: e.ok ? "✓" : "✗" })),
    { highlight: (i) => !entries[i].ok },
  );
}

/**
 * The index of the smallest value (the first one on a tie). Used in notebook 08-choosing-e.
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
 * transposed or misindexed gradient). Used in notebook 07-bug-hunt.
 * @example
 *   show(sortedComparison(report, "W1"));
 */
export function sortedComparison(report: GradCheckReport, tensor: string): Table {
  const entries = tensorEntries(report, tensor, "sortedComparison");
  const analytic = entries.map((e) => e.analytic).sort((a, b) => a - b);
  const numeric = entries.map((e) => e.numeric).sort((a, b) => a - b);
  const difference = relativeError(analytic, numeric);
  return table({ "analytic, sorted": analytic, "numeric, sorted": numeric, "relative difference": difference }, { digits: 8 });
}
