// Tests for lib/check/gradcheck.ts: gradCheck, relativeError, band and GradCheckReport.
// The checker is tested against planted bugs with known effects, against the
// closed-form truncation error of forward differences, and against hand values.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addBiasColumn, parameterNames, standardize } from "../lib/workbook/data";
import { GradCheckError } from "../lib/check/errors";
import { transposeMatVec } from "../lib/models/matrix";
import { cost, gradient, gradientDescent } from "../lib/models/model";
import { DEFAULT_ATOL, DEFAULT_TOLERANCE, GradCheckOptions, NG_THRESHOLD, band, gradCheck, relativeError } from "../lib/check/index";
import { randomNormal } from "../lib/check/random";
import { syntheticLinear } from "../lib/workbook/synthetic";

fc.configureGlobal({ seed: 42, numRuns: 100 });

/**
 * The article's shape: 5 standardized features plus the x0 = 1 bias column,
 * synthetic data with known weights, INIT drawn by randomNormal.
 */
function articleShape(seed = 1) {
  const d = syntheticLinear({ m: 200, weights: [2, -1, 0.5, 3, -2], bias: 4, noise: 0.1, seed });
  const Z = standardize(d.X, d.featureNames).X;
  const X = addBiasColumn(Z);
  const y = d.y;
  const INIT = randomNormal(6, { seed: 7, scale: 0.1 });
  const names = parameterNames(d.featureNames);
  const f = (w: Float64Array) => cost(X, y, w);
  return { Z, X, y, INIT, names, f };
}

const { Z, X, y, INIT, names, f } = articleShape();
const correct = (w: Float64Array) => gradient(X, y, w);

describe("relativeError and band", () => {
  it("is |a − n| / max(|a|, |n|), and 0 where both are 0", () => {
    const r = relativeError([1, 0, 2, -3, 0], [1.1, 0, 2, 3, 1e-20]);
    expect(r[0]).toBeCloseTo(0.1 / 1.1, 15);
    expect(r[1]).toBe(0);
    expect(r[2]).toBe(0);
    expect(r[3]).toBe(2); // |−3 − 3| / 3: a flipped sign gives 2
    expect(r[4]).toBe(1); // anything against 0 gives 1, however small
  });

  it("is symmetric and at most 2", () => {
    const v = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(v, v, (a, b) => {
        const r = relativeError([a], [b])[0];
        expect(r).toBe(relativeError([b], [a])[0]);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(2);
      }),
    );
  });

  it("rejects vectors of different lengths", () => {
    expect(() => relativeError([1, 2], [1])).toThrow(GradCheckError);
    expect(() => relativeError([1, 2], [1])).toThrow(/lengths differ \(2 and 1\)/);
  });

  it("puts CS231n's four bands at 1e-2, 1e-4 and 1e-7, each boundary in the better band", () => {
    expect(band(0.5)).toBe("probably wrong");
    expect(band(1.0001e-2)).toBe("probably wrong");
    expect(band(1e-2)).toBe("uncomfortable");
    expect(band(1.0001e-4)).toBe("uncomfortable");
    expect(band(1e-4)).toBe("acceptable only with kinks");
    expect(band(1.0001e-7)).toBe("acceptable only with kinks");
    expect(band(1e-7)).toBe("excellent");
    expect(band(0)).toBe("excellent");
  });

  it("exports the documented defaults", () => {
    expect(DEFAULT_TOLERANCE).toBe(1e-6);
    expect(DEFAULT_ATOL).toBe(0);
    expect(NG_THRESHOLD).toBe(1e-7);
  });
});

