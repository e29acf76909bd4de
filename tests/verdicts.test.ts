// No wrong verdict: property tests of gradCheck's statuses over losses that are
// not the article's well-scaled problem. Parameters from 1e-8 to 1e8, losses from
// 1e-12 to 1e12 with and without a large constant, quadratic and non-quadratic
// (central differences are exact for quadratics, so those alone never exercise
// refinement), float32 losses, deterministic and random noise, kinks at w and
// within one step of w; a correct gradient and planted bugs (a flipped sign, a
// factor 10, one entry 0.1% off). The truth is the closed-form derivative of the
// loss's smooth part, never the checker's own numbers.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GradCheckReport, gradCheck } from "../lib/index";
import { Bug, Case, Kind, Kink, Noise, Precision, build, hashNoise } from "./problems";

// NGC_SEED and NGC_RUNS (a multiplier) widen the search by hand, e.g.
// NGC_SEED=7 NGC_RUNS=10 npx vitest run tests/verdicts.test.ts
fc.configureGlobal({ seed: Number(process.env.NGC_SEED ?? 2026) });
const RUNS = Number(process.env.NGC_RUNS ?? 1);

const caseArb = (overrides: Partial<Record<keyof Case, fc.Arbitrary<unknown>>> = {}): fc.Arbitrary<Case> =>
  fc
    .integer({ min: 1, max: 4 })
    .chain((P) =>
      fc.record({
        P: fc.constant(P),
        exponents: fc.array(fc.integer({ min: -8, max: 8 }), { minLength: P, maxLength: P }),
        fractions: fc.array(fc.double({ min: 0, max: 0.9, noNaN: true }), { minLength: P, maxLength: P }),
        signs: fc.array(fc.constantFrom(-1, 1), { minLength: P, maxLength: P }),
        scale: fc.integer({ min: -12, max: 12 }).map((e) => 10 ** e),
        offset: fc.constant(0),
        kind: fc.constantFrom<Kind>("quadratic", "quartic-sine"),
        precision: fc.constant<Precision>("float64"),
        noise: fc.constant<Noise>("none"),
        noiseLevel: fc.constant(0),
        kink: fc.constant<Kink>("none"),
        kinkAt: fc.integer({ min: 0, max: P - 1 }),
        kinkShift: fc.double({ min: 0.05, max: 0.95, noNaN: true }).chain((s) => fc.constantFrom(s, -s)),
        bug: fc.constantFrom<Bug>("none", "flip", "times 10", "0.1% off"),
        bugAt: fc.integer({ min: 0, max: P - 1 }),
        ...overrides,
      } as Record<keyof Case, fc.Arbitrary<unknown>>) as fc.Arbitrary<Case>,
    )
    .map((c) => ({ ...c, offset: c.offset === 0 ? 0 : c.offset * c.scale }));

/** The rules every verdict must keep, whatever the case. Returns the report for further checks. */
function noWrongVerdict(c: Case): GradCheckReport {
  const p = build(c);
  const report = gradCheck({ f: p.f, gradient: p.gradient, w: p.w });
  const a = p.gradient(Float64Array.from(p.w));
  report.entries.forEach((e, i) => {
    const label = `${JSON.stringify(c)}: entry ${i} (${e.status}${e.reason ? `, ${e.reason.code}` : ""}; a ${a[i]}, truth ${p.truth[i]}, numeric ${e.numeric} ± ${e.errorEstimate})`;
    const atKink = c.kink === "at w" && i === c.kinkAt;
    const wrong = Math.abs(a[i] - p.truth[i]) > 2e-6 * Math.abs(p.truth[i]);
    // An entry too small to resolve on its own is judged against its tensor's scale (here the
    // whole gradient's RMS): wrong only beyond that too may it never pass; within it, only with that note.
    const wrongAtScale = wrong && Math.abs(a[i] - p.truth[i]) > 2e-6 * Math.hypot(...p.truth) / Math.sqrt(p.truth.length);
    if (wrong && !wrongAtScale && e.status === "passed") expect(e.reason?.code, label).toBe("tensor-scale");
    if (atKink) {
      // Not differentiable here. The central difference measures the average of the
      // one-sided slopes (the truth here, with sign(0) = 0), so an analytic value equal
      // to it may pass; any other value is never passed, and one between the one-sided
      // slopes is inconclusive with the reason kink.
      const half = (c.scale * 1.5) / 10 ** c.exponents[i];
      if (wrongAtScale) expect(e.status, label).not.toBe("passed");
      if (Math.abs(a[i] - p.truth[i]) <= half && e.status !== "passed") {
        expect(e.status, label).toBe("inconclusive");
        expect(e.reason?.code, label).toBe("kink");
      }
    } else if (wrong) {
      if (wrongAtScale) expect(e.status, label).not.toBe("passed");
    } else {
      expect(e.status, label).not.toBe("failed");
    }
  });
  return report;
}

