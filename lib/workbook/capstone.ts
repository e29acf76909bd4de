/**
 * The capstone of notebook 10-your-own-gradient: an L2-regularized logistic
 * regression on Auto MPG (is a car's mpg above the median?), whose gradient the
 * learner derives and writes, and a self-check that names the classic mistakes.
 *
 * Spoiler warning: the right gradient and the mistakes are written out in this
 * file. Finish the notebook first.
 */
import { GradCheckReport, compareValues, gradCheck, Vector, formatNumber } from "gradcheck";
import { Matrix, transposeMatVec } from "../models/matrix";
import { logisticLoss, logisticPredict } from "../models/logistic";
import { articleProblem } from "./article";
import { ExerciseResult } from "./exercise";
import { termFactors, describeTermFactors } from "./fingerprint";

/**
 * A gradient as the learner writes it in notebook 10: a function of the parameters.
 * @example
 *   const myGradient: GradientFunction | undefined = (w) => w.map((v) => 2 * v);
 */
export type GradientFunction = (w: Float64Array) => Float64Array;

/**
 * The capstone's regularization strength λ (notebook 10).
 * @example
 *   logisticLoss(X, y, w, CAPSTONE_LAMBDA); // the capstone's loss
 */
export const CAPSTONE_LAMBDA = 0.1;

/**
 * How the capstone reaches its check point: this many descent steps from w = 0 ...
 * @example
 *   CAPSTONE_DESCENT_STEPS; // 10
 */
export const CAPSTONE_DESCENT_STEPS = 10;

/**
 * ... with this learning rate.
 * @example
 *   CAPSTONE_LEARNING_RATE; // 1
 */
export const CAPSTONE_LEARNING_RATE = 1;

/** The capstone's data: the article's design matrix and a 0/1 target. */
export interface LogisticProblem {
  /** The design matrix [x0 = 1, standardized x1..x5], as in the article. */
  X: Matrix;
  /** The five standardized features without x0: the input of a network. */
  features: Matrix;
  /** 1 where mpg is above its median, else 0. */
  y: Float64Array;
  /** "w0 (bias)", "w1 (cylinders)", ... */
  names: string[];
  /** The median mpg that splits the two classes. */
  median: number;
  /** The mpg values themselves. */
  mpg: Float64Array;
}

/**
 * The median of a list of numbers (the mean of the two middle values for an even count).
 * @example
 *   median([3, 1, 2, 10]); // 2.5
 */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const s = Array.from(values).sort((a, b) => a - b);
  const k = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/**
 * The article's problem with a binary target: y = 1 where mpg is above its median.
 * @example
 *   const { X, y, names } = await logisticProblem();
 */
export async function logisticProblem(path = "../data/auto-mpg.csv"): Promise<LogisticProblem> {
  const { X, features, y: mpg, names } = await articleProblem(path);
  const mid = median(mpg);
  return { X, features, y: mpg.map((v) => (v > mid ? 1 : 0)), names, median: mid, mpg };
}

/**
 * The right gradient of `logisticLoss`: (1/m)·Xᵀ(σ(Xw) − y) + λ·(0, w1, ..., wn).
 * Spoiler: this is the capstone's answer.
 * @example
 *   capstoneReferenceGradient(X, y, w, 0.1); // Float64Array of X.cols entries
 */
export function capstoneReferenceGradient(X: Matrix, y: Vector, w: Vector, lambda: number): Float64Array {
  const p = logisticPredict(X, w);
  const g = transposeMatVec(X, p.map((pi, i) => pi - y[i])).map((v) => v / X.rows);
  for (let j = 1; j < w.length; j++) g[j] += lambda * w[j];
  return g;
}

/** One classic mistake: how the self-check names it, and the gradient it gives. */
export interface CapstoneMistake {
  id: string;
  /** The words the self-check prints when your gradient is this mistake. */
  name: string;
  /** What went wrong, in one sentence. */
  explanation: string;
  gradient(X: Matrix, y: Vector, w: Vector, lambda: number): Float64Array;
}

/** The data term (1/m)·Xᵀ(p − y) times `sign`, plus `penalty(j)`·w_j from `from` on. */
function variant(X: Matrix, y: Vector, w: Vector, sign: number, factor: number, from: number): Float64Array {
  const p = logisticPredict(X, w);
  const g = transposeMatVec(X, p.map((pi, i) => pi - y[i])).map((v) => (sign * v) / X.rows);
  for (let j = from; j < w.length; j++) g[j] += factor * w[j];
  return g;
}

