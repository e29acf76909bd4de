/**
 * Self-checking exercises: a notebook's "Your turn" cell calls `checkAnswer`,
 * which prints ✓, or ✗ with a hint. Introduced in notebook 00-start-here.
 */
import { inspect } from "util";
import { formatNumber } from "gradcheck";

/** The outcome of `checkAnswer`; printed in a notebook as its message. */
export class ExerciseResult {
  constructor(
    readonly ok: boolean,
    readonly message: string,
  ) {}

  toString(): string {
    return this.message;
  }

  [inspect.custom](): string {
    return this.message;
  }
}

export interface CheckAnswerOptions {
  /** Relative tolerance for numbers. Default 1e-6. */
  rtol?: number;
  /** Absolute tolerance for numbers. Default 1e-9. */
  atol?: number;
  /** What to try when the answer is wrong. */
  hint?: string;
}

function close(a: number, b: number, rtol: number, atol: number): boolean {
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/**
 * Checks a learner's answer against the expected value: a number, a vector of
 * numbers (compared entry by entry with tolerances), a string or a boolean.
 * An answer still `undefined` gets a reminder to fill it in.
 * @example
 *   checkAnswer("secant slope of w1", mySlope, report.entries[1].numeric, { hint: "divide by 2e" });
 *   // ✓ secant slope of w1: correct (-3.12345)
 */
export function checkAnswer(
  label: string,
  answer: unknown,
  expected: number | ArrayLike<number> | string | boolean,
  options: CheckAnswerOptions = {},
): ExerciseResult {
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-9;
  const hint = options.hint ? ` Hint: ${options.hint}` : "";
  const wrong = (why: string) => new ExerciseResult(false, `✗ ${label}: ${why}.${hint}`);
  if (answer === undefined || answer === null) {
    return new ExerciseResult(false, `✗ ${label}: no answer yet. Replace the undefined in this cell with your answer.${hint}`);
  }
  if (typeof expected === "number") {
    if (typeof answer !== "number" || Number.isNaN(answer)) return wrong(`expected a number, got ${String(answer)}`);
    if (!close(answer, expected, rtol, atol)) return wrong(`${formatNumber(answer, 8)} is not right`);
    return new ExerciseResult(true, `✓ ${label}: correct (${formatNumber(answer, 8)})`);
  }
  if (typeof expected === "string" || typeof expected === "boolean") {
    const norm = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);
    if (norm(answer) !== norm(expected)) return wrong(`${JSON.stringify(answer)} is not right`);
    return new ExerciseResult(true, `✓ ${label}: correct (${JSON.stringify(answer)})`);
  }
  const a = answer as ArrayLike<number>;
  if (typeof a !== "object" || typeof a.length !== "number") return wrong("expected a list of numbers");
  if (a.length !== expected.length) return wrong(`expected ${expected.length} numbers, got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== "number" || !close(a[i], expected[i], rtol, atol)) {
      return wrong(`entry ${i} is ${formatNumber(a[i], 8)}, which is not right`);
    }
  }
  return new ExerciseResult(true, `✓ ${label}: correct (all ${a.length} entries)`);
}