describe("no wrong verdict, over scales, curvatures and bugs", () => {
  it("float64 losses from 1e-12 to 1e12, w from 1e-8 to 1e8: every bug fails at its entry, every correct entry passes", () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        const r = noWrongVerdict(c);
        r.entries.forEach((e, i) => {
          const buggy = c.bug !== "none" && i === c.bugAt;
          expect(e.status, `${JSON.stringify(c)} entry ${i}: ${e.reason?.message}`).toBe(buggy ? "failed" : "passed");
        });
      }),
      { numRuns: 300 * RUNS },
    );
  });

  it("with a large constant in the loss (up to 1e8 times its scale): no wrong verdict, and quadratics pass", () => {
    fc.assert(
      fc.property(caseArb({ offset: fc.integer({ min: 0, max: 8 }).map((k) => 10 ** k) }), (c) => {
        const r = noWrongVerdict(c);
        if (c.kind === "quadratic" && c.bug === "none") expect(r.status, JSON.stringify(c)).toBe("passed");
        // A flipped sign or a factor 10 is far above what the rounding of the constant hides.
        if (c.bug === "flip" || c.bug === "times 10") expect(r.entries[c.bugAt].status).toBe("failed");
      }),
      { numRuns: 200 * RUNS },
    );
  });

  it("float32 losses, and float32 terms summed in float64: no wrong verdict, and gross bugs still fail", () => {
    fc.assert(
      fc.property(caseArb({ precision: fc.constantFrom<Precision>("float32 terms, float64 sum", "float32 throughout"), scale: fc.integer({ min: -8, max: 8 }).map((e) => 10 ** e) }), (c) => {
        const r = noWrongVerdict(c);
        if (c.bug === "flip" || c.bug === "times 10") expect(r.entries[c.bugAt].status).toBe("failed");
        for (const e of r.inconclusive) expect(["limited-precision", "truncation"]).toContain(e.reason?.code);
      }),
      { numRuns: 200 * RUNS },
    );
  });

  it("deterministic noise from 1e-14 to 1e-5 of the loss's scale: no wrong verdict; quadratics with noise up to 1e-9 pass", () => {
    fc.assert(
      fc.property(caseArb({ noise: fc.constant<Noise>("deterministic"), noiseLevel: fc.integer({ min: -14, max: -5 }).map((e) => 10 ** e) }), (c) => {
        const r = noWrongVerdict(c);
        if (c.kind === "quadratic" && c.bug === "none" && c.noiseLevel <= 1e-9) expect(r.status, JSON.stringify(c)).toBe("passed");
        if (c.bug === "flip" || c.bug === "times 10") expect(r.entries[c.bugAt].status).toBe("failed");
      }),
      { numRuns: 200 * RUNS },
    );
  });

  it("random noise (a different value on every call): no wrong verdict; what cannot be decided says not-deterministic", () => {
    fc.assert(
      fc.property(caseArb({ noise: fc.constant<Noise>("random"), noiseLevel: fc.integer({ min: -14, max: -5 }).map((e) => 10 ** e) }), (c) => {
        const r = noWrongVerdict(c);
        expect(r.noise?.deterministic ?? true).toBe(r.noise === undefined ? true : false);
        for (const e of r.inconclusive) expect(e.reason?.code).toBe("not-deterministic");
      }),
      { numRuns: 150 * RUNS },
    );
  });

  it("a kink at w: never passed, and inconclusive (kink) unless a is the central difference's own average; a kink within one step of w: resolved by shorter steps", () => {
    fc.assert(
      fc.property(caseArb({ kink: fc.constantFrom<Kink>("at w", "within a step") }), (c) => {
        const r = noWrongVerdict(c);
        // Resolvable when the kink's distance (a twentieth of a first step or more) is not
        // many times the parameter's own scale: else the kink term's value at w is a large
        // constant next to the loss's variation over the short steps needed, as in "offset".
        if (c.kink === "within a step" && c.exponents[c.kinkAt] >= -3) {
          r.entries.forEach((e, i) => expect(e.status, `${JSON.stringify(c)} entry ${i}`).toBe(c.bug !== "none" && i === c.bugAt ? "failed" : "passed"));
        }
      }),
      { numRuns: 200 * RUNS },
    );
  });
});

