// Tests for lib/check/random.ts: seeded, deterministic uniform and normal numbers.
import { describe, expect, it } from "vitest";
import { gaussian, randomNormal, seededRandom } from "../lib/check/random";

describe("seededRandom", () => {
  it("gives the documented first number for seed 42, and the same sequence on every call", () => {
    expect(seededRandom(42)()).toBe(0.6011037519201636);
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(first);
  });

  it("gives different sequences for different seeds", () => {
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
  });

  it("stays in [0, 1) with a mean near 1/2 over 10 000 draws", () => {
    const r = seededRandom(123);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = r();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    // Standard error of the mean: √(1/12)/100 ≈ 0.003; allow 5 of them.
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.015);
  });

  it("rejects a non-integer seed", () => {
    expect(() => seededRandom(1.5)).toThrow(RangeError);
    expect(() => seededRandom(1.5)).toThrow("seed must be an integer, got 1.5");
  });
});

describe("gaussian and randomNormal", () => {
  it("randomNormal is deterministic for a seed and is the scaled gaussian stream", () => {
    const a = randomNormal(5, { seed: 9, scale: 0.1 });
    expect(Array.from(randomNormal(5, { seed: 9, scale: 0.1 }))).toEqual(Array.from(a));
    const r = seededRandom(9);
    for (let i = 0; i < 5; i++) expect(a[i]).toBe(0.1 * gaussian(r));
  });

  it("over 10 000 samples: mean ≈ 0 and standard deviation ≈ scale", () => {
    const n = 10_000;
    for (const scale of [1, 0.1]) {
      const x = randomNormal(n, { seed: 2026, scale });
      const mean = x.reduce((a, b) => a + b, 0) / n;
      const std = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
      // Standard errors: scale/100 for the mean, ≈ scale/141 for the std; allow ~4 of them.
      expect(Math.abs(mean)).toBeLessThan(0.04 * scale);
      expect(Math.abs(std / scale - 1)).toBeLessThan(0.03);
      // A normal puts ≈ 68.3% within one standard deviation.
      const within = x.filter((v) => Math.abs(v) < scale).length / n;
      expect(within).toBeGreaterThan(0.66);
      expect(within).toBeLessThan(0.70);
    }
  });

  it("scale defaults to 1", () => {
    const r = seededRandom(5);
    expect(randomNormal(1, { seed: 5 })[0]).toBe(gaussian(r));
  });
});