describe("a correct gradient on the article's shape", () => {
  it("passes with Ng's difference < 1e-7 and exactly 2·n loss evaluations (central)", () => {
    const r = gradCheck({ f, gradient: correct, w: INIT, names });
    expect(r.passed).toBe(true);
    expect(r.failures).toEqual([]);
    expect(r.difference).toBeLessThan(1e-7);
    expect(r.differenceOk).toBe(true);
    expect(r.evaluations).toBe(12);
    expect(r.band).toBe("excellent");
    expect(r.entries.map((e) => e.name)).toEqual(["w0 (bias)", "w1 (x1)", "w2 (x2)", "w3 (x3)", "w4 (x4)", "w5 (x5)"]);
    expect(r.entries.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.verdict).toMatch(/^Gradient check PASSED: all 6 parameters/);
    expect(r.warnings).toEqual([]);
  });

  it("forward and backward differences take n + 1 evaluations and are off by exactly ±e/2 here", () => {
    // For the quadratic cost, f(w + e·eᵢ) − f(w) = e·gᵢ + ½e²·Hᵢᵢ exactly, with
    // Hᵢᵢ = (1/m)·Σₖ xₖᵢ². Standardized columns (population std) and the x0 = 1
    // column all have (1/m)·Σ x² = 1, so forward = g + e/2 and backward = g − e/2.
    const e = 1e-4;
    for (const [scheme, shift] of [
      ["forward", e / 2],
      ["backward", -e / 2],
    ] as const) {
      const plain = gradCheck({ f, gradient: correct, w: INIT, eps: e, scheme, refine: false });
      expect(plain.evaluations).toBe(7);
      expect(plain.scheme).toBe(scheme);
      for (const entry of plain.entries) expect(entry.numeric - entry.analytic).toBeCloseTo(shift, 8);
      expect(plain.status).toBe("failed"); // O(e) truncation: 5e-5 against a tolerance near 1e-6
      // With refinement (the default), the first step is one-sided and the undecided
      // entries are refined with central differences, which are exact here: all pass.
      const refined = gradCheck({ f, gradient: correct, w: INIT, eps: e, scheme });
      for (const entry of refined.entries) expect(entry.numericAtFirstStep - entry.analytic).toBeCloseTo(shift, 8);
      expect(refined.status).toBe("passed");
      expect(refined.evaluations).toBeGreaterThan(7);
    }
  });

  it("passes for random data seeds and random parameters", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (dataSeed, wSeed) => {
        const p = articleShape(dataSeed);
        const w = randomNormal(6, { seed: wSeed, scale: 2 });
        const r = gradCheck({ f: p.f, gradient: (v) => gradient(p.X, p.y, v), w });
        expect(r.passed).toBe(true);
        expect(r.difference).toBeLessThan(1e-7);
      }),
      { numRuns: 50 },
    );
  });

  it("does not change w, X or y, and hands the gradient function a copy of w", () => {
    const w = Float64Array.from(INIT);
    const plain = Array.from(INIT);
    const before = [Array.from(X.data), Array.from(y)];
    gradCheck({ f, gradient: (v) => ((v[0] = 99), correct(v)), w });
    gradCheck({ f, gradient: correct(INIT), w: plain, scheme: "forward" });
    expect(Array.from(w)).toEqual(Array.from(INIT));
    expect(plain).toEqual(Array.from(INIT));
    expect([Array.from(X.data), Array.from(y)]).toEqual(before);
  });
});

