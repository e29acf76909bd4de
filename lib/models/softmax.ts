/**
 * Softmax and cross-entropy on a batch of logits z (N×C) with integer labels:
 * first as two layers (softmax, then the loss −(1/N) Σ log p[i, yᵢ]), each with its
 * own backward, then fused, where the whole backward is (p − onehot(y)) / N.
 * Derived and checked in notebook 07-layers; the loss of 12-your-own-mlp.
 */
import { DataError } from "gradcheck";
import { Tensor2D, checkTensor2d, zeros2d } from "./tensor";

function checkLabels(labels: ArrayLike<number>, n: number, c: number): void {
  if (labels.length !== n) throw new DataError(`labels has ${labels.length} entries but the batch has ${n} rows`);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= c) throw new DataError(`label ${i} is ${y}: a class must be a whole number in 0..${c - 1}`);
  }
}

/**
 * Row-wise softmax pᵢⱼ = exp(zᵢⱼ) / Σₖ exp(zᵢₖ), computed with each row's max subtracted.
 * @example
 *   softmax(tensor2d([[0, 0]])).data; // [0.5, 0.5]
 */
export function softmax(z: Tensor2D): Tensor2D {
  checkTensor2d(z, "z");
  const [n, c] = z.shape;
  const p = zeros2d(n, c);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) max = Math.max(max, z.data[i * c + j]);
    let s = 0;
    for (let j = 0; j < c; j++) s += p.data[i * c + j] = Math.exp(z.data[i * c + j] - max);
    for (let j = 0; j < c; j++) p.data[i * c + j] /= s;
  }
  return p;
}

/**
 * Softmax's backward from its output p: dzᵢ = pᵢ ⊙ (dpᵢ − pᵢ·dpᵢ), row by row
 * (the Jacobian diag(p) − p pᵀ applied to dp).
 * @example
 *   softmaxBackward(softmax(z), ones).data; // all 0: softmax's rows always sum to 1
 */
export function softmaxBackward(p: Tensor2D, dp: Tensor2D): Tensor2D {
  checkTensor2d(p, "p");
  checkTensor2d(dp, "dp");
  const [n, c] = p.shape;
  if (dp.shape[0] !== n || dp.shape[1] !== c) throw new DataError(`softmaxBackward: dp is ${dp.shape[0]}×${dp.shape[1]} but p is ${n}×${c}`);
  const dz = zeros2d(n, c);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < c; j++) dot += p.data[i * c + j] * dp.data[i * c + j];
    for (let j = 0; j < c; j++) dz.data[i * c + j] = p.data[i * c + j] * (dp.data[i * c + j] - dot);
  }
  return dz;
}

/**
 * The mean cross-entropy of probabilities p with integer labels: −(1/N) Σᵢ log p[i, yᵢ].
 * @example
 *   crossEntropy(tensor2d([[0.5, 0.5]]), [1]); // log 2
 */
export function crossEntropy(p: Tensor2D, labels: ArrayLike<number>): number {
  checkTensor2d(p, "p");
  const [n, c] = p.shape;
  checkLabels(labels, n, c);
  let s = 0;
  for (let i = 0; i < n; i++) s -= Math.log(p.data[i * c + labels[i]]);
  return s / n;
}

/**
 * Cross-entropy's gradient with respect to p: −1 / (N·p[i, yᵢ]) at each row's label, 0 elsewhere.
 * @example
 *   crossEntropyBackward(tensor2d([[0.5, 0.5]]), [1]).data; // [0, -2]
 */
export function crossEntropyBackward(p: Tensor2D, labels: ArrayLike<number>): Tensor2D {
  checkTensor2d(p, "p");
  const [n, c] = p.shape;
  checkLabels(labels, n, c);
  const dp = zeros2d(n, c);
  for (let i = 0; i < n; i++) dp.data[i * c + labels[i]] = -1 / (n * p.data[i * c + labels[i]]);
  return dp;
}

/**
 * The labels as an N×C one-hot tensor.
 * @example
 *   oneHot([2, 0], 3).data; // [0, 0, 1, 1, 0, 0]
 */
export function oneHot(labels: ArrayLike<number>, classes: number): Tensor2D {
  const y = zeros2d(labels.length, classes);
  checkLabels(labels, labels.length, classes);
  for (let i = 0; i < labels.length; i++) y.data[i * classes + labels[i]] = 1;
  return y;
}

/**
 * Fused softmax cross-entropy of logits: (1/N) Σᵢ (log Σₖ exp zᵢₖ − zᵢ,yᵢ), stable for large logits.
 * @example
 *   softmaxCrossEntropy(tensor2d([[0, 0, 0]]), [2]); // log 3
 */
export function softmaxCrossEntropy(z: Tensor2D, labels: ArrayLike<number>): number {
  checkTensor2d(z, "z");
  const [n, c] = z.shape;
  checkLabels(labels, n, c);
  let s = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) max = Math.max(max, z.data[i * c + j]);
    let e = 0;
    for (let j = 0; j < c; j++) e += Math.exp(z.data[i * c + j] - max);
    s += max + Math.log(e) - z.data[i * c + labels[i]];
  }
  return s / n;
}

/**
 * The fused backward: ∂L/∂z = (softmax(z) − onehot(y)) / N.
 * @example
 *   softmaxCrossEntropyBackward(tensor2d([[0, 0]]), [0]).data; // [-0.5, 0.5]
 */
export function softmaxCrossEntropyBackward(z: Tensor2D, labels: ArrayLike<number>): Tensor2D {
  const p = softmax(z);
  const [n, c] = p.shape;
  checkLabels(labels, n, c);
  for (let i = 0; i < n; i++) p.data[i * c + labels[i]] -= 1;
  for (let k = 0; k < p.data.length; k++) p.data[k] /= n;
  return p;
}
