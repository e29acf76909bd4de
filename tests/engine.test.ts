// Tests for the verdict engine (lib/check/engine.ts, tableau.ts) and the evaluation guard
// (lib/check/guard.ts): Richardson estimates against closed-form derivatives, the ratio test on
// hand-made differences, the round-robin schedule's fairness, a loss whose period lines up with
// the ladder, a loss that changes its argument only after the guard's sample has passed it by,
// progress, and the report naming a failed entry as the worst.
import { describe, expect, it } from "vitest";
import { GradCheckError, gradCheck, judgeProbes, tableau } from "../lib/check/index";
import type { LossModel, Probe } from "../lib/check/index";
import { converging } from "../lib/check/tableau";

const rungsOf = (phi: (x: number) => number, x0: number, h0: number, n: number) =>
  Array.from({ length: n }, (_, k) => {
    const h = h0 * 2 ** k;
    return { h, up: x0 + h - x0, down: x0 - (x0 - h), plus: phi(x0 + h), minus: phi(x0 - h) };
  });
const roundoff = (v: number) => 4 * 2 ** -53 * Math.abs(v);

describe("tableau: Richardson estimates with honest error bars", () => {
  it("extrapolates exp's derivative at 0.3 far beyond a plain central difference, and every error bar covers the true error", () => {
    const x0 = 0.3;
    const truth = Math.exp(x0);
    const rows = tableau("central", rungsOf(Math.exp, x0, 1e-3, 6), Math.exp(x0), roundoff);
    const plain = Math.abs(rows[0][0].value - truth);
    const extrapolated = Math.abs(rows[2][0].value - truth);
    expect(plain).toBeGreaterThan(1e-7); // h²/6·e^0.3 ≈ 2.2e-7
    expect(extrapolated).toBeLessThan(1e-12);
    for (const row of rows) for (const e of row) if (Number.isFinite(e.error)) expect(Math.abs(e.value - truth)).toBeLessThanOrEqual(e.error);
  });

  it("one-sided tableaux converge to the one-sided derivatives of |x| + x² at 0, and the odd part to half the slope jump", () => {
    const phi = (x: number) => Math.abs(x) + x * x;
    const rungs = rungsOf(phi, 0, 1e-3, 5);
    expect(tableau("forward", rungs, 0, roundoff)[1][0].value).toBeCloseTo(1, 12);
    expect(tableau("backward", rungs, 0, roundoff)[1][0].value).toBeCloseTo(-1, 12);
    expect(tableau("odd", rungs, 0, roundoff)[1][0].value).toBeCloseTo(1, 12); // (1 − (−1))/2
    expect(tableau("central", rungs, 0, roundoff)[0][0].value).toBeCloseTo(0, 12);
  });

  it("the ratio test: truncation grows with h, noise stays, a kink crossed makes differences shrink or jump", () => {
    const e = (value: number, noise = 0) => ({ value, noise });
    expect(converging(e(1), e(1.01), e(1.05), 4)).toBe(true); // 0.01 then 0.04: h²
    expect(converging(e(1, 1e-3), e(1.0005, 1e-3), e(0.9995, 1e-3), 4)).toBe(true); // noise
    expect(converging(e(1), e(1.04), e(1.06), 4)).toBe(false); // 0.04 then 0.02: shrinking
    expect(converging(e(1), e(1 + 1e-12, 1e-12), e(2, 1e-12), 4)).toBe(false); // a jump far beyond truncation
  });
});

const model = (rtol = 1e-6): LossModel => ({ phi0: 1, sigma: 1e-16, deterministic: true, float32: false, rtol, atol: 0 });

describe("judgeProbes: round-robin, fair to every probe", () => {
  // A loss with a large constant: the first step cannot decide, so every probe needs a long search.
  const probe = (analytic: number): Probe => ({ analytic, x0: 0.5, h0: 1e-4, hmax: 1, phi: (x) => 1e7 + Math.sin(x), scale: 1, floor: 0 });

  it("the same probe gets the same verdict and cost wherever it stands in the list", () => {
    const right = Math.cos(0.5);
    const wrong = 1.01 * right;
    const counted = (probes: Probe[]) => probes.map((p) => { let n = 0; const phi = p.phi; return { ...p, phi: (x: number) => (n++, phi(x)), count: () => n }; });
    const a = counted([probe(wrong), ...Array.from({ length: 5 }, () => probe(right))]);
    const b = counted([...Array.from({ length: 5 }, () => probe(right)), probe(wrong)]);
    const va = judgeProbes(a, { ...model(), phi0: 1e7 + Math.sin(0.5), sigma: 1e-9 }, { remaining: () => Infinity });
    const vb = judgeProbes(b, { ...model(), phi0: 1e7 + Math.sin(0.5), sigma: 1e-9 }, { remaining: () => Infinity });
    expect(va[0].status).toBe("failed");
    expect(vb[5].status).toBe("failed");
    expect(va[0]).toEqual(vb[5]);
    expect(a[0].count()).toBe(b[5].count());
    expect(va.slice(1).every((v) => v.status === "passed")).toBe(true);
  });

  it("a round starts only if the budget covers all of it: the open probes all end with the reason budget", () => {
    let spent = 0;
    const probes = Array.from({ length: 4 }, (_, i) => {
      const p = probe(Math.cos(0.5) * (i === 3 ? 1.01 : 1));
      return { ...p, phi: (x: number) => (spent++, p.phi(x)) };
    });
    const v = judgeProbes(probes, { ...model(), phi0: 1e7 + Math.sin(0.5), sigma: 1e-9 }, { remaining: () => 9 - spent });
    // 8 evaluations make one round of two each; the next round (8 more) does not fit in the 1 left.
    expect(spent).toBe(8);
    expect(v.map((x) => x.reason?.code)).toEqual(["budget", "budget", "budget", "budget"]);
  });
});