describe("planted bugs are caught and localized", () => {
  const m = X.rows;

  it("the article's Xᵀ(Ŷ − Y) without 1/m: every entry m times too big, all fail", () => {
    // Relative error per entry: |m·g − g| / (m·|g|) = (m − 1)/m = 0.995.
    const noMean = (w: Float64Array) => {
      const residual = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let p = 0;
        for (let j = 0; j < X.cols; j++) p += X.data[i * X.cols + j] * w[j];
        residual[i] = p - y[i];
      }
      return transposeMatVec(X, residual); // Xᵀ(Ŷ − Y), no 1/m
    };
    const r = gradCheck({ f, gradient: noMean, w: INIT, names });
    expect(r.passed).toBe(false);
    expect(r.failures).toHaveLength(6);
    for (const e of r.entries) expect(e.relError).toBeCloseTo((m - 1) / m, 6);
    expect(r.band).toBe("probably wrong");
    // Ng's difference: ‖m·g − g‖ / (‖m·g‖ + ‖g‖) = (m − 1)/(m + 1).
    expect(r.difference).toBeCloseTo((m - 1) / (m + 1), 6);
    expect(r.verdict).toMatch(/^Gradient check FAILED: 6 of 6 parameters off: w0 \(bias\), w1 \(x1\), .*w5 \(x5\)\./);
  });

  it("a flipped sign: relative error 2 everywhere, Ng's difference 1", () => {
    const flipped = (w: Float64Array) => correct(w).map((g) => -g);
    const r = gradCheck({ f, gradient: flipped, w: INIT });
    expect(r.passed).toBe(false);
    expect(r.failures).toHaveLength(6);
    for (const e of r.entries) expect(e.relError).toBeCloseTo(2, 8);
    expect(r.difference).toBeCloseTo(1, 8);
    expect(r.band).toBe("probably wrong");
  });

  it("a gradient computed without the x0 column: only the bias w0 fails", () => {
    // The bug: drop x0 and w0, back-propagate through the features only, and
    // report 0 for w0. Because the features are standardized (column mean 0),
    // Σₖ xₖⱼ·w0 = w0·Σₖ xₖⱼ = 0, so the feature entries stay right and only w0 is wrong.
    const withoutBias = (w: Float64Array) => {
      const g = gradient(Z, y, w.subarray(1));
      return Float64Array.of(0, ...g);
    };
    const r = gradCheck({ f, gradient: withoutBias, w: INIT, names });
    expect(r.passed).toBe(false);
    expect(r.failures.map((e) => e.name)).toEqual(["w0 (bias)"]);
    expect(r.worst.name).toBe("w0 (bias)");
    expect(r.worst.analytic).toBe(0);
    expect(r.worst.relError).toBe(1);
    expect(r.verdict).toContain("1 of 6 parameters off: w0 (bias).");
  });

  it("a gradient with w0's entry zeroed: only w0 fails", () => {
    const zeroBias = (w: Float64Array) => {
      const g = correct(w);
      g[0] = 0;
      return g;
    };
    const r = gradCheck({ f, gradient: zeroBias, w: INIT });
    expect(r.failures.map((e) => e.index)).toEqual([0]);
    expect(r.worst.index).toBe(0);
  });

  it("a gradient wrong in exactly one coordinate: worst is that coordinate, and only it fails", () => {
    // The planted error is relative, from 1e-4 (well above tolerance 1e-6 and above
    // round-off ~1e-10) to 100%, in either direction, at a random coordinate.
    const wrongBy = fc.double({ min: 1e-4, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), wrongBy, fc.boolean(), fc.integer({ min: 1, max: 1000 }), (k, by, up, wSeed) => {
        const w = randomNormal(6, { seed: wSeed });
        const buggy = (v: Float64Array) => {
          const g = correct(v);
          g[k] *= up ? 1 + by : 1 - by;
          return g;
        };
        const r = gradCheck({ f, gradient: buggy, w, names });
        expect(r.passed).toBe(false);
        expect(r.worst.index).toBe(k);
        expect(r.failures.map((e) => e.index)).toEqual([k]);
        expect(r.verdict).toContain(`1 of 6 parameters off: ${names[k]}.`);
      }),
    );
  });
});

