// Tests for lib/models/model.ts: the cost CF = 1/(2m)·Σ(ŷ − y)², its gradient
// (1/m)·Xᵀ(Xw − y), one GD step and a GD run. Checked against hand arithmetic
// and against the definition, not against the checker.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DataError } from "../lib/check/errors";
import { matrix } from "../lib/models/matrix";
import { cost, costHessian, gdStep, gradient, gradientDescent, predict } from "../lib/models/model";

fc.configureGlobal({ seed: 42, numRuns: 100 });

// A 3×2 design matrix after the x0 bias trick (first column is x0 = 1).
const X = matrix([
  [1, 1],
  [1, 2],
  [1, 3],
]);
const y = [1, 3, 2];
const w = [0.5, 1];

describe("the 3×2 example, worked by hand", () => {
  // ŷ = X·w = [0.5 + 1, 0.5 + 2, 0.5 + 3] = [1.5, 2.5, 3.5]
  // r = ŷ − y = [1.5 − 1, 2.5 − 3, 3.5 − 2] = [0.5, −0.5, 1.5]
  // Σr² = 0.25 + 0.25 + 2.25 = 2.75, m = 3
  it("predict gives ŷ = [1.5, 2.5, 3.5]", () => {
    expect(Array.from(predict(X, w))).toEqual([1.5, 2.5, 3.5]);
  });

  it("cost = Σr² / (2m) = 2.75 / 6 = 0.458333…", () => {
    expect(cost(X, y, w)).toBeCloseTo(2.75 / 6, 15);
  });

  // Xᵀr = [0.5 − 0.5 + 1.5, 1·0.5 + 2·(−0.5) + 3·1.5] = [1.5, 4]
  // gradient = Xᵀr / m = [1.5/3, 4/3] = [0.5, 1.3333…]
  it("gradient = Xᵀr / m = [0.5, 4/3]", () => {
    const g = gradient(X, y, w);
    expect(g[0]).toBeCloseTo(0.5, 15);
    expect(g[1]).toBeCloseTo(4 / 3, 15);
  });

  // With α = 0.1: w − α·g = [0.5 − 0.05, 1 − 0.13333…] = [0.45, 0.86666…]
  it("one gdStep with α = 0.1 gives w = [0.45, 0.8666…], and reports the cost and gradient at the input", () => {
    const step = gdStep(X, y, w, 0.1);
    expect(step.w[0]).toBeCloseTo(0.45, 15);
    expect(step.w[1]).toBeCloseTo(1 - 0.4 / 3, 15);
    expect(step.cost).toBeCloseTo(2.75 / 6, 15);
    expect(Array.from(step.gradient)).toEqual(Array.from(gradient(X, y, w)));
    // The step went downhill: the cost at the new w is lower.
    expect(cost(X, y, step.w)).toBeLessThan(step.cost);
  });

  it("the cost is 0 and the gradient 0 at an exact fit", () => {
    // y = 1 + 2x fits exactly with w = [1, 2].
    const yFit = [3, 5, 7];
    expect(cost(X, yFit, [1, 2])).toBe(0);
    expect(Array.from(gradient(X, yFit, [1, 2]))).toEqual([0, 0]);
  });

  it("the article's Xᵀ(Ŷ − Y) without 1/m is m times the gradient of the mean cost", () => {
    // [1.5, 4] is what the article's formula prints; the mean cost's gradient is a third of it.
    const g = gradient(X, y, w);
    expect(3 * g[0]).toBeCloseTo(1.5, 14);
    expect(3 * g[1]).toBeCloseTo(4, 14);
  });
});

describe("gradientDescent", () => {
  it("records steps + 1 costs, the first at the input w, and runs the same steps as gdStep", () => {
    const run = gradientDescent(X, y, w, { learningRate: 0.1, steps: 3 });
    expect(run.costs).toHaveLength(4);
    expect(run.costs[0]).toBe(cost(X, y, w));
    let v = Float64Array.from(w);
    for (let s = 0; s < 3; s++) v = gdStep(X, y, v, 0.1).w;
    expect(Array.from(run.w)).toEqual(Array.from(v));
    expect(run.costs[3]).toBe(cost(X, y, v));
  });

  it("the cost never rises with a small learning rate, and converges to the least-squares fit", () => {
    // Least squares by hand for x = [1, 2, 3], y = [1, 3, 2]:
    // x̄ = 2, ȳ = 2, slope = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = ((−1)(−1) + 0 + (1)(0)) / 2 = 0.5,
    // intercept = ȳ − slope·x̄ = 2 − 1 = 1. So w* = [1, 0.5].
    const run = gradientDescent(X, y, [0, 0], { learningRate: 0.2, steps: 2000 });
    // Near the minimum the cost can wobble by round-off (~1e-16), hence the 1e-14 slack.
    for (let s = 1; s < run.costs.length; s++) expect(run.costs[s]).toBeLessThanOrEqual(run.costs[s - 1] + 1e-14);
    expect(run.w[0]).toBeCloseTo(1, 8);
    expect(run.w[1]).toBeCloseTo(0.5, 8);
    // At w*: ŷ = [1.5, 2, 2.5], r = [0.5, −1, 0.5], Σr² = 1.5, cost = 1.5/6 = 0.25.
    expect(run.costs[run.costs.length - 1]).toBeCloseTo(0.25, 12);
  });

  it("0 steps returns a copy of w and its cost", () => {
    const run = gradientDescent(X, y, w, { learningRate: 0.1, steps: 0 });
    expect(Array.from(run.w)).toEqual(w);
    expect(run.costs).toEqual([cost(X, y, w)]);
  });
});

