/**
 * The result of `gradCheck`: every entry's verdict, the check's status, and the
 * sentences a learner reads beside them (the verdict line, the notes), rendered
 * from the statuses so that the line, the notes and the table agree.
 * Introduced in notebook 05b-verdict.
 */
import { Band, NG_THRESHOLD, band } from "./compare";
import { GradCheckEntry, GroupSummary, SampleInfo, summarize, worstOf } from "./entry";
import type { NoiseEstimate } from "./noise";
import type { Scheme } from "./numerical";
import { DEFAULT_TOLERANCE, ParameterGroup } from "./options";
import { reportHtml, reportText } from "./report";
import { capitalized } from "./format";
import { ReasonCode, Status, overallStatus } from "./verdict";

/** Constructor fields of a GradCheckReport. */
export interface GradCheckReportFields {
  entries: GradCheckEntry[];
  difference: number;
  eps: number;
  rtol?: number;
  /** Alias of rtol. */
  tolerance?: number;
  atol: number;
  scheme: Scheme;
  refine?: boolean;
  evaluations: number;
  extraEvaluations?: number;
  noise?: NoiseEstimate;
  warnings?: string[];
  groups?: ParameterGroup[];
  sampled?: SampleInfo;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** What the notes say of entries that passed with a note, by reason code. */
const PASS_NOTES: Partial<Record<ReasonCode, string>> = {
  stationary: "passed as 0 within what any step resolves (a stationary point, or a parameter the loss does not depend on): a sign or factor bug cannot show here; check at another point too",
  "tensor-scale": "too small beside the loss for any step to measure to rtol of their own size; they agree within rtol of their tensor's RMS gradient, and nothing refutes them",
};

/**
 * The result of `gradCheck`. Printed in a notebook it shows a text table and a
 * one-line verdict; `toHTML()` (or `show(report)`) gives an HTML table with the
 * failing and inconclusive rows marked. `JSON.stringify(report)` keeps the
 * status, the verdict, the failures and the reasons.
 * @example
 *   const report = gradCheck({ f, gradient, w });
 *   report.status; report.failures.map((e) => e.name); console.log(report.toString());
 */
export class GradCheckReport {
  /** One entry per parameter, in order. */
  readonly entries: GradCheckEntry[];
  /** failed if any entry failed; otherwise inconclusive if any is; otherwise passed. */
  readonly status: Status;
  /** status === "passed". */
  readonly passed: boolean;
  /** Ng's single number ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂), as information. */
  readonly difference: number;
  /** The largest relative error, leaving out entries that passed with a note. */
  readonly maxRelError: number;
  /** The entry to look at first: a failed one if any failed, else the one with the largest relative error. */
  readonly worst: GradCheckEntry;
  /** The relative first step. */
  readonly eps: number;
  readonly rtol: number;
  /** The same as rtol. */
  readonly tolerance: number;
  readonly atol: number;
  readonly scheme: Scheme;
  /** Whether undecided entries were refined. */
  readonly refine: boolean;
  /** How many times f was called in all: 2·n for a central check that passes at the first step. */
  readonly evaluations: number;
  /** How many of those came from refinement and the noise estimate. */
  readonly extraEvaluations: number;
  /** The loss's noise, when some entry needed refinement. */
  readonly noise?: NoiseEstimate;
  /** CS231n's band of the largest relative error, as information. */
  readonly band: Band;
  /** Set when the check runs in float32, where rounding dominates the numbers. */
  readonly warnings: string[];
  /** Per-tensor summaries, when gradCheck was asked to group (else empty); with `sample`, only the tensors it drew from. */
  readonly groups: GroupSummary[];
  /** Set when only a sample of the parameters was checked: `entries` holds those. */
  readonly sampled?: SampleInfo;

  constructor(fields: GradCheckReportFields) {
    this.entries = fields.entries;
    this.difference = fields.difference;
    this.eps = fields.eps;
    this.rtol = fields.rtol ?? fields.tolerance ?? DEFAULT_TOLERANCE;
    this.tolerance = this.rtol;
    this.atol = fields.atol;
    this.scheme = fields.scheme;
    this.refine = fields.refine ?? true;
    this.evaluations = fields.evaluations;
    this.extraEvaluations = fields.extraEvaluations ?? 0;
    this.noise = fields.noise;
    this.warnings = fields.warnings ?? [];
    this.status = overallStatus(this.entries.map((e) => e.status));
    this.passed = this.status === "passed";
    const { worst, max } = worstOf(this.entries);
    this.worst = worst;
    this.maxRelError = max;
    this.band = band(this.maxRelError);
    this.sampled = fields.sampled;
    this.groups = (fields.groups ?? []).map((g) => summarize(g, this.entries)).filter((g): g is GroupSummary => g !== undefined);
  }

  /** Ng's difference is below 1e-7: information beside the verdict, never the verdict. */
  get differenceOk(): boolean {
    return this.difference < NG_THRESHOLD;
  }

