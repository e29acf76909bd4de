/**
 * Self-checking exercises: a notebook's "Your turn" cell calls `checkAnswer`,
 * which prints ✓, or ✗ with what the wrong answer looks like and a hint.
 * Introduced in notebook 00-start-here.
 *
 * A wrong number is read by its ratio to the right one, as a failed gradient
 * check is (notebook 08): 2 or ½ is a factor 2, −1 a sign, m a sum where a mean
 * belongs. An exercise can also name the wrong answers it expects (a forward
 * difference, a draw with replacement, danfo's m − 1 standard deviation).
 */
import { inspect } from "util";
import { formatNumber } from "gradcheck";

/** The outcome of `judgeAnswer`; printed in a notebook as its message. */
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

/**
 * A wrong answer an exercise expects, named: either its value, or its ratio to
 * the right answer (for a vector: the same ratio in every entry).
 * @example
 *   const forward: KnownMistake = { name: "a forward difference", value: (f(w + e) - f(w)) / e, explanation: "its error is O(e)" };
 */
export interface KnownMistake {
  /** What the self-check prints, e.g. "divided by e instead of 2e". */
  name: string;
  /** The wrong answer itself (compared with the exercise's tolerances). */
  value?: number | ArrayLike<number>;
  /** Or: the wrong answer divided by the right one. */
  ratio?: number;
  /** One sentence on why it is wrong. */
  explanation?: string;
}

export interface CheckAnswerOptions {
  /** Relative tolerance for numbers. Default 1e-6. */
  rtol?: number;
  /** Absolute tolerance for numbers. Default 1e-9. */
  atol?: number;
  /** What to try, shown only after a wrong answer. */
  hint?: string;
  /** Wrong answers this exercise expects, tried before the ratio table. */
  mistakes?: KnownMistake[];
  /** The number of examples m, if a sum instead of a mean (or the reverse) is a possible slip. */
  m?: number;
}

