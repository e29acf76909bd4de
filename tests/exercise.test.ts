// Tests for lib/workbook/exercise.ts: checkAnswer's ✓ and ✗ messages.
import { inspect } from "util";
import { describe, expect, it } from "vitest";
import { ExerciseResult, checkAnswer } from "../lib/workbook/exercise";

describe("checkAnswer with a number", () => {
  it("✓ within the tolerance, showing the answer", () => {
    const r = checkAnswer("secant slope", -3.1234500001, -3.12345);
    expect(r).toBeInstanceOf(ExerciseResult);
    expect(r.ok).toBe(true);
    expect(r.message).toBe("✓ secant slope: correct (-3.12345)");
    expect(String(r)).toBe(r.message);
    expect(inspect(r)).toBe(r.message);
  });

  it("✗ outside the tolerance, with the hint", () => {
    const r = checkAnswer("secant slope", 6.2, 3.1, { hint: "divide by 2e, not e" });
    expect(r.ok).toBe(false);
    expect(r.message).toBe("✗ secant slope: 6.2 is not right. Hint: divide by 2e, not e");
  });

  it("uses rtol and atol: |a − b| ≤ atol + rtol·|b|", () => {
    expect(checkAnswer("x", 1.0000009, 1).ok).toBe(true); // 9e-7 ≤ 1e-9 + 1e-6
    expect(checkAnswer("x", 1.000002, 1).ok).toBe(false); // 2e-6 > 1e-6
    expect(checkAnswer("x", 1.000002, 1, { rtol: 1e-5 }).ok).toBe(true);
    expect(checkAnswer("x", 5e-10, 0).ok).toBe(true); // atol 1e-9 around 0
    expect(checkAnswer("x", 5e-10, 0, { atol: 0 }).ok).toBe(false);
  });

  it("✗ for a non-number or NaN answer", () => {
    expect(checkAnswer("x", "3", 3).message).toBe("✗ x: expected a number, got 3.");
    expect(checkAnswer("x", NaN, 3).ok).toBe(false);
  });
});

describe("checkAnswer without an answer", () => {
  it("undefined or null asks the learner to fill it in, and still gives the hint", () => {
    for (const a of [undefined, null]) {
      const r = checkAnswer("the bias gradient", a, 1, { hint: "use x0 = 1" });
      expect(r.ok).toBe(false);
      expect(r.message).toBe(
        "✗ the bias gradient: no answer yet. Replace the undefined in this cell with your answer. Hint: use x0 = 1",
      );
    }
  });
});

describe("checkAnswer with a vector", () => {
  it("✓ when every entry is close, for arrays and typed arrays", () => {
    expect(checkAnswer("gradient", Float64Array.of(0.5, 4 / 3), [0.5, 1.3333333333]).message).toBe(
      "✓ gradient: correct (all 2 entries)",
    );
    expect(checkAnswer("gradient", [1, 2], Float64Array.of(1, 2)).ok).toBe(true);
  });

  it("✗ naming the first wrong entry, the wrong length, or a non-list", () => {
    expect(checkAnswer("gradient", [0.5, 4], [0.5, 4 / 3]).message).toBe("✗ gradient: entry 1 is 4, which is not right.");
    expect(checkAnswer("gradient", [1, 2, 3], [1, 2]).message).toBe("✗ gradient: expected 2 numbers, got 3.");
    expect(checkAnswer("gradient", 1, [1]).message).toBe("✗ gradient: expected a list of numbers.");
    expect(checkAnswer("gradient", ["1"], [1]).ok).toBe(false);
  });
});

describe("checkAnswer with a string or boolean", () => {
  it("compares strings trimmed and case-insensitively, booleans exactly", () => {
    expect(checkAnswer("which parameter", " W2 ", "w2").message).toBe('✓ which parameter: correct (" W2 ")');
    expect(checkAnswer("which parameter", "w3", "w2").message).toBe('✗ which parameter: "w3" is not right.');
    expect(checkAnswer("passed?", false, false).ok).toBe(true);
    expect(checkAnswer("passed?", "false", false).ok).toBe(false);
  });
});
