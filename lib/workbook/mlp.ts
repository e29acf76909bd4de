/**
 * Notebook 12-your-own-mlp, the second capstone: a 2-layer MLP with batch norm, tanh
 * and softmax cross-entropy that predicts each car's origin (USA, Europe, Japan).
 * The forward pass keeps every intermediate node (Karpathy's "Becoming a Backprop
 * Ninja" names); `nodeChecks` compares a learner's gradient of each node with the
 * checker and names the first wrong one. `mlpReferenceBackward` is the answer: read it afterwards.
 */
import { GradCheckReport, Params, flatten, formatNumber, gaussian, gradCheck, seededRandom } from "gradcheck";
import { Tensor2D, checkTensor2d, randomTensor2d, zeros2d } from "../models/tensor";
import { affineBackward, affineForward } from "../models/affine";
import { tanhForward } from "../models/activations";
import { softmax } from "../models/softmax";
import { BATCH_NORM_EPS, RunningStats, batchNormForward, batchNormPaths } from "../models/batchnorm";
import { AUTO_MPG_FEATURES, AUTO_MPG_TARGET } from "./article";
import { dropMissing, loadCsv, standardize } from "./data";
import { Table, show, table } from "./display";
import { ExerciseResult } from "./exercise";

/** The classes, in label order. */
export const ORIGINS = ["USA", "Europe", "Japan"] as const;

/** The origin problem: five standardized features, a class label per car. */
export interface OriginProblem {
  X: Tensor2D;
  labels: number[];
  /** Cars per class, in ORIGINS order. */
  counts: number[];
}

/**
 * Loads data/auto-mpg.csv, drops the 14 rows with a missing value, standardizes the five
 * features and reads each car's origin as 0 (USA), 1 (Europe) or 2 (Japan).
 * @example
 *   const { X, labels, counts } = await originProblem(); // X is 392×5; counts [245, 68, 79]
 */
export async function originProblem(path = "../data/auto-mpg.csv"): Promise<OriginProblem> {
  const all = await loadCsv(path, { features: AUTO_MPG_FEATURES, target: AUTO_MPG_TARGET, missing: "keep" });
  const clean = dropMissing(all).data;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require("danfojs-node") as { readCSV(p: string, o?: object): Promise<{ column(c: string): { values: unknown[] } }> };
  const { resolve } = require("path") as { resolve(p: string): string };
  const frame = await dfd.readCSV(resolve(path), { dynamicTyping: false, skipEmptyLines: true });
  const origin = frame.column("origin").values.map(String);
  const labels = clean.rowIds.map((id, i) => {
    const k = (ORIGINS as readonly string[]).indexOf(origin[id - 1]);
    if (k < 0) throw new Error(`${path}: row ${id} has origin "${origin[id - 1]}", expected one of ${ORIGINS.join(", ")} (row ${i})`);
    return k;
  });
  const { X } = standardize(clean.X, clean.featureNames);
  return { X: { data: X.data, shape: [X.rows, X.cols] }, labels, counts: ORIGINS.map((_, k) => labels.filter((l) => l === k).length) };
}

/** The MLP's parameters, a record of named tensors as every check reads it. */
export interface MlpParams {
  W1: Tensor2D;
  b1: Float64Array;
  gamma: Float64Array;
  beta: Float64Array;
  W2: Tensor2D;
  b2: Float64Array;
}

/** Hidden units. */
export const MLP_HIDDEN = 8;

/**
 * Seeded parameters: W1 ~ N(0, 1/inputs), W2 ~ N(0, 0.1²), and γ, β, b1, b2 away from
 * their usual 1 and 0, so that every term of the gradient is nonzero (Karpathy's advice).
 * @example
 *   initMlp(5, 8, 3, 2026).W1.shape; // [5, 8]
 */