describe("the cases that must stay inconclusive, by reason code", () => {
  it("kink: ReLU at 0 with the usual subgradient 0", () => {
    const r = gradCheck({ f: (w) => Math.max(0, w[0]) + w[1] ** 2, gradient: (w) => [w[0] > 0 ? 1 : 0, 2 * w[1]], w: [0, 0.7] });
    expect(r.status).toBe("inconclusive");
    expect(r.entries.map((e) => e.status)).toEqual(["inconclusive", "passed"]);
    expect(r.entries[0].reason?.code).toBe("kink");
  });

  it("not-deterministic: dropout-like randomness in every call", () => {
    let s = 1;
    const rand = () => ((s = (Math.imul(s, 48271) >>> 0) % 2147483647) / 2147483647);
    const f = (w: Float64Array) => w.reduce((t, x) => t + (rand() < 0.5 ? 0 : 2) * x * x, 0);
    const r = gradCheck({ f, gradient: (w) => Array.from(w, (x) => 2 * x), w: [0.3, -0.2] });
    expect(r.status).toBe("inconclusive");
    expect(r.inconclusive.map((e) => e.reason?.code)).toEqual(["not-deterministic", "not-deterministic"]);
  });

  it("limited-precision: a float32 loss at a tight rtol, which a looser rtol then passes", () => {
    const f = (w: Float64Array) => w.reduce((s, x) => Math.fround(s + Math.fround(Math.fround(x) * Math.fround(x))), 0);
    const g = (w: Float64Array) => Array.from(w, (x) => 2 * x);
    const tight = gradCheck({ f, gradient: g, w: [0.3, -0.7, 1.2] });
    expect(tight.status).not.toBe("failed");
    expect(tight.inconclusive.length).toBeGreaterThan(0);
    for (const e of tight.inconclusive) expect(e.reason?.code).toBe("limited-precision");
    expect(gradCheck({ f, gradient: g, w: [0.3, -0.7, 1.2], rtol: 1e-3 }).status).toBe("passed");
  });

  it("step-below-spacing: an eps so small that w ± h rounds back to w", () => {
    const r = gradCheck({ f: (w) => w[0] ** 2, gradient: (w) => [2 * w[0]], w: [1], eps: 1e-17 });
    expect(r.status).toBe("inconclusive");
    expect(r.entries[0].reason?.code).toBe("step-below-spacing");
  });

  it("budget: a cap of 0 extra evaluations leaves the undecided entries undecided", () => {
    const r = gradCheck({ f: (w) => 1e8 + w[0] ** 2, gradient: (w) => [2 * w[0]], w: [0.3], budget: 0 });
    expect(r.status).toBe("inconclusive");
    expect(r.entries[0].reason?.code).toBe("budget");
  });

  it("truncation: a loss that curves fast and is noisy, where no step is both short and quiet", () => {
    // sin(1e4·w) with noise 1e-6: the steps that beat the noise (h ≳ 1e-2) are far too long for the sine.
    const f = (w: Float64Array) => Math.sin(1e4 * w[0]) + 1e-6 * hashNoise(w);
    const r = gradCheck({ f, gradient: (w) => [1e4 * Math.cos(1e4 * w[0])], w: [1e-3] });
    expect(r.status).toBe("inconclusive");
    expect(["truncation", "limited-precision"]).toContain(r.entries[0].reason?.code);
  });
});