describe("against the definition, on random data", () => {
  const small = fc.double({ min: -10, max: 10, noNaN: true });
  const problem = fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 5 }))
    .chain(([m, n]) =>
      fc.record({
        rows: fc.array(fc.array(small, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
        y: fc.array(small, { minLength: m, maxLength: m }),
        w: fc.array(small, { minLength: n, maxLength: n }),
      }),
    );

  it("cost and gradient equal the per-row sums written out naively", () => {
    fc.assert(
      fc.property(problem, ({ rows, y, w }) => {
        const m = rows.length;
        const residuals = rows.map((r, i) => r.reduce((s, x, j) => s + x * w[j], 0) - y[i]);
        const naiveCost = residuals.reduce((s, r) => s + r * r, 0) / (2 * m);
        const naiveGrad = w.map((_, j) => rows.reduce((s, r, i) => s + r[j] * residuals[i], 0) / m);
        const Xm = matrix(rows);
        expect(cost(Xm, y, w)).toBeCloseTo(naiveCost, 9);
        const g = gradient(Xm, y, w);
        naiveGrad.forEach((gj, j) => expect(g[j]).toBeCloseTo(gj, 9));
      }),
    );
  });

  it("never changes X.data, y or w", () => {
    fc.assert(
      fc.property(problem, ({ rows, y, w }) => {
        const Xm = matrix(rows);
        const yv = Float64Array.from(y);
        const wv = Float64Array.from(w);
        const before = [Array.from(Xm.data), Array.from(yv), Array.from(wv)];
        predict(Xm, wv);
        cost(Xm, yv, wv);
        gradient(Xm, yv, wv);
        const step = gdStep(Xm, yv, wv, 0.01);
        gradientDescent(Xm, yv, wv, { learningRate: 0.01, steps: 2 });
        expect([Array.from(Xm.data), Array.from(yv), Array.from(wv)]).toEqual(before);
        expect(step.w).not.toBe(wv);
      }),
    );
  });
});

describe("shape errors", () => {
  it("cost, gradient, gdStep and predict name the mismatch", () => {
    expect(() => cost(X, y, [1, 2, 3])).toThrow(DataError);
    expect(() => cost(X, y, [1, 2, 3])).toThrow(/cost: X has 2 columns but w has 3 entries/);
    expect(() => gradient(X, [1, 2], w)).toThrow(DataError);
    expect(() => gradient(X, [1, 2], w)).toThrow(/gradient: X has 3 rows but y has 2 entries/);
    expect(() => gdStep(X, y, [1], 0.1)).toThrow(/gradient: X has 2 columns but w has 1 entries/);
    expect(() => predict(X, [1])).toThrow(/predict: X has 2 columns/);
  });

  it("an empty X and a non-finite learning rate are DataErrors", () => {
    const empty = { rows: 0, cols: 2, data: new Float64Array(0) };
    expect(() => cost(empty, [], [1, 2])).toThrow(/cost: X has no rows/);
    expect(() => gdStep(X, y, w, NaN)).toThrow(DataError);
    expect(() => gdStep(X, y, w, Infinity)).toThrow(/learningRate must be finite, got Infinity/);
  });
});

describe("costHessian", () => {
  it("is (1/m)·XᵀX, and each column is the change of the gradient along one parameter", () => {
    const X = matrix([[1, 2, -1], [1, 0.5, 3], [1, -1, 0.25], [1, 4, 2]]);
    const y = [1, 2, 0, -3];
    const H = costHessian(X);
    expect(H).toMatchObject({ rows: 3, cols: 3 });
    expect(H.data[0]).toBe(1); // (1/m)·Σ 1·1
    expect(H.data[1]).toBeCloseTo((2 + 0.5 - 1 + 4) / 4, 15);
    const w = Float64Array.of(0.3, -0.2, 0.7);
    for (let k = 0; k < 3; k++) {
      const up = Float64Array.from(w); up[k] += 1e-3;
      const down = Float64Array.from(w); down[k] -= 1e-3;
      const gUp = gradient(X, y, up);
      const gDown = gradient(X, y, down);
      for (let j = 0; j < 3; j++) expect((gUp[j] - gDown[j]) / 2e-3).toBeCloseTo(H.data[j * 3 + k], 9);
    }
  });
});
