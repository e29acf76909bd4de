/**
 * Randomness in a loss, for notebook 11-pitfalls: a mini-batch drawn at random and
 * a dropout mask. Drawn afresh on every call, they make f(w + h) and f(w − h) see
 * different data, and the check says "inconclusive: not-deterministic"; drawn once
 * and held fixed, the check can decide. Introduced in notebook 11-pitfalls.
 */
import { DataError, Random } from "gradcheck";
import { Matrix } from "../models/matrix";

/** Some rows of a data set. */
export interface Batch {
  X: Matrix;
  y: Float64Array;
  /** The rows taken, in order. */
  rows: number[];
}

/**
 * The given rows of X and y.
 * @example
 *   takeRows(X, y, [0, 5, 9]); // { X: 3 × X.cols, y: 3 entries, rows: [0, 5, 9] }
 */
export function takeRows(X: Matrix, y: ArrayLike<number>, rows: number[]): Batch {
  if (y.length !== X.rows) throw new DataError(`takeRows: X has ${X.rows} rows but y has ${y.length} entries`);
  const data = new Float64Array(rows.length * X.cols);
  rows.forEach((r, k) => {
    if (!Number.isInteger(r) || r < 0 || r >= X.rows) throw new DataError(`takeRows: row ${r} is not in 0..${X.rows - 1}`);
    data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), k * X.cols);
  });
  return { X: { rows: rows.length, cols: X.cols, data }, y: Float64Array.from(rows, (r) => y[r]), rows: [...rows] };
}

/**
 * A mini-batch of `size` distinct rows drawn with `rand`; each call draws a new one.
 * @example
 *   const rand = seededRandom(5);
 *   randomBatch(X, y, 32, rand).rows; // 32 row numbers, different on the next call
 */
export function randomBatch(X: Matrix, y: ArrayLike<number>, size: number, rand: Random): Batch {
  if (!Number.isInteger(size) || size < 1 || size > X.rows) throw new DataError(`randomBatch: size must be a whole number in 1..${X.rows}, got ${size}`);
  const order = Array.from({ length: X.rows }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rand() * (X.rows - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return takeRows(X, y, order.slice(0, size));
}

/**
 * Inverted dropout on the inputs: each entry of X is kept with probability 1 − rate
 * and then divided by 1 − rate, or set to 0; each call draws a new mask.
 * @example
 *   const rand = seededRandom(3);
 *   dropout(X, 0.2, rand); // X with about a fifth of its entries zeroed, the rest × 1.25
 */
export function dropout(X: Matrix, rate: number, rand: Random): Matrix {
  if (!(rate >= 0 && rate < 1)) throw new DataError(`dropout: rate must be in [0, 1), got ${rate}`);
  const keep = 1 - rate;
  return { rows: X.rows, cols: X.cols, data: X.data.map((v) => (rand() < keep ? v / keep : 0)) };
}

/**
 * Plain gradient descent from w0 with any loss and gradient: w ← w − α·∇L(w),
 * with the loss recorded before each step and after the last (steps + 1 values).
 * @example
 *   const run = runDescent((w) => loss(w), (w) => grad(w), new Float64Array(6), { steps: 500, learningRate: 1 });
 *   run.losses[500]; // the loss after 500 steps
 */
export function runDescent(
  loss: (w: Float64Array) => number,
  gradient: (w: Float64Array) => ArrayLike<number>,
  w0: ArrayLike<number>,
  options: { steps: number; learningRate: number },
): { w: Float64Array; losses: number[] } {
  const w = Float64Array.from(w0);
  const losses = [loss(w)];
  for (let k = 0; k < options.steps; k++) {
    const g = gradient(w.slice());
    for (let j = 0; j < w.length; j++) w[j] -= options.learningRate * g[j];
    losses.push(loss(w));
  }
  return { w, losses };
}
