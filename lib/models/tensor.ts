/**
 * A 2-D tensor `{ data, shape: [rows, cols] }` (row-major, Float64Array): the form a
 * layer's input, weights and output take in notebooks 07-layers and 12-your-own-mlp.
 * It is a `Tensor` for the checker, so vjpCheck and gradCheck name its entries `W[2,3]`.
 */
import { DataError, gaussian, seededRandom } from "gradcheck";

/** A row-major matrix as the checker reads it: entry (i, j) is `data[i * shape[1] + j]`. */
export interface Tensor2D {
  data: Float64Array;
  shape: [number, number];
}

/**
 * Builds a Tensor2D from rows of numbers (copied).
 * @example
 *   tensor2d([[1, 2], [3, 4]]); // { data: Float64Array [1, 2, 3, 4], shape: [2, 2] }
 */
export function tensor2d(rows: ArrayLike<ArrayLike<number>>): Tensor2D {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0].length;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    if (rows[i].length !== n) throw new DataError(`tensor2d: row ${i} has ${rows[i].length} entries, row 0 has ${n}`);
    for (let j = 0; j < n; j++) data[i * n + j] = rows[i][j];
  }
  return { data, shape: [m, n] };
}

/**
 * A rows × cols tensor of zeros.
 * @example
 *   zeros2d(2, 3).data.length; // 6
 */
export function zeros2d(rows: number, cols: number): Tensor2D {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) throw new DataError(`zeros2d: shape [${rows}, ${cols}] must be two whole numbers`);
  return { data: new Float64Array(rows * cols), shape: [rows, cols] };
}

/**
 * A rows × cols tensor of seeded Gaussian values times `scale`: same seed, same numbers.
 * @example
 *   randomTensor2d(4, 3, 7).shape; // [4, 3]
 */
export function randomTensor2d(rows: number, cols: number, seed: number, scale = 1): Tensor2D {
  const t = zeros2d(rows, cols);
  const rand = seededRandom(seed);
  for (let k = 0; k < t.data.length; k++) t.data[k] = scale * gaussian(rand);
  return t;
}

/**
 * Entry (i, j) of a Tensor2D.
 * @example
 *   at(tensor2d([[1, 2], [3, 4]]), 1, 0); // 3
 */
export function at(t: Tensor2D, i: number, j: number): number {
  return t.data[i * t.shape[1] + j];
}

/**
 * Throws a DataError unless `t` is a Tensor2D whose data has rows × cols values.
 * @example
 *   checkTensor2d({ data: new Float64Array(5), shape: [2, 3] }, "x"); // DataError: x has shape [2, 3] (6 values) but 5 data values
 */
export function checkTensor2d(t: Tensor2D, what: string): void {
  if (!t || !t.shape || t.shape.length !== 2 || !t.data) throw new DataError(`${what} must be a 2-D tensor { data, shape: [rows, cols] }`);
  const [r, c] = t.shape;
  if (r * c !== t.data.length) throw new DataError(`${what} has shape [${r}, ${c}] (${r * c} values) but ${t.data.length} data values`);
}
