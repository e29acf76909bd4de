/**
 * The bug hunt in code (notebook 08-bug-hunt): the colleague's back-pass of a
 * 5 → 6 (tanh) → 4 (sigmoid) → 1 network is written out in the notebook, one
 * small step per layer, and the learner edits those steps. `codeHunt` gives the
 * forward pass the steps need, the matrix helpers they are written with, and a
 * check of each round of fixes that says what the fix changed, tensor by tensor.
 */
import { GradCheckReport, formatNumber, gradCheck, ratioSummaryRows } from "gradcheck";
import { Matrix } from "../models/matrix";
import { NetworkSpec, initNetwork, networkLoss, networkParameterNames, networkPreactivations, parameterGroups, unflattenParameters } from "../models/network";
import { Table, show, table } from "./display";
import { ExerciseResult, ratioFingerprints } from "./exercise";

/** The colleague's network: 5 → 6 (tanh) → 4 (sigmoid) → 1 (identity), squared error. */
export const HUNT_SPEC: NetworkSpec = { sizes: [5, 6, 4, 1], activations: ["tanh", "sigmoid", "identity"], loss: "mse" };

// ------------------------------------------------------------- matrix helpers

/**
 * aᵀ·b for a (m × p) and b (m × q): a p × q matrix, the sum over the m rows.
 * @example
 *   matTMul(dZ, Aprev); // n_l × n_(l−1): the layer's weight gradient, before the 1/m
 */
export function matTMul(a: Matrix, b: Matrix): Matrix {
  if (a.rows !== b.rows) throw new RangeError(`matTMul: ${a.rows} rows against ${b.rows}`);
  const out = new Float64Array(a.cols * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let p = 0; p < a.cols; p++) {
      const v = a.data[i * a.cols + p];
      for (let q = 0; q < b.cols; q++) out[p * b.cols + q] += v * b.data[i * b.cols + q];
    }
  return { rows: a.cols, cols: b.cols, data: out };
}

/**
 * a·b for a (m × p) and b (p × q).
 * @example
 *   matMul(dZ, W); // m × n_(l−1): the error signal sent down through the weights
 */