/**
 * The classic mistakes in the capstone's gradient, each a complete wrong gradient.
 * Spoiler: notebook 10's self-check compares your gradient with each of them.
 * @example
 *   CAPSTONE_MISTAKES.map((m) => m.name); // ["regularizing the bias", ...]
 */
export const CAPSTONE_MISTAKES: ReadonlyArray<CapstoneMistake> = [
  {
    id: "bias-regularized",
    name: "regularizing the bias",
    explanation: "the penalty sums over j ≥ 1, so ∂L/∂w0 has no λ·w0 term",
    gradient: (X, y, w, lambda) => variant(X, y, w, 1, lambda, 0),
  },
  {
    id: "penalty-times-2",
    name: "a factor 2 too many in the penalty",
    explanation: "the derivative of (λ/2)·w_j² is λ·w_j: the 2 of the square cancels the ½",
    gradient: (X, y, w, lambda) => variant(X, y, w, 1, 2 * lambda, 1),
  },
  {
    id: "penalty-half",
    name: "a factor 2 too few in the penalty",
    explanation: "the derivative of (λ/2)·w_j² is λ·w_j, not (λ/2)·w_j: the square's 2 was dropped",
    gradient: (X, y, w, lambda) => variant(X, y, w, 1, lambda / 2, 1),
  },
  {
    id: "penalty-over-m",
    name: "a 1/m too many in the penalty",
    explanation: "the 1/m belongs to the mean over the data; the penalty (λ/2)·Σw_j² is not averaged",
    gradient: (X, y, w, lambda) => variant(X, y, w, 1, lambda / X.rows, 1),
  },
  {
    id: "penalty-times-m",
    name: "a 1/m too few in the penalty",
    explanation: "the penalty is added once, not once per example: λ·w_j, not m·λ·w_j",
    gradient: (X, y, w, lambda) => variant(X, y, w, 1, lambda * X.rows, 1),
  },
  {
    id: "data-sign",
    name: "a sign error in the data term",
    explanation: "∂ℓᵢ/∂zᵢ = pᵢ − yᵢ, so the data term is (1/m)·Xᵀ(p − y), not (1/m)·Xᵀ(y − p)",
    gradient: (X, y, w, lambda) => variant(X, y, w, -1, lambda, 1),
  },
  {
    id: "no-penalty",
    name: "the penalty left out",
    explanation: "the loss has the penalty, so the gradient needs its λ·w_j for j ≥ 1",
    gradient: (X, y, w, _lambda) => variant(X, y, w, 1, 0, 1),
  },
];

/**
 * The three terms a capstone gradient is read in: the data term (1/m)·Xᵀ(p − y),
 * the penalty λ·w_j for j ≥ 1, and a penalty λ·w0 on the bias (which the right
 * gradient does not have).
 * @example
 *   capstoneTerms(X, y, w, 0.1).map((t) => t.name); // ["the data term", "the penalty", "a penalty on the bias"]
 */
export function capstoneTerms(X: Matrix, y: Vector, w: Vector, lambda: number) {
  const p = logisticPredict(X, w);
  const data = transposeMatVec(X, p.map((pi, i) => pi - y[i])).map((v) => v / X.rows);
  const penalty = Float64Array.from(w, (wj, j) => (j === 0 ? 0 : lambda * wj));
  const biasPenalty = Float64Array.from(w, (wj, j) => (j === 0 ? lambda * wj : 0));
  return [
    { name: "the data term", values: data, right: 1 },
    { name: "the penalty", values: penalty, right: 1 },
    { name: "a penalty on the bias", values: biasPenalty, right: 0 },
  ];
}

/** The capstone set up on data X (with x0 = 1) and 0/1 labels y. */
export interface Capstone {
  X: Matrix;
  y: Float64Array;
  names: string[];
  lambda: number;
  /** The loss L(w), from lib/models/logistic.ts. */
  loss(w: Float64Array): number;
  /** w = 0, where every p is ½. */
  zero: Float64Array;
  /** The point after CAPSTONE_DESCENT_STEPS descent steps from 0: every term of the gradient is nonzero there. */
  checkPoint: Float64Array;
  /** gradCheck of a gradient at a point (default: the check point). */
  check(gradient: GradientFunction, w?: Float64Array): GradCheckReport;
  /** Prints ✓ when your gradient passes gradCheck at the check point, or ✗ naming the mistakes it makes (see `judge`). */
  selfCheck(gradient: GradientFunction | undefined): void;
  /** The verdict `selfCheck` prints: ✓, or ✗ naming the classic mistake, or reading an unknown one by the factor on each term. */
  judge(gradient: GradientFunction | undefined): ExerciseResult;
  /** Which classic mistake a gradient is, at the check point (undefined if none). */
  diagnose(gradient: GradientFunction): CapstoneMistake | undefined;
}

