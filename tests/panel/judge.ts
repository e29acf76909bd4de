// Judging gradCheck's verdicts on a panel case against the case's independent truth.
//
// Thresholds (rtol is 1e-6 at the checker's defaults):
//   F      = max(|f(w)|, max_i |truth_i|·max(1, |w_i|))   a loss scale
//   wrong  : |a_i − t_i| > max(WRONG_REL·|t_i|, FLOOR·F)  (30× rtol, and above what float64 resolves)
//   right  : |a_i − t_i| ≤ RIGHT_REL·|t_i|                (100× below rtol)
//   grey   : neither: no assertion on that entry.
// Exact kinks (case.kinks): a value inside [left, right] (the one-sided derivatives,
// widened by the right tolerance) is a subgradient and must not fail; a value farther
// than the wrong threshold from that interval must not pass.
//
// HARD rules (tests/panel.test.ts asserts them):
//   H1 no wrong entry passed;  H2 no right entry failed (kinks: no subgradient failed);
//   H3 a bug that changes one entry fails no other entry;
//   H4 that entry fails, when it is float64 and neither at nor near a kink;
//   H5 a bug with a wrong float64 entry away from kinks makes the report failed.
// GOALS (describe "goals the new engine must reach"):
//   G1 gradCheck returns a report (does not throw) on every case;
//   G2 a correct float64 model without kinks within a step ends "passed";
//   G3 a correct float64 model with kinks within a step (not at w) ends "passed";
//   G4 a planted one-entry bug at or near a kink, or in float32, fails its entry.
import { GradCheckReport, gradCheck } from "../../lib/check/index";
import { PanelCase } from "./common";

export const WRONG_REL = 3e-5;
export const RIGHT_REL = 1e-8;
export const FLOOR = 1e-12;

export type Rule = "H1" | "H2" | "H3" | "H4" | "H5" | "G1" | "G2" | "G3" | "G4";

export interface Judgement {
  caseName: string;
  variant: string;
  report?: GradCheckReport;
  error?: string;
  /** One message per broken rule instance, prefixed by its rule. */
  broken: { rule: Rule; message: string }[];
  wrongEntries: number[];
  greyEntries: number[];
  /** The entries a bug changed (empty for the correct gradient). */
  changed: number[];
  ms: number;
}

export function lossScale(c: PanelCase): number {
  let F = Math.abs(c.f(c.w.slice()));
  c.truth.forEach((t, i) => (F = Math.max(F, Math.abs(t) * Math.max(1, Math.abs(c.w[i])))));
  return F;
}

export function classify(a: number, t: number, F: number): "wrong" | "right" | "grey" {
  const d = Math.abs(a - t);
  if (d > Math.max(WRONG_REL * Math.abs(t), FLOOR * F)) return "wrong";
  if (d <= RIGHT_REL * Math.abs(t)) return "right";
  return "grey";
}

/**
 * Each entry of an analytic gradient a against the case's truth: wrong, right or grey;
 * at an exact kink, any value between the one-sided derivatives (a subgradient) is right.
 */
export function classifyEntries(c: PanelCase, a: Float64Array): ("wrong" | "right" | "grey")[] {
  const F = lossScale(c);
  const kinks = new Set(c.kinks ?? []);
  return Array.from(a, (ai, i) => {
    if (kinks.has(i) && c.kinkSlopes) {
      const lo = Math.min(c.kinkSlopes.left[i], c.kinkSlopes.right[i]);
      const hi = Math.max(c.kinkSlopes.left[i], c.kinkSlopes.right[i]);
      const slack = RIGHT_REL * Math.max(Math.abs(lo), Math.abs(hi));
      if (ai >= lo - slack && ai <= hi + slack) return "right";
      const nearest = ai < lo ? lo : hi;
      return classify(ai, nearest, F) === "wrong" ? "wrong" : "grey";
    }
    return classify(ai, c.truth[i], F);
  });
}

const entryLabel = (c: PanelCase, i: number) => `${i}${c.names ? ` (${c.names[i]})` : ""}`;

