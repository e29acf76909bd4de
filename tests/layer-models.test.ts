// Tests for the layers of lib/models/ (tensor.ts, affine.ts, activations.ts, softmax.ts,
// batchnorm.ts) against hand-worked values, closed forms and central differences.
import { describe, expect, it } from "vitest";
import { at, randomTensor2d, tensor2d, Tensor2D } from "../lib/models/tensor";
import { affineBackward, affineForward } from "../lib/models/affine";
import { reluBackward, reluForward, tanhBackward, tanhForward } from "../lib/models/activations";
import { crossEntropy, crossEntropyBackward, oneHot, softmax, softmaxBackward, softmaxCrossEntropy, softmaxCrossEntropyBackward } from "../lib/models/softmax";
import { batchNormBackward, batchNormBackwardFused, batchNormEvalBackward, batchNormForward, batchStats } from "../lib/models/batchnorm";
import { DataError } from "../lib/check/errors";

/** Central difference of a scalar function of one tensor, entry by entry. */
function numeric(f: (t: Tensor2D) => number, t: Tensor2D, h = 1e-6): Float64Array {
  const g = new Float64Array(t.data.length);
  for (let k = 0; k < g.length; k++) {
    const p = { data: Float64Array.from(t.data), shape: t.shape };
    p.data[k] += h;
    const up = f(p);
    p.data[k] -= 2 * h;
    g[k] = (up - f(p)) / (2 * h);
  }
  return g;
}
const dot = (a: Tensor2D, b: Tensor2D) => a.data.reduce((s, v, k) => s + v * b.data[k], 0);
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-7) => Array.from(a).forEach((v, k) => expect(v).toBeCloseTo(b[k], -Math.log10(tol)));

