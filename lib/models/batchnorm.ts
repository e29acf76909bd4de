/**
 * Batch normalization over the batch axis: each column of x (N×D) is normalized by
 * its batch mean μ and variance σ² = (1/N) Σ (x − μ)² (N, not N − 1), then scaled
 * by γ and shifted by β. In train mode μ and σ² come from the batch, so every row's
 * output depends on every row's input; in eval mode they are the running averages,
 * fixed numbers. Derived and checked in notebooks 07-layers and 12-your-own-mlp.
 */
import { DataError } from "gradcheck";
import { Tensor2D, checkTensor2d, zeros2d } from "./tensor";

/** The batch-norm default ε added to the variance. */
export const BATCH_NORM_EPS = 1e-5;

/** Running statistics, used in eval mode and updated by each train-mode step. */
export interface RunningStats {
  mean: Float64Array;
  var: Float64Array;
}

/** Options for `batchNormForward`. */
export interface BatchNormOptions {
  /** "train" (batch statistics, the default) or "eval" (the running statistics). */
  mode?: "train" | "eval";
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /** Eval mode needs them; train mode updates them in place if given. */
  running?: RunningStats;
  /** running ← momentum·running + (1 − momentum)·batch. Default 0.9. */
  momentum?: number;
}

/** The forward pass's output and every intermediate: what the backward pass reads. */
export interface BatchNormForward {
  out: Tensor2D;
  /** The normalized values x̂ = (x − μ) / √(σ² + ε). */
  xhat: Tensor2D;
  /** The mean and variance used (the batch's in train mode, the running ones in eval). */
  mean: Float64Array;
  var: Float64Array;
  eps: number;
}

/** Batch norm's gradients, named as its inputs. */
export interface BatchNormGradients {
  x: Tensor2D;
  gamma: Float64Array;
  beta: Float64Array;
}

function checkParams(x: Tensor2D, gamma: ArrayLike<number>, beta?: ArrayLike<number>): void {
  checkTensor2d(x, "x");
  const d = x.shape[1];
  if (gamma.length !== d) throw new DataError(`batch norm: gamma has ${gamma.length} entries but x has ${d} columns`);
  if (beta && beta.length !== d) throw new DataError(`batch norm: beta has ${beta.length} entries but x has ${d} columns`);
}

/**
 * The column means and the variances with 1/N (the batch's own, not the sample variance).
 * @example
 *   batchStats(tensor2d([[0], [2]])); // { mean: [1], var: [1] }
 */
export function batchStats(x: Tensor2D): { mean: Float64Array; var: Float64Array } {
  checkTensor2d(x, "x");
  const [n, d] = x.shape;
  if (n === 0) throw new DataError("batch norm needs at least one row");
  const mean = new Float64Array(d);
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x.data[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) v[j] += (x.data[i * d + j] - mean[j]) ** 2 / n;
  return { mean, var: v };
}

/**
 * out = γ ⊙ (x − μ) / √(σ² + ε) + β, column by column.
 * @example
 *   batchNormForward(tensor2d([[0], [2]]), [1], [0], { eps: 0 }).out.data; // [-1, 1]
 */
export function batchNormForward(x: Tensor2D, gamma: ArrayLike<number>, beta: ArrayLike<number>, options: BatchNormOptions = {}): BatchNormForward {
  checkParams(x, gamma, beta);
  const eps = options.eps ?? BATCH_NORM_EPS;
  const mode = options.mode ?? "train";
  const [n, d] = x.shape;
  let mean: Float64Array, v: Float64Array;
  if (mode === "eval") {
    if (!options.running) throw new DataError("batch norm in eval mode needs running statistics (options.running)");
    mean = Float64Array.from(options.running.mean);
    v = Float64Array.from(options.running.var);
  } else if (mode === "train") {
    ({ mean, var: v } = batchStats(x));
    if (options.running) {
      const mom = options.momentum ?? 0.9;
      for (let j = 0; j < d; j++) {
        options.running.mean[j] = mom * options.running.mean[j] + (1 - mom) * mean[j];
        options.running.var[j] = mom * options.running.var[j] + (1 - mom) * v[j];
      }
    }
  } else throw new DataError(`batch norm mode is "${mode}": expected "train" or "eval"`);
  const xhat = zeros2d(n, d);
  const out = zeros2d(n, d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const k = i * d + j;
      xhat.data[k] = (x.data[k] - mean[j]) / Math.sqrt(v[j] + eps);
      out.data[k] = gamma[j] * xhat.data[k] + beta[j];
    }
  return { out, xhat, mean, var: v, eps };
}

