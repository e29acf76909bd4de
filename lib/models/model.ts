/**
 * Steps 2–3 of the article: linear regression with one output neuron, its cost
 * function CF = 1/(2m)·Σ(ŷ − y)², and the analytic back-pass ∂CF/∂w = (1/m)·Xᵀ(Xw − y).
 * X is the design matrix after the x0 bias trick, so w0 is the bias.
 * Taught in notebook 03-gd-formula (first used, without the derivation, in 00 and 02).
 */
import { DataError, Vector } from "gradcheck";
import { Matrix, matVec, transposeMatVec } from "./matrix";

function checkShapes(where: string, X: Matrix, y: Vector | null, w: Vector): void {
  if (w.length !== X.cols) {
    throw new DataError(`${where}: X has ${X.cols} columns but w has ${w.length} entries`);
  }
  if (y !== null && y.length !== X.rows) {
    throw new DataError(`${where}: X has ${X.rows} rows but y has ${y.length} entries`);
  }
  if (X.rows === 0) throw new DataError(`${where}: X has no rows`);
}

/**
 * The forward pass: ŷ = X·w, one prediction per row.
 * @example
 *   predict(matrix([[1, 2], [1, 3]]), [0.5, 2]); // Float64Array [4.5, 6.5]
 */
export function predict(X: Matrix, w: Vector): Float64Array {
  checkShapes("predict", X, null, w);
  return matVec(X, w);
}

/**
 * The cost function CF(w) = 1/(2m)·Σᵢ(ŷᵢ − yᵢ)²: half the mean squared error.
 * @example
 *   cost(matrix([[1, 0], [1, 1]]), [1, 3], [1, 1]); // ((1-1)² + (2-3)²) / 4 = 0.25
 */
export function cost(X: Matrix, y: Vector, w: Vector): number {
  checkShapes("cost", X, y, w);
  const { rows, cols, data } = X;
  // Four independent partial sums per row let the CPU overlap the additions:
  // about 20–25% faster than one running sum for P ≥ 100 (bench/README.md).
  const end = cols - (cols % 4);
  let s = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    let j = 0;
    for (; j < end; j += 4) {
      const k = base + j;
      p0 += data[k] * w[j];
      p1 += data[k + 1] * w[j + 1];
      p2 += data[k + 2] * w[j + 2];
      p3 += data[k + 3] * w[j + 3];
    }
    for (; j < cols; j++) p0 += data[base + j] * w[j];
    const r = p0 + p1 + (p2 + p3) - y[i];
    s += r * r;
  }
  return s / (2 * rows);
}

/**
 * The analytic gradient (the back-pass): ∂CF/∂w = (1/m)·Xᵀ(Xw − y).
 * The article prints Xᵀ(Ŷ − Y) without the 1/m: that is the gradient of the
 * summed cost ½·Σ(ŷ − y)², not of the mean cost above.
 * @example
 *   gradient(matrix([[1, 0], [1, 1]]), [1, 3], [1, 1]); // Float64Array [-0.5, -0.5]
 */
export function gradient(X: Matrix, y: Vector, w: Vector): Float64Array {
  checkShapes("gradient", X, y, w);
  const residual = matVec(X, w);
  for (let i = 0; i < residual.length; i++) residual[i] -= y[i];
  const g = transposeMatVec(X, residual);
  for (let j = 0; j < g.length; j++) g[j] /= X.rows;
  return g;
}

/** What one gradient-descent step saw and produced (the article's "descent values"). */
export interface GdStepResult {
  /** The updated parameters w − learningRate·gradient (a new array). */
  w: Float64Array;
  /** The gradient at the input w. */
  gradient: Float64Array;
  /** The cost at the input w. */
  cost: number;
}

/**
 * One gradient-descent step: w ← w − α·∂CF/∂w. The input w is not changed.
 * @example
 *   const step = gdStep(X, y, INIT, 0.1);
 *   step.cost; step.gradient; step.w; // cost and gradient at INIT, and the new w
 */
export function gdStep(X: Matrix, y: Vector, w: Vector, learningRate: number): GdStepResult {
  if (!Number.isFinite(learningRate)) throw new DataError(`gdStep: learningRate must be finite, got ${learningRate}`);
  const g = gradient(X, y, w);
  const next = new Float64Array(w.length);
  for (let j = 0; j < w.length; j++) next[j] = w[j] - learningRate * g[j];
  return { w: next, gradient: g, cost: cost(X, y, w) };
}

/**
 * Runs `steps` gradient-descent steps from w and records the cost before each
 * step and after the last one (steps + 1 numbers), for a loss curve.
 * @example
 *   const { w, costs } = gradientDescent(X, y, INIT, { learningRate: 0.1, steps: 50 });
 */
export function gradientDescent(
  X: Matrix,
  y: Vector,
  w: Vector,
  options: { learningRate: number; steps: number },
): { w: Float64Array; costs: number[] } {
  let current = Float64Array.from(w);
  const costs: number[] = [];
  for (let s = 0; s < options.steps; s++) {
    const step = gdStep(X, y, current, options.learningRate);
    costs.push(step.cost);
    current = step.w;
  }
  costs.push(cost(X, y, current));
  return { w: current, costs };
}

/**
 * The Hessian of the cost CF = (1/2m)·Σ(ŷᵢ − yᵢ)², the matrix of its second derivatives
 * ∂²CF/∂wⱼ∂wₖ = (1/m)·Σᵢ xᵢⱼ·xᵢₖ, that is (1/m)·XᵀX: the same at every w, because the cost
 * is quadratic. Its eigenvalues say how narrow the cost's valley is (notebook 01-data).
 * @example
 *   const H = costHessian(X);                  // 6 × 6 for the article's X
 *   const lambda = symmetricEigenvalues(H);    // smallest first
 *   lambda[lambda.length - 1] / lambda[0];     // the condition number κ
 */
export function costHessian(X: Matrix): Matrix {
  const { rows: m, cols: n } = X;
  const H = new Float64Array(n * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const xij = X.data[i * n + j];
      for (let k = j; k < n; k++) H[j * n + k] += xij * X.data[i * n + k];
    }
  }
  for (let j = 0; j < n; j++) {
    for (let k = j; k < n; k++) {
      H[j * n + k] /= m;
      H[k * n + j] = H[j * n + k];
    }
  }
  return { rows: n, cols: n, data: H };
}
