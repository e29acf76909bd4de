/**
 * The affine layer out = x·W + b on a batch: x is N×D, W is D×M, b has M entries
 * and is broadcast over the N rows, so its gradient sums over the batch axis.
 * Checked layer by layer in notebook 07-layers; used in 12-your-own-mlp.
 */
import { DataError } from "gradcheck";
import { Tensor2D, checkTensor2d, zeros2d } from "./tensor";

/** An affine layer's gradients, named as its inputs: { x, W, b }. */
export interface AffineGradients {
  x: Tensor2D;
  W: Tensor2D;
  b: Float64Array;
}

function checkShapes(x: Tensor2D, W: Tensor2D, b?: ArrayLike<number>): void {
  checkTensor2d(x, "x");
  checkTensor2d(W, "W");
  if (x.shape[1] !== W.shape[0]) throw new DataError(`affine: x is ${x.shape[0]}×${x.shape[1]} but W is ${W.shape[0]}×${W.shape[1]}: x's columns must equal W's rows`);
  if (b && b.length !== W.shape[1]) throw new DataError(`affine: b has ${b.length} entries but W has ${W.shape[1]} columns`);
}

/**
 * out = x·W + b, the bias added to every row.
 * @example
 *   affineForward(tensor2d([[1, 2]]), tensor2d([[1, 0], [0, 1]]), [10, 20]).data; // [11, 22]
 */
export function affineForward(x: Tensor2D, W: Tensor2D, b: ArrayLike<number>): Tensor2D {
  checkShapes(x, W, b);
  const [n, d] = x.shape;
  const m = W.shape[1];
  const out = zeros2d(n, m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = b[j];
      for (let k = 0; k < d; k++) s += x.data[i * d + k] * W.data[k * m + j];
      out.data[i * m + j] = s;
    }
  return out;
}

/**
 * The backward pass for upstream gradient dout (N×M): dx = dout·Wᵀ, dW = xᵀ·dout,
 * db = Σ over the batch of dout's rows.
 * @example
 *   affineBackward(x, W, dout).b; // dout's column sums
 */
export function affineBackward(x: Tensor2D, W: Tensor2D, dout: Tensor2D): AffineGradients {
  checkShapes(x, W);
  const [n, d] = x.shape;
  const m = W.shape[1];
  if (dout.shape[0] !== n || dout.shape[1] !== m) throw new DataError(`affineBackward: dout is ${dout.shape[0]}×${dout.shape[1]} but the output is ${n}×${m}`);
  const dx = zeros2d(n, d);
  const dW = zeros2d(d, m);
  const db = new Float64Array(m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const g = dout.data[i * m + j];
      db[j] += g;
      for (let k = 0; k < d; k++) {
        dx.data[i * d + k] += g * W.data[k * m + j];
        dW.data[k * m + j] += x.data[i * d + k] * g;
      }
    }
  return { x: dx, W: dW, b: db };
}