describe("entries that are ~0 on both sides raise no false alarm (stationary points)", () => {
  // At the least-squares minimum the true gradient is 0: the analytic values are
  // ~1e-16 and the numerical ones ~1e-14, pure round-off, with relative errors near 1.
  const wStar = gradientDescent(X, y, INIT, { learningRate: 0.5, steps: 500 }).w;

  it("at the minimum, every entry passes, within its error bar of 0", () => {
    const r = gradCheck({ f, gradient: correct, w: wStar });
    for (const e of r.entries) expect(e.absError).toBeLessThan(1e-12);
    expect(r.passed).toBe(true);
    // No entry is "worst" by a meaningless relative error.
    expect(r.maxRelError).toBe(0);
  });

  it("without refinement and without a floor, the same round-off is a false alarm", () => {
    const r = gradCheck({ f, gradient: correct, w: wStar, refine: false });
    expect(r.passed).toBe(false);
    expect(r.entries.some((e) => e.relError > 0.5)).toBe(true);
  });

  it("with error bars, each entry passes as a stationary point, and the report says what that means", () => {
    const r = gradCheck({ f, gradient: correct, w: wStar });
    expect(r.status).toBe("passed");
    expect(r.entries.every((e) => e.reason?.code === "stationary")).toBe(true);
    expect(r.notes.join(" ")).toMatch(/a sign or factor bug cannot show here/);
    // A flipped sign at the minimum cannot be seen there: that is what the note warns about.
    expect(gradCheck({ f, gradient: (v) => correct(v).map((g) => -g), w: wStar }).status).toBe("passed");
  });

  it("a parameter that does not affect the loss passes, and does not become the worst entry", () => {
    // w6 is not used by the loss: its numerical derivative is exactly 0. The
    // analytic side reports a round-off-sized 3e-15 for it (below ANALYTIC_ROUNDING of the gradient's scale).
    const f7 = (w: Float64Array) => cost(X, y, w.subarray(0, 6));
    const g7 = (w: Float64Array) => Float64Array.of(...correct(w.subarray(0, 6)), 3e-15);
    const r = gradCheck({ f: f7, gradient: g7, w: Float64Array.of(...INIT, 0.5) });
    expect(r.entries[6].numeric).toBe(0);
    expect(r.entries[6].relError).toBe(1);
    expect(r.entries[6].ok).toBe(true);
    expect(r.passed).toBe(true);
    expect(r.worst.index).not.toBe(6);
    expect(r.maxRelError).toBeLessThan(1e-7);
    // And the same entry fails once its error is above the floor.
    const g7bad = (w: Float64Array) => Float64Array.of(...correct(w.subarray(0, 6)), 1e-6);
    const bad = gradCheck({ f: f7, gradient: g7bad, w: Float64Array.of(...INIT, 0.5) });
    expect(bad.failures.map((e) => e.index)).toEqual([6]);
    expect(bad.worst.index).toBe(6);
  });
});

