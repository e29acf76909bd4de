// The bug hunt's hidden back-pass fails, each correct diagnosis repairs exactly
// its bug, wrong diagnoses repair nothing, and the ratio tables show the signatures.
import { describe, expect, it } from "vitest";
import { bigMystery, bugHunt, findWrongEntries, indexOfMin, networkGradient, ratioSummary, ratioTable, sortedComparison, syntheticLinear } from "../lib/index";

const data = syntheticLinear({ m: 50, weights: [1, -2, 0.5, 1.5, -1], bias: 3, noise: 0.3, seed: 8 });
const hunt = bugHunt(data.X, data.y);
const ANSWERS = [
  { layer: 3, kind: "missing-1/m" as const },
  { layer: 2, kind: "wrong-activation-derivative" as const },
  { layer: 1, kind: "transposed-weight-gradient" as const },
];

describe("bugHunt", () => {
  it("starts with every tensor failing and ends with a clean back-pass", () => {
    expect(hunt.planted).toBe(3);
    expect(hunt.check().failingGroups).toEqual(["W1", "b1", "W2", "b2", "W3", "b3"]);
    expect(hunt.check(ANSWERS).passed).toBe(true);
  });

  it("each diagnosis, in the notebook's order, repairs the tensors it should", () => {
    expect(hunt.check(ANSWERS.slice(0, 1)).failingGroups).toEqual(["W1", "b1", "W2", "b2"]);
    expect(hunt.check(ANSWERS.slice(0, 2)).failingGroups).toEqual(["W1"]);
  });

  it("accepts a planted bug once, rejects a wrong one, and waits for an answer", () => {
    expect(hunt.isNewFind(ANSWERS[0])).toBe(true);
    expect(hunt.isNewFind(ANSWERS[0], [ANSWERS[0]])).toBe(false);
    expect(hunt.isNewFind({ layer: 1, kind: "sign-flip-bias" })).toBe(false);
    expect(hunt.isNewFind(undefined)).toBeUndefined();
    expect(hunt.check([{ layer: 1, kind: "sign-flip-bias" }]).failingGroups).toHaveLength(6);
  });
});

describe("ratio tables", () => {
  const report = hunt.check();
  it("the missing 1/m shows as a constant ratio m in the output layer", () => {
    const rows = ratioTable(report, "W3").rows;
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r[3] as number).toBeCloseTo(50, 6);
  });
  it("summarizes each tensor with its ratios, failing ones highlighted", () => {
    const t = ratioSummary(report);
    expect(t.columns).toEqual(["tensor", "entries", "failing", "max rel error", "smallest ratio", "largest ratio"]);
    expect(t.rows.map((r) => r[0])).toEqual(["W1", "b1", "W2", "b2", "W3", "b3"]);
    expect(t.toHTML()).toContain("background:#fde2e1");
  });
  it("names the known tensors when asked for an unknown one", () => {
    expect(() => ratioTable(report, "W9")).toThrow(/Tensors: W1, b1, W2, b2, W3, b3/);
  });
  it("indexOfMin finds the first smallest value", () => {
    expect(indexOfMin([3, 1, 2, 1])).toBe(1);
  });
  it("sortedComparison: a transposed gradient has the right numbers in the wrong places", () => {
    const afterTwo = hunt.check(ANSWERS.slice(0, 2));
    const rows = sortedComparison(afterTwo, "W1").rows;
    expect(rows).toHaveLength(30);
    for (const r of rows) expect(r[2] as number).toBeLessThan(1e-6);
    // Unsorted, most entries of W1 disagree.
    expect(afterTwo.failures.length).toBeGreaterThan(20);
  });
});

describe("bigMystery (the bug hunt's last exercise)", () => {
  const mystery = bigMystery(data.X, data.y);

  it("differs from the correct back-pass at exactly the entries it names, and findWrongEntries finds them", () => {
    const right = networkGradient(mystery.spec, mystery.theta, data.X, data.y);
    const wrong = mystery.gradient(mystery.theta);
    const differ = mystery.names.filter((_, i) => wrong[i] !== right[i]);
    expect(differ).toEqual(mystery.wrong);
    expect(mystery.theta.length).toBe(10801);
    const r = findWrongEntries({ f: mystery.loss, gradient: mystery.gradient, w: mystery.theta, names: mystery.names, seed: 1 });
    expect(r.found.map((e) => e.name)).toEqual(mystery.wrong);
    expect(r.evaluations).toBeLessThan(0.02 * 2 * 10801);
  });
});
