// Tests for lib/workbook/layers.ts (notebook 07-layers): the layer checks pass the
// correct layers, name what each planted bug breaks, and the exercises' self-checks
// name every expected mistake.
import { describe, expect, it } from "vitest";
import { vjpCheck } from "../lib/check/vjp";
import { randomTensor2d, Tensor2D } from "../lib/models/tensor";
import { affineBackward, affineForward } from "../lib/models/affine";
import { tanhForward } from "../lib/models/activations";
import { softmax } from "../lib/models/softmax";
import { batchNormBackward, batchNormForward } from "../lib/models/batchnorm";
import { sigmoid } from "../lib/models/logistic";
import { PLANTED_LAYER_BUGS as B, layerExercises, onesLike, residualBackward, residualForward } from "../lib/workbook/layers";

const x = randomTensor2d(4, 3, 1);
const W = randomTensor2d(3, 2, 2);
const b = Float64Array.from([0.1, -0.2]);
type P = { x: Tensor2D; W: Tensor2D; b: Float64Array; gamma: Float64Array; beta: Float64Array; z: Tensor2D };

describe("layer checks", () => {
  it("the affine layer passes; db as a mean fails in b only", () => {
    const f = (p: P) => affineForward(p.x, p.W, p.b);
    expect(vjpCheck({ f, vjp: (p: P, dy) => affineBackward(p.x, p.W, dy as Tensor2D), x: { x, W, b } as P }).status).toBe("passed");
    expect(vjpCheck({ f, vjp: (p: P, dy) => B.affineBiasMean(p.x, p.W, dy as Tensor2D), x: { x, W, b } as P }).failingGroups).toEqual(["b"]);
  });

  it("dy = 1 misses a tanh backward that forgets dout and a batch norm without the variance's path; a random dy catches both", () => {
    const tanhCheck = (dy?: Tensor2D) => vjpCheck({ f: (p: P) => tanhForward(p.x), vjp: (p: P, d) => ({ x: B.tanhWithoutUpstream(p.x, d as Tensor2D) }), x: { x } as P, dy });
    expect(tanhCheck(onesLike(x)).status).toBe("passed");
    expect(tanhCheck().failingGroups).toEqual(["x"]);
    const h = randomTensor2d(6, 3, 4, 2);
    const gamma = Float64Array.from([1.5, 0.5, 2]);
    const beta = Float64Array.from([0, 0.1, -0.1]);
    const bn = (vjp: (p: P, d: Tensor2D) => unknown, dy?: Tensor2D) =>
      vjpCheck({ f: (p: P) => batchNormForward(p.x, p.gamma, p.beta).out, vjp: (p: P, d) => vjp(p, d as Tensor2D), x: { x: h, gamma, beta } as P, dy });
    expect(bn((p, d) => batchNormBackward(p.x, p.gamma, d)).status).toBe("passed");
    expect(bn((p, d) => B.batchNormWithoutVariancePath(p.x, p.gamma, d), onesLike(h)).status).toBe("passed");
    expect(bn((p, d) => B.batchNormWithoutVariancePath(p.x, p.gamma, d)).failingGroups).toEqual(["x"]);
    expect(bn((p, d) => B.batchNormWithoutMeanPath(p.x, p.gamma, d)).failingGroups).toEqual(["x"]);
  });

  it("softmax without its coupling term fails, even with dy = 1 (the true dz is then 0)", () => {
    const z = randomTensor2d(4, 3, 3, 2);
    const check = (dy?: Tensor2D) => vjpCheck({ f: (p: P) => softmax(p.z), vjp: (p: P, d) => ({ z: B.softmaxWithoutCoupling(softmax(p.z), d as Tensor2D) }), x: { z } as P, dy });
    expect(check(onesLike(z)).failingGroups).toEqual(["z"]);
    expect(check().failingGroups).toEqual(["z"]);
  });

  it("the residual layer adds both uses of x; overwriting fails in x, not in W", () => {
    const Wr = randomTensor2d(3, 3, 5, 0.5);
    const f = (p: P) => residualForward(p.x, p.W);
    expect(vjpCheck({ f, vjp: (p: P, d) => residualBackward(p.x, p.W, d as Tensor2D), x: { x, W: Wr } as P }).status).toBe("passed");
    expect(vjpCheck({ f, vjp: (p: P, d) => B.residualOverwritten(p.x, p.W, d as Tensor2D), x: { x, W: Wr } as P }).failingGroups).toEqual(["x"]);
  });
});

describe("the exercises of notebook 07-layers", () => {
  const ex = layerExercises();
  it("a right answer passes", () => {
    expect(ex.sigmoid.judge((t, d) => ({ data: t.data.map((v, k) => d.data[k] * sigmoid(v) * (1 - sigmoid(v))), shape: t.shape })).ok).toBe(true);
    expect(ex.fanOut.judge((t, d) => ({ data: t.data.map((v, k) => d.data[k] * (Math.tanh(v) + v * (1 - Math.tanh(v) ** 2))), shape: t.shape })).ok).toBe(true);
  });
  it("every expected mistake is named, and no answer is no answer", () => {
    for (const e of [ex.sigmoid, ex.fanOut] as const) for (const m of e.mistakes) expect(e.judge(m.backward).message).toContain(`"${m.name}"`);
    for (const m of ex.scaleShift.mistakes) expect(ex.scaleShift.judge(m.backward).message).toContain(`"${m.name}"`);
    expect(ex.sigmoid.judge(undefined).message).toMatch(/no answer yet/);
  });
});
