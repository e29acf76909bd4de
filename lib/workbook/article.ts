/**
 * The article's whole set-up in one call, for the notebooks after the steps have
 * been taught one by one: Auto MPG's five features x1..x5 (standardized), the
 * x0 bias trick, the target mpg, and INIT. Its pieces are first used in notebooks
 * 00–02; the one call is introduced in notebook 03-gd-formula.
 */
import { Dataset, addBiasColumn, dropMissing, loadCsv, parameterNames, standardize } from "./data";
import { DroppedRow } from "./data";
import { Matrix } from "../models/matrix";
import { GdStepResult, gdStep } from "../models/model";
import { randomNormal } from "gradcheck";

/** The article's five features x1..x5, in order, as columns of data/auto-mpg.csv. */
export const AUTO_MPG_FEATURES = ["cylinders", "displacement", "horsepower", "weight", "acceleration"];

/** The target column of data/auto-mpg.csv. */
export const AUTO_MPG_TARGET = "mpg";

/** The seed of INIT, the article's initial parameters. */
export const INIT_SEED = 2026;

/**
 * INIT: n seeded normal draws with standard deviation 0.1, the same on every run.
 * @example
 *   const INIT = initialParameters(6); // w0..w5
 */
export function initialParameters(n: number, seed: number = INIT_SEED): Float64Array {
  return randomNormal(n, { seed, scale: 0.1 });
}

/** Everything the article's gradient check needs. */
export interface ArticleProblem {
  /** The design matrix [x0 = 1, standardized x1..x5]. */
  X: Matrix;
  /** The standardized features x1..x5 without x0: the input of a network, which has its own biases. */
  features: Matrix;
  /** The target mpg. */
  y: Float64Array;
  /** "w0 (bias)", "w1 (cylinders)", ... */
  names: string[];
  /** The initial parameters w0..w5. */
  INIT: Float64Array;
  /** The data before standardizing (after dropping rows with missing values). */
  raw: Dataset;
  /** The rows dropped for missing values. */
  dropped: DroppedRow[];
  /** Column means and standard deviations used to standardize x1..x5. */
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Loads data/auto-mpg.csv, drops the rows with missing values, standardizes the
 * five features, adds x0 = 1 and draws INIT: the article's problem in one call.
 * @example
 *   const { X, y, names, INIT } = await articleProblem("../data/auto-mpg.csv");
 */
export async function articleProblem(path = "../data/auto-mpg.csv"): Promise<ArticleProblem> {
  const all = await loadCsv(path, { features: AUTO_MPG_FEATURES, target: AUTO_MPG_TARGET, missing: "keep" });
  const { data, dropped } = dropMissing(all);
  const { X, mean, std } = standardize(data.X, data.featureNames);
  return {
    X: addBiasColumn(X),
    features: X,
    y: data.y,
    names: parameterNames(data.featureNames),
    INIT: initialParameters(data.X.cols + 1),
    raw: data,
    dropped,
    mean,
    std,
  };
}

/**
 * The learning rate α of the article's descent step from INIT (item 7), as notebook
 * 03-gd-formula takes it and notebook 05-deviation recomputes it.
 * @example
 *   gdStep(X, y, INIT, ARTICLE_LEARNING_RATE); // the same as articleDescentStep({ X, y, INIT })
 */
export const ARTICLE_LEARNING_RATE = 0.1;

/**
 * The article's item 7: one gradient-descent step from INIT with the learning rate
 * `ARTICLE_LEARNING_RATE`, with all its "descent values" saved: the cost and the analytic
 * gradient at INIT and the updated W. It is exactly `gdStep(X, y, INIT, 0.1)`, the step
 * notebook 03-gd-formula takes; notebook 05-deviation recomputes it with this call (each
 * notebook runs in its own kernel) and compares its saved gradient with the secant slopes
 * of item 8.
 * @example
 *   const problem = await articleProblem();
 *   const item7 = articleDescentStep(problem); // item7.gradient: the values item 9 compares
 */
export function articleDescentStep(problem: Pick<ArticleProblem, "X" | "y" | "INIT">, learningRate: number = ARTICLE_LEARNING_RATE): GdStepResult {
  return gdStep(problem.X, problem.y, problem.INIT, learningRate);
}