describe("the issue's named cases", () => {
  const sumSq = (w: Float64Array) => w.reduce((s, x) => s + x * x, 0);
  const twice = (w: Float64Array) => Array.from(w, (x) => 2 * x);
  const W = [0.3, -0.7, 1.2];

  it("a small-scale loss 1e-10·Σw²: a flipped sign and a factor 10 fail, with their true relative errors", () => {
    const flip = gradCheck({ f: (w) => 1e-10 * sumSq(w), gradient: (w) => Array.from(w, (x) => -2e-10 * x), w: W });
    expect(flip.status).toBe("failed");
    expect(flip.failures).toHaveLength(3);
    expect(flip.maxRelError).toBeCloseTo(2, 6);
    const ten = gradCheck({ f: (w) => 1e-10 * sumSq(w), gradient: (w) => Array.from(w, (x) => 2e-9 * x), w: W });
    expect(ten.status).toBe("failed");
    expect(ten.maxRelError).toBeCloseTo(0.9, 6);
  });

  it("correct gradients pass: large w, a 1e8 constant, noise of 1e-9, near a kink, sin(1e5·w) near 0", () => {
    const cases: [string, (w: Float64Array) => number, (w: Float64Array) => number[], number[]][] = [
      ["3·Σw at w = 1e8", (w) => 3 * w.reduce((s, x) => s + x, 0), () => [3, 3, 3], [1e8, 1e8, 1e8]],
      ["1e8 + Σw²", (w) => 1e8 + sumSq(w), twice, W],
      ["Σw² + noise 1e-9", (w) => sumSq(w) + 1e-9 * hashNoise(w), twice, W],
      ["|w| at 1e-6", (w) => Math.abs(w[0]), (w) => [Math.sign(w[0])], [1e-6]],
      ["sin(1e5·w) near 0", (w) => Math.sin(1e5 * w[0]), (w) => [1e5 * Math.cos(1e5 * w[0])], [1e-7]],
    ];
    for (const [name, f, gradient, w] of cases) {
      const r = gradCheck({ f, gradient, w });
      expect(r.status, `${name}: ${r.verdict}`).toBe("passed");
    }
  });

  it("a single wrong entry fails alone, in each of those cases", () => {
    const r = gradCheck({ f: (w) => 1e8 + sumSq(w), gradient: (w) => { const g = twice(w); g[1] *= 1.001; return g; }, w: W });
    expect(r.failures.map((e) => e.index)).toEqual([1]);
    expect(r.status).toBe("failed");
  });
});