/** dout must have x's shape; `name` is the function that says so. */
function checkDout(name: string, x: Tensor2D, dout: Tensor2D): void {
  if (dout.data.length !== x.data.length) throw new DataError(`${name}: dout has shape [${dout.shape}] but x has [${x.shape}]`);
}

/** dγ = Σᵢ dout ⊙ x̂ and dβ = Σᵢ dout, column by column, with x̂ = (x − μ)/√(σ² + ε) for the statistics given. */
function scaleShiftGradients(x: Tensor2D, dout: Tensor2D, mean: ArrayLike<number>, variance: ArrayLike<number>, eps: number): { gamma: Float64Array; beta: Float64Array } {
  const [n, d] = x.shape;
  const dgamma = new Float64Array(d);
  const dbeta = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const inv = 1 / Math.sqrt(variance[j] + eps);
    for (let i = 0; i < n; i++) {
      const k = i * d + j;
      dgamma[j] += dout.data[k] * (x.data[k] - mean[j]) * inv;
      dbeta[j] += dout.data[k];
    }
  }
  return { gamma: dgamma, beta: dbeta };
}

/**
 * The train-mode backward, node by node: dx̂ = dout ⊙ γ; dσ² = Σᵢ dx̂ ⊙ (x − μ) ⊙ (−½)(σ² + ε)^(−3/2);
 * dμ = −Σᵢ dx̂ / √(σ² + ε) (the variance's term in dμ is 0, since Σ (x − μ) = 0);
 * dx = dx̂ / √(σ² + ε) + dσ² · 2(x − μ)/N + dμ / N: the direct path, the variance's path and the mean's path
 * (batchNormPaths gives each one).
 * @example
 *   batchNormBackward(x, gamma, dout).x; // its columns sum to 0
 */
export function batchNormBackward(x: Tensor2D, gamma: ArrayLike<number>, dout: Tensor2D, eps = BATCH_NORM_EPS): BatchNormGradients {
  checkParams(x, gamma);
  checkDout("batchNormBackward", x, dout);
  const stats = batchStats(x);
  const { direct, variance, mean } = paths(x, gamma, dout, stats, eps);
  const dx = zeros2d(x.shape[0], x.shape[1]);
  for (let k = 0; k < dx.data.length; k++) dx.data[k] = direct.data[k] + variance.data[k] + mean.data[k];
  return { x: dx, ...scaleShiftGradients(x, dout, stats.mean, stats.var, eps) };
}

/**
 * The fused train-mode backward: dx = γ / (N √(σ² + ε)) · (N·dout − Σᵢ dout − x̂ ⊙ Σᵢ dout ⊙ x̂).
 * @example
 *   batchNormBackwardFused(x, gamma, dout).x; // equals batchNormBackward(x, gamma, dout).x to rounding
 */
