// The directional check: 2·k evaluations whatever P, it passes a correct gradient,
// and it misses a wrong one with the probability lib states, measured over seeds.
import { describe, expect, it } from "vitest";
import {
  GradCheckError,
  directionalCheck,
  directionalMissProbability,
  norm,
  randomDirection,
  seededRandom,
} from "../lib/index";

// A quadratic f(w) = ½·Σ c_i·w_i² with gradient c ⊙ w: central differences are exact
// up to round-off, so any disagreement comes from the gradient we hand in.
function quadratic(n: number, seed: number) {
  const rand = seededRandom(seed);
  const c = Float64Array.from({ length: n }, () => 0.5 + rand());
  const w = Float64Array.from({ length: n }, () => rand() * 2 - 1);
  const f = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += 0.5 * c[i] * v[i] * v[i];
    return s;
  };
  const g = w.map((wi, i) => c[i] * wi);
  return { f, g, w };
}

describe("directionalCheck", () => {
  it("passes a correct gradient with exactly 2·k evaluations, whatever P", () => {
    for (const n of [3, 100, 5000]) {
      const { f, g, w } = quadratic(n, n);
      const r = directionalCheck({ f, gradient: g, w, directions: 7, seed: 1 });
      expect(r.passed).toBe(true);
      expect(r.evaluations).toBe(14);
      expect(r.entries).toHaveLength(7);
      expect(r.verdict).toMatch(/^Directional check PASSED/);
    }
  });

  it("fails a gradient with a bug in one of 1000 coordinates", () => {
    const { f, g, w } = quadratic(1000, 2);
    const bad = Float64Array.from(g);
    bad[123] *= 2;
    const r = directionalCheck({ f, gradient: bad, w, directions: 10, seed: 3 });
    expect(r.passed).toBe(false);
    expect(r.verdict).toMatch(/^Directional check FAILED/);
  });

  it("misses a small gradient error at the rate ((2/π)·atan(tol/r))^k, over 600 seeds", () => {
    // Make an error δ orthogonal-ish to g with ‖δ‖ = r·‖g‖, r = 2·tolerance, so a
    // single direction misses it often: p = (2/π)·atan(1/2) ≈ 0.295.
    const n = 400;
    const tolerance = 1e-6;
    const r = 2 * tolerance;
    const { f, g, w } = quadratic(n, 11);
    const delta = randomDirection(n, seededRandom(99));
    const scale = r * norm(g);
    const wrong = g.map((gi, i) => gi + scale * delta[i]);
    const rate = (k: number) => {
      let missed = 0;
      const runs = 600;
      for (let seed = 0; seed < runs; seed++) {
        if (directionalCheck({ f, gradient: wrong, w, directions: k, seed, tolerance, atol: 0 }).passed) missed++;
      }
      return missed / runs;
    };
    const p1 = directionalMissProbability(r, tolerance, 1);
    expect(p1).toBeCloseTo(0.295, 2);
    // Binomial standard deviation at 600 runs is about 0.019; allow 4 of them.
    expect(Math.abs(rate(1) - p1)).toBeLessThan(0.08);
    const p3 = directionalMissProbability(r, tolerance, 3);
    expect(Math.abs(rate(3) - p3)).toBeLessThan(0.03);
  });

  it("states a vanishing miss probability for bugs well above the tolerance", () => {
    expect(directionalMissProbability(1e-4, 1e-6, 1)).toBeCloseTo(0.0064, 4);
    expect(directionalMissProbability(1e-4, 1e-6, 10)).toBeLessThan(1e-20);
  });

  it("does not change w and rejects bad input by name", () => {
    const { f, g, w } = quadratic(5, 1);
    const before = Array.from(w);
    directionalCheck({ f, gradient: g, w });
    expect(Array.from(w)).toEqual(before);
    expect(() => directionalCheck({ f, gradient: g.subarray(1), w })).toThrow(GradCheckError);
    expect(() => directionalCheck({ f, gradient: g, w, directions: 0 })).toThrow(/directions must be a positive integer/);
    expect(() => directionalCheck({ f: () => NaN, gradient: g, w })).toThrow(/NaN at w \(unperturbed\)/);
    expect(() => directionalCheck({ f: () => NaN, gradient: g, w, refine: false })).toThrow(/NaN at w \+ eps·u0/);
    const withNaN = Float64Array.from(g);
    withNaN[2] = NaN;
    expect(() => directionalCheck({ f, gradient: withNaN, w })).toThrow(/entry 2 is NaN/);
  });
});

describe("directionalCheck's error bars and statuses", () => {
  it("passes a correct gradient of a loss with a large constant, refining the step, where one fixed step fails", () => {
    const { f, g, w } = quadratic(20, 4);
    const offset = (v: Float64Array) => 1e6 + f(v);
    const r = directionalCheck({ f: offset, gradient: g, w, directions: 5, seed: 2 });
    expect(r.status).toBe("passed");
    expect(r.evaluations).toBeGreaterThan(10);
    expect(directionalCheck({ f: offset, gradient: g, w, directions: 5, seed: 2, refine: false }).status).toBe("failed");
  });

  it("fails a sign-flipped gradient of a loss small in scale", () => {
    const { f, g, w } = quadratic(20, 5);
    const r = directionalCheck({ f: (v) => 1e-10 * f(v), gradient: g.map((x) => -1e-10 * x), w, directions: 3, seed: 1 });
    expect(r.status).toBe("failed");
    expect(r.verdict).toMatch(/^Directional check FAILED: 3 of 3/);
  });

  it("says not-deterministic for a loss with fresh randomness in every call, and keeps it in JSON", () => {
    const { f, g, w } = quadratic(10, 6);
    const rand = seededRandom(3);
    const r = directionalCheck({ f: (v) => f(v) * (1 + 1e-3 * rand()), gradient: g, w, directions: 2, seed: 1 });
    expect(r.status).toBe("inconclusive");
    expect(r.entries.map((e) => e.reason?.code)).toEqual(["not-deterministic", "not-deterministic"]);
    expect(JSON.parse(JSON.stringify(r)).status).toBe("inconclusive");
  });
});
