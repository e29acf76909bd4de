// Tests for lib/check/numerical.ts: perturb and numericalGradient. The references are
// closed-form derivatives, hand arithmetic and the analytic gradient of lib/models/model.ts,
// with error bounds derived in the comments.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GradCheckError } from "../lib/check/errors";
import { matrix } from "../lib/models/matrix";
import { norm, subtract } from "../lib/check/vector";
import { cost, gradient } from "../lib/models/model";
import { DEFAULT_EPS, Loss, numericalGradient, perturb } from "../lib/check/numerical";

fc.configureGlobal({ seed: 42, numRuns: 150 });

/** The unit roundoff of float64, 2⁻⁵³ ≈ 1.1e-16 (half of Number.EPSILON). */
const u = Number.EPSILON / 2;

/**
 * A random linear-regression problem: m×n design matrix, y, w. Values below 1e-3
 * in magnitude are snapped to 0, so that fast-check's subnormal corner cases
 * (where squares underflow) do not turn a round-off bound into a test of underflow.
 */
function problem(range: number, maxM: number, maxN: number) {
  const value = fc.double({ min: -range, max: range, noNaN: true }).map((x) => (Math.abs(x) < 1e-3 ? 0 : x));
  return fc
    .tuple(fc.integer({ min: 1, max: maxM }), fc.integer({ min: 1, max: maxN }))
    .chain(([m, n]) =>
      fc.record({
        rows: fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
        y: fc.array(value, { minLength: m, maxLength: m }),
        w: fc.array(value, { minLength: n, maxLength: n }),
      }),
    );
}

describe("perturb and numericalGradient, worked by hand", () => {
  it("perturb: w² at 3 with e = 1e-4 gives the losses 3.0001² and 2.9999², and slope 6", () => {
    const p = perturb((w) => w[0] ** 2, Float64Array.of(3), 0, 1e-4);
    expect(p.index).toBe(0);
    expect(p.eps).toBe(1e-4);
    expect(p.lossPlus).toBeCloseTo(9.00060001, 12);
    expect(p.lossMinus).toBeCloseTo(8.99940001, 12);
    // (9.00060001 − 8.99940001) / 2e-4 = 0.0012 / 0.0002 = 6: exact for a quadratic.
    expect(p.slope).toBeCloseTo(6, 9);
  });

  it("numericalGradient of w0² + 3·w1 at (1, 5) is (2, 3)", () => {
    const g = numericalGradient((w) => w[0] ** 2 + 3 * w[1], Float64Array.of(1, 5));
    expect(g[0]).toBeCloseTo(2, 9);
    expect(g[1]).toBeCloseTo(3, 9);
  });

  it("forward and backward differences of w² at 3 are 6 + e and 6 − e", () => {
    // [(3+e)² − 9]/e = 6 + e;  [9 − (3−e)²]/e = 6 − e.
    const e = 1e-3;
    const f: Loss = (w) => w[0] ** 2;
    expect(numericalGradient(f, [3], { eps: e, scheme: "forward" })[0]).toBeCloseTo(6 + e, 9);
    expect(numericalGradient(f, [3], { eps: e, scheme: "backward" })[0]).toBeCloseTo(6 - e, 9);
    expect(numericalGradient(f, [3], { eps: e, scheme: "central" })[0]).toBeCloseTo(6, 9);
  });

  it("the default step is the article's 1e-4", () => {
    expect(DEFAULT_EPS).toBe(1e-4);
    expect(perturb((w) => w[0], [0], 0).eps).toBe(1e-4);
  });
});