export function initMlp(inputs: number, hidden: number, classes: number, seed = 2026): MlpParams {
  const rand = seededRandom(seed);
  const vec = (n: number, center: number, scale: number) => Float64Array.from({ length: n }, () => center + scale * gaussian(rand));
  return {
    W1: randomTensor2d(inputs, hidden, seed + 1, 1 / Math.sqrt(inputs)),
    b1: vec(hidden, 0, 0.1),
    gamma: vec(hidden, 1, 0.1),
    beta: vec(hidden, 0, 0.1),
    W2: randomTensor2d(hidden, classes, seed + 2, 0.1),
    b2: vec(classes, 0, 0.1),
  };
}

/** The intermediate nodes, from the loss down (the order of the backward pass). */
export const MLP_NODES = ["probs", "logits", "h", "hpreact", "bnraw", "bnvar", "bnmean", "hprebn"] as const;
export type MlpNode = (typeof MLP_NODES)[number];
/** Every gradient the learner writes: the nodes, then the parameters. */
export const MLP_GRADIENTS = [...MLP_NODES, "W2", "b2", "gamma", "beta", "W1", "b1"] as const;

/** The forward pass with every node kept. */
export interface MlpCache {
  X: Tensor2D;
  labels: number[];
  params: MlpParams;
  eps: number;
  /** x·W1 + b1, before batch norm. */
  hprebn: Tensor2D;
  bnmean: Float64Array;
  /** The batch variance, over N. */
  bnvar: Float64Array;
  /** (hprebn − bnmean) / √(bnvar + ε). */
  bnraw: Tensor2D;
  /** γ ⊙ bnraw + β. */
  hpreact: Tensor2D;
  h: Tensor2D;
  logits: Tensor2D;
  probs: Tensor2D;
  loss: number;
}

/** The gradient of the loss with respect to every node and parameter, named as the cache. */
export type MlpGradients = { [K in MlpNode]: MlpCache[K] } & MlpParams;

/** A backward pass as the learner writes it: from the cache to every gradient. */
export type MlpBackward = (cache: MlpCache) => MlpGradients;

/**
 * The forward pass in train mode, keeping every node. `override` replaces one node's value
 * and recomputes only what comes after it: the loss as a function of that node, which is
 * how `nodeChecks` gets each node's true gradient.
 * @example
 *   const c = mlpForward(params, X, labels); c.loss; // log 3 ≈ 1.1 at a small initialization
 */
export function mlpForward(params: MlpParams, X: Tensor2D, labels: number[], override: Partial<Record<MlpNode, Params>> = {}, eps = BATCH_NORM_EPS): MlpCache {
  checkTensor2d(X, "X");
  const [n, hidden] = [X.shape[0], params.W1.shape[1]];
  const pick = <T>(k: MlpNode, compute: () => T): T => (override[k] !== undefined ? (override[k] as unknown as T) : compute());
  const hprebn = pick("hprebn", () => affineForward(X, params.W1, params.b1));
  const bnmean = pick("bnmean", () => {
    const m = new Float64Array(hidden);
    for (let i = 0; i < n; i++) for (let j = 0; j < hidden; j++) m[j] += hprebn.data[i * hidden + j] / n;
    return m;
  });
  const bnvar = pick("bnvar", () => {
    const v = new Float64Array(hidden);
    for (let i = 0; i < n; i++) for (let j = 0; j < hidden; j++) v[j] += (hprebn.data[i * hidden + j] - bnmean[j]) ** 2 / n;
    return v;
  });
  const bnraw = pick("bnraw", () => ({ data: hprebn.data.map((x, k) => (x - bnmean[k % hidden]) / Math.sqrt(bnvar[k % hidden] + eps)), shape: [n, hidden] as [number, number] }));
  const hpreact = pick("hpreact", () => ({ data: bnraw.data.map((x, k) => params.gamma[k % hidden] * x + params.beta[k % hidden]), shape: [n, hidden] as [number, number] }));
  const h = pick("h", () => tanhForward(hpreact));
  const logits = pick("logits", () => affineForward(h, params.W2, params.b2));
  const probs = pick("probs", () => softmax(logits));
  const c = probs.shape[1];
  let loss = 0;
  for (let i = 0; i < n; i++) loss -= Math.log(probs.data[i * c + labels[i]]) / n;
  return { X, labels, params, eps, hprebn, bnmean, bnvar, bnraw, hpreact, h, logits, probs, loss };
}

