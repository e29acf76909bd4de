/**
 * One parameter's line in a gradient-check report, and the per-tensor summary of a
 * grouped report. Introduced in notebook 05b-verdict (entries) and 06-network (groups).
 */
import { Band, band } from "./compare";
import type { ParameterGroup } from "./options";
import { Judged, Status, overallStatus } from "./verdict";

/** One parameter's line in the report: the comparison (see `Judged`), its name and its tolerance. */
export interface GradCheckEntry extends Judged {
  index: number;
  name: string;
  /** This entry's tolerance rtol·max(|a|, |n|) + atol. */
  tolerance: number;
}

/** One group's line in a grouped report: the largest error per tensor. */
export interface GroupSummary extends ParameterGroup {
  /** Its failed entry with the largest relative error, else its worst entry. */
  worst: GradCheckEntry;
  maxRelError: number;
  /** How many of its entries failed. */
  failures: number;
  /** How many of its entries are inconclusive. */
  inconclusive: number;
  status: Status;
  passed: boolean;
  band: Band;
}

/** Which parameters a sampled check drew. */
export interface SampleInfo {
  /** How many were checked. */
  k: number;
  /** How many parameters there are. */
  of: number;
  seed: number;
}

/**
 * The entry to name as the worst: the failed entry with the largest relative error
 * if any failed, else the entry with the largest relative error; and that largest
 * relative error over all entries. An entry that passed with a note (stationary,
 * tensor-scale) counts as 0: its relative error means little.
 * @example
 *   worstOf(report.entries).worst.name; // "W1[2,3]"
 */
export function worstOf(entries: GradCheckEntry[]): { worst: GradCheckEntry; max: number } {
  const score = (e: GradCheckEntry) => (e.status === "passed" && e.reason) || Number.isNaN(e.relError) ? 0 : e.relError;
  let worst = entries[0];
  let max = 0;
  for (const e of entries) {
    max = Math.max(max, score(e));
    const better = e.status === "failed" && worst.status !== "failed";
    const same = (e.status === "failed") === (worst.status === "failed");
    if (better || (same && score(e) > score(worst))) worst = e;
  }
  return { worst, max };
}

/**
 * The entries (sorted by index) that fall in a group: a slice found by binary search.
 * @example
 *   entriesIn(report.entries, { name: "b1", start: 40, length: 8 }).length; // 8
 */
export function entriesIn(entries: GradCheckEntry[], g: ParameterGroup): GradCheckEntry[] {
  const first = (index: number): number => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].index < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return entries.slice(first(g.start), first(g.start + g.length));
}

/**
 * A group's summary line, or undefined when none of its entries was checked.
 * @example
 *   summarize({ name: "W1", start: 0, length: 40 }, report.entries)?.status; // "passed"
 */
export function summarize(group: ParameterGroup, all: GradCheckEntry[]): GroupSummary | undefined {
  const entries = entriesIn(all, group);
  if (entries.length === 0) return undefined;
  const { worst, max } = worstOf(entries);
  const failures = entries.filter((e) => e.status === "failed").length;
  const inconclusive = entries.filter((e) => e.status === "inconclusive").length;
  const status = overallStatus(entries.map((e) => e.status));
  return { ...group, worst, maxRelError: max, failures, inconclusive, status, passed: status === "passed", band: band(max) };
}