describe("how numericalGradient calls f", () => {
  const w = Float64Array.of(0.5, -1.25, 2);
  const e = 1e-4;

  it("central: 2·n calls, each at w with exactly one entry moved by +e then −e", () => {
    const calls: number[][] = [];
    numericalGradient((v) => (calls.push(Array.from(v)), 0), w, { eps: e });
    expect(calls).toHaveLength(2 * w.length);
    for (let i = 0; i < w.length; i++) {
      const plus = Array.from(w);
      plus[i] = w[i] + e;
      const minus = Array.from(w);
      minus[i] = w[i] - e;
      expect(calls[2 * i]).toEqual(plus);
      expect(calls[2 * i + 1]).toEqual(minus);
    }
  });

  it("forward and backward: n + 1 calls, the first at w itself", () => {
    for (const scheme of ["forward", "backward"] as const) {
      const calls: number[][] = [];
      numericalGradient((v) => (calls.push(Array.from(v)), 0), w, { eps: e, scheme });
      expect(calls).toHaveLength(w.length + 1);
      expect(calls[0]).toEqual(Array.from(w));
      const moved = scheme === "forward" ? e : -e;
      calls.slice(1).forEach((c, i) => {
        const expected = Array.from(w);
        expected[i] = w[i] + moved;
        expect(c).toEqual(expected);
      });
    }
  });

  it("leaves the caller's w untouched even if f mutates its argument or throws midway", () => {
    const wv = Float64Array.of(1, 2, 3);
    const arr = [1, 2, 3];
    let calls = 0;
    const throwsOnThird: Loss = (v) => {
      calls++;
      v[0] = 1000; // a misbehaving loss that scribbles on its argument
      if (calls === 3) throw new Error("boom at call 3");
      return 0;
    };
    expect(() => numericalGradient(throwsOnThird, wv)).toThrow("boom at call 3");
    expect(Array.from(wv)).toEqual([1, 2, 3]);
    calls = 0;
    expect(() => numericalGradient(throwsOnThird, arr, { scheme: "forward" })).toThrow("boom at call 3");
    expect(arr).toEqual([1, 2, 3]);
    calls = 0;
    expect(() => perturb(throwsOnThird, wv, 1)).not.toThrow();
    expect(Array.from(wv)).toEqual([1, 2, 3]);
  });
});

describe("against the analytic gradient of the linear-regression cost", () => {
  it("agrees entry by entry to relative error < 1e-7, and in Ng's difference < 1e-7", () => {
    fc.assert(
      fc.property(problem(3, 20, 6), ({ rows, y, w }) => {
        const X = matrix(rows);
        const a = gradient(X, y, w);
        const n = numericalGradient((v) => cost(X, y, v), w);
        for (let i = 0; i < a.length; i++) {
          // An entry that is itself ~0 has no meaningful relative error (see check.test.ts, atol).
          if (Math.abs(a[i]) < 1e-3) continue;
          const rel = Math.abs(a[i] - n[i]) / Math.max(Math.abs(a[i]), Math.abs(n[i]));
          expect(rel).toBeLessThan(1e-7);
        }
        if (norm(a) > 1e-3) expect(norm(subtract(a, n)) / (norm(a) + norm(n))).toBeLessThan(1e-7);
      }),
    );
  });

  it("central differences are exact up to round-off on this quadratic cost (tight bound)", () => {
    // Why: CF is quadratic in w, so its Taylor series stops at the second order:
    //   CF(w ± e·eᵢ) = CF(w) ± e·gᵢ + ½e²·Hᵢᵢ   exactly,
    // and [CF(w+e·eᵢ) − CF(w−e·eᵢ)] / (2e) = gᵢ with no truncation error (the third
    // derivative is 0). What remains is round-off, from two sources:
    //  1. Each loss value carries a rounding error of at most about k·u·F, where
    //     u = 2⁻⁵³ and F is the cost computed with every term made positive,
    //     F = 1/(2m)·Σₖ(Σⱼ|xₖⱼwⱼ| + |yₖ| + e|xₖᵢ|)² (the standard condition scale of
    //     a sum; F = |CF| when there is no cancellation), and k ≈ n + m + 4 counts
    //     the roundings in a length-n dot product, a sum of m squares and the few
    //     subtractions and divisions (Higham, ch. 3). The two errors divided by 2e
    //     give at most k·u·F/e.
    //  2. wᵢ ± e is itself rounded, so the step actually taken differs from e by up
    //     to u·(|wᵢ| + e); the slope is then off by |gᵢ|·u·(|wᵢ| + e)/e.
    // The analytic gradient's own round-off, ~k·u·F, is e times smaller and folds in.
    // So |numeric − analytic| ≤ k·u·(F + |gᵢ|·(|wᵢ| + e)) / e. With e = 1e-4 and F ~ 1
    // that is ~1e-10: near round-off, far below any bug. (Observed: under 3× u·F/e.)
    fc.assert(
      fc.property(problem(10, 8, 5), fc.constantFrom(1e-3, 1e-4, 1e-5), ({ rows, y, w }, e) => {
        const X = matrix(rows);
        const m = rows.length;
        const n = w.length;
        const k = n + m + 4;
        const a = gradient(X, y, w);
        const num = numericalGradient((v) => cost(X, y, v), w, { eps: e });
        for (let i = 0; i < n; i++) {
          let F = 0;
          rows.forEach((r, row) => {
            const s = r.reduce((acc, x, j) => acc + Math.abs(x * w[j]), 0) + Math.abs(y[row]) + e * Math.abs(r[i]);
            F += s * s;
          });
          F /= 2 * m;
          const bound = (k * u * (F + Math.abs(a[i]) * (Math.abs(w[i]) + e))) / e;
          expect(Math.abs(num[i] - a[i])).toBeLessThanOrEqual(bound);
        }
      }),
    );
  });
});