const colSum = (t: Tensor2D, f: (v: number, k: number) => number = (v) => v) => {
  const out = new Float64Array(t.shape[1]);
  t.data.forEach((v, k) => (out[k % t.shape[1]] += f(v, k)));
  return out;
};

/**
 * The answer: every node's gradient, node by node, as notebook 12 derives it.
 * @example
 *   mlpReferenceBackward(mlpForward(params, X, labels)).bnvar; // 8 numbers
 */
export function mlpReferenceBackward(c: MlpCache): MlpGradients {
  const [n, hidden] = c.hprebn.shape;
  const C = c.probs.shape[1];
  const { gamma, W1, W2 } = c.params;
  const probs = zeros2d(n, C);
  for (let i = 0; i < n; i++) probs.data[i * C + c.labels[i]] = -1 / (n * c.probs.data[i * C + c.labels[i]]);
  const logits = zeros2d(n, C);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < C; j++) dot += c.probs.data[i * C + j] * probs.data[i * C + j];
    for (let j = 0; j < C; j++) logits.data[i * C + j] = c.probs.data[i * C + j] * (probs.data[i * C + j] - dot);
  }
  const second = affineBackward(c.h, W2, logits);
  const h = second.x;
  const hpreact: Tensor2D = { data: h.data.map((d, k) => d * (1 - c.h.data[k] ** 2)), shape: [n, hidden] };
  const bnraw: Tensor2D = { data: hpreact.data.map((d, k) => d * gamma[k % hidden]), shape: [n, hidden] };
  const dgamma = colSum(hpreact, (d, k) => d * c.bnraw.data[k]);
  const dbeta = colSum(hpreact);
  const inv = Float64Array.from(c.bnvar, (v) => 1 / Math.sqrt(v + c.eps));
  const diff = (k: number) => c.hprebn.data[k] - c.bnmean[k % hidden];
  const bnvar = colSum(bnraw, (d, k) => d * diff(k) * -0.5 * inv[k % hidden] ** 3);
  const bnmean = colSum(bnraw, (d, k) => -d * inv[k % hidden]);
  const hprebn: Tensor2D = { data: bnraw.data.map((d, k) => d * inv[k % hidden] + (bnvar[k % hidden] * 2 * diff(k)) / n + bnmean[k % hidden] / n), shape: [n, hidden] };
  const first = affineBackward(c.X, W1, hprebn);
  return { probs, logits, h, hpreact, bnraw, bnvar, bnmean, hprebn, W2: second.W, b2: second.b, gamma: dgamma, beta: dbeta, W1: first.W, b1: first.b };
}

/** One row of `nodeChecks`: a node's gradient against the checker's. */
export interface NodeCheck {
  node: string;
  shape: string;
  /** Bitwise equal to lib's reference backward. */
  exact: boolean;
  /** gradCheck's verdict on your gradient of this node: the loss as a function of the node. */
  status: string;
  /** The largest |yours − the checker's numerical derivative|. */
  maxDiff: number;
  report: GradCheckReport;
}

/**
 * One node's (or parameter's) gradient against the checker: the loss as a function of
 * that node alone, everything before it fixed, everything after it recomputed.
 * @example
 *   checkNode(cache, "bnvar", myGradients.bnvar).status; // "passed"
 */
