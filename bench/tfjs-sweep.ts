/**
 * The TensorFlow.js gradient sweep: every row of bench/tfjs-ops.ts checked by gradcheck/tfjs
 * in float32 on the CPU backend, at the checker's defaults (rtol 1e-6) and at rtol 1e-3, and
 * tfjs's gradient compared with the row's independent float64 truth.
 *
 *   npm run bench:tfjs             the per-row table and the totals (markdown)
 *   npm run bench:tfjs -- --json   the rows as JSON (bench/tfjs-results.json is written either way)
 *
 * A row's tfjs gradient is "wrong" when some entry is off its float64 truth by more than
 * 1e-3 of max(|truth|, the row's RMS truth); the float32 rounding of a correct kernel stays
 * below 1e-5 of that. bench/README.md ("TensorFlow.js's gradients") lists each wrong row with
 * the second, hand-derived confirmation and a reproducer.
 */
import { writeFileSync } from "fs";
import { join } from "path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
// The chained ops (x.reshape(...)) that @tensorflow/tfjs registers and some gradients call.
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops";
import { tfGradCheck, TfTensor } from "../lib/check/tfjs";
import type { GradCheckReport } from "../lib/check/gradreport";
import { OpRow, buildRows, upstreamFor } from "./tfjs-ops";

tf.enableProdMode();

export interface RowResult {
  id: string;
  op: string;
  kind: string;
  method: string;
  entries: number;
  /** max over entries of |tfjs − truth| / max(|truth|, RMS truth). */
  truthError: number;
  tfjs: "correct" | "wrong" | "throws";
  error?: string;
  /** For a wrong row: the second truth's distance from tfjs and from the first truth, and the forward's (for a ref). */
  confirmed?: { tfjsError: number; truthsAgree: number; forwardAgree?: number };
  defaults?: Verdict;
  loose?: Verdict;
  /** A correct row with a planted 1% bug (tfjs's gradient × 1.01), at rtol 1e-3. */
  planted?: Verdict;
  /** The plain one-step comparison (refine: false) at rtol 1e-3, as most checkers do. */
  plain?: Verdict;
}

interface Verdict {
  status: string;
  reasons: Record<string, number>;
  evaluations: number;
}

const WRONG_ABOVE = 1e-3;

function tensors(row: OpRow): tf.Tensor[] {
  return row.inputs.map((i) => tf.tensor(i.dtype === "int32" ? Int32Array.from(i.values) : Float32Array.from(i.values), i.shape, i.dtype ?? "float32"));
}

/** The row's op as a function of the checked input alone (the others fixed). */
function opOf(row: OpRow, fixed: tf.Tensor[]): (x: tf.Tensor) => tf.Tensor {
  return (x) => row.apply(tf, fixed.map((t, k) => (k === row.wrt ? x : t)));
}

/** Richardson-extrapolated central difference of a float64 function, entry i. */
function richardson(phi: (x: Float64Array) => number, x0: Float64Array, i: number): number {
  const at = (h: number) => {
    const x = x0.slice();
    x[i] = x0[i] + h;
    const p = phi(x);
    x[i] = x0[i] - h;
    return (p - phi(x)) / (2 * h);
  };
  const h = 1e-3 * Math.max(1, Math.abs(x0[i]));
  const [d1, d2, d3] = [at(h), at(h / 2), at(h / 4)];
  const r1 = (4 * d2 - d1) / 3;
  const r2 = (4 * d3 - d2) / 3;
  return (16 * r2 - r1) / 15;
}

/** The independent float64 truth of Σ dy ⊙ op(x)'s gradient with respect to the checked input. */
export function truth(row: OpRow, dy: Float64Array): Float64Array {
  const x0 = row.inputs[row.wrt].values;
  if (row.method === "formula") return Float64Array.from(x0, (v, i) => dy[i] * row.derivative!(v));
  if (row.method === "float64") {
    const vals = row.inputs.map((i) => i.values);
    const phi = (x: Float64Array) => {
      const y = row.ref!(vals.map((v, k) => (k === row.wrt ? x : v)));
      let s = 0;
      for (let k = 0; k < y.length; k++) s += dy[k] * y[k];
      return s;
    };
    return Float64Array.from(x0, (_, i) => richardson(phi, x0, i));
  }
  // affine: column i = f(e_i) − f(0), from tfjs's forward kernel.
  return scoped(() => {
    const fixed = tensors(row);
    const f = opOf(row, fixed);
    const shape = row.inputs[row.wrt].shape;
    const read = (x: Float32Array) => f(tf.tensor(x, shape)).dataSync();
    const base = read(new Float32Array(x0.length));
    return Float64Array.from(x0, (_, i) => {
      const e = new Float32Array(x0.length);
      e[i] = 1;
      const col = read(e);
      let s = 0;
      for (let k = 0; k < col.length; k++) s += dy[k] * (col[k] - base[k]);
      return s;
    });
  });
}