export function judge(c: PanelCase, variant: string): Judgement {
  const gradFn = variant === "correct" ? c.gradient : c.bugs.find((b) => b.name === variant)?.gradient;
  if (!gradFn) throw new Error(`no variant ${variant} in ${c.name}`);
  const a = gradFn(c.w.slice());
  const correct = c.gradient(c.w.slice());
  const F = lossScale(c);
  const kinks = new Set(c.kinks ?? []);
  const near = new Set(c.nearKinks ?? []);
  const broken: Judgement["broken"] = [];
  const changed: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], correct[i])) changed.push(i);

  const start = Date.now();
  let report: GradCheckReport | undefined;
  let error: string | undefined;
  try {
    report = gradCheck({ f: c.f, gradient: gradFn, w: c.w, names: c.names });
  } catch (e) {
    error = (e as Error).message;
  }
  const ms = Date.now() - start;
  const wrongEntries: number[] = [];
  const greyEntries: number[] = [];
  const cls = classifyEntries(c, a);
  cls.forEach((k, i) => (k === "wrong" ? wrongEntries.push(i) : k === "grey" ? greyEntries.push(i) : undefined));

  if (!report) {
    broken.push({ rule: "G1", message: `gradCheck threw: ${error}` });
    return { caseName: c.name, variant, error, broken, wrongEntries, greyEntries, changed, ms };
  }
  const decidable = (i: number) => c.precision === "float64" && !kinks.has(i) && !near.has(i);
  report.entries.forEach((e, i) => {
    const info = `entry ${entryLabel(c, i)}: ${e.status}${e.reason ? ` (${e.reason.code})` : ""}, a ${a[i]}, truth ${c.truth[i]}, numeric ${e.numeric} ± ${e.errorEstimate}`;
    if (cls[i] === "wrong" && e.status === "passed") broken.push({ rule: "H1", message: `wrong ${info}` });
    if (cls[i] === "right" && e.status === "failed") broken.push({ rule: "H2", message: `right ${info}` });
  });
  if (variant !== "correct" && changed.length === 1 && cls[changed[0]] === "wrong") {
    const j = changed[0];
    report.entries.forEach((e, i) => {
      if (i !== j && e.status === "failed") broken.push({ rule: "H3", message: `bug at ${entryLabel(c, j)} also fails entry ${entryLabel(c, i)} (${e.numeric} vs a ${a[i]})` });
    });
    const e = report.entries[j];
    if (e.status !== "failed") {
      broken.push({
        rule: decidable(j) ? "H4" : "G4",
        message: `bug entry ${entryLabel(c, j)} is ${e.status}${e.reason ? ` (${e.reason.code})` : ""}: a ${a[j]}, truth ${c.truth[j]}, numeric ${e.numeric} ± ${e.errorEstimate}`,
      });
    }
  }
  if (variant !== "correct" && wrongEntries.some(decidable) && report.status !== "failed") {
    broken.push({ rule: "H5", message: `bug with wrong float64 entries away from kinks (${wrongEntries.filter(decidable).slice(0, 5).join(", ")}) gives ${report.status}` });
  }
  if (variant === "correct" && c.precision === "float64" && kinks.size === 0 && report.status !== "passed") {
    const bad = report.entries.filter((e) => e.status !== "passed");
    const codes = [...new Set(bad.map((e) => e.reason?.code ?? e.status))].join(",");
    broken.push({
      rule: near.size === 0 ? "G2" : "G3",
      message: `correct float64 model ends ${report.status}: ${bad.length} entries not passed (${codes}), e.g. ${bad.slice(0, 3).map((e) => entryLabel(c, e.index)).join(", ")}`,
    });
  }
  return { caseName: c.name, variant, report, broken, wrongEntries, greyEntries, changed, ms };
}

/** One line for print.ts: statuses, reasons, evaluations and the broken rules. */
export function summaryLine(c: PanelCase, j: Judgement): string {
  const head = `${c.name.padEnd(34)} ${j.variant.padEnd(28)}`;
  if (!j.report) return `${head} THREW  ${j.error?.slice(0, 110)}  [${j.broken.map((b) => b.rule).join(" ")}]`;
  const r = j.report;
  const count = (s: string) => r.entries.filter((e) => e.status === s).length;
  const codes = new Map<string, number>();
  for (const e of r.entries) if (e.reason) codes.set(`${e.status[0]}:${e.reason.code}`, (codes.get(`${e.status[0]}:${e.reason.code}`) ?? 0) + 1);
  const reasons = [...codes].map(([k, v]) => `${k}×${v}`).join(" ");
  const rules = [...new Set(j.broken.map((b) => b.rule))].sort().join(" ");
  const e = j.changed.length === 1 ? r.entries[j.changed[0]] : undefined;
  const at = e ? `  bug@${j.changed[0]}:${e.status}${e.reason ? `(${e.reason.code})` : ""}` : "";
  return `${head} ${r.status.padEnd(12)} P${count("passed")}/F${count("failed")}/I${count("inconclusive")} of ${r.entries.length}  evals ${r.evaluations}${at}  ${reasons}${rules ? `  BROKEN ${rules}` : ""}`;
}

/** The same as a JSON object (print.ts --json: one per line). */
export function summaryJson(c: PanelCase, j: Judgement): Record<string, unknown> {
  const r = j.report;
  return {
    case: c.name,
    variant: j.variant,
    status: r ? r.status : "threw",
    error: j.error,
    counts: r ? { passed: r.entries.filter((e) => e.status === "passed").length, failed: r.failures.length, inconclusive: r.inconclusive.length } : undefined,
    evaluations: r?.evaluations,
    entries: r?.entries.map((e) => [e.status, e.reason?.code ?? null]),
    changed: j.changed,
    wrong: j.wrongEntries,
    grey: j.greyEntries,
    broken: j.broken,
  };
}