export function checkNode(cache: MlpCache, name: (typeof MLP_GRADIENTS)[number], value: Params, reference: MlpGradients = mlpReferenceBackward(cache)): NodeCheck {
  const isParam = name in cache.params;
  const point = isParam ? (cache.params as unknown as Record<string, Params>)[name] : (cache as unknown as Record<string, Params>)[name];
  const loss = (v: Params) =>
    isParam
      ? mlpForward({ ...cache.params, [name]: v } as MlpParams, cache.X, cache.labels, {}, cache.eps).loss
      : mlpForward(cache.params, cache.X, cache.labels, { [name]: v }, cache.eps).loss;
  const report = gradCheck<Record<string, Params>>({ f: (w) => loss(w[name]), gradient: () => ({ [name]: value }), w: { [name]: point }, budget: 50000 });
  const mine = flatten(value).values;
  const ref = flatten((reference as unknown as Record<string, Params>)[name]).values;
  const maxDiff = Math.max(...report.entries.map((e) => Math.abs(e.analytic - e.numeric)));
  const shape = (point as Tensor2D).shape ? `${(point as Tensor2D).shape.join("×")}` : `${(point as Float64Array).length}`;
  return { node: name, shape, exact: mine.length === ref.length && mine.every((v, k) => v === ref[k]), status: report.status, maxDiff, report };
}

/** What `nodeChecks` returns: a row per node and the first wrong one. */
export interface NodeChecks {
  rows: NodeCheck[];
  /** The first node, from the loss down, whose check does not pass (undefined if all pass). */
  firstWrong?: string;
  table: Table;
}

/**
 * Checks every node's gradient, Karpathy-style: exact (equal to lib's reference), the
 * checker's verdict (the loss as a function of that node alone, everything below it fixed)
 * and the max difference, and names the first wrong node from the loss down.
 * @example
 *   const checks = nodeChecks(cache, myBackward(cache)); show(checks.table); checks.firstWrong; // "bnvar"
 */
export function nodeChecks(cache: MlpCache, yours: MlpGradients): NodeChecks {
  const reference = mlpReferenceBackward(cache);
  const rows: NodeCheck[] = MLP_GRADIENTS.map((name) => checkNode(cache, name, (yours as unknown as Record<string, Params>)[name], reference));
  const firstWrong = rows.find((r) => r.status !== "passed")?.node;
  const t = table({
    node: rows.map((r) => `d${r.node}`),
    shape: rows.map((r) => r.shape),
    exact: rows.map((r) => (r.exact ? "yes" : "no")),
    "checker's verdict": rows.map((r) => r.status),
    "max diff": rows.map((r) => r.maxDiff),
  }, { digits: 2, highlight: (i) => rows[i].node === firstWrong });
  return { rows, firstWrong, table: t };
}

/**
 * The self-check of notebook 12: runs your backward on the cache, shows the node table,
 * and prints ✓, or ✗ naming the first wrong node.
 * @example
 *   judgeBackward(cache, myBackward).message; // "✗ your backward: first wrong node: bnvar ..."
 */
export function judgeBackward(cache: MlpCache, backward: MlpBackward | undefined, label = "your backward"): { result: ExerciseResult; checks?: NodeChecks } {
  if (backward === undefined || backward === null) return { result: new ExerciseResult(false, `✗ ${label}: no answer yet. Replace the undefined in this cell with your backward pass.`) };
  let checks: NodeChecks;
  try {
    checks = nodeChecks(cache, backward(cache));
  } catch (e) {
    return { result: new ExerciseResult(false, `✗ ${label}: the check could not run: ${(e as Error).message}.`) };
  }
  if (!checks.firstWrong) return { result: new ExerciseResult(true, `✓ ${label}: correct (all ${checks.rows.length} gradients pass the checker, node by node)`), checks };
  const row = checks.rows.find((r) => r.node === checks.firstWrong)!;
  const after = checks.rows.slice(checks.rows.indexOf(row) + 1).filter((r) => r.status !== "passed").map((r) => `d${r.node}`);
  return {
    result: new ExerciseResult(false, `✗ ${label}: first wrong node: ${row.node} (d${row.node}: the checker says ${row.report.status.toUpperCase()} in ${row.report.failures.length || row.report.inconclusive.length} of ${row.report.entries.length} entries, max diff ${formatNumber(row.maxDiff, 2)}). Every node above it passes, so the bug is in the line that computes d${row.node}${after.length ? `; below it, ${after.join(", ")} ${after.length === 1 ? "does" : "do"} not pass either, being computed from it` : ""}.`),
    checks,
  };
}

