// Tests for lib/workbook/capstone.ts: the reference gradient against a closed form
// worked by hand and against gradCheck, and the self-check naming each classic mistake.
import { resolve } from "path";
import { describe, expect, it } from "vitest";
import { CAPSTONE_MISTAKES, capstoneProblem, capstoneReferenceGradient, logisticProblem, median } from "../lib/workbook/capstone";
import { logisticLoss } from "../lib/models/logistic";
import { matrix, Matrix } from "../lib/models/matrix";
import { gradCheck } from "../lib/check/gradcheck";
import { seededRandom } from "../lib/check/random";

const sig = (z: number) => 1 / (1 + Math.exp(-z));

function synthetic(m: number, n: number, seed: number): { X: Matrix; y: Float64Array } {
  const rand = seededRandom(seed);
  const rows = Array.from({ length: m }, () => [1, ...Array.from({ length: n }, () => 2 * rand() - 1)]);
  const y = Float64Array.from(rows, (r) => (r[1] - r[2] + 0.3 * (rand() - 0.5) > 0 ? 1 : 0));
  return { X: matrix(rows), y };
}

describe("median", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe("capstoneReferenceGradient", () => {
  it("matches the closed form worked by hand on two rows", () => {
    const X = matrix([[1, 2], [1, -1]]);
    const y = [1, 0];
    const w = [0.5, 1];
    const lambda = 0.5;
    const r1 = sig(2.5) - 1; // p − y for row 1
    const r2 = sig(-0.5) - 0; // and row 2
    const expected = [(r1 + r2) / 2, (2 * r1 - r2) / 2 + lambda * 1]; // no λ·w0
    const g = capstoneReferenceGradient(X, y, w, lambda);
    expect(g[0]).toBeCloseTo(expected[0], 15);
    expect(g[1]).toBeCloseTo(expected[1], 15);
  });

  it("passes gradCheck at random points", () => {
    const { X, y } = synthetic(40, 3, 5);
    const rand = seededRandom(9);
    for (let k = 0; k < 5; k++) {
      const w = Float64Array.from({ length: 4 }, () => 2 * rand() - 1);
      const report = gradCheck({ f: (t) => logisticLoss(X, y, t, 0.3), gradient: (t) => capstoneReferenceGradient(X, y, t, 0.3), w });
      expect(report.status).toBe("passed");
    }
  });
});

describe("capstoneProblem", () => {
  const { X, y } = synthetic(50, 3, 11);
  const capstone = capstoneProblem(X, y);
  const reference = (w: Float64Array) => capstoneReferenceGradient(X, y, w, capstone.lambda);

  it("checks at a point where every parameter is nonzero, reached by descent from 0", () => {
    expect(Array.from(capstone.zero)).toEqual([0, 0, 0, 0]);
    expect(Array.from(capstone.checkPoint).every((v) => Math.abs(v) > 1e-3)).toBe(true);
    expect(capstone.loss(capstone.checkPoint)).toBeLessThan(capstone.loss(capstone.zero));
    expect(capstone.loss(capstone.zero)).toBeCloseTo(Math.LN2, 14);
  });

  it("says ✓ for the right gradient and ✗ with a reminder for no answer", () => {
    const ok = capstone.judge(reference);
    expect(ok.ok).toBe(true);
    expect(ok.message).toMatch(/^✓ your gradient ∇L: correct/);
    expect(capstone.judge(undefined).message).toMatch(/^✗ .*no answer yet/);
  });

  it.each(CAPSTONE_MISTAKES.map((m) => [m.name, m] as const))("names the mistake: %s", (name, mistake) => {
    const wrong = (w: Float64Array) => mistake.gradient(X, y, w, capstone.lambda);
    const r = capstone.judge(wrong);
    expect(r.ok).toBe(false);
    expect(r.message).toContain(`"${name}"`);
    expect(capstone.diagnose(wrong)?.id).toBe(mistake.id);
  });

  it("builds each mistake as the right gradient with one term changed (independent of the variants' code)", () => {
    const w = capstone.checkPoint;
    const g = reference(w);
    const lam = capstone.lambda;
    const m = X.rows;
    const data = g.map((v, j) => (j === 0 ? v : v - lam * w[j])); // the data term alone
    const expected: Record<string, number[]> = {
      "bias-regularized": Array.from(g, (v, j) => (j === 0 ? v + lam * w[0] : v)),
      "penalty-times-2": Array.from(g, (v, j) => (j === 0 ? v : v + lam * w[j])),
      "penalty-half": Array.from(g, (v, j) => (j === 0 ? v : v - (lam / 2) * w[j])),
      "penalty-over-m": Array.from(data, (v, j) => (j === 0 ? v : v + (lam / m) * w[j])),
      "penalty-times-m": Array.from(data, (v, j) => (j === 0 ? v : v + lam * m * w[j])),
      "data-sign": Array.from(data, (v, j) => (j === 0 ? -v : -v + lam * w[j])),
      "no-penalty": Array.from(data),
    };
    for (const mistake of CAPSTONE_MISTAKES) {
      const got = mistake.gradient(X, y, w, lam);
      expected[mistake.id].forEach((v, j) => expect(got[j]).toBeCloseTo(v, 12));
    }
  });

  it("at w = 0 the penalty's mistakes are invisible: gradCheck passes them", () => {
    for (const mistake of CAPSTONE_MISTAKES.filter((m) => m.id !== "data-sign")) {
      const report = capstone.check((w) => mistake.gradient(X, y, w, capstone.lambda), capstone.zero);
      expect(report.status).toBe("passed");
      expect(capstone.check((w) => mistake.gradient(X, y, w, capstone.lambda)).status).toBe("failed");
    }
  });

  it("does not name a mistake it does not know", () => {
    const r = capstone.judge((w) => reference(w).map((v, j) => (j === 2 ? v * 1.5 : v)));
    expect(r.ok).toBe(false);
    expect(r.message).toContain("the mistake is inside a term");
  });

  it("reads mistakes off its list by the factor on each term, and two at once", () => {
    const lam = capstone.lambda;
    const m = X.rows;
    const terms = (w: Float64Array) => {
      const g = reference(w);
      const data = g.map((v, j) => (j === 0 ? v : v - lam * w[j]));
      return { data, penalty: Float64Array.from(w, (v, j) => (j === 0 ? 0 : lam * v)) };
    };
    const cases: Array<[string, (w: Float64Array) => Float64Array]> = [
      ["a 1/m too few in the data term", (w) => { const t = terms(w); return t.data.map((v, j) => m * v + t.penalty[j]); }],
      ["a sign error in the penalty", (w) => { const t = terms(w); return t.data.map((v, j) => v - t.penalty[j]); }],
      ["a sign error in the data term and a factor 2 too many in the penalty", (w) => { const t = terms(w); return t.data.map((v, j) => -v + 2 * t.penalty[j]); }],
    ];
    for (const [name, g] of cases) {
      const r = capstone.judge(g);
      expect(r.ok).toBe(false);
      expect(r.message).toContain(name);
    }
  });
});

describe("logisticProblem", () => {
  it("labels mpg above its median: 196 of the 392 cars", async () => {
    const p = await logisticProblem(resolve(__dirname, "../data/auto-mpg.csv"));
    expect(p.median).toBe(22.75);
    expect(p.y.reduce((a, b) => a + b, 0)).toBe(196);
    expect(p.X).toMatchObject({ rows: 392, cols: 6 });
    expect(Array.from(p.y).every((v, i) => v === (p.mpg[i] > 22.75 ? 1 : 0))).toBe(true);
  });
});
