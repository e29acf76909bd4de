/**
 * Synthetic data with known true parameters, so a learner can see gradient
 * descent recover them. Introduced in notebook 01-data; data/synthetic.csv is made by it.
 */
import { Dataset } from "./data";
import { DataError, gaussian, seededRandom } from "gradcheck";

export interface SyntheticOptions {
  /** Number of examples (rows). */
  m: number;
  /** The true weights w1..wk, one per feature. */
  weights: ArrayLike<number>;
  /** The true bias b (w0 after the x0 bias trick). */
  bias: number;
  /** Standard deviation of the Gaussian noise added to y. */
  noise: number;
  /** Seed of the generator: the same seed gives the same data. */
  seed: number;
}

/** A synthetic Dataset that also carries the parameters it was made from. */
export interface SyntheticDataset extends Dataset {
  weights: Float64Array;
  bias: number;
}

/**
 * Makes y = X·weights + bias + noise with standard-normal features x1..xk,
 * deterministically from `seed`.
 * @example
 *   const d = syntheticLinear({ m: 200, weights: [2, -1, 0.5, 3, -2], bias: 4, noise: 0.1, seed: 1 });
 *   d.X.rows; // 200
 */
export function syntheticLinear(options: SyntheticOptions): SyntheticDataset {
  const { m, weights, bias, noise, seed } = options;
  if (!Number.isInteger(m) || m < 1) throw new DataError(`syntheticLinear: m must be a positive integer, got ${m}`);
  if (weights.length < 1) throw new DataError("syntheticLinear: weights must have at least one entry");
  if (!(noise >= 0)) throw new DataError(`syntheticLinear: noise must be >= 0, got ${noise}`);
  const k = weights.length;
  const rand = seededRandom(seed);
  const X = new Float64Array(m * k);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = bias;
    for (let j = 0; j < k; j++) {
      const x = gaussian(rand);
      X[i * k + j] = x;
      s += x * weights[j];
    }
    y[i] = s + noise * gaussian(rand);
  }
  return {
    X: { rows: m, cols: k, data: X },
    y,
    featureNames: Array.from({ length: k }, (_, j) => `x${j + 1}`),
    targetName: "y",
    rowIds: Array.from({ length: m }, (_, i) => i + 1),
    weights: Float64Array.from(weights),
    bias,
  };
}
