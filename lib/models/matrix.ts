/**
 * A small row-major matrix on Float64Array, and the few products the model needs.
 * Every function checks shapes and throws a DataError on a mismatch.
 * First used in notebook 01-data; the design matrix X appears in 02-bias-trick.
 */
import { DataError, Vector } from "gradcheck";

/** A dense matrix: entry (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}


/**
 * Builds a Matrix from rows of numbers (copied).
 * @example
 *   const X = matrix([[1, 2], [3, 4]]); // { rows: 2, cols: 2, data: [1, 2, 3, 4] }
 */
export function matrix(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0].length;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const row = rows[i];
    if (row.length !== n) throw new DataError(`matrix: row ${i} has ${row.length} entries, row 0 has ${n}`);
    for (let j = 0; j < n; j++) data[i * n + j] = row[j];
  }
  return { rows: m, cols: n, data };
}

/**
 * A rows × cols matrix of zeros.
 * @example
 *   zeros(2, 3).data.length; // 6
 */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * Column j of X, as a new Float64Array.
 * @example
 *   column(matrix([[1, 2], [3, 4]]), 1); // Float64Array [2, 4]
 */
export function column(X: Matrix, j: number): Float64Array {
  if (!Number.isInteger(j) || j < 0 || j >= X.cols) {
    throw new DataError(`column: index ${j} is outside 0..${X.cols - 1}`);
  }
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = X.data[i * X.cols + j];
  return out;
}

/**
 * Row i of X, as a new Float64Array.
 * @example
 *   row(matrix([[1, 2], [3, 4]]), 1); // Float64Array [3, 4]
 */
export function row(X: Matrix, i: number): Float64Array {
  if (!Number.isInteger(i) || i < 0 || i >= X.rows) {
    throw new DataError(`row: index ${i} is outside 0..${X.rows - 1}`);
  }
  return X.data.slice(i * X.cols, (i + 1) * X.cols);
}

/**
 * The rows of X as plain arrays, for printing or a table.
 * @example
 *   toRows(matrix([[1, 2], [3, 4]])); // [[1, 2], [3, 4]]
 */
export function toRows(X: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) out.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  return out;
}

/**
 * The product X·w: one entry per row of X.
 * @example
 *   matVec(matrix([[1, 2], [3, 4]]), [1, 1]); // Float64Array [3, 7]
 */
export function matVec(X: Matrix, w: Vector): Float64Array {
  if (w.length !== X.cols) {
    throw new DataError(`matVec: X is ${X.rows}×${X.cols} but w has ${w.length} entries (expected ${X.cols})`);
  }
  const { rows, cols, data } = X;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const base = i * cols;
    for (let j = 0; j < cols; j++) s += data[base + j] * w[j];
    out[i] = s;
  }
  return out;
}

/**
 * The product Xᵀ·v without forming Xᵀ: one entry per column of X.
 * @example
 *   transposeMatVec(matrix([[1, 2], [3, 4]]), [1, 1]); // Float64Array [4, 6]
 */
export function transposeMatVec(X: Matrix, v: Vector): Float64Array {
  if (v.length !== X.rows) {
    throw new DataError(`transposeMatVec: X is ${X.rows}×${X.cols} but v has ${v.length} entries (expected ${X.rows})`);
  }
  const { rows, cols, data } = X;
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const vi = v[i];
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j] += data[base + j] * vi;
  }
  return out;
}





/**
 * The eigenvalues of a symmetric matrix, smallest first, by the cyclic Jacobi method:
 * plane rotations that zero the off-diagonal entries, sweep after sweep, until what is
 * left off the diagonal is negligible. Meant for small matrices such as a cost's 6 × 6
 * Hessian, whose eigenvalues give its condition number. Introduced in notebook 01-data.
 * @example
 *   symmetricEigenvalues(matrix([[2, 1], [1, 2]])); // Float64Array [1, 3]
 */
export function symmetricEigenvalues(A: Matrix, options: { maxSweeps?: number } = {}): Float64Array {
  const n = A.rows;
  if (A.cols !== n) throw new DataError(`symmetricEigenvalues: the matrix must be square, got ${A.rows} × ${A.cols}`);
  const a = Float64Array.from(A.data);
  let scale = 0;
  for (const v of a) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(a[i * n + j] - a[j * n + i]) > 1e-12 * scale) {
        throw new DataError(`symmetricEigenvalues: the matrix is not symmetric (entries (${i}, ${j}) and (${j}, ${i}) differ)`);
      }
    }
  }
  const maxSweeps = options.maxSweeps ?? 100;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] ** 2;
      for (let j = 0; j < n; j++) if (i !== j) off += a[i * n + j] ** 2;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // The rotation angle φ with tan φ = t zeroes entry (p, q): t² + 2θt − 1 = 0.
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => a[i * n + i]).sort();
}
