// Tests for lib/check/sample.ts and gradCheck's `sample` option: which entries
// are drawn, what the check costs, and the chance of missing a bug, against
// closed forms (binomial coefficients) and counts over many seeds.
import { describe, expect, it } from "vitest";
import { sampleIndices, sampleMissProbability } from "../lib/check/sample";
import { gradCheck } from "../lib/check/gradcheck";
import { GradCheckError } from "../lib/check/errors";

const binomial = (n: number, k: number): number => {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
};

describe("sampleIndices", () => {
  it("draws k distinct indices in 0..n−1, sorted, the same for the same seed", () => {
    const a = sampleIndices(57, 10, 3);
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 57)).toBe(true);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(sampleIndices(57, 10, 3)).toEqual(a);
    expect(sampleIndices(57, 10, 4)).not.toEqual(a);
  });

  it("takes every index when k ≥ n, and refuses a bad k or seed", () => {
    expect(sampleIndices(4, 9, 1)).toEqual([0, 1, 2, 3]);
    expect(() => sampleIndices(4, 0, 1)).toThrow(GradCheckError);
    expect(() => sampleIndices(4, 1.5, 1)).toThrow(/whole number/);
    expect(() => sampleIndices(4, 2, 0.5)).toThrow(/seed/);
  });

  it("draws every index about equally often (k/n) over many seeds", () => {
    const n = 20;
    const k = 5;
    const counts = new Array(n).fill(0);
    const seeds = 4000;
    for (let s = 0; s < seeds; s++) for (const i of sampleIndices(n, k, s)) counts[i]++;
    const expected = (seeds * k) / n; // 1000, standard deviation about 27
    for (const c of counts) expect(Math.abs(c - expected)).toBeLessThan(120);
  });
});

describe("sampleMissProbability", () => {
  it("is C(n − bad, k) / C(n, k)", () => {
    expect(sampleMissProbability(57, 1, 10)).toBeCloseTo(47 / 57, 14);
    expect(sampleMissProbability(10, 3, 4)).toBeCloseTo(binomial(7, 4) / binomial(10, 4), 14);
    expect(sampleMissProbability(10, 0, 4)).toBe(1);
    expect(sampleMissProbability(10, 7, 4)).toBe(0); // only 3 good entries: 4 draws cannot all miss
    expect(() => sampleMissProbability(10, 11, 4)).toThrow(GradCheckError);
  });

  it("matches the miss rate of sampleIndices over many seeds", () => {
    const n = 30;
    const bad = new Set([4, 17]);
    const k = 6;
    const seeds = 5000;
    let misses = 0;
    for (let s = 0; s < seeds; s++) if (!sampleIndices(n, k, s).some((i) => bad.has(i))) misses++;
    const p = sampleMissProbability(n, 2, k); // 0.6552
    expect(Math.abs(misses / seeds - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / seeds));
  });
});

describe("gradCheck with sample", () => {
  // f = Σ c_i·w_i², gradient 2·c_i·w_i, 40 parameters; a bug in entry 7 only.
  const n = 40;
  const c = Array.from({ length: n }, (_, i) => 1 + i / 10);
  const w = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  const f = (t: Float64Array) => t.reduce((s, v, i) => s + c[i] * v * v, 0);
  const right = (t: Float64Array) => t.map((v, i) => 2 * c[i] * v);
  const buggy = (t: Float64Array) => t.map((v, i) => (i === 7 ? -1 : 1) * 2 * c[i] * v);

  it("checks the k drawn entries only, for 2·k evaluations", () => {
    const r = gradCheck({ f, gradient: right, w, sample: 5, seed: 2 });
    expect(r.status).toBe("passed");
    expect(r.entries.map((e) => e.index)).toEqual(sampleIndices(n, 5, 2));
    expect(r.entries.map((e) => e.name)).toEqual(sampleIndices(n, 5, 2).map((i) => `w${i}`));
    expect(r.evaluations).toBe(10);
    expect(r.sampled).toEqual({ k: 5, of: 40, seed: 2 });
    expect(r.verdict).toMatch(/^Gradient check PASSED: all 5 parameters sampled \(of 40, seed 2\) agree/);
    expect(r.notes.join(" ")).toContain("only 5 of 40 parameters were checked");
  });

  it("misses a bug it does not draw, and fails one it draws", () => {
    const seeds = Array.from({ length: 60 }, (_, s) => s);
    const drawing = seeds.find((s) => sampleIndices(n, 5, s).includes(7))!;
    const missing = seeds.find((s) => !sampleIndices(n, 5, s).includes(7))!;
    expect(gradCheck({ f, gradient: buggy, w, sample: 5, seed: missing }).status).toBe("passed");
    const caught = gradCheck({ f, gradient: buggy, w, sample: 5, seed: drawing });
    expect(caught.status).toBe("failed");
    expect(caught.failures.map((e) => e.name)).toEqual(["w7"]);
    expect(caught.verdict).toContain("parameters sampled (of 40, seed");
  });

  it("summarizes only the groups it drew from", () => {
    const groups = [
      { name: "A", start: 0, length: 39 },
      { name: "B", start: 39, length: 1 },
    ];
    const seed = Array.from({ length: 60 }, (_, s) => s).find((s) => !sampleIndices(n, 3, s).includes(39))!;
    const r = gradCheck({ f, gradient: right, w, sample: 3, seed, groups });
    expect(r.groups.map((g) => g.name)).toEqual(["A"]);
    expect(r.groups[0].worst.index).toBeLessThan(39);
    const all = gradCheck({ f, gradient: right, w, groups });
    expect(all.groups.map((g) => [g.name, g.length])).toEqual([["A", 39], ["B", 1]]);
  });

  it("defaults to seed 1 and to every entry without sample", () => {
    expect(gradCheck({ f, gradient: right, w, sample: 4 }).entries.map((e) => e.index)).toEqual(sampleIndices(n, 4, 1));
    const full = gradCheck({ f, gradient: right, w });
    expect(full.entries).toHaveLength(40);
    expect(full.sampled).toBeUndefined();
    expect(() => gradCheck({ f, gradient: right, w, sample: 0 })).toThrow(GradCheckError);
  });
});