describe("truncation error on a non-quadratic function", () => {
  // f(w) = Σ exp(wᵢ)·sin(wᵢ), separable, so the i-th difference quotient sees only wᵢ.
  //   f'   = eʷ(sin w + cos w)
  //   f''  = 2eʷ cos w
  //   f''' = 2eʷ(cos w − sin w)
  // Taylor: forward error = (e/2)·f'' + O(e²), central error = (e²/6)·f''' + O(e⁴).
  // So between e = 1e-2 and e = 1e-3 the error falls by 10× (forward) and 100× (central):
  // log-log slopes 1 and 2. We keep away from the points where the leading
  // coefficient vanishes (cos w ≈ 0 or cos w ≈ sin w), where the next term takes over.
  const f: Loss = (w) => w.reduce((s, x) => s + Math.exp(x) * Math.sin(x), 0);
  const fPrime = (x: number) => Math.exp(x) * (Math.sin(x) + Math.cos(x));
  const coordinate = fc
    .double({ min: -2, max: 2, noNaN: true })
    .filter((x) => Math.abs(Math.cos(x)) > 0.1 && Math.abs(Math.cos(x) - Math.sin(x)) > 0.1);

  function slope(scheme: "forward" | "central", w: number[], i: number): number {
    const err = (e: number) => Math.abs(numericalGradient(f, w, { eps: e, scheme })[i] - fPrime(w[i]));
    return Math.log10(err(1e-2) / err(1e-3));
  }

  it("forward error shrinks linearly in e (slope ≈ 1), central quadratically (slope ≈ 2)", () => {
    fc.assert(
      fc.property(fc.array(coordinate, { minLength: 1, maxLength: 4 }), (w) => {
        for (let i = 0; i < w.length; i++) {
          expect(Math.abs(slope("forward", w, i) - 1)).toBeLessThan(0.1);
          expect(Math.abs(slope("central", w, i) - 2)).toBeLessThan(0.1);
        }
      }),
    );
  });

  it("at w = 0 the errors match the leading Taylor terms: e/2·f''(0) = e and e²/6·f'''(0) = e²/3", () => {
    // f''(0) = 2, f'''(0) = 2, f'(0) = 1.
    const e = 1e-3;
    const forward = numericalGradient(f, [0], { eps: e, scheme: "forward" })[0];
    const central = numericalGradient(f, [0], { eps: e })[0];
    expect((forward - 1) / e).toBeCloseTo(1, 2);
    expect((central - 1) / (e * e / 3)).toBeCloseTo(1, 2);
  });
});

