/**
 * Notebook 07-layers: checking one layer at a time. A residual layer (where x fans
 * out), the planted bugs that the layer checks name, the table of layer checks, the
 * depth experiment (CS231n's tip: relative errors grow with depth), and the
 * self-checks of the notebook's exercises. The layers themselves are in lib/models/.
 */
import { GradCheckReport, Params, flatten, formatNumber, numericalGradient, vjpCheck } from "gradcheck";
import { Tensor2D, randomTensor2d, zeros2d } from "../models/tensor";
import { AffineGradients, affineBackward, affineForward } from "../models/affine";
import { tanhBackward, tanhForward } from "../models/activations";
import { BatchNormGradients, batchNormBackward, batchNormPaths } from "../models/batchnorm";
import { Matrix } from "../models/matrix";
import { NetworkSpec, initNetwork, networkGradient, networkLoss } from "../models/network";
import { sigmoid } from "../models/logistic";
import { Table, table } from "./display";
import { ExerciseResult } from "./exercise";

const add = (a: Tensor2D, b: Tensor2D): Tensor2D => ({ data: a.data.map((v, k) => v + b.data[k]), shape: [a.shape[0], a.shape[1]] });

/**
 * A residual layer out = x + tanh(x·W) (W is D×D): x fans out to the skip and to the product.
 * @example
 *   residualForward(tensor2d([[1, 2]]), tensor2d([[0, 0], [0, 0]])).data; // [1, 2]: tanh(0) = 0
 */
export function residualForward(x: Tensor2D, W: Tensor2D): Tensor2D {
  return add(x, tanhForward(affineForward(x, W, new Float64Array(W.shape[1]))));
}

/**
 * Its backward: x's gradient is the sum over both uses, dx = dout + (dout ⊙ (1 − t²))·Wᵀ.
 * @example
 *   residualBackward(x, W, dout).x; // the skip's dout plus the product's share
 */
export function residualBackward(x: Tensor2D, W: Tensor2D, dout: Tensor2D): { x: Tensor2D; W: Tensor2D } {
  const z = affineForward(x, W, new Float64Array(W.shape[1]));
  const g = affineBackward(x, W, tanhBackward(z, dout));
  return { x: add(dout, g.x), W: g.W };
}

/**
 * The planted bugs of notebook 07-layers, one wrong backward each; each layer check names what it breaks.
 * @example
 *   vjpCheck({ f: ({ x }) => tanhForward(x), vjp: ({ x }, dy) => ({ x: PLANTED_LAYER_BUGS.tanhWithoutUpstream(x, dy) }), x: { x } }).status; // "failed"
 */
export const PLANTED_LAYER_BUGS = {
  /** tanh's local derivative 1 − tanh², returned without multiplying by dout. */
  tanhWithoutUpstream: (x: Tensor2D, _dout: Tensor2D): Tensor2D => ({ data: x.data.map((v) => 1 - Math.tanh(v) ** 2), shape: [x.shape[0], x.shape[1]] }),
  /** Softmax's backward as if each output depended on its own logit only: p ⊙ dp, the −p·(p·dp) term missing. */
  softmaxWithoutCoupling: (p: Tensor2D, dp: Tensor2D): Tensor2D => ({ data: p.data.map((v, k) => v * dp.data[k]), shape: [p.shape[0], p.shape[1]] }),
  /** Batch norm's dx without the mean's path dμ/N. */
  batchNormWithoutMeanPath: (x: Tensor2D, gamma: ArrayLike<number>, dout: Tensor2D): BatchNormGradients => {
    const p = batchNormPaths(x, gamma, dout);
    return { ...batchNormBackward(x, gamma, dout), x: add(p.direct, p.variance) };
  },
  /** Batch norm's dx without the variance's path dσ²·2(x − μ)/N. */
  batchNormWithoutVariancePath: (x: Tensor2D, gamma: ArrayLike<number>, dout: Tensor2D): BatchNormGradients => {
    const p = batchNormPaths(x, gamma, dout);
    return { ...batchNormBackward(x, gamma, dout), x: add(p.direct, p.mean) };
  },
  /** The residual layer's dx assigned (=) from the product's branch, overwriting the skip's share instead of adding to it (+=). */
  residualOverwritten: (x: Tensor2D, W: Tensor2D, dout: Tensor2D): { x: Tensor2D; W: Tensor2D } => {
    const z = affineForward(x, W, new Float64Array(W.shape[1]));
    const g = affineBackward(x, W, tanhBackward(z, dout));
    return { x: g.x, W: g.W };
  },
  /** The affine layer's db as the mean of dout over the batch instead of its sum. */
  affineBiasMean: (x: Tensor2D, W: Tensor2D, dout: Tensor2D): AffineGradients => {
    const g = affineBackward(x, W, dout);
    return { ...g, b: g.b.map((v) => v / x.shape[0]) };
  },
};

/**
 * One row per layer check: its verdict, the tensors that fail, the worst relative error.
 * @example
 *   show(layerChecks({ "affine": affineReport, "tanh": tanhReport }));
 */
