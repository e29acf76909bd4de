// Tests for lib/workbook/mlp.ts (notebook 12-your-own-mlp): the origin data, the forward
// pass's nodes, the reference backward against the checker, and the node-by-node self-check.
import { resolve } from "path";
import { describe, expect, it } from "vitest";
import { batchNormForward } from "../lib/models/batchnorm";
import { softmaxCrossEntropy } from "../lib/models/softmax";
import { affineForward } from "../lib/models/affine";
import { tanhForward } from "../lib/models/activations";
import { initMlp, judgeBackward, mlpForward, mlpReferenceBackward, MlpBackward, nodeChecks, originProblem, takeBatch, trainMlp } from "../lib/workbook/mlp";

const load = () => originProblem(resolve(__dirname, "../data/auto-mpg.csv"));

describe("the origin problem and the MLP", async () => {
  const P = await load();
  const params = initMlp(5, 8, 3);
  const B = takeBatch(P.X, P.labels, Array.from({ length: 16 }, (_, i) => (i * 37) % 392));
  const cache = mlpForward(params, B.X, B.labels);

  it("has 392 cars: 245 from the USA, 68 from Europe, 79 from Japan, five standardized features", () => {
    expect(P.X.shape).toEqual([392, 5]);
    expect(P.counts).toEqual([245, 68, 79]);
    const mean0 = Array.from({ length: 392 }, (_, i) => P.X.data[5 * i]).reduce((a, b) => a + b) / 392;
    expect(mean0).toBeCloseTo(0, 12);
  });

  it("the forward pass equals the layers of lib/models composed", () => {
    const z = affineForward(B.X, params.W1, params.b1);
    const h = tanhForward(batchNormForward(z, params.gamma, params.beta).out);
    expect(cache.loss).toBeCloseTo(softmaxCrossEntropy(affineForward(h, params.W2, params.b2), B.labels), 13);
  });

  it("an override recomputes only what comes after the node", () => {
    const c = mlpForward(params, B.X, B.labels, { h: cache.h });
    expect(c.loss).toBe(cache.loss);
  });

  it("the reference backward passes every node; b1's true gradient is 0 (batch norm removes it)", () => {
    const g = mlpReferenceBackward(cache);
    const checks = nodeChecks(cache, g);
    expect(checks.firstWrong).toBeUndefined();
    for (const v of g.b1) expect(Math.abs(v)).toBeLessThan(1e-15);
  });

  it("names the first wrong node of a planted bug", () => {
    const bad: MlpBackward = (c) => {
      const g = mlpReferenceBackward(c);
      return { ...g, hpreact: { ...g.hpreact, data: g.hpreact.data.map((v) => 2 * v) } };
    };
    const { result } = judgeBackward(cache, bad);
    expect(result.ok).toBe(false);
    expect(result.message).toContain("first wrong node: hpreact");
    expect(judgeBackward(cache, mlpReferenceBackward).result.ok).toBe(true);
  });

  it("training with the reference backward lowers the loss", () => {
    const run = trainMlp(params, P.X, P.labels, mlpReferenceBackward, { steps: 30 });
    expect(run.losses[30]).toBeLessThan(run.losses[0] - 0.1);
  });
});

describe("the fused self-checks", async () => {
  const { judgeFused } = await import("../lib/workbook/mlp");
  const { batchNormPaths, batchNormBackwardFused } = await import("../lib/models/batchnorm");
  const { softmaxCrossEntropyBackward, softmax } = await import("../lib/models/softmax");
  const P = await load();
  const B = takeBatch(P.X, P.labels, Array.from({ length: 16 }, (_, i) => (i * 37) % 392));
  const cache = mlpForward(initMlp(5, 8, 3), B.X, B.labels);
  const dhpreact = mlpReferenceBackward(cache).hpreact;

  it("passes the fused formulas from lib/models", () => {
    expect(judgeFused(cache, "logits", softmaxCrossEntropyBackward(cache.logits, cache.labels)).ok).toBe(true);
    expect(judgeFused(cache, "hprebn", batchNormBackwardFused(cache.hprebn, cache.params.gamma, dhpreact).x).ok).toBe(true);
  });
  it("reads a missing 1/N as a factor N, and a missing path by name", () => {
    const p = softmax(cache.logits);
    cache.labels.forEach((y, i) => (p.data[i * 3 + y] -= 1));
    expect(judgeFused(cache, "logits", p).message).toContain("the 1/N of the mean loss is missing");
    const paths = batchNormPaths(cache.hprebn, cache.params.gamma, dhpreact);
    const noVariance = { data: paths.direct.data.map((v, k) => v + paths.mean.data[k]), shape: paths.direct.shape };
    expect(judgeFused(cache, "hprebn", noVariance).message).toContain("it lacks the variance's path");
  });
});
