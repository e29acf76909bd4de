// Tests for lib/workbook/synthetic.ts: seeded synthetic data whose true weights gradient
// descent recovers.
import { describe, expect, it } from "vitest";
import { addBiasColumn, standardize } from "../lib/workbook/data";
import { DataError } from "../lib/check/errors";
import { cost, gradientDescent } from "../lib/models/model";
import { syntheticLinear } from "../lib/workbook/synthetic";

const options = { m: 500, weights: [2, -1, 0.5, 3, -2], bias: 4, noise: 0.1, seed: 1 };

describe("syntheticLinear", () => {
  it("has the asked shape, names and true parameters", () => {
    const d = syntheticLinear(options);
    expect(d.X).toMatchObject({ rows: 500, cols: 5 });
    expect(d.y).toHaveLength(500);
    expect(d.featureNames).toEqual(["x1", "x2", "x3", "x4", "x5"]);
    expect(d.targetName).toBe("y");
    expect(d.rowIds.slice(0, 3)).toEqual([1, 2, 3]);
    expect(Array.from(d.weights)).toEqual(options.weights);
    expect(d.bias).toBe(4);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const a = syntheticLinear(options);
    const b = syntheticLinear(options);
    expect(Array.from(b.X.data)).toEqual(Array.from(a.X.data));
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
    const c = syntheticLinear({ ...options, seed: 2 });
    expect(Array.from(c.y)).not.toEqual(Array.from(a.y));
  });

  it("with noise 0, y is exactly X·weights + bias", () => {
    const d = syntheticLinear({ ...options, m: 20, noise: 0 });
    for (let i = 0; i < 20; i++) {
      let s = 4;
      for (let j = 0; j < 5; j++) s += d.X.data[i * 5 + j] * options.weights[j];
      expect(d.y[i]).toBeCloseTo(s, 12);
    }
  });

  it("gradient descent on the standardized data recovers the true weights, and the residual std is the noise", () => {
    const d = syntheticLinear(options);
    const { X: Z, mean, std } = standardize(d.X, d.featureNames);
    const X = addBiasColumn(Z);
    const { w, costs } = gradientDescent(X, d.y, new Float64Array(6), { learningRate: 0.5, steps: 300 });
    // Undo the scaling: y = w0 + Σ wⱼ·(x − μⱼ)/σⱼ = (w0 − Σ wⱼμⱼ/σⱼ) + Σ (wⱼ/σⱼ)·x.
    const weights = options.weights.map((_, j) => w[j + 1] / std[j]);
    const bias = w[0] - options.weights.reduce((s, _, j) => s + (w[j + 1] * mean[j]) / std[j], 0);
    // Least-squares error per weight ≈ noise/√m ≈ 0.0045; allow 0.03.
    weights.forEach((wj, j) => expect(Math.abs(wj - options.weights[j])).toBeLessThan(0.03));
    expect(Math.abs(bias - 4)).toBeLessThan(0.03);
    // cost = ½·mean(r²), so the residual std is √(2·cost) ≈ noise (slightly less: 6 fitted parameters).
    const residualStd = Math.sqrt(2 * costs[costs.length - 1]);
    expect(residualStd).toBeGreaterThan(0.09);
    expect(residualStd).toBeLessThan(0.11);
    expect(cost(X, d.y, w)).toBe(costs[costs.length - 1]);
  });

  it("rejects a bad m, no weights or a negative noise", () => {
    expect(() => syntheticLinear({ ...options, m: 0 })).toThrow(DataError);
    expect(() => syntheticLinear({ ...options, m: 2.5 })).toThrow("m must be a positive integer, got 2.5");
    expect(() => syntheticLinear({ ...options, weights: [] })).toThrow("weights must have at least one entry");
    expect(() => syntheticLinear({ ...options, noise: -1 })).toThrow("noise must be >= 0, got -1");
    expect(() => syntheticLinear({ ...options, noise: NaN })).toThrow(DataError);
  });
});
