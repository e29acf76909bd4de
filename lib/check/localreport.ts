/**
 * The result of findWrongEntries (lib/check/localize.ts): the wrong entries it
 * confirmed, the groups it found wrong as a whole, what it could not decide, and
 * what it cost beside the full check's 2·P evaluations.
 */
import { Reason, Status } from "./verdict";
import { formatNumber } from "./format";
import { directionalMissProbability } from "./directional";

/** An entry confirmed along its own coordinate. */
export interface LocalizedEntry {
  index: number;
  name: string;
  /** The first group (tensor) it belongs to. */
  group: string;
  analytic: number;
  numeric: number;
  /** One error bar of `numeric`. */
  errorEstimate: number;
  absError: number;
  relError: number;
  status: Status;
  reason?: Reason;
}

/** A group found wrong as a whole (most of it is wrong: a missing 1/m in one layer, say). */
export interface WrongGroup {
  /** The tensor's name, or "W1[0,0] … W1[3,7]" for a part of it. */
  name: string;
  /** Which first group, and the range of its entries (in the group's order). */
  top: number;
  lo: number;
  hi: number;
  size: number;
  /** How many entries were checked one by one, and how many of them were wrong. */
  sampled: number;
  wrong: number;
  /** The wrong entries of the sample, confirmed. */
  sample: LocalizedEntry[];
}

/** What a bug of a given size risks: the chance that it escapes every direction. */
export interface MissStatement {
  /** The bug's size, and that size relative to the median |gradient entry|. */
  size: number;
  relativeSize: number;
  /** The chance that one wrong entry of that size escapes, in the group where escape is likeliest. */
  probability: number;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * The result of findWrongEntries.
 * @example
 *   const r = findWrongEntries({ f, gradient, w });
 *   r.status; r.found.map((e) => e.name); r.evaluations; r.fullCheckEvaluations;
 */
export class WrongEntriesReport {
  /** failed if any entry or group is wrong; inconclusive if something could not be decided (or the budget ran out); else passed. */
  readonly status: Status;
  readonly found: LocalizedEntry[];
  readonly groups: WrongGroup[];
  /** Entries whose own check was inconclusive. */
  readonly unresolved: LocalizedEntry[];
  /** Groups whose directional test could not be decided, so nothing below them was searched. */
  readonly openGroups: string[];
  readonly outOfBudget: boolean;
  readonly evaluations: number;
  readonly parameters: number;
  /** Directions per first group. */
  readonly directions: number;
  readonly miss: MissStatement;
  readonly rtol: number;
  /** ‖gradient‖ of each first group, for `escapeProbability`. */
  readonly groupNorms: number[];

  constructor(r: Omit<WrongEntriesReport, "status" | "fullCheckEvaluations" | "verdict" | "toString" | "toJSON" | "escapeProbability" | typeof INSPECT>) {
    this.found = r.found;
    this.groups = r.groups;
    this.unresolved = r.unresolved;
    this.openGroups = r.openGroups;
    this.outOfBudget = r.outOfBudget;
    this.evaluations = r.evaluations;
    this.parameters = r.parameters;
    this.directions = r.directions;
    this.miss = r.miss;
    this.rtol = r.rtol;
    this.groupNorms = r.groupNorms;
    const wrong = this.found.length > 0 || this.groups.length > 0;
    this.status = wrong ? "failed" : this.unresolved.length > 0 || this.openGroups.length > 0 || this.outOfBudget ? "inconclusive" : "passed";
  }

  /**
   * The chance that one wrong entry off by `size` (absolute) escapes every direction of
   * the group where escape is likeliest: ((2/π)·atan(rtol·‖∇f_G‖/size))^k.
   * @example
   *   report.escapeProbability(10 * report.miss.size); // far below report.miss.probability
   */
  escapeProbability(size: number): number {
    if (!(size > 0)) return 1;
    return Math.max(0, ...this.groupNorms.map((g) => directionalMissProbability(size / Math.max(g, Number.MIN_VALUE), this.rtol, this.directions)));
  }

  /** What the full gradCheck would cost at its first step: 2·P. */
  get fullCheckEvaluations(): number {
    return 2 * this.parameters;
  }

  /** One line, starting "Wrong entries FOUND", "No wrong entry found" or "Search INCONCLUSIVE". */
  get verdict(): string {
    const share = `${this.evaluations} loss evaluations, ${formatNumber((100 * this.evaluations) / this.fullCheckEvaluations, 2)}% of the full check's ${this.fullCheckEvaluations}`;
    const parts: string[] = [];
    if (this.found.length > 0) parts.push(`${this.found.length} wrong ${this.found.length === 1 ? "entry" : "entries"}: ${listNames(this.found.map((e) => e.name))}`);
    for (const gr of this.groups) parts.push(`${gr.name} wrong as a whole (${gr.wrong} of ${gr.sampled} sampled entries wrong)`);
    if (this.status === "failed") {
      const open = [...this.openGroups, ...this.unresolved.map((e) => e.name)];
      const rest = this.outOfBudget ? " The budget ran out before the search ended: there may be more." : open.length > 0 ? ` Not decided, so not searched further: ${listNames(open)}.` : "";
      return `Wrong entries FOUND: ${parts.join("; ")}.${rest} ${share}.`;
    }
    if (this.status === "inconclusive") {
      const why = this.outOfBudget ? "the budget ran out" : this.openGroups.length > 0 ? `the test of ${listNames(this.openGroups)} could not be decided` : `${listNames(this.unresolved.map((e) => e.name))} could not be decided`;
      return `Search INCONCLUSIVE: ${why}; run gradCheck on what is left. ${share}.`;
    }
    return `No wrong entry found: a wrong entry of ${formatNumber(this.miss.size, 2)} (${formatNumber(100 * this.miss.relativeSize, 2)}% of the median |gradient entry|) escapes with probability ${formatNumber(this.miss.probability, 2)}. ${share}.`;
  }

  /** The entries found, then each group wrong as a whole with two of its sampled entries, then the verdict. */
  toString(): string {
    const line = (e: LocalizedEntry, indent = "") =>
      `${indent}${e.name.padEnd(14)} analytic ${formatNumber(e.analytic, 8).padStart(15)}  numeric ${formatNumber(e.numeric, 8).padStart(15)}` +
      `  ± ${formatNumber(e.errorEstimate, 2).padStart(8)}  ratio ${formatNumber(e.analytic / e.numeric, 4).padStart(9)}  ✗ ${e.status}`;
    const lines = this.found.map((e) => line(e));
    for (const gr of this.groups) {
      lines.push(`${gr.name}: wrong as a whole (${gr.wrong} of ${gr.sampled} sampled entries wrong), for example`);
      lines.push(...gr.sample.slice(0, 2).map((e) => line(e, "  ")));
    }
    return [...lines, ...(lines.length > 0 ? [""] : []), this.verdict].join("\n");
  }

  toJSON(): object {
    const { status, found, groups, unresolved, openGroups, outOfBudget, evaluations, parameters, directions, miss, rtol } = this;
    // groupNorms stays out: it is the gradient's, not the search's.
    return { status, verdict: this.verdict, found, groups, unresolved, openGroups, outOfBudget, evaluations, fullCheckEvaluations: this.fullCheckEvaluations, parameters, directions, miss, rtol };
  }

  [INSPECT](): string {
    return this.toString();
  }
}

function listNames(names: string[]): string {
  return names.length <= 6 ? names.join(", ") : `${names.slice(0, 6).join(", ")} and ${names.length - 6} more`;
}
