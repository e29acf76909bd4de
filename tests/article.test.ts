// Tests for lib/article.ts: the article's problem on the real Auto MPG data.
import { resolve } from "path";
import { describe, expect, it } from "vitest";
import { AUTO_MPG_FEATURES, INIT_SEED, articleProblem, initialParameters } from "../lib/article";
import { gradCheck } from "../lib/check";
import { column } from "../lib/matrix";
import { cost, gradient } from "../lib/model";
import { randomNormal } from "../lib/random";

const csv = resolve(__dirname, "../data/auto-mpg.csv");

describe("initialParameters", () => {
  it("is randomNormal with the INIT seed and scale 0.1", () => {
    expect(INIT_SEED).toBe(2026);
    expect(Array.from(initialParameters(6))).toEqual(Array.from(randomNormal(6, { seed: 2026, scale: 0.1 })));
    expect(Array.from(initialParameters(3, 5))).toEqual(Array.from(randomNormal(3, { seed: 5, scale: 0.1 })));
  });
});

describe("articleProblem", () => {
  it("builds [x0 = 1, standardized x1..x5], mpg, the names and INIT, dropping the rows with missing values", async () => {
    const p = await articleProblem(csv);
    expect(p.dropped.length).toBe(14);
    expect(p.X).toMatchObject({ rows: 392, cols: 6 });
    expect(p.y).toHaveLength(392);
    expect(p.raw.featureNames).toEqual(AUTO_MPG_FEATURES);
    expect(p.names).toEqual(["w0 (bias)", "w1 (cylinders)", "w2 (displacement)", "w3 (horsepower)", "w4 (weight)", "w5 (acceleration)"]);
    expect(Array.from(p.INIT)).toEqual(Array.from(initialParameters(6)));
    expect(Array.from(column(p.X, 0)).every((x) => x === 1)).toBe(true);
    for (let j = 1; j < 6; j++) {
      const c = column(p.X, j);
      const raw = column(p.raw.X, j - 1);
      // Each standardized entry is (raw − mean) / std with the returned statistics.
      c.forEach((z, i) => expect(z).toBeCloseTo((raw[i] - p.mean[j - 1]) / p.std[j - 1], 12));
      expect(Math.abs(c.reduce((a, b) => a + b, 0) / c.length)).toBeLessThan(1e-12);
    }
  });

  it("the correct gradient passes the check at INIT, and the article's missing 1/m fails it", async () => {
    const { X, y, names, INIT } = await articleProblem(csv);
    const f = (w: Float64Array) => cost(X, y, w);
    const good = gradCheck({ f, gradient: (w) => gradient(X, y, w), w: INIT, names });
    expect(good.passed).toBe(true);
    expect(good.difference).toBeLessThan(1e-7);
    expect(good.evaluations).toBe(12);
    const bad = gradCheck({ f, gradient: (w) => gradient(X, y, w).map((g) => g * X.rows), w: INIT, names });
    expect(bad.passed).toBe(false);
    expect(bad.failures).toHaveLength(6);
  });
});
