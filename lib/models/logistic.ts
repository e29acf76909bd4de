/**
 * L2-regularized logistic regression, the model of the capstone: p = σ(Xw) with
 * the x0 bias trick (w0 is the bias), the mean binary cross-entropy, and the
 * penalty (λ/2)·Σ_{j≥1} w_j², which leaves the bias w0 alone.
 * Only the loss is here: in notebook 10-your-own-gradient the learner derives and
 * writes the gradient. Introduced in notebook 10-your-own-gradient.
 */
import { DataError, Vector } from "gradcheck";
import { Matrix, matVec } from "./matrix";
import { softplus } from "./network";

/**
 * The logistic function σ(z) = 1 / (1 + e^(−z)), without overflow for large |z|.
 * @example
 *   sigmoid(0); // 0.5
 *   sigmoid(2); // 0.8807970779778823
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function checkShapes(X: Matrix, y: Vector, w: Vector): void {
  if (w.length !== X.cols) throw new DataError(`logisticLoss: X has ${X.cols} columns but w has ${w.length} entries`);
  if (y.length !== X.rows) throw new DataError(`logisticLoss: X has ${X.rows} rows but y has ${y.length} entries`);
  if (X.rows === 0) throw new DataError("logisticLoss: X has no rows");
}

/**
 * The probabilities p = σ(Xw), one per row.
 * @example
 *   logisticPredict(matrix([[1, 0], [1, 2]]), [0, 1]); // Float64Array [0.5, 0.8807970779778823]
 */
export function logisticPredict(X: Matrix, w: Vector): Float64Array {
  if (w.length !== X.cols) throw new DataError(`logisticPredict: X has ${X.cols} columns but w has ${w.length} entries`);
  return matVec(X, w).map(sigmoid);
}

/**
 * The data term alone: the mean binary cross-entropy
 * (1/m)·Σᵢ −[yᵢ·log pᵢ + (1 − yᵢ)·log(1 − pᵢ)] with p = σ(Xw), computed from the
 * logits z = Xw as (1/m)·Σᵢ [log(1 + e^zᵢ) − yᵢ·zᵢ], so that it never takes log 0.
 * @example
 *   crossEntropyLoss(matrix([[1, 3]]), [1], [0, 0]); // log 2 = 0.6931..., since p = 0.5
 */
export function crossEntropyLoss(X: Matrix, y: Vector, w: Vector): number {
  checkShapes(X, y, w);
  const z = matVec(X, w);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += softplus(z[i]) - y[i] * z[i];
  return s / X.rows;
}

/**
 * The penalty alone: (λ/2)·Σ_{j≥1} w_j². Entry 0, the bias, is not penalized.
 * @example
 *   l2Penalty([5, 1, -2], 0.1); // 0.05·(1 + 4) = 0.25; w0 = 5 does not count
 */
export function l2Penalty(w: Vector, lambda: number): number {
  let s = 0;
  for (let j = 1; j < w.length; j++) s += w[j] * w[j];
  return (lambda / 2) * s;
}

/**
 * The capstone's loss: L(w) = (1/m)·Σᵢ BCE(σ(xᵢ·w), yᵢ) + (λ/2)·Σ_{j≥1} w_j², with
 * labels yᵢ in {0, 1} and the bias w0 (the column x0 = 1 of X) not regularized.
 * At w = 0 every p is ½ and the loss is log 2, whatever the labels.
 * @example
 *   const loss = (w: Float64Array) => logisticLoss(X, y, w, 0.1);
 *   loss(new Float64Array(X.cols)); // Math.LN2
 */
export function logisticLoss(X: Matrix, y: Vector, w: Vector, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new DataError(`logisticLoss: lambda must be a finite number >= 0, got ${lambda}`);
  return crossEntropyLoss(X, y, w) + l2Penalty(w, lambda);
}