describe("tensor", () => {
  it("reads rows row-major and rejects ragged rows", () => {
    const t = tensor2d([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(at(t, 1, 0)).toBe(4);
    expect(() => tensor2d([[1, 2], [3]])).toThrow(DataError);
  });
  it("draws the same numbers for the same seed", () => {
    expect(randomTensor2d(2, 2, 5).data).toEqual(randomTensor2d(2, 2, 5).data);
  });
});

describe("affine", () => {
  const x = tensor2d([[1, 2], [3, 4]]);
  const W = tensor2d([[1, -1, 0], [2, 0, 1]]);
  const b = [10, 20, 30];
  it("computes x·W + b, worked by hand", () => {
    expect(Array.from(affineForward(x, W, b).data)).toEqual([15, 19, 32, 21, 17, 34]);
  });
  it("backward: dx = dout·Wᵀ, dW = xᵀ·dout, db = column sums, by hand", () => {
    const dout = tensor2d([[1, 0, 2], [0, 1, -1]]);
    const g = affineBackward(x, W, dout);
    expect(Array.from(g.x.data)).toEqual([1, 4, -1, -1]);
    expect(Array.from(g.W.data)).toEqual([1, 3, -1, 2, 4, 0]);
    expect(Array.from(g.b)).toEqual([1, 1, 1]);
  });
  it("names the shape that does not fit", () => {
    expect(() => affineForward(x, tensor2d([[1, 2]]), [0, 0])).toThrow(/x's columns must equal W's rows/);
  });
});

describe("activations", () => {
  const x = tensor2d([[-1, 0.5], [2, -0.25]]);
  const dout = tensor2d([[3, -2], [1, 4]]);
  it("relu zeroes the negatives, and so does its backward", () => {
    expect(Array.from(reluForward(x).data)).toEqual([0, 0.5, 2, 0]);
    expect(Array.from(reluBackward(x, dout).data)).toEqual([0, -2, 1, 0]);
  });
  it("tanh's backward is dout ⊙ (1 − tanh²), against central differences", () => {
    expect(tanhForward(x).data[0]).toBeCloseTo(Math.tanh(-1), 15);
    close(tanhBackward(x, dout).data, numeric((t) => dot(tanhForward(t), dout), x));
  });
});

describe("softmax and cross-entropy", () => {
  const z = tensor2d([[1, 2, 3], [0.5, -1, 0]]);
  const labels = [2, 0];
  it("softmax's rows sum to 1 and are shift-invariant; equal logits give 1/C", () => {
    const p = softmax(z);
    expect(p.data[0] + p.data[1] + p.data[2]).toBeCloseTo(1, 15);
    close(softmax(tensor2d([[1001, 1002, 1003]])).data, p.data.slice(0, 3), 1e-14);
    close(softmax(tensor2d([[0, 0, 0, 0]])).data, [0.25, 0.25, 0.25, 0.25], 1e-15);
  });
  it("cross-entropy of uniform probabilities is log C, and its gradient is −1/(N p) at the label", () => {
    expect(crossEntropy(tensor2d([[1 / 3, 1 / 3, 1 / 3]]), [1])).toBeCloseTo(Math.log(3), 15);
    expect(Array.from(crossEntropyBackward(tensor2d([[0.5, 0.5], [0.25, 0.75]]), [1, 0]).data)).toEqual([0, -1, -2, 0]);
  });
  it("softmax's backward with dp = 1 is 0 (rows sum to 1), and matches central differences for a random dp", () => {
    const p = softmax(z);
    close(softmaxBackward(p, tensor2d([[1, 1, 1], [1, 1, 1]])).data, [0, 0, 0, 0, 0, 0], 1e-15);
    const dp = randomTensor2d(2, 3, 3);
    close(softmaxBackward(p, dp).data, numeric((t) => dot(softmax(t), dp), z));
  });
  it("the fused gradient is (p − onehot)/N, equals the unfused chain, and the fused loss equals the unfused one", () => {
    const p = softmax(z);
    const expected = p.data.map((v, k) => (v - oneHot(labels, 3).data[k]) / 2);
    close(softmaxCrossEntropyBackward(z, labels).data, expected, 1e-15);
    close(softmaxBackward(p, crossEntropyBackward(p, labels)).data, expected, 1e-14);
    expect(softmaxCrossEntropy(z, labels)).toBeCloseTo(crossEntropy(p, labels), 14);
    close(softmaxCrossEntropyBackward(z, labels).data, numeric((t) => softmaxCrossEntropy(t, labels), z));
  });
  it("a hand-worked 2-class row: z = (0, 0), label 0 → loss log 2, gradient (−½, ½)", () => {
    expect(softmaxCrossEntropy(tensor2d([[0, 0]]), [0])).toBeCloseTo(Math.LN2, 15);
    expect(Array.from(softmaxCrossEntropyBackward(tensor2d([[0, 0]]), [0]).data)).toEqual([-0.5, 0.5]);
  });
  it("rejects a label that is not a class", () => {
    expect(() => crossEntropy(softmax(z), [3, 0])).toThrow(/0\.\.2/);
  });
});

describe("batch norm", () => {
  const x = randomTensor2d(6, 3, 11, 2);
  const gamma = [1.5, -0.5, 2];
  const beta = [0.1, 0.2, -0.3];
  it("a 2×2 case by hand: columns (0, 2) and (1, 5) normalize to (−1, 1) with ε = 0", () => {
    const r = batchNormForward(tensor2d([[0, 1], [2, 5]]), [1, 1], [0, 0], { eps: 0 });
    expect(Array.from(r.mean)).toEqual([1, 3]);
    expect(Array.from(r.var)).toEqual([1, 4]);
    expect(Array.from(r.out.data)).toEqual([-1, -1, 1, 1]);
  });
  it("the variance divides by N, not N − 1", () => {
    expect(batchStats(tensor2d([[0], [2], [4]])).var[0]).toBeCloseTo(8 / 3, 15);
  });
  it("x̂ has mean 0 and variance 1 in each column (to ε)", () => {
    const { xhat } = batchNormForward(x, gamma, beta, { eps: 0 });
    const s = batchStats(xhat);
    close(s.mean, [0, 0, 0], 1e-14);
    close(s.var, [1, 1, 1], 1e-13);
  });
  it("dx sums to 0 over the batch in each column, and matches central differences", () => {
    const dout = randomTensor2d(6, 3, 12);
    const g = batchNormBackward(x, gamma, dout);
    for (let j = 0; j < 3; j++) expect(Array.from({ length: 6 }, (_, i) => at(g.x, i, j)).reduce((a, b) => a + b)).toBeCloseTo(0, 12);
    close(g.x.data, numeric((t) => dot(batchNormForward(t, gamma, beta).out, dout), x));
    close(g.beta, [0, 1, 2].map((j) => [0, 1, 2, 3, 4, 5].reduce((s, i) => s + at(dout, i, j), 0)), 1e-14);
  });
  it("the fused backward equals the node-by-node one", () => {
    const dout = randomTensor2d(6, 3, 13);
    const a = batchNormBackward(x, gamma, dout);
    const b = batchNormBackwardFused(x, gamma, dout);
    close(a.x.data, b.x.data, 1e-13);
    close(a.gamma, b.gamma, 1e-13);
  });
  it("eval mode uses the running statistics and has no coupling between rows", () => {
    const running = { mean: new Float64Array([1, 2, 3]), var: new Float64Array([4, 1, 0.25]) };
    const r = batchNormForward(x, gamma, beta, { mode: "eval", running, eps: 0 });
    expect(r.out.data[0]).toBeCloseTo(gamma[0] * (x.data[0] - 1) / 2 + beta[0], 14);
    const dout = randomTensor2d(6, 3, 14);
    close(batchNormEvalBackward(x, gamma, running, dout, 0).x.data, numeric((t) => dot(batchNormForward(t, gamma, beta, { mode: "eval", running, eps: 0 }).out, dout), x));
  });
  it("train mode updates the running statistics with momentum", () => {
    const running = { mean: new Float64Array(3), var: new Float64Array([1, 1, 1]) };
    const r = batchNormForward(x, gamma, beta, { running, momentum: 0.9 });
    expect(running.mean[0]).toBeCloseTo(0.1 * r.mean[0], 15);
    expect(running.var[1]).toBeCloseTo(0.9 + 0.1 * r.var[1], 15);
  });
  it("eval mode without running statistics says what it needs", () => {
    expect(() => batchNormForward(x, gamma, beta, { mode: "eval" })).toThrow(/running statistics/);
  });
});

describe("batch norm's paths", () => {
  it("direct + variance + mean = dx, and the mean's path is the same in every row", async () => {
    const { batchNormPaths } = await import("../lib/models/batchnorm");
    const x = randomTensor2d(5, 2, 21, 3);
    const dout = randomTensor2d(5, 2, 22);
    const p = batchNormPaths(x, [2, 0.5], dout);
    const dx = batchNormBackward(x, [2, 0.5], dout).x;
    close(p.direct.data.map((v, k) => v + p.variance.data[k] + p.mean.data[k]), dx.data, 1e-14);
    for (let i = 1; i < 5; i++) expect(at(p.mean, i, 1)).toBe(at(p.mean, 0, 1));
  });
});