/**
 * A training run with a backward pass: full-batch gradient descent, batch norm in train mode,
 * its running statistics kept for eval mode.
 * @example
 *   trainMlp(params, X, labels, mlpReferenceBackward, { steps: 200 }).losses; // falls
 */
export function trainMlp(params: MlpParams, X: Tensor2D, labels: number[], backward: MlpBackward, options: { steps?: number; learningRate?: number } = {}): { params: MlpParams; losses: number[]; running: RunningStats } {
  const steps = options.steps ?? 200;
  const lr = options.learningRate ?? 0.5;
  let p = params;
  const losses: number[] = [];
  const hidden = params.W1.shape[1];
  const running: RunningStats = { mean: new Float64Array(hidden), var: new Float64Array(hidden).fill(1) };
  for (let s = 0; s < steps; s++) {
    const c = mlpForward(p, X, labels);
    losses.push(c.loss);
    for (let j = 0; j < hidden; j++) {
      running.mean[j] = 0.9 * running.mean[j] + 0.1 * c.bnmean[j];
      running.var[j] = 0.9 * running.var[j] + 0.1 * c.bnvar[j];
    }
    const g = backward(c);
    const step = <T extends Tensor2D | Float64Array>(w: T, d: T): T =>
      ("shape" in w ? { data: (w as Tensor2D).data.map((v, k) => v - lr * (d as Tensor2D).data[k]), shape: (w as Tensor2D).shape } : (w as Float64Array).map((v, k) => v - lr * (d as Float64Array)[k])) as T;
    p = { W1: step(p.W1, g.W1), b1: step(p.b1, g.b1), gamma: step(p.gamma, g.gamma), beta: step(p.beta, g.beta), W2: step(p.W2, g.W2), b2: step(p.b2, g.b2) };
  }
  losses.push(mlpForward(p, X, labels).loss);
  return { params: p, losses, running };
}

/**
 * The share of rows whose most probable class is the label, with batch norm in eval mode (running statistics).
 * @example
 *   mlpAccuracy(run.params, X, labels, run.running); // about 0.8
 */
export function mlpAccuracy(params: MlpParams, X: Tensor2D, labels: number[], running: RunningStats): number {
  const z = affineForward(X, params.W1, params.b1);
  const h = tanhForward(batchNormForward(z, params.gamma, params.beta, { mode: "eval", running }).out);
  const logits = affineForward(h, params.W2, params.b2);
  const C = logits.shape[1];
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let j = 1; j < C; j++) if (logits.data[i * C + j] > logits.data[i * C + best]) best = j;
    if (best === labels[i]) right++;
  }
  return right / labels.length;
}

/**
 * The given rows of X with their labels: a fixed batch.
 * @example
 *   takeBatch(X, labels, [0, 1, 2]).X.shape; // [3, 5]
 */
export function takeBatch(X: Tensor2D, labels: number[], rows: number[]): { X: Tensor2D; labels: number[] } {
  const c = X.shape[1];
  const data = new Float64Array(rows.length * c);
  rows.forEach((r, i) => data.set(X.data.subarray(r * c, (r + 1) * c), i * c));
  return { X: { data, shape: [rows.length, c] }, labels: rows.map((r) => labels[r]) };
}

/**
 * Batch norm's forward with the sample variance (over N − 1), the N-versus-N − 1 trap of notebook 12.
 * @example
 *   batchNormForwardBessel(x, gamma, beta); // like batchNormForward(x, gamma, beta).out, σ² over N − 1
 */
export function batchNormForwardBessel(x: Tensor2D, gamma: ArrayLike<number>, beta: ArrayLike<number>, eps = BATCH_NORM_EPS): Tensor2D {
  const [n, d] = x.shape;
  const r = batchNormForward(x, gamma, beta, { eps });
  const out = zeros2d(n, d);
  for (let k = 0; k < out.data.length; k++) {
    const j = k % d;
    out.data[k] = gamma[j] * ((x.data[k] - r.mean[j]) / Math.sqrt((r.var[j] * n) / (n - 1) + eps)) + beta[j];
  }
  return out;
}