describe("gradCheck on losses that try to fool a ladder of steps", () => {
  it("a period that lines up with the ladder (h·2^k) cannot pass a wrong gradient: the probe off the ladder sees it", () => {
    // Every rung h₀·2^k lands on a zero of the sine, so all their secants say 1; the derivative is 1 + 2π·1e-6/1e-4.
    const f = (w: Float64Array) => 1e6 + w[0] + 1e-6 * Math.sin((2 * Math.PI * w[0]) / 1e-4);
    const r = gradCheck({ f, gradient: [1], w: [0] });
    expect(r.status).not.toBe("passed");
  });

  it("a bug in an entry of 7e-12 beside a loss of 2 fails, where the first step's error bar could not tell it from 0", () => {
    const softplus = (z: number) => Math.log1p(Math.exp(z));
    const f = (w: Float64Array) => softplus(w[0] - 26) + (w[1] - 1) ** 2 + 1;
    const d0 = 1 / (1 + Math.exp(26 - 0.5));
    const correct = (w: Float64Array) => [1 / (1 + Math.exp(26 - w[0])), 2 * (w[1] - 1)];
    const w = [0.5, 0.2];
    expect(d0).toBeLessThan(1e-11);
    const pass = gradCheck({ f, gradient: correct, w });
    expect(pass.status).toBe("passed");
    for (const bug of [(g: number[]) => [-g[0], g[1]], (g: number[]) => [0, g[1]], (g: number[]) => [3 * g[0], g[1]]]) {
      const r = gradCheck({ f, gradient: (v) => bug(correct(v)), w });
      expect(r.failures.map((e) => e.index)).toEqual([0]);
      expect(r.verdict).toMatch(/^Gradient check FAILED/);
    }
  });
});

describe("the evaluation guard", () => {
  it("catches a loss that changes an entry the per-call sample does not look at, and names it", () => {
    // 500 parameters: the guard compares a rotating sample after each call and every entry once per 64 calls.
    const n = 500;
    const w = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    let calls = 0;
    const f = (x: Float64Array) => {
      calls++;
      if (calls === 10) x[321] += 1;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * x[i];
      return s;
    };
    const g = (x: Float64Array) => Array.from(x, (v) => 2 * v);
    expect(() => gradCheck({ f, gradient: g, w })).toThrow(GradCheckError);
    calls = 0;
    expect(() => gradCheck({ f, gradient: g, w })).toThrow(/the loss changed its argument: w\[321\] \(w321\) was 0\.529\d+ and is 1\.529\d+ after the call at w\[\d+\] \(w\d+\) [+-] eps, in one of the calls since call 0/);
    expect(Array.from(w)).toEqual(Array.from({ length: n }, (_, i) => Math.sin(i)));
  });

  it("reports progress, the last time with every entry done", () => {
    const seen: { done: number; total: number; evaluations: number }[] = [];
    const f = (x: Float64Array) => x.reduce((s, v) => s + Math.exp(v), 0);
    const r = gradCheck({ f, gradient: (x) => Array.from(x, Math.exp), w: new Float64Array(50).fill(0.1), onProgress: (p) => seen.push(p) });
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ done: 50, total: 50, evaluations: r.evaluations });
  });
});

describe("the report names a failed entry as the worst", () => {
  it("even when an inconclusive entry has the larger relative error", () => {
    // w0 sits on a ReLU kink (inconclusive, relative error 1), w1 is 1% off (fails).
    const f = (w: Float64Array) => Math.max(0, w[0]) + w[1] * w[1];
    const r = gradCheck({ f, gradient: [0, 2 * 0.7 * 1.01], w: [0, 0.7] });
    expect(r.entries[0].status).toBe("inconclusive");
    expect(r.entries[1].status).toBe("failed");
    expect(r.worst.name).toBe("w1");
    expect(r.verdict).toMatch(/Worst: w1, relative error/);
  });
});