/** Runs fn in a tfjs scope (like tf.tidy, for a result that is not a tensor): every tensor it makes is disposed. */
export function scoped<T>(fn: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = fn();
  });
  return out as T;
}

const relMax = (a: Float64Array, b: Float64Array) => {
  const rms = Math.sqrt(b.reduce((s, v) => s + v * v, 0) / b.length);
  let worst = 0;
  b.forEach((v, i) => (worst = Math.max(worst, Math.abs(a[i] - v) / Math.max(Math.abs(v), rms, 1e-30))));
  return worst;
};

/** The second truth of a wrong row (its `confirm`): how far tfjs is from it, and how near the first truth is. */
export function confirmRow(row: OpRow, dy: Float64Array, g: Float64Array, first: Float64Array): NonNullable<RowResult["confirmed"]> {
  const vals = row.inputs.map((i) => i.values);
  if (row.confirm!.gradient) {
    const second = row.confirm!.gradient(vals, dy);
    return { tfjsError: relMax(g, second), truthsAgree: relMax(first, second) };
  }
  const ref = row.confirm!.ref!;
  const second = truth({ ...row, method: "float64", ref }, dy);
  const forward = scoped(() => Float64Array.from(row.apply(tf, tensors(row)).dataSync()));
  return { tfjsError: relMax(g, second), truthsAgree: relMax(first, second), forwardAgree: relMax(forward, ref(vals)) };
}

/** The output size of a row's op. */
function outputCount(row: OpRow): number {
  return scoped(() => row.apply(tf, tensors(row)).size);
}

/** tfjs's own gradient of Σ dy ⊙ op(x), as float64. */
export function tfjsGradient(row: OpRow, dy: Float64Array): Float64Array {
  return scoped(() => {
    const fixed = tensors(row);
    const f = opOf(row, fixed);
    const outShape = f(fixed[row.wrt]).shape;
    const [g] = tf.grads(f)([fixed[row.wrt]], tf.tensor(Float32Array.from(dy), outShape));
    return Float64Array.from(g.dataSync());
  });
}

/** The row checked by gradcheck/tfjs at one rtol. */
export function checkRow(row: OpRow, dy: Float64Array, rtol: number, extra: { scale?: number; refine?: boolean } = {}): GradCheckReport {
  const fixed = tensors(row);
  const f = opOf(row, fixed);
  // A planted bug: tfjs's gradient times `scale` (1.01: a 1% bug).
  const vjp = extra.scale === undefined ? undefined : (xs: TfTensor[], d: TfTensor) => tf.grads(f)(xs as tf.Tensor[], d as tf.Tensor).map((g) => tf.mul(g, extra.scale!));
  try {
    return tfGradCheck(tf, { f: f as never, x: { [row.inputs.length > 1 ? "xyzwv"[row.wrt] : "x"]: fixed[row.wrt] }, dy, rtol, vjp, refine: extra.refine });
  } finally {
    tf.dispose(fixed);
  }
}

function verdict(r: GradCheckReport): Verdict {
  const reasons: Record<string, number> = {};
  for (const e of r.entries) if (e.reason) reasons[`${e.status}:${e.reason.code}`] = (reasons[`${e.status}:${e.reason.code}`] ?? 0) + 1;
  return { status: r.status, reasons, evaluations: r.evaluations };
}