function close(a: number, b: number, rtol: number, atol: number): boolean {
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/**
 * The ratio table: wrong answer / right answer → the slip it is the fingerprint of.
 * @example
 *   ratioFingerprints(392).map((f) => f.ratio); // [2, 0.5, -1, -2, -0.5, 392, 0.00255...]
 */
export function ratioFingerprints(m?: number): KnownMistake[] {
  const table: KnownMistake[] = [
    { name: "twice the right value", ratio: 2, explanation: "a factor 2 too many, such as a 2 that should cancel, or e where 2e belongs" },
    { name: "half the right value", ratio: 0.5, explanation: "a factor 2 too few" },
    { name: "the sign flipped", ratio: -1, explanation: "right size, wrong sign, such as a − where a + belongs, or the two terms of a difference swapped" },
    { name: "twice the right value with the sign flipped", ratio: -2, explanation: "a factor 2 and a sign" },
    { name: "half the right value with the sign flipped", ratio: -0.5, explanation: "a factor 2 too few and a sign" },
  ];
  if (m !== undefined && m > 2) {
    table.push(
      { name: `m = ${m} times too large: summed instead of averaged`, ratio: m, explanation: "a sum over the examples where the mean (1/m) belongs" },
      { name: `m = ${m} times too small: averaged where a sum belongs`, ratio: 1 / m, explanation: "a 1/m too many" },
    );
  }
  return table;
}

/** The same ratio in every entry (within rtol), or undefined. */
function commonRatio(answer: ArrayLike<number>, expected: ArrayLike<number>, rtol: number): number | undefined {
  let r: number | undefined;
  for (let i = 0; i < answer.length; i++) {
    if (expected[i] === 0) {
      if (Math.abs(answer[i]) > 1e-12) return undefined;
      continue;
    }
    const ri = answer[i] / expected[i];
    if (r === undefined) r = ri;
    else if (!close(ri, r, Math.max(rtol, 1e-9), 0)) return undefined;
  }
  return r;
}

function matches(mistake: KnownMistake, answer: number | ArrayLike<number>, expected: number | ArrayLike<number>, rtol: number, atol: number): boolean {
  const a = typeof answer === "number" ? [answer] : answer;
  const x = typeof expected === "number" ? [expected] : expected;
  if (mistake.value !== undefined) {
    const v = typeof mistake.value === "number" ? [mistake.value] : mistake.value;
    if (v.length !== a.length) return false;
    for (let i = 0; i < a.length; i++) if (!close(a[i], v[i], rtol, atol)) return false;
    return true;
  }
  if (mistake.ratio !== undefined) {
    const r = commonRatio(a, x, rtol);
    return r !== undefined && close(r, mistake.ratio, Math.max(rtol, 1e-9), 0);
  }
  return false;
}

/**
 * The named mistake a wrong numeric answer is, if it is one: first the
 * exercise's own list, then the ratio table.
 * @example
 *   recogniseMistake(12, 6)?.name; // "twice the right value"
 */
export function recogniseMistake(
  answer: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  options: CheckAnswerOptions = {},
): KnownMistake | undefined {
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-9;
  const own = (options.mistakes ?? []).find((k) => matches(k, answer, expected, rtol, atol));
  return own ?? ratioFingerprints(options.m).find((k) => matches(k, answer, expected, rtol, atol));
}

function describeMistake(k: KnownMistake): string {
  return `it looks like ${k.name}${k.explanation ? `: ${k.explanation}` : ""}`;
}

/**
 * Judges a learner's answer against the expected value: a number, a vector of
 * numbers (compared entry by entry with tolerances), a string, a boolean, or a
 * list of names compared as a set. Returns the verdict without printing it;
 * `checkAnswer` prints it.
 * @example
 *   judgeAnswer("secant slope", 12, 6).message; // "✗ secant slope: 12 is not right: it looks like twice the right value (...)."
 */
export function judgeAnswer(
  label: string,
  answer: unknown,
  expected: number | ArrayLike<number> | string | boolean | readonly string[],
  options: CheckAnswerOptions = {},
): ExerciseResult {
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-9;
  const hint = options.hint ? ` Hint: ${options.hint}` : "";
  const wrong = (why: string) => new ExerciseResult(false, `✗ ${label}: ${why}.${hint}`);
  if (answer === undefined || answer === null) {
    return new ExerciseResult(false, `✗ ${label}: no answer yet. Replace the undefined in this cell with your answer.`);
  }
  if (typeof expected === "number") {
    if (typeof answer !== "number" || Number.isNaN(answer)) return wrong(`expected a number, got ${String(answer)}`);
    if (!close(answer, expected, rtol, atol)) {
      const k = recogniseMistake(answer, expected, options);
      return wrong(`${formatNumber(answer, 8)} is not right${k ? `: ${describeMistake(k)}` : ""}`);
    }
    return new ExerciseResult(true, `✓ ${label}: correct (${formatNumber(answer, 8)})`);
  }
  if (typeof expected === "string" || typeof expected === "boolean") {
    const norm = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);
    if (norm(answer) !== norm(expected)) return wrong(`${JSON.stringify(answer)} is not right`);
    return new ExerciseResult(true, `✓ ${label}: correct (${JSON.stringify(answer)})`);
  }
  if (Array.isArray(expected) && expected.every((v) => typeof v === "string")) {
    return judgeSet(label, answer, expected as readonly string[], hint);
  }
  const x = expected as ArrayLike<number>;
  const a = answer as ArrayLike<number>;
  if (typeof a !== "object" || typeof a.length !== "number") return wrong("expected a list of numbers");
  if (a.length !== x.length) return wrong(`expected ${x.length} numbers, got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== "number" || !close(a[i], x[i], rtol, atol)) {
      const k = Array.from(a).every((v) => typeof v === "number") ? recogniseMistake(a, x, options) : undefined;
      return wrong(`entry ${i} is ${formatNumber(a[i], 8)}, which is not right${k ? `: ${describeMistake(k)}` : ""}`);
    }
  }
  return new ExerciseResult(true, `✓ ${label}: correct (all ${a.length} entries)`);
}

/** A list of names compared as a set: says which are missing and which are extra. */
function judgeSet(label: string, answer: unknown, expected: readonly string[], hint: string): ExerciseResult {
  if (!Array.isArray(answer) || !answer.every((v) => typeof v === "string")) {
    return new ExerciseResult(false, `✗ ${label}: expected a list of names, such as ${JSON.stringify(expected.length ? [expected[0]] : ["W1"])}.${hint}`);
  }
  const norm = (s: string) => s.trim();
  const want = new Set(expected.map(norm));
  const got = new Set((answer as string[]).map(norm));
  const missing = [...want].filter((s) => !got.has(s));
  const extra = [...got].filter((s) => !want.has(s));
  if (missing.length === 0 && extra.length === 0) {
    return new ExerciseResult(true, `✓ ${label}: correct (${[...want].join(", ")})`);
  }
  const parts = [];
  if (missing.length) parts.push(`missing ${missing.join(", ")}`);
  if (extra.length) parts.push(`extra ${extra.join(", ")}`);
  return new ExerciseResult(false, `✗ ${label}: ${JSON.stringify(answer)} is not right: ${parts.join("; ")}.${hint}`);
}

/**
 * Checks a learner's answer and prints the verdict (✓, or ✗ with the mistake it
 * recognises and, after a wrong answer only, the hint), so that the feedback
 * stays visible when more lines follow it in the cell. Options and answers as
 * for `judgeAnswer`.
 * @example
 *   checkAnswer("secant slope of w1", mySlope, report.entries[1].numeric, { hint: "divide by 2e" });
 *   // prints: ✓ secant slope of w1: correct (-3.12345)
 */
export function checkAnswer(
  label: string,
  answer: unknown,
  expected: number | ArrayLike<number> | string | boolean | readonly string[],
  options: CheckAnswerOptions = {},
): void {
  console.log(judgeAnswer(label, answer, expected, options).message);
}
