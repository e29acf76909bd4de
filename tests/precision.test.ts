// Tests for lib/check/precision.ts: a gradient check whose loss values are float32 carries
// a warning; one whose loss values are float64 does not, even for a Float32Array w.
import { describe, expect, it } from "vitest";
import { addBiasColumn, standardize } from "../lib/workbook/data";
import { gradCheck } from "../lib/check/gradcheck";
import { cost, gradient } from "../lib/models/model";
import { looksFloat32, precisionWarning } from "../lib/check/precision";
import { randomNormal } from "../lib/check/random";
import { syntheticLinear } from "../lib/workbook/synthetic";

const d = syntheticLinear({ m: 100, weights: [2, -1, 0.5, 3, -2], bias: 4, noise: 0.1, seed: 3 });
const X = addBiasColumn(standardize(d.X).X);
const y = d.y;
const INIT = randomNormal(6, { seed: 7, scale: 0.1 });
const g = (w: Float64Array) => gradient(X, y, w);

describe("looksFloat32", () => {
  it("is true for float32-rounded fractions, false for float64 values and for small integers only", () => {
    expect(looksFloat32([Math.fround(0.1), Math.fround(2.7)])).toBe(true);
    expect(looksFloat32([0.1, 2.7])).toBe(false);
    expect(looksFloat32([Math.fround(0.1), 0.1])).toBe(false);
    expect(looksFloat32([1, 2, 3])).toBe(false);
    expect(looksFloat32([])).toBe(false);
    expect(looksFloat32([NaN, Math.fround(0.3)])).toBe(true);
  });
});

describe("precisionWarning", () => {
  it("warns for two or more float32-rounded losses, and names a Float32Array w then; a Float32Array alone is no reason", () => {
    expect(precisionWarning(new Float32Array(3), [])).toBeUndefined();
    expect(precisionWarning(new Float32Array(3), [0.1, 0.2])).toBeUndefined();
    expect(precisionWarning(new Float32Array(3), [Math.fround(0.1), Math.fround(0.2)])).toMatch(/^The parameters are a Float32Array and every loss value was rounded to float32/);
    expect(precisionWarning([0.1], [Math.fround(0.1), Math.fround(0.2)])).toMatch(/^Every loss value was rounded to float32/);
    expect(precisionWarning([0.1], [Math.fround(0.1)])).toBeUndefined();
    expect(precisionWarning(Float64Array.of(0.1), [0.1, 0.2])).toBeUndefined();
  });
});

describe("in gradCheck's report", () => {
  it("a float64 check has no warning", () => {
    const r = gradCheck({ f: (w) => cost(X, y, w), gradient: g, w: INIT });
    expect(r.warnings).toEqual([]);
    expect(r.toString()).not.toContain("WARNING");
  });

  it("a Float32Array w with a float64 loss gets no warning: the checker perturbs its own Float64Array (TF.js's dataSync() case)", () => {
    const w32 = Float32Array.from(INIT);
    const r = gradCheck({ f: (w) => cost(X, y, w), gradient: g, w: w32 });
    expect(r.warnings).toEqual([]);
    expect(r.status).toBe("passed");
  });

  it("a Float32Array w with a loss rounded to float32 gets a warning naming both, shown in the text and the HTML", () => {
    const w32 = Float32Array.from(INIT);
    const r = gradCheck({ f: (w) => Math.fround(cost(X, y, w)), gradient: g, w: w32 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^The parameters are a Float32Array and every loss value was rounded to float32/);
    expect(r.warnings[0]).toContain("Check in float64");
    expect(r.toString().split("\n")[0]).toMatch(/^WARNING: The parameters are a Float32Array/);
    expect(r.toHTML()).toContain('class="ngc-warning"');
  });

  it("a loss rounded with Math.fround gets a warning, and indeed loses digits", () => {
    const r = gradCheck({ f: (w) => Math.fround(cost(X, y, w)), gradient: g, w: INIT });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^Every loss value was rounded to float32/);
    // What the warning is about: float32 keeps ~7 digits; the secant at e = 1e-4
    // loses ~4 of them, so the first step's relative errors are far above 1e-7.
    const firstStep = r.entries.map((e) => Math.abs(e.numericAtFirstStep - e.analytic) / Math.abs(e.analytic));
    expect(Math.max(...firstStep)).toBeGreaterThan(1e-5);
    // The checker sees it: no correct entry fails; what longer steps cannot resolve is limited-precision.
    expect(r.failures).toEqual([]);
    for (const e of r.inconclusive) expect(e.reason?.code).toBe("limited-precision");
  });
});