export function layerChecks(reports: Record<string, GradCheckReport>): Table {
  const names = Object.keys(reports);
  return table({
    check: names,
    verdict: names.map((n) => reports[n].status),
    "failing tensors": names.map((n) => reports[n].failingGroups.join(", ") || "none"),
    "failing entries": names.map((n) => `${reports[n].failures.length} of ${reports[n].entries.length}`),
    "worst relative error": names.map((n) => reports[n].maxRelError),
  }, { digits: 3 });
}

/** One depth of `depthErrors`: a tanh network's plain central-difference errors. */
export interface DepthRow {
  /** Hidden layers. */
  depth: number;
  parameters: number;
  /** Median and largest relative error over all parameters, and the median over the first layer's weights. */
  median: number;
  max: number;
  firstLayerMedian: number;
}

/**
 * CS231n's tip, measured: tanh networks of 1, 2, … hidden layers of `width` units, the
 * analytic gradient against a plain central difference with step `eps` (no extrapolation).
 * @example
 *   depthErrors(X, y, [1, 2, 4, 8]).map((r) => r.median); // grows with depth
 */
export function depthErrors(X: Matrix, y: ArrayLike<number>, depths: number[], options: { width?: number; eps?: number; seed?: number } = {}): DepthRow[] {
  const width = options.width ?? 8;
  const eps = options.eps ?? 1e-5;
  return depths.map((depth) => {
    const spec: NetworkSpec = { sizes: [X.cols, ...Array(depth).fill(width), 1], activations: [...Array(depth).fill("tanh"), "identity"], loss: "mse" };
    const theta = initNetwork(spec, options.seed ?? 2026);
    const analytic = networkGradient(spec, theta, X, y);
    const numeric = numericalGradient((t) => networkLoss(spec, t, X, y), theta, { eps });
    const rel = Array.from(analytic, (a, k) => Math.abs(a - numeric[k]) / Math.max(Math.abs(a) + Math.abs(numeric[k]), 1e-300));
    const med = (v: number[]) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];
    return { depth, parameters: theta.length, median: med(rel), max: Math.max(...rel), firstLayerMedian: med(rel.slice(0, X.cols * width)) };
  });
}

/** A backward pass an exercise asks for, for an elementwise layer: dx from x and dout. */
export type ElementwiseBackward = (x: Tensor2D, dout: Tensor2D) => Tensor2D;
/** The backward pass of the scale-and-shift layer out = x ⊙ g + b: the gradients of x, g and b. */
export type ScaleShiftBackward = (x: Tensor2D, g: Float64Array, dout: Tensor2D) => { x: Tensor2D; g: Float64Array; b: Float64Array };

/** A wrong backward an exercise expects, named. */
export interface LayerMistake<B> {
  name: string;
  explanation: string;
  backward: B;
}

/** A layer exercise: the layer, the point, and the self-check. */
export interface LayerExercise<B> {
  /** The forward pass, on a record of the layer's inputs. */
  f: (x: Record<string, Params>) => Tensor2D;
  /** The point: the layer's input (and parameters), seeded. */
  x: Record<string, Params>;
  /** The seeded upstream gradient. */
  dy: Tensor2D;
  /** vjpCheck of a backward pass at the point with dy. */
  check(backward: B): GradCheckReport;
  /** ✓, or ✗ naming the expected mistake or the failing tensors. */
  judge(backward: B | undefined): ExerciseResult;
  selfCheck(backward: B | undefined): void;
  mistakes: LayerMistake<B>[];
}

function close(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, k) => Math.abs(v - b[k]) <= 1e-9 * (1 + Math.abs(b[k])));
}

function exercise<B>(label: string, f: (x: Record<string, Params>) => Tensor2D, x: Record<string, Params>, seed: number, call: (b: B, x: Record<string, Params>, dy: Tensor2D) => Params, mistakes: LayerMistake<B>[]): LayerExercise<B> {
  const y0 = f(x);
  const dy = randomTensor2d(y0.shape[0], y0.shape[1], seed);
  const check = (backward: B) => vjpCheck({ f, vjp: (p, d) => call(backward, p, d as Tensor2D), x, dy });
  const judge = (backward: B | undefined): ExerciseResult => {
    if (backward === undefined || backward === null) return new ExerciseResult(false, `✗ ${label}: no answer yet. Replace the undefined in this cell with your backward pass.`);
    let report: GradCheckReport;
    try {
      report = check(backward);
    } catch (e) {
      return new ExerciseResult(false, `✗ ${label}: the check could not run: ${(e as Error).message}.`);
    }
    if (report.passed) return new ExerciseResult(true, `✓ ${label}: correct (vjpCheck PASSED with a seeded upstream gradient, worst relative error ${formatNumber(report.maxRelError, 3)})`);
    const failing = report.failingGroups.join(", ") || report.inconclusive.map((e) => e.name).join(", ");
    const yours = flatten(call(backward, x, dy)).values;
    const known = mistakes.find((m) => close(yours, flatten(call(m.backward, x, dy)).values));
    if (known) return new ExerciseResult(false, `✗ ${label}: this is the classic mistake "${known.name}": ${known.explanation}. vjpCheck fails ${failing}.`);
    return new ExerciseResult(false, `✗ ${label}: vjpCheck says ${report.status.toUpperCase()} for ${failing} (${report.failures.length} of ${report.entries.length} entries). Go through the chain rule for the failing tensor again.`);
  };
  return { f, x, dy, check, judge, selfCheck: (b) => console.log(judge(b).message), mistakes };
}