describe("never changes its inputs", () => {
  it("w is unchanged after numericalGradient and perturb, for every scheme", () => {
    fc.assert(
      fc.property(problem(10, 5, 5), fc.constantFrom("central", "forward", "backward" as const), ({ rows, y, w }, scheme) => {
        const X = matrix(rows);
        const wv = Float64Array.from(w);
        const before = [Array.from(X.data), [...y], Array.from(wv)];
        numericalGradient((v) => cost(X, y, v), wv, { scheme });
        perturb((v) => cost(X, y, v), wv, 0);
        expect([Array.from(X.data), [...y], Array.from(wv)]).toEqual(before);
      }),
    );
  });
});

describe("errors", () => {
  const f: Loss = (w) => w[0] ** 2;

  it("eps ≤ 0, NaN or ±Infinity is a GradCheckError that shows the bad value", () => {
    for (const eps of [0, -1e-4, NaN, Infinity, -Infinity]) {
      expect(() => numericalGradient(f, [1], { eps })).toThrow(GradCheckError);
      expect(() => numericalGradient(f, [1], { eps })).toThrow(`eps must be a finite number > 0, got ${eps}`);
      expect(() => perturb(f, [1], 0, eps)).toThrow(GradCheckError);
    }
  });

  it("an empty w, or a w holding NaN or Infinity, names the index (and the name when given)", () => {
    expect(() => numericalGradient(f, [])).toThrow(GradCheckError);
    expect(() => numericalGradient(f, [])).toThrow(/w is empty/);
    expect(() => numericalGradient(f, [1, 2, NaN])).toThrow(/w\[2\] is NaN/);
    expect(() => numericalGradient(f, [Infinity])).toThrow(/w\[0\] is Infinity/);
    expect(() => numericalGradient(f, [1, NaN], { names: ["bias", "slope"] })).toThrow(/w\[1\] \(slope\) is NaN/);
  });

  it("a loss returning NaN or ±Infinity names the perturbed parameter and the direction", () => {
    // NaN only when w[1] is pushed up: the message must say w[1] and "+ eps".
    const nanUp: Loss = (w) => (w[1] > 2 ? NaN : w[0] + w[1]);
    expect(() => numericalGradient(nanUp, [1, 2])).toThrow(GradCheckError);
    expect(() => numericalGradient(nanUp, [1, 2])).toThrow("the loss returned NaN at w[1] + eps");
    // Infinity only when w[0] is pushed down: w[0] and "- eps".
    const infDown: Loss = (w) => (w[0] < 1 ? Infinity : w[0]);
    expect(() => numericalGradient(infDown, [1, 2])).toThrow("the loss returned Infinity at w[0] - eps");
    const negInf: Loss = (w) => (w[0] < 1 ? -Infinity : w[0]);
    expect(() => numericalGradient(negInf, [1, 2], { names: ["b", "w"] })).toThrow("the loss returned -Infinity at w[0] (b) - eps");
    // The unperturbed evaluation of forward/backward differences says so.
    expect(() => numericalGradient(() => NaN, [1], { scheme: "forward" })).toThrow("the loss returned NaN at w (unperturbed)");
    expect(() => perturb(nanUp, [1, 2], 1)).toThrow("at w[1] + eps");
  });

  it("an unknown scheme and an index outside w are GradCheckErrors", () => {
    expect(() => numericalGradient(f, [1], { scheme: "sideways" as never })).toThrow(/scheme must be "central", "forward" or "backward", got "sideways"/);
    expect(() => perturb(f, [1, 2], 2)).toThrow(/index 2 is outside 0\.\.1/);
    expect(() => perturb(f, [1, 2], 2)).toThrow(GradCheckError);
  });
});
