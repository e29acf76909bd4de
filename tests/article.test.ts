// Tests for lib/workbook/article.ts: the article's problem on the real Auto MPG data.
import { resolve } from "path";
import { describe, expect, it } from "vitest";
import { ARTICLE_LEARNING_RATE, AUTO_MPG_FEATURES, INIT_SEED, articleDescentStep, articleProblem, initialParameters } from "../lib/workbook/article";
import { gradCheck } from "../lib/check/gradcheck";
import { column } from "../lib/models/matrix";
import { cost, gdStep, gradient } from "../lib/models/model";
import { numericalGradient } from "../lib/check/numerical";
import { randomNormal } from "../lib/check/random";

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

describe("articleDescentStep", () => {
  it("is notebook 03's step gdStep(X, y, INIT, 0.1), bit for bit, and leaves INIT alone", async () => {
    const p = await articleProblem(csv);
    const before = Array.from(p.INIT);
    const step = articleDescentStep(p);
    expect(ARTICLE_LEARNING_RATE).toBe(0.1);
    const again = gdStep(p.X, p.y, p.INIT, 0.1);
    expect(Array.from(step.w)).toEqual(Array.from(again.w));
    expect(Array.from(step.gradient)).toEqual(Array.from(again.gradient));
    expect(step.cost).toBe(again.cost);
    expect(Array.from(p.INIT)).toEqual(before);
    // By hand: w0 after the step is INIT[0] − 0.1 · (mean residual at INIT).
    const meanResidual = p.y.reduce((s, yi, i) => s + (p.INIT.reduce((a, w, j) => a + w * p.X.data[i * p.X.cols + j], 0) - yi), 0) / p.y.length;
    expect(step.w[0]).toBeCloseTo(p.INIT[0] - 0.1 * meanResidual, 12);
    expect(step.cost).toBeGreaterThan(cost(p.X, p.y, step.w)); // the step goes downhill
  });

  it("its saved gradient (item 7) matches the secant slopes at INIT (item 8) to about 1e-9 (item 9)", async () => {
    const p = await articleProblem(csv);
    const saved = articleDescentStep(p).gradient;
    const secants = numericalGradient((w) => cost(p.X, p.y, w), p.INIT, { eps: 1e-4 });
    saved.forEach((g, j) => expect(Math.abs(g - secants[j]) / Math.abs(g)).toBeLessThan(1e-8));
  });

  it("takes another learning rate", async () => {
    const p = await articleProblem(csv);
    expect(Array.from(articleDescentStep(p, 0.01).w)).toEqual(Array.from(gdStep(p.X, p.y, p.INIT, 0.01).w));
  });
});