export function batchNormBackwardFused(x: Tensor2D, gamma: ArrayLike<number>, dout: Tensor2D, eps = BATCH_NORM_EPS): BatchNormGradients {
  checkParams(x, gamma);
  const [n, d] = x.shape;
  checkDout("batchNormBackwardFused", x, dout);
  const { mean, var: v } = batchStats(x);
  const dx = zeros2d(n, d);
  const { gamma: dgamma, beta: dbeta } = scaleShiftGradients(x, dout, mean, v, eps);
  for (let j = 0; j < d; j++) {
    const inv = 1 / Math.sqrt(v[j] + eps);
    for (let i = 0; i < n; i++) {
      const k = i * d + j;
      const xhat = (x.data[k] - mean[j]) * inv;
      dx.data[k] = ((gamma[j] * inv) / n) * (n * dout.data[k] - dbeta[j] - xhat * dgamma[j]);
    }
  }
  return { x: dx, gamma: dgamma, beta: dbeta };
}

/**
 * The eval-mode backward: μ and σ² are fixed numbers, so dx = dout ⊙ γ / √(σ²_running + ε), row by row.
 * @example
 *   batchNormEvalBackward(x, gamma, running, dout).x; // no coupling between rows
 */
export function batchNormEvalBackward(x: Tensor2D, gamma: ArrayLike<number>, running: RunningStats, dout: Tensor2D, eps = BATCH_NORM_EPS): BatchNormGradients {
  checkParams(x, gamma);
  const [n, d] = x.shape;
  const dx = zeros2d(n, d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const k = i * d + j;
      const inv = 1 / Math.sqrt(running.var[j] + eps);
      dx.data[k] = dout.data[k] * gamma[j] * inv;
    }
  return { x: dx, ...scaleShiftGradients(x, dout, running.mean, running.var, eps) };
}

/** The three paths by which x reaches batch norm's output, each one's share of dx. */
export interface BatchNormPaths {
  /** Through x̂ with μ and σ² held fixed: dx̂ / √(σ² + ε). */
  direct: Tensor2D;
  /** Through the variance: dσ² · 2(x − μ) / N. */
  variance: Tensor2D;
  /** Through the mean: dμ / N, the same in every row of a column. */
  mean: Tensor2D;
}

/**
 * dx split by path: dx = direct + variance + mean (batchNormBackward's dx is their sum).
 * Dropping one path is the classic batch-norm backward bug; notebook 07-layers checks each.
 * @example
 *   const { direct, variance, mean } = batchNormPaths(x, gamma, dout);
 *   direct.data[0] + variance.data[0] + mean.data[0]; // batchNormBackward(x, gamma, dout).x.data[0]
 */
export function batchNormPaths(x: Tensor2D, gamma: ArrayLike<number>, dout: Tensor2D, eps = BATCH_NORM_EPS): BatchNormPaths {
  checkParams(x, gamma);
  checkDout("batchNormPaths", x, dout);
  return paths(x, gamma, dout, batchStats(x), eps);
}

/** The three paths of dx for the batch's statistics (see batchNormPaths). */
function paths(x: Tensor2D, gamma: ArrayLike<number>, dout: Tensor2D, stats: { mean: Float64Array; var: Float64Array }, eps: number): BatchNormPaths {
  const [n, d] = x.shape;
  const { mean, var: v } = stats;
  const direct = zeros2d(n, d);
  const variance = zeros2d(n, d);
  const meanPath = zeros2d(n, d);
  for (let j = 0; j < d; j++) {
    const inv = 1 / Math.sqrt(v[j] + eps);
    let dvar = 0;
    let dmean = 0;
    for (let i = 0; i < n; i++) {
      const k = i * d + j;
      const dxhat = dout.data[k] * gamma[j];
      dvar += dxhat * (x.data[k] - mean[j]) * -0.5 * inv ** 3;
      dmean -= dxhat * inv;
    }
    for (let i = 0; i < n; i++) {
      const k = i * d + j;
      direct.data[k] = dout.data[k] * gamma[j] * inv;
      variance.data[k] = (dvar * 2 * (x.data[k] - mean[j])) / n;
      meanPath.data[k] = dmean / n;
    }
  }
  return { direct, variance, mean: meanPath };
}