export function matMul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matMul: ${a.cols} columns against ${b.rows} rows`);
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let p = 0; p < a.cols; p++) {
      const v = a.data[i * a.cols + p];
      for (let q = 0; q < b.cols; q++) out[i * b.cols + q] += v * b.data[p * b.cols + q];
    }
  return { rows: a.rows, cols: b.cols, data: out };
}

/**
 * The sum of each column: one number per unit, the bias gradient before the 1/m.
 * @example
 *   colSums(dZ); // Float64Array of n_l entries
 */
export function colSums(a: Matrix): Float64Array {
  const out = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j] += a.data[i * a.cols + j];
  return out;
}

/**
 * Every entry times s (a matrix or a vector).
 * @example
 *   scale(colSums(dZ), 1 / m);
 */
export function scale<T extends Matrix | Float64Array>(a: T, s: number): T {
  if (a instanceof Float64Array) return a.map((v) => v * s) as T;
  const M = a as Matrix;
  return { rows: M.rows, cols: M.cols, data: M.data.map((v) => v * s) } as T;
}

/**
 * Entry by entry: a ⊙ f(b), for the activation's derivative.
 * @example
 *   times(dA, A1, (a) => 1 - a * a); // dZ1 = dA1 ⊙ tanh′
 */
export function times(a: Matrix, b: Matrix, f: (v: number) => number): Matrix {
  if (a.data.length !== b.data.length) throw new RangeError("times: the two matrices differ in size");
  return { rows: a.rows, cols: a.cols, data: a.data.map((v, k) => v * f(b.data[k])) };
}

/** One layer's gradient: its weights (n_l × n_(l−1)) and its biases (n_l). */
export interface LayerGradient {
  dW: Matrix;
  db: Float64Array;
}

/** What the back-pass needs from the forward pass, and the data. */
export interface HuntForward {
  /** A[0] is the input X; A[l] the output of layer l (m × n_l). */
  A: Matrix[];
  /** W[l] is layer l's weight matrix (n_l × n_(l−1)); W[0] is unused. */
  W: Matrix[];
  /** The targets as an m × 1 matrix. */
  Y: Matrix;
  m: number;
}

/** A back-pass: the gradient of the cost at theta, flattened like theta. */
export type BackPass = (theta: Float64Array) => Float64Array;

/** The bug hunt in code. */
export interface CodeHunt {
  spec: NetworkSpec;
  theta: Float64Array;
  /** The forward pass at theta, for a back-pass to use. */
  forward(theta: Float64Array): HuntForward;
  /** Flattens the three layers' gradients like theta: W1, b1, W2, b2, W3, b3. */
  pack(layers: LayerGradient[]): Float64Array;
  /** The grouped gradient check of a back-pass at theta. */
  check(backPass: BackPass): GradCheckReport;
  /**
   * Checks round k of fixes (1 = the output layer, 2 = the middle layer, 3 = the
   * first layer): shows each tensor before and after, and prints ✓ when the
   * tensors that round is about now pass, or ✗ saying what the change did.
   */
  checkRound(k: 1 | 2 | 3, after: BackPass | undefined, before: BackPass): void;
  /** What `checkRound` shows and prints: the before/after table (if the check ran) and the verdict. */
  judgeRound(k: 1 | 2 | 3, after: BackPass | undefined, before: BackPass): { table?: Table; result: ExerciseResult };
}

/** The tensors that must pass after round k, and what the round is about. */
const ROUNDS: Record<1 | 2 | 3, { passing: string[]; about: string }> = {
  1: { passing: ["W3", "b3"], about: "the output layer" },
  2: { passing: ["W3", "b3", "W2", "b2", "b1"], about: "the middle layer's δ" },
  3: { passing: ["W3", "b3", "W2", "b2", "W1", "b1"], about: "the first layer" },
};

interface TensorState {
  tensor: string;
  passed: boolean;
  min: number;
  max: number;
}

function states(report: GradCheckReport): TensorState[] {
  return ratioSummaryRows(report).map((r) => ({
    tensor: r.tensor,
    passed: r.passed,
    min: r["smallest ratio"],
    max: r["largest ratio"],
  }));
}

/** "ratio 392 in every entry (…)", or "ratios from a to b". */
function describeRatios(s: TensorState, m: number, short = false): string {
  const constant = Math.abs(s.max - s.min) <= 1e-6 * Math.max(Math.abs(s.max), Math.abs(s.min));
  if (!constant) return `ratios from ${formatNumber(s.min, 3)} to ${formatNumber(s.max, 3)}${short ? "" : ", varying from entry to entry: a wrong formula, not a wrong factor"}`;
  const known = ratioFingerprints(m).find((k) => k.ratio !== undefined && Math.abs(s.min / k.ratio - 1) <= 1e-6);
  return `ratio ${formatNumber(s.min, 6)} in every entry${known && !short ? ` (${known.name})` : ""}`;
}

/**
 * Sets up the bug hunt in code on data X (5 features) and targets y.
 * @example
 *   const hunt = codeHunt(features, y);
 *   show(hunt.check(colleagueBackPass));
 *   hunt.checkRound(1, myBackPass1, colleagueBackPass);
 */
export function codeHunt(X: Matrix, y: ArrayLike<number>, seed = 2026): CodeHunt {
  const spec = HUNT_SPEC;
  const theta = initNetwork(spec, seed);
  const names = networkParameterNames(spec);
  const groups = parameterGroups(spec);
  const m = X.rows;
  const Y: Matrix = { rows: m, cols: 1, data: Float64Array.from(y) };
  const forward = (t: Float64Array): HuntForward => {
    const layers = unflattenParameters(spec, t);
    const Z = networkPreactivations(spec, t, X);
    const A: Matrix[] = [X];
    Z.forEach((z, k) => {
      const act = spec.activations[k];
      const a = z.map((v) => (act === "tanh" ? Math.tanh(v) : act === "sigmoid" ? 1 / (1 + Math.exp(-v)) : v));
      A.push({ rows: m, cols: spec.sizes[k + 1], data: a });
    });
    return { A, W: [{ rows: 0, cols: 0, data: new Float64Array(0) }, ...layers.map((l) => l.W)], Y, m };
  };
  const pack = (layers: LayerGradient[]): Float64Array => {
    const out = new Float64Array(theta.length);
    let at = 0;
    for (const { dW, db } of layers) {
      out.set(dW.data, at);
      at += dW.data.length;
      out.set(db, at);
      at += db.length;
    }
    if (at !== theta.length) throw new RangeError(`pack: the layers hold ${at} numbers, the network has ${theta.length} parameters`);
    return out;
  };
  const check = (backPass: BackPass): GradCheckReport =>
    gradCheck({ f: (t) => networkLoss(spec, t, X, y), gradient: backPass, w: theta, names, groups });
  const judgeRound = (k: 1 | 2 | 3, after: BackPass | undefined, before: BackPass): { table?: Table; result: ExerciseResult } => {
    const label = `round ${k} (${ROUNDS[k].about})`;
    if (after === undefined || after === null) {
      return { result: new ExerciseResult(false, `✗ ${label}: no fix yet. Replace the undefined in this cell with your corrected back-pass.`) };
    }
    let was: TensorState[];
    let now: TensorState[];
    try {
      was = states(check(before));
      now = states(check(after));
    } catch (e) {
      return { result: new ExerciseResult(false, `✗ ${label}: the check could not run your back-pass: ${(e as Error).message}.`) };
    }
    const row = (s: TensorState) => `${s.passed ? "✓ passes" : "✗ fails"}, ${s.passed ? "ratio 1" : describeRatios(s, m, true)}`;
    const shown = table({ tensor: was.map((s) => s.tensor), before: was.map(row), after: now.map(row) }, { caption: `What your change did, tensor by tensor: round ${k}, ${ROUNDS[k].about}` });
    const stillFailing = ROUNDS[k].passing.filter((t) => !now.find((s) => s.tensor === t)?.passed);
    const broken = was.filter((s) => s.passed && !now.find((n) => n.tensor === s.tensor)?.passed).map((s) => s.tensor);
    const changed = now.filter((s, i) => s.passed !== was[i].passed || Math.abs(s.min - was[i].min) > 1e-9 * Math.abs(was[i].min) || Math.abs(s.max - was[i].max) > 1e-9 * Math.abs(was[i].max)).map((s) => s.tensor);
    if (stillFailing.length === 0 && broken.length === 0) {
      const left = now.filter((s) => !s.passed).map((s) => s.tensor);
      return { table: shown, result: new ExerciseResult(true, `✓ ${label}: correct, fixed. ${ROUNDS[k].passing.join(", ")} pass${left.length ? `; ${left.join(", ")} still ${left.length === 1 ? "fails" : "fail"}, so the next bug is below` : ", and the whole back-pass passes the gradient check"}.`) };
    }
    const parts: string[] = [];
    if (changed.length === 0) parts.push("your change altered no gradient at all");
    for (const t of stillFailing) {
      const s = now.find((n) => n.tensor === t)!;
      parts.push(`${t} still fails, with ${describeRatios(s, m)}`);
    }
    if (broken.length) parts.push(`${broken.join(", ")} passed before and fail now: the change reached a line that was right`);
    return { table: shown, result: new ExerciseResult(false, `✗ ${label}: ${parts.join("; ")}.`) };
  };
  return {
    spec,
    theta,
    forward,
    pack,
    check,
    checkRound(k, after, before) {
      const { table: t, result } = judgeRound(k, after, before);
      if (t) show(t);
      console.log(result.message);
    },
    judgeRound,
  };
}