describe("errors", () => {
  const base: GradCheckOptions = { f, gradient: correct, w: INIT };

  it("eps ≤ 0, NaN or Infinity", () => {
    for (const eps of [0, -1, NaN, Infinity]) {
      expect(() => gradCheck({ ...base, eps })).toThrow(GradCheckError);
      expect(() => gradCheck({ ...base, eps })).toThrow(`eps must be a finite number > 0, got ${eps}`);
    }
  });

  it("a bad tolerance, rtol or atol, a number given as a string included", () => {
    for (const tolerance of [0, -1e-6, NaN]) {
      expect(() => gradCheck({ ...base, tolerance })).toThrow(GradCheckError);
      expect(() => gradCheck({ ...base, tolerance })).toThrow(`tolerance must be a finite number > 0, got ${tolerance}`);
      expect(() => gradCheck({ ...base, rtol: tolerance })).toThrow(`rtol must be a finite number > 0, got ${tolerance}`);
    }
    expect(() => gradCheck({ ...base, rtol: "1e-6" as unknown as number })).toThrow('rtol must be a finite number > 0, got "1e-6" (a string)');
    expect(() => gradCheck({ ...base, atol: -1 })).toThrow("atol must be a finite number >= 0, got -1");
    expect(() => gradCheck({ ...base, atol: NaN })).toThrow(GradCheckError);
    expect(() => gradCheck({ ...base, rtol: 1e-6, tolerance: 1e-3 })).toThrow("rtol (0.000001) and tolerance (0.001) are the same option: give one");
  });

  it("w empty, or holding NaN (the message names the index and the parameter)", () => {
    expect(() => gradCheck({ ...base, w: [], gradient: [] })).toThrow(/w is empty/);
    const w = Float64Array.from(INIT);
    w[3] = NaN;
    expect(() => gradCheck({ ...base, w })).toThrow(GradCheckError);
    expect(() => gradCheck({ ...base, w })).toThrow("w[3] (w3) is NaN");
    expect(() => gradCheck({ ...base, w, names })).toThrow("w[3] (w3 (x3)) is NaN");
  });

  it("names of the wrong length", () => {
    expect(() => gradCheck({ ...base, names: ["a", "b"] })).toThrow(GradCheckError);
    expect(() => gradCheck({ ...base, names: ["a", "b"] })).toThrow("names has 2 entries but w has 6");
  });

  it("a gradient whose length differs from w's, or that holds NaN", () => {
    expect(() => gradCheck({ ...base, gradient: [1, 2, 3] })).toThrow(GradCheckError);
    expect(() => gradCheck({ ...base, gradient: [1, 2, 3] })).toThrow("the gradient has 3 entries but w has 6");
    expect(() => gradCheck({ ...base, gradient: () => [0, 0, 0, 0, 0, 0, 0] })).toThrow("the gradient has 7 entries");
    expect(() => gradCheck({ ...base, gradient: [0, 0, NaN, 0, 0, 0], names })).toThrow(
      "the analytic gradient's entry 2 (w2 (x2)) is NaN",
    );
  });

  it("a loss that is not finite at w ± h but finite at w: the step shortens, and only a non-finite f(w) throws", () => {
    // A log barrier whose edge is closer to w[2] than the first step: only shorter steps stay inside.
    const edge = INIT[2] + 3e-5;
    const barrier = (w: Float64Array) => f(w) - Math.log(edge - w[2]);
    const barrierGradient = (w: Float64Array) => { const g = correct(w); g[2] += 1 / (edge - w[2]); return g; };
    const r = gradCheck({ ...base, f: barrier, gradient: barrierGradient, names });
    expect(r.status).toBe("passed");
    expect(r.entries[2].shortened).toBe(true);
    expect(r.entries[2].step).toBeLessThan(3e-5);
    expect(r.notes.join(" ")).toMatch(/w2 \(x2\): w ± h left the loss's domain at the first step/);
    // The same barrier with its gradient's term forgotten fails, at that entry only.
    expect(gradCheck({ ...base, f: barrier, gradient: correct, names }).failures.map((e) => e.index)).toEqual([2]);
    // On the edge itself (NaN on one side at every step): inconclusive with the reason domain, no throw.
    const nanAtW2Plus = (w: Float64Array) => (w[2] > INIT[2] ? NaN : f(w));
    const onEdge = gradCheck({ ...base, f: nanAtW2Plus, names });
    expect(onEdge.entries[2].status).toBe("inconclusive");
    expect(onEdge.entries[2].reason?.code).toBe("domain");
    expect(onEdge.entries.filter((e) => e.index !== 2).every((e) => e.status === "passed")).toBe(true);
    // f(w) itself not finite: a named error.
    expect(() => gradCheck({ ...base, f: () => NaN })).toThrow(GradCheckError);
    expect(() => gradCheck({ ...base, f: () => NaN })).toThrow("the loss returned NaN at w (unperturbed)");
    expect(() => gradCheck({ ...base, f: () => -Infinity })).toThrow("the loss returned -Infinity at w (unperturbed)");
    // Without refinement a non-finite value still names the parameter and the direction.
    const infAtW4Minus = (w: Float64Array) => (w[4] < INIT[4] ? Infinity : f(w));
    expect(() => gradCheck({ ...base, f: infAtW4Minus, refine: false })).toThrow("the loss returned Infinity at w[4] (w4) - eps");
  });
});

describe("one definition of CS231n's bands", () => {
  it("band() and the chart's bands agree at every boundary", async () => {
    const { BANDS, RELATIVE_ERROR_BANDS, band } = await import("../lib/index");
    expect(RELATIVE_ERROR_BANDS.map((b) => b.band)).toEqual(BANDS.map((b) => b.band));
    for (const b of BANDS) {
      if (b.to !== Infinity) expect(band(b.to)).toBe(b.band);
      expect(band(b.from * 1.0001 || 1e-300)).toBe(b.band);
    }
    expect(RELATIVE_ERROR_BANDS[0].label).toBe("above 1e-2:<br>probably wrong");
  });
});