/** Two gradients agree entry by entry under the checker's own comparison rule. */
function close(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!compareValues(a[i], b[i], rtol, 1e-15).ok) return false;
  return true;
}

/**
 * Sets up the capstone: the loss, the check point (a few descent steps from w = 0,
 * because at w = 0 the penalty's gradient λ·w is 0 and every mistake in it is
 * invisible), and the self-check.
 * @example
 *   const { X, y, names } = await logisticProblem();
 *   const capstone = capstoneProblem(X, y, names);
 *   capstone.selfCheck(myGradient); // prints ✓, or ✗ naming the mistake
 */
export function capstoneProblem(X: Matrix, y: ArrayLike<number>, names?: string[], lambda: number = CAPSTONE_LAMBDA): Capstone {
  const labels = Float64Array.from(y);
  const loss = (w: Float64Array): number => logisticLoss(X, labels, w, lambda);
  const zero = new Float64Array(X.cols);
  const checkPoint = zero.slice();
  for (let k = 0; k < CAPSTONE_DESCENT_STEPS; k++) {
    const g = capstoneReferenceGradient(X, labels, checkPoint, lambda);
    for (let j = 0; j < g.length; j++) checkPoint[j] -= CAPSTONE_LEARNING_RATE * g[j];
  }
  const parameterNames = names ?? Array.from({ length: X.cols }, (_, j) => `w${j}`);
  const check = (gradient: GradientFunction, w: Float64Array = checkPoint): GradCheckReport =>
    gradCheck({ f: loss, gradient, w, names: parameterNames });
  const diagnose = (gradient: GradientFunction): CapstoneMistake | undefined => {
    const g = gradient(checkPoint.slice());
    return CAPSTONE_MISTAKES.find((m) => close(g, m.gradient(X, labels, checkPoint, lambda), 1e-6));
  };
  const label = "your gradient ∇L";
  const judge = (gradient: GradientFunction | undefined): ExerciseResult => {
    if (gradient === undefined || gradient === null) {
      return new ExerciseResult(false, `✗ ${label}: no answer yet. Replace the undefined in this cell with your gradient function.`);
    }
    let report: GradCheckReport;
    try {
      report = check(gradient);
    } catch (e) {
      return new ExerciseResult(false, `✗ ${label}: the check could not run: ${(e as Error).message}.`);
    }
    if (report.passed) {
      return new ExerciseResult(true, `✓ ${label}: correct (gradCheck PASSED at the check point, worst relative error ${formatNumber(report.maxRelError, 3)})`);
    }
    const failing = report.failures.map((e) => e.name).join(", ") || report.inconclusive.map((e) => e.name).join(", ");
    const mistake = diagnose(gradient);
    if (mistake) {
      return new ExerciseResult(false, `✗ ${label}: this is the classic mistake "${mistake.name}": ${mistake.explanation}. gradCheck fails ${failing}.`);
    }
    // Not on the list: read the gradient as a·(data term) + b·(penalty) + c·(a penalty on the bias).
    const factors = termFactors(gradient(checkPoint.slice()), capstoneTerms(X, labels, checkPoint, lambda));
    const reading = factors ? describeTermFactors(factors, X.rows) : undefined;
    if (reading) {
      return new ExerciseResult(false, `✗ ${label}: gradCheck says ${report.status.toUpperCase()} for ${failing}. Read term by term, your gradient has ${reading}.`);
    }
    return new ExerciseResult(
      false,
      `✗ ${label}: gradCheck says ${report.status.toUpperCase()} for ${failing}, and your gradient is not a multiple of the data term plus a multiple of the penalty, so the mistake is inside a term. Compare your code with the derivation line by line: p = σ(Xw), the data term (1/m)·Xᵀ(p − y), the penalty λ·w_j for j ≥ 1.`,
    );
  };
  return {
    X,
    y: labels,
    names: parameterNames,
    lambda,
    loss,
    zero,
    checkPoint: checkPoint.slice(),
    check,
    diagnose,
    selfCheck(gradient) {
      console.log(judge(gradient).message);
    },
    judge,
  };
}