  /** The names of the groups (tensors) with a failing entry. */
  get failingGroups(): string[] {
    return this.groups.filter((g) => g.failures > 0).map((g) => g.name);
  }

  /** The entries that failed. */
  get failures(): GradCheckEntry[] {
    return this.entries.filter((e) => e.status === "failed");
  }

  /** The entries that are inconclusive. */
  get inconclusive(): GradCheckEntry[] {
    return this.entries.filter((e) => e.status === "inconclusive");
  }

  /** Sentences a learner should read beside the verdict: what was left out, passes with a note, shortened steps, reasons. */
  get notes(): string[] {
    const notes: string[] = [];
    if (this.sampled) {
      const { k, of, seed } = this.sampled;
      notes.push(`only ${k} of ${of} parameters were checked (sample: ${k}, seed ${seed}): a bug in the other ${of - k} cannot show.`);
    }
    for (const [code, text] of Object.entries(PASS_NOTES) as [ReasonCode, string][]) {
      const noted = this.entries.filter((e) => e.status === "passed" && e.reason?.code === code);
      if (noted.length > 0) notes.push(`${code} (${listNames(noted)}): ${text}.`);
    }
    const shortened = this.entries.filter((e) => e.shortened);
    if (shortened.length > 0) notes.push(`${listNames(shortened)}: w ± h left the loss's domain at the first step, so only shorter steps were used.`);
    const byCode = new Map<ReasonCode, GradCheckEntry[]>();
    for (const e of this.inconclusive) byCode.set(e.reason!.code, [...(byCode.get(e.reason!.code) ?? []), e]);
    for (const [code, entries] of byCode) notes.push(`${code} (${listNames(entries)}): ${entries[0].reason!.message}.`);
    return notes;
  }

  /** The one-line verdict, starting "Gradient check PASSED", "FAILED" or "INCONCLUSIVE". */
  get verdict(): string {
    const n = this.entries.length;
    const of = this.sampled ? ` sampled (of ${this.sampled.of}, seed ${this.sampled.seed})` : "";
    const w = this.worst;
    const worst = `Worst: ${w.name}, relative error ${fmt(w.status === "passed" && w.reason ? 0 : w.relError)}.`;
    const undecided = this.inconclusive;
    const codes = [...new Set(undecided.map((e) => e.reason!.code))].join(", ");
    if (this.status === "failed") {
      const failing = this.failures;
      const tensors = this.groups.length > 0 ? ` in ${this.failingGroups.join(", ")}` : "";
      const more = undecided.length > 0 ? ` ${undecided.length} more inconclusive (${codes}): ${listNames(undecided)}.` : "";
      return `Gradient check FAILED: ${failing.length} of ${n} parameters${of} off${tensors}: ${listNames(failing)}.${more} ${worst}`;
    }
    if (this.status === "inconclusive") {
      return (
        `Gradient check INCONCLUSIVE: ${undecided.length} of ${n} parameters${of} cannot be decided (${codes}): ${listNames(undecided)}; ` +
        `the other ${n - undecided.length} pass. ${capitalized(undecided[0].reason!.message)}.`
      );
    }
    const limit = `rtol ${fmt(this.rtol)}${this.atol > 0 ? ` + atol ${fmt(this.atol)}` : ""}`;
    const noted = this.entries.filter((e) => e.reason).length;
    const with_ = noted > 0 ? ` (${noted} of them against their tensor's scale or as 0: see the notes)` : "";
    return `Gradient check PASSED: all ${n} parameters${of} agree within ${limit}${with_}, error bars included. ${worst}`;
  }

  /** The report as a text table plus the verdict. */
  toString(): string {
    return reportText(this);
  }

  /** The report as an HTML table, failing rows marked, plus the verdict. */
  toHTML(): string {
    return reportHtml(this);
  }

  /** What JSON.stringify keeps: the decision and what it rests on. */
  toJSON(): object {
    return {
      status: this.status,
      passed: this.passed,
      verdict: this.verdict,
      failures: this.failures.map((e) => e.name),
      inconclusive: this.inconclusive.map((e) => ({ name: e.name, reason: e.reason })),
      notes: this.notes,
      worst: this.worst.name,
      maxRelError: this.maxRelError,
      difference: this.difference,
      eps: this.eps,
      rtol: this.rtol,
      atol: this.atol,
      scheme: this.scheme,
      refine: this.refine,
      evaluations: this.evaluations,
      extraEvaluations: this.extraEvaluations,
      noise: this.noise,
      warnings: this.warnings,
      groups: this.groups.map((g) => ({ ...g, worst: g.worst.name })),
      entries: this.entries,
    };
  }

  [INSPECT](): string {
    return this.toString();
  }
}

function listNames(entries: GradCheckEntry[]): string {
  const names = entries.map((e) => e.name);
  return names.length > 12 ? `${names.slice(0, 12).join(", ")} and ${names.length - 12} more` : names.join(", ");
}

function fmt(x: number): string {
  if (x === 0) return "0";
  return x >= 0.01 && x < 100 ? String(Number(x.toPrecision(3))) : x.toExponential(1);
}