describe("what a passing check costs, and what refinement costs", () => {
  it("a check whose entries all pass at the first step calls f exactly 2·n times", () => {
    const r = gradCheck({ f: (w) => w.reduce((s, x) => s + Math.exp(x), 0), gradient: (w) => Array.from(w, Math.exp), w: [0.1, 0.2, 0.3, 0.4] });
    expect(r.status).toBe("passed");
    expect(r.evaluations).toBe(8);
    expect(r.extraEvaluations).toBe(0);
    expect(r.noise).toBeUndefined();
  });

  it("a failing entry costs 8 extra evaluations at most, beside f(w) and the noise estimate; the report counts all of them", () => {
    // Two levels of the ladder on each side of the first step's (4), the confirming probe off the ladder (2), and one more level
    // if the first window's ratio test needs it (2): a failure rests on two extrapolated windows, never on two secants.
    let calls = 0;
    const f = (w: Float64Array) => (calls++, w.reduce((s, x) => s + x * x, 0));
    const r = gradCheck({ f, gradient: (w) => { const g = Array.from(w, (x) => 2 * x); g[0] = -g[0]; return g; }, w: [0.5, 1, 2] });
    expect(r.evaluations).toBe(calls);
    expect(r.extraEvaluations).toBe(calls - 6);
    expect(r.extraEvaluations).toBeLessThanOrEqual(8 + 1 + r.noise!.evaluations);
  });
});

describe("robust to the caller", () => {
  const f = (w: Float64Array) => w.reduce((s, x) => s + x * x, 0);
  const g = (w: Float64Array) => Array.from(w, (x) => 2 * x);

  it("a loss that changes its argument is named, and the caller's w is never changed", () => {
    const meddling = (w: Float64Array) => {
      const value = f(w);
      w[1] = 123;
      return value;
    };
    const w = Float64Array.of(0.5, -1.5);
    expect(() => gradCheck({ f: meddling, gradient: g, w })).toThrow(
      "the loss changed its argument: w[1] (w1) was -1.5 and is 123 after the call at w[0] (w0) + eps. A loss must not modify the parameters it is given",
    );
    expect(Array.from(w)).toEqual([0.5, -1.5]);
  });

  it("an async loss or gradient, gradient entries that are not numbers, overlapping or fractional groups: each a named error", () => {
    const w = [0.5, -1.5];
    expect(() => gradCheck({ f: (async (v: Float64Array) => f(v)) as unknown as (v: Float64Array) => number, gradient: g, w })).toThrow(/the loss returned a Promise/);
    expect(() => gradCheck({ f, gradient: (async (v: Float64Array) => g(v)) as unknown as (v: Float64Array) => number[], w })).toThrow(/the gradient function returned a Promise/);
    expect(() => gradCheck({ f, gradient: ["1", 2] as unknown as number[], w })).toThrow(`the analytic gradient's entry 0 (w0) is "1" (a string): every entry must be a finite number`);
    expect(() => gradCheck({ f, gradient: g, w, groups: [{ name: "A", start: 0, length: 2 }, { name: "B", start: 1, length: 1 }] })).toThrow('groups "A" and "B" overlap');
    expect(() => gradCheck({ f, gradient: g, w, groups: [{ name: "A", start: 0.5, length: 1 }] })).toThrow('group "A" has start 0.5 and length 1: both must be whole numbers');
  });

  it("JSON.stringify keeps the status, the verdict, the failures and the reasons", () => {
    const r = gradCheck({ f: (v) => Math.max(0, v[0]) + v[1] ** 2, gradient: (v) => [0, -2 * v[1]], w: [0, 0.5], names: ["relu", "sq"] });
    const json = JSON.parse(JSON.stringify(r));
    expect(json.status).toBe("failed");
    expect(json.verdict).toBe(r.verdict);
    expect(json.failures).toEqual(["sq"]);
    expect(json.inconclusive).toEqual([{ name: "relu", reason: { code: "kink", message: r.entries[0].reason!.message } }]);
    expect(json.entries[0].status).toBe("inconclusive");
  });

  it("refine: false gives the plain single-step comparison, passed or failed", () => {
    const r = gradCheck({ f: (v) => 1e8 + f(v), gradient: g, w: [0.3], refine: false });
    expect(r.status).toBe("failed"); // the rounding of 1e8 at h = 1e-4: what refinement exists for
    expect(r.evaluations).toBe(2);
    expect(gradCheck({ f: (v) => 1e8 + f(v), gradient: g, w: [0.3] }).status).toBe("passed");
  });
});

