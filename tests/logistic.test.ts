// Tests for lib/models/logistic.ts: the capstone's loss, against values worked by hand.
import { describe, expect, it } from "vitest";
import { crossEntropyLoss, l2Penalty, logisticLoss, logisticPredict, sigmoid } from "../lib/models/logistic";
import { matrix } from "../lib/models/matrix";
import { DataError } from "../lib/check/errors";

describe("sigmoid", () => {
  it("has σ(0) = ½, σ(−z) = 1 − σ(z), and no overflow", () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(sigmoid(-3) + sigmoid(3)).toBeCloseTo(1, 15);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
});

describe("logisticLoss", () => {
  const X = matrix([[1, 2], [1, -1]]);
  const y = [1, 0];

  it("is log 2 at w = 0, whatever the labels", () => {
    expect(logisticLoss(X, y, [0, 0], 0.5)).toBeCloseTo(Math.LN2, 15);
    expect(logisticLoss(X, [1, 1], [0, 0], 0.5)).toBeCloseTo(Math.LN2, 15);
  });

  it("matches the cross-entropy and the penalty worked by hand", () => {
    // z = Xw = (0.5 + 2, 0.5 − 1) = (2.5, −0.5); p = σ(z)
    const w = [0.5, 1];
    const p1 = 1 / (1 + Math.exp(-2.5));
    const p2 = 1 / (1 + Math.exp(0.5));
    const bce = (-Math.log(p1) - Math.log(1 - p2)) / 2;
    expect(crossEntropyLoss(X, y, w)).toBeCloseTo(bce, 14);
    // the penalty leaves w0 = 0.5 out: (0.5 / 2)·1² = 0.25
    expect(l2Penalty(w, 0.5)).toBe(0.25);
    expect(logisticLoss(X, y, w, 0.5)).toBeCloseTo(bce + 0.25, 14);
    expect(Array.from(logisticPredict(X, w))).toEqual([p1, p2].map((p) => expect.closeTo(p, 15)));
  });

  it("does not penalize the bias", () => {
    expect(l2Penalty([100, 0, 0], 1)).toBe(0);
    expect(l2Penalty([5, 1, -2], 0.1)).toBeCloseTo(0.25, 15);
  });

  it("stays finite for very large logits", () => {
    const big = matrix([[1, 800]]);
    expect(crossEntropyLoss(big, [1], [0, 1])).toBeCloseTo(0, 12);
    expect(crossEntropyLoss(big, [0], [0, 1])).toBeCloseTo(800, 10);
  });

  it("names bad shapes and a bad lambda", () => {
    expect(() => logisticLoss(X, y, [1], 0.1)).toThrow(DataError);
    expect(() => logisticLoss(X, [1], [0, 0], 0.1)).toThrow(/rows/);
    expect(() => logisticLoss(X, y, [0, 0], -1)).toThrow(/lambda/);
  });
});