/**
 * Runs your backward on the cache, shows the node-by-node table and prints ✓, or ✗ naming the first wrong node.
 * @example
 *   selfCheckBackward(cache, myBackward);
 */
export function selfCheckBackward(cache: MlpCache, backward: MlpBackward | undefined): void {
  const { result, checks } = judgeBackward(cache, backward);
  if (checks) show(checks.table);
  console.log(result.message);
}

/** The fused cross-entropy backward as the learner writes it: dlogits from the logits and labels. */
export type FusedLogitsBackward = (logits: Tensor2D, labels: number[]) => Tensor2D;
/** The fused batch-norm backward: dhprebn from hprebn, γ, dhpreact and ε. */
export type FusedBatchNormBackward = (hprebn: Tensor2D, gamma: Float64Array, dhpreact: Tensor2D, eps: number) => Tensor2D;

const ratioTo = (a: Float64Array, b: Float64Array): number | undefined => {
  const r = a.reduce((s, v, k) => s + v * b[k], 0) / b.reduce((s, v) => s + v * v, 0);
  return a.every((v, k) => Math.abs(v - r * b[k]) <= 1e-9 * (1 + Math.abs(v))) ? r : undefined;
};

/**
 * The self-check of a fused formula: its value for the node (logits or hprebn) checked like
 * any node; a wrong one is read by its ratio to the right one (N, −1) when it is a multiple.
 * @example
 *   judgeFused(cache, "logits", myFusedLogits(cache.logits, cache.labels)).message; // ✓ or ✗ with the ratio
 */
export function judgeFused(cache: MlpCache, node: "logits" | "hprebn", value: Tensor2D | undefined, label = `your fused d${node}`): ExerciseResult {
  if (value === undefined || value === null) return new ExerciseResult(false, `✗ ${label}: no answer yet. Replace the undefined in this cell with your function.`);
  let r: NodeCheck;
  try {
    r = checkNode(cache, node, value);
  } catch (e) {
    return new ExerciseResult(false, `✗ ${label}: the check could not run: ${(e as Error).message}.`);
  }
  if (r.status === "passed") return new ExerciseResult(true, `✓ ${label}: correct (the checker passes all ${r.report.entries.length} entries, max diff ${formatNumber(r.maxDiff, 2)})`);
  const n = cache.X.shape[0];
  const ref = mlpReferenceBackward(cache);
  const mine = flatten(value).values;
  if (node === "hprebn") {
    const p = batchNormPaths(cache.hprebn, cache.params.gamma, ref.hpreact, cache.eps);
    const same = (a: Tensor2D, b: Tensor2D) => mine.every((v, i) => Math.abs(v - a.data[i] - b.data[i]) <= 1e-9 * (1 + Math.abs(v)));
    const lacks = same(p.direct, p.mean) ? "the variance's path, the x̂ ⊙ Σ g ⊙ x̂ term" : same(p.direct, p.variance) ? "the mean's path, the Σ g term" : undefined;
    if (lacks) return new ExerciseResult(false, `✗ ${label}: the checker says ${r.status.toUpperCase()} in ${r.report.failures.length} of ${r.report.entries.length} entries: it lacks ${lacks}.`);
  }
  const k = ratioTo(mine, flatten(ref[node]).values);
  const reading = k === undefined ? "" : Math.abs(k - n) < 1e-6 * n ? `: it is ${n} times the right one, N = ${n}: the 1/N of the mean loss is missing` : Math.abs(k + 1) < 1e-6 ? ": it is the right one times −1, a sign error" : `: it is ${formatNumber(k, 4)} times the right one`;
  return new ExerciseResult(false, `✗ ${label}: the checker says ${r.status.toUpperCase()} in ${r.report.failures.length || r.report.inconclusive.length} of ${r.report.entries.length} entries, max diff ${formatNumber(r.maxDiff, 2)}${reading}.`);
}