const map2 = (t: Tensor2D, f: (v: number, k: number) => number): Tensor2D => ({ data: t.data.map(f), shape: [t.shape[0], t.shape[1]] });

/**
 * The three exercises of notebook 07-layers: a sigmoid layer's backward, the scale-and-shift
 * layer x ⊙ g + b (its g and b are broadcast over the batch), and x ⊙ tanh(x), where x fans out.
 * @example
 *   layerExercises().sigmoid.selfCheck((x, dout) => ...); // ✓ or ✗ naming the mistake
 */
export function layerExercises(seed = 7) {
  const x = randomTensor2d(4, 3, seed, 1.5);
  const g = Float64Array.from([1.5, -0.5, 2]);
  const b = Float64Array.from([0.3, 0.1, -0.2]);
  const sig = (t: Tensor2D) => map2(t, (v) => sigmoid(v));
  const sigmoidEx = exercise<ElementwiseBackward>("your sigmoid backward", (p) => sig(p.x as Tensor2D), { x }, seed + 1, (bk, p, dy) => ({ x: bk(p.x as Tensor2D, dy) }), [
    { name: "forgot the upstream gradient", explanation: "σ(x)(1 − σ(x)) is the local derivative; the layer's dx is dout times it", backward: (t) => map2(sig(t), (s) => s * (1 - s)) },
    { name: "x(1 − x) instead of σ(x)(1 − σ(x))", explanation: "the derivative is written with the layer's output s = σ(x): s(1 − s)", backward: (t, d) => map2(t, (v, k) => d.data[k] * v * (1 - v)) },
  ]);
  const scaleShift = (p: Record<string, Params>) => {
    const xx = p.x as Tensor2D, gg = p.g as Float64Array, bb = p.b as Float64Array;
    const c = xx.shape[1];
    return map2(xx, (v, k) => v * gg[k % c] + bb[k % c]);
  };
  const sums = (t: Tensor2D, by: (v: number, k: number) => number, scale = 1) => {
    const out = new Float64Array(t.shape[1]);
    t.data.forEach((v, k) => (out[k % t.shape[1]] += by(v, k) * scale));
    return out;
  };
  const scaleShiftEx = exercise<ScaleShiftBackward>("your scale-and-shift backward", scaleShift, { x, g, b }, seed + 2, (bk, p, dy) => bk(p.x as Tensor2D, p.g as Float64Array, dy), [
    { name: "the mean over the batch instead of the sum", explanation: "g and b are added to every row, so each row's dout adds to their gradient: a sum over the batch, not a mean", backward: (t, gg, d) => ({ x: map2(d, (v, k) => v * gg[k % t.shape[1]]), g: sums(d, (v, k) => v * t.data[k], 1 / t.shape[0]), b: sums(d, (v) => v, 1 / t.shape[0]) }) },
    { name: "db from the first row only", explanation: "b is broadcast to all rows, so its gradient sums dout over all of them", backward: (t, gg, d) => ({ x: map2(d, (v, k) => v * gg[k % t.shape[1]]), g: sums(d, (v, k) => v * t.data[k]), b: d.data.slice(0, t.shape[1]) }) },
  ]);
  const fan = (t: Tensor2D) => map2(t, (v) => v * Math.tanh(v));
  const fanOutEx = exercise<ElementwiseBackward>("your x ⊙ tanh(x) backward", (p) => fan(p.x as Tensor2D), { x }, seed + 3, (bk, p, dy) => ({ x: bk(p.x as Tensor2D, dy) }), [
    { name: "kept only the path through tanh", explanation: "x is used twice; the path through the first factor, dout ⊙ tanh(x), was overwritten instead of added (= instead of +=)", backward: (t, d) => map2(t, (v, k) => d.data[k] * v * (1 - Math.tanh(v) ** 2)) },
    { name: "kept only the direct path", explanation: "x is used twice; the path through tanh, dout ⊙ x ⊙ (1 − tanh²(x)), was dropped", backward: (t, d) => map2(t, (v, k) => d.data[k] * Math.tanh(v)) },
  ]);
  return { sigmoid: sigmoidEx, scaleShift: scaleShiftEx, fanOut: fanOutEx };
}

/**
 * A tensor of ones shaped like t: the upstream gradient dy = 1, which makes Σ f(x)·dy the plain sum of the outputs.
 * @example
 *   onesLike(tensor2d([[5, 6]])).data; // [1, 1]
 */
export function onesLike(t: Tensor2D): Tensor2D {
  return map2(zeros2d(t.shape[0], t.shape[1]), () => 1);
}