export function sweepRow(row: OpRow, index: number): RowResult {
  const dy = upstreamFor(outputCount(row), 1000 + index);
  const base = { id: row.id, op: row.op, kind: row.kind, method: row.method, entries: row.inputs[row.wrt].values.length };
  let g: Float64Array;
  try {
    g = tfjsGradient(row, dy);
  } catch (e) {
    return { ...base, truthError: NaN, tfjs: "throws", error: String((e as Error).message).split("\n")[0] };
  }
  const t = truth(row, dy);
  const rms = Math.sqrt(t.reduce((s, v) => s + v * v, 0) / t.length);
  let worst = 0;
  t.forEach((v, i) => (worst = Math.max(worst, Math.abs(g[i] - v) / Math.max(Math.abs(v), rms, 1e-30))));
  const result: RowResult = { ...base, truthError: worst, tfjs: worst > WRONG_ABOVE ? "wrong" : "correct" };
  if (row.confirm) result.confirmed = confirmRow(row, dy, g, t);
  result.defaults = verdict(checkRow(row, dy, 1e-6));
  result.loose = verdict(checkRow(row, dy, 1e-3));
  if (result.tfjs === "correct") {
    result.planted = verdict(checkRow(row, dy, 1e-3, { scale: 1.01 }));
    result.plain = verdict(checkRow(row, dy, 1e-3, { refine: false }));
  }
  return result;
}

function totals(results: RowResult[]) {
  const count = (rows: RowResult[], key: "defaults" | "loose" | "planted" | "plain", status: string) => rows.filter((r) => r[key]?.status === status).length;
  const correct = results.filter((r) => r.tfjs === "correct");
  const wrong = results.filter((r) => r.tfjs === "wrong");
  const line = (label: string, rows: RowResult[]) =>
    `| ${label} | ${rows.length} | ${count(rows, "defaults", "passed")} / ${count(rows, "defaults", "inconclusive")} / ${count(rows, "defaults", "failed")} | ${count(rows, "loose", "passed")} / ${count(rows, "loose", "inconclusive")} / ${count(rows, "loose", "failed")} |`;
  return [
    "| rows | count | defaults (rtol 1e-6): passed / inconclusive / failed | rtol 1e-3: passed / inconclusive / failed |",
    "|---|---|---|---|",
    line("tfjs gradient correct", correct),
    line("tfjs gradient wrong", wrong),
    `| tfjs gradient throws | ${results.length - correct.length - wrong.length} | – | – |`,
    "",
    `Correct rows with a planted 1% bug (gradient × 1.01), rtol 1e-3: ${count(correct, "planted", "failed")} failed, ${count(correct, "planted", "inconclusive")} inconclusive, ${count(correct, "planted", "passed")} passed.`,
    `Correct rows under the plain one-step comparison (refine: false), rtol 1e-3: ${count(correct, "plain", "failed")} falsely failed of ${correct.length}.`,
  ].join("\n");
}

async function main() {
  await tf.setBackend("cpu");
  const rows = buildRows();
  const results = rows.map((row, i) => sweepRow(row, i));
  writeFileSync(join(__dirname, "tfjs-results.json"), JSON.stringify({ tfjs: tf.version_core, backend: tf.getBackend(), rows: results }, null, 1) + "\n");
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(results, null, 1));
    return;
  }
  const ops = new Set(results.map((r) => r.op)).size;
  console.log(`TensorFlow.js ${tf.version_core}, backend ${tf.getBackend()}: ${results.length} rows over ${ops} ops\n`);
  console.log(totals(results));
  console.log("\n| row | method | n | tfjs vs truth | defaults | evals | rtol 1e-3 | evals |\n|---|---|---|---|---|---|---|---|");
  const reasons = (v?: Verdict) => (v ? `${v.status}${Object.keys(v.reasons).length ? ` (${Object.entries(v.reasons).map(([k, c]) => `${k.split(":")[1]} ${c}`).join(", ")})` : ""}` : "–");
  for (const r of results) {
    const err = r.tfjs === "throws" ? `throws: ${r.error}` : `${r.tfjs} (${r.truthError.toExponential(1)}${r.confirmed ? `; 2nd truth: tfjs off by ${r.confirmed.tfjsError.toExponential(1)}, truths agree to ${r.confirmed.truthsAgree.toExponential(1)}${r.confirmed.forwardAgree !== undefined ? `, forward to ${r.confirmed.forwardAgree.toExponential(1)}` : ""}` : ""})`;
    console.log(`| ${r.id} | ${r.method} | ${r.entries} | ${err} | ${reasons(r.defaults)} | ${r.defaults?.evaluations ?? "–"} | ${reasons(r.loose)} | ${r.loose?.evaluations ?? "–"} |`);
  }
}

if (/tfjs-sweep\.ts$/.test(process.argv[1] ?? "")) main();
