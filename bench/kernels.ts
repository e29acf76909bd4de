/**
 * The same linear-regression cost, ½·mean((Xw − y)²), written in ways the
 * benchmark compares with lib's `cost`: one dependent accumulator, four
 * independent accumulators, plain number[][], and tfjs (danfojs's float32 tensors).
 */
import { Matrix } from "../lib/dist/index";

/** One accumulator: every add waits for the previous one (a dependent chain). */
export function costNaive(X: Matrix, y: Float64Array, w: Float64Array): number {
  const { rows, cols, data } = X;
  let s = 0;
  for (let i = 0; i < rows; i++) {
    let p = 0;
    for (let j = 0; j < cols; j++) p += data[i * cols + j] * w[j];
    const r = p - y[i];
    s += r * r;
  }
  return s / (2 * rows);
}

/** Four independent accumulators, so the CPU can overlap the adds. */
export function costUnrolled(X: Matrix, y: Float64Array, w: Float64Array): number {
  const { rows, cols, data } = X;
  let s = 0;
  const end4 = cols - (cols % 4);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    let j = 0;
    for (; j < end4; j += 4) {
      p0 += data[base + j] * w[j];
      p1 += data[base + j + 1] * w[j + 1];
      p2 += data[base + j + 2] * w[j + 2];
      p3 += data[base + j + 3] * w[j + 3];
    }
    for (; j < cols; j++) p0 += data[base + j] * w[j];
    const r = p0 + p1 + p2 + p3 - y[i];
    s += r * r;
  }
  return s / (2 * rows);
}

/** Plain JavaScript arrays of arrays. */
export function costNested(X: number[][], y: number[], w: number[]): number {
  let s = 0;
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    let p = 0;
    for (let j = 0; j < row.length; j++) p += row[j] * w[j];
    const r = p - y[i];
    s += r * r;
  }
  return s / (2 * X.length);
}

/** tfjs through danfojs-node: X and y live as float32 tensors; each call uploads w. */
export function costTensor(X: Matrix, y: Float64Array) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const tf = require("danfojs-node").tensorflow;
  const Xt = tf.tensor2d(Float32Array.from(X.data), [X.rows, X.cols], "float32");
  const yt = tf.tensor2d(Float32Array.from(y), [X.rows, 1], "float32");
  return {
    evaluate(w: Float64Array): number {
      return tf.tidy(() => {
        const wt = tf.tensor2d(Float32Array.from(w), [X.cols, 1], "float32");
        const r = tf.sub(tf.matMul(Xt, wt), yt);
        return tf.div(tf.sum(tf.square(r)), 2 * X.rows).dataSync()[0];
      });
    },
    dispose() {
      Xt.dispose();
      yt.dispose();
    },
  };
}
