/**
 * Elementwise activation layers on a batch and their backward passes: the
 * upstream gradient times the local derivative, entry by entry.
 * Checked layer by layer in notebook 07-layers; tanh is the hidden layer of 12-your-own-mlp.
 */
import { DataError } from "gradcheck";
import { Tensor2D, checkTensor2d } from "./tensor";

function map(x: Tensor2D, f: (v: number) => number): Tensor2D {
  checkTensor2d(x, "x");
  return { data: x.data.map(f), shape: [x.shape[0], x.shape[1]] };
}

function zipBack(x: Tensor2D, dout: Tensor2D, local: (v: number) => number, what: string): Tensor2D {
  checkTensor2d(x, "x");
  checkTensor2d(dout, "dout");
  if (dout.data.length !== x.data.length) throw new DataError(`${what}: dout has shape [${dout.shape}] but x has [${x.shape}]`);
  return { data: x.data.map((v, k) => dout.data[k] * local(v)), shape: [x.shape[0], x.shape[1]] };
}

/**
 * max(0, x), entry by entry.
 * @example
 *   reluForward(tensor2d([[-1, 2]])).data; // [0, 2]
 */
export function reluForward(x: Tensor2D): Tensor2D {
  return map(x, (v) => (v > 0 ? v : 0));
}

/**
 * dx = dout where x > 0, else 0 (the kink at 0 gets 0).
 * @example
 *   reluBackward(tensor2d([[-1, 2]]), tensor2d([[5, 5]])).data; // [0, 5]
 */
export function reluBackward(x: Tensor2D, dout: Tensor2D): Tensor2D {
  return zipBack(x, dout, (v) => (v > 0 ? 1 : 0), "reluBackward");
}

/**
 * tanh(x), entry by entry.
 * @example
 *   tanhForward(tensor2d([[0]])).data; // [0]
 */
export function tanhForward(x: Tensor2D): Tensor2D {
  return map(x, Math.tanh);
}

/**
 * dx = dout ⊙ (1 − tanh(x)²).
 * @example
 *   tanhBackward(tensor2d([[0]]), tensor2d([[3]])).data; // [3]
 */
export function tanhBackward(x: Tensor2D, dout: Tensor2D): Tensor2D {
  return zipBack(x, dout, (v) => 1 - Math.tanh(v) ** 2, "tanhBackward");
}
