// Tests for lib/workbook/exercise.ts: judgeAnswer's ✓ and ✗ messages.
import { inspect } from "util";
import { describe, expect, it } from "vitest";
import { ExerciseResult, checkAnswer, judgeAnswer } from "../lib/workbook/exercise";

describe("judgeAnswer with a number", () => {
  it("✓ within the tolerance, showing the answer", () => {
    const r = judgeAnswer("secant slope", -3.1234500001, -3.12345);
    expect(r).toBeInstanceOf(ExerciseResult);
    expect(r.ok).toBe(true);
    expect(r.message).toBe("✓ secant slope: correct (-3.12345)");
    expect(String(r)).toBe(r.message);
    expect(inspect(r)).toBe(r.message);
  });

  it("✗ outside the tolerance, with the hint", () => {
    const r = judgeAnswer("secant slope", 6.2, 3.1, { hint: "divide by 2e, not e" });
    expect(r.ok).toBe(false);
    expect(r.message).toBe("✗ secant slope: 6.2 is not right: it looks like twice the right value: a factor 2 too many, such as a 2 that should cancel, or e where 2e belongs. Hint: divide by 2e, not e");
  });

  it("uses rtol and atol: |a − b| ≤ atol + rtol·|b|", () => {
    expect(judgeAnswer("x", 1.0000009, 1).ok).toBe(true); // 9e-7 ≤ 1e-9 + 1e-6
    expect(judgeAnswer("x", 1.000002, 1).ok).toBe(false); // 2e-6 > 1e-6
    expect(judgeAnswer("x", 1.000002, 1, { rtol: 1e-5 }).ok).toBe(true);
    expect(judgeAnswer("x", 5e-10, 0).ok).toBe(true); // atol 1e-9 around 0
    expect(judgeAnswer("x", 5e-10, 0, { atol: 0 }).ok).toBe(false);
  });

  it("✗ for a non-number or NaN answer", () => {
    expect(judgeAnswer("x", "3", 3).message).toBe("✗ x: expected a number, got 3.");
    expect(judgeAnswer("x", NaN, 3).ok).toBe(false);
  });
});

describe("judgeAnswer without an answer", () => {
  it("undefined or null asks the learner to fill it in, and gives no hint before an attempt", () => {
    for (const a of [undefined, null]) {
      const r = judgeAnswer("the bias gradient", a, 1, { hint: "use x0 = 1" });
      expect(r.ok).toBe(false);
      expect(r.message).toBe(
        "✗ the bias gradient: no answer yet. Replace the undefined in this cell with your answer.",
      );
    }
  });
});

describe("judgeAnswer with a vector", () => {
  it("✓ when every entry is close, for arrays and typed arrays", () => {
    expect(judgeAnswer("gradient", Float64Array.of(0.5, 4 / 3), [0.5, 1.3333333333]).message).toBe(
      "✓ gradient: correct (all 2 entries)",
    );
    expect(judgeAnswer("gradient", [1, 2], Float64Array.of(1, 2)).ok).toBe(true);
  });

  it("✗ naming the first wrong entry, the wrong length, or a non-list", () => {
    expect(judgeAnswer("gradient", [0.5, 4], [0.5, 4 / 3]).message).toBe("✗ gradient: entry 1 is 4, which is not right.");
    expect(judgeAnswer("gradient", [1, 2, 3], [1, 2]).message).toBe("✗ gradient: expected 2 numbers, got 3.");
    expect(judgeAnswer("gradient", 1, [1]).message).toBe("✗ gradient: expected a list of numbers.");
    expect(judgeAnswer("gradient", ["1"], [1]).ok).toBe(false);
  });
});

describe("judgeAnswer with a string or boolean", () => {
  it("compares strings trimmed and case-insensitively, booleans exactly", () => {
    expect(judgeAnswer("which parameter", " W2 ", "w2").message).toBe('✓ which parameter: correct (" W2 ")');
    expect(judgeAnswer("which parameter", "w3", "w2").message).toBe('✗ which parameter: "w3" is not right.');
    expect(judgeAnswer("passed?", false, false).ok).toBe(true);
    expect(judgeAnswer("passed?", "false", false).ok).toBe(false);
  });
});

describe("wrong answers read by their ratio to the right one", () => {
  it("names 2, ½, −1 and, given m, m times too large or small", () => {
    expect(judgeAnswer("slope", 12, 6).message).toContain("twice the right value");
    expect(judgeAnswer("slope", 3, 6).message).toContain("half the right value");
    expect(judgeAnswer("slope", -6, 6).message).toContain("the sign flipped");
    expect(judgeAnswer("mean", 392 * 2.5, 2.5, { m: 392 }).message).toContain("summed instead of averaged");
    expect(judgeAnswer("mean", 2.5 / 392, 2.5, { m: 392 }).message).toContain("averaged where a sum belongs");
    expect(judgeAnswer("slope", 7, 6).message).toBe("✗ slope: 7 is not right.");
  });

  it("a constant ratio over a vector is a fingerprint too", () => {
    expect(judgeAnswer("gradient", [2, -4], [1, -2]).message).toContain("twice the right value");
    expect(judgeAnswer("gradient", [2, -3], [1, -2]).message).not.toContain("looks like");
  });

  it("an exercise's own named mistakes come first, by value or by ratio", () => {
    const mistakes = [{ name: "a forward difference", value: 12.0006, explanation: "its error is O(e)" }, { name: "a draw with replacement", ratio: 1.5 }];
    expect(judgeAnswer("slope", 12.0006, 12, { mistakes }).message).toContain("a forward difference: its error is O(e)");
    expect(judgeAnswer("p", 0.3, 0.2, { mistakes }).message).toContain("a draw with replacement");
  });

  it("the hint comes after a wrong answer, never before an attempt", () => {
    expect(judgeAnswer("x", 7, 6, { hint: "divide by 2e" }).message).toMatch(/Hint: divide by 2e$/);
    expect(judgeAnswer("x", undefined, 6, { hint: "divide by 2e" }).message).not.toContain("Hint");
    expect(judgeAnswer("x", 6, 6, { hint: "divide by 2e" }).message).not.toContain("Hint");
  });
});

describe("a list of names compared as a set", () => {
  it("says which names are missing and which are extra", () => {
    expect(judgeAnswer("tensors", ["b1", "W1"], ["W1", "b1"]).ok).toBe(true);
    expect(judgeAnswer("tensors", ["W1"], ["W1", "b1"]).message).toContain("missing b1");
    expect(judgeAnswer("tensors", ["W1", "b1", "W2"], ["W1", "b1"]).message).toContain("extra W2");
    expect(judgeAnswer("tensors", ["W1", "W2"], ["W1", "b1"]).message).toContain("missing b1; extra W2");
  });
});

describe("checkAnswer prints its verdict", () => {
  it("so that it stays visible when more lines follow it in the cell", () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      expect(checkAnswer("x", 6, 6)).toBeUndefined();
    } finally {
      console.log = log;
    }
    expect(lines).toEqual(["✓ x: correct (6)"]);
  });
});
