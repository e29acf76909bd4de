/**
 * The check loop the learner writes once (notebook 05-deviation, Ng's
 * gradient_check_n): for each parameter, copy w, move the entry to w ± e,
 * evaluate the loss twice, restore, and divide by 2e. `checkLoop` compares the
 * learner's loop with `numericalGradient` and names the classic slips: aliasing,
 * forgetting to restore, dividing by e instead of 2e, an off-by-one index.
 */
import { DEFAULT_EPS, Loss, formatNumber, numericalGradient } from "gradcheck";
import { ExerciseResult } from "./exercise";

/**
 * The learner's check loop: the numerical gradient of f at w with step e.
 * @example
 *   const myLoop: CheckLoop = (f, w, e) => numericalGradient(f, w, { eps: e });
 */
export type CheckLoop = (f: Loss, w: Float64Array, e: number) => Float64Array | number[];

/** One classic slip in a check loop, and the numbers it gives. */
interface LoopSlip {
  name: string;
  explanation: string;
  /** The wrong numerical gradient this slip gives (same f, w, e). */
  gives(f: Loss, w: Float64Array, e: number): Float64Array;
}

/** A loop that copies w once, before the loop, and never puts an entry back. */
function withoutRestore(f: Loss, w: Float64Array, e: number): Float64Array {
  const g = new Float64Array(w.length);
  const c = Float64Array.from(w);
  for (let j = 0; j < w.length; j++) {
    c[j] = w[j] + e;
    const up = f(c);
    c[j] = w[j] - e;
    g[j] = (up - f(c)) / (2 * e);
  }
  return g;
}

/** The classic slips, each a complete wrong loop (spoiler: the exercise's solution lists them). */
const SLIPS: LoopSlip[] = [
  {
    name: "aliasing",
    explanation: "`const wPlus = w` does not copy: wPlus and wMinus are the same array, so both losses are taken at the same point and every slope is 0. Copy with Float64Array.from(w)",
    gives: (_f, w) => new Float64Array(w.length),
  },
  {
    name: "forgetting to restore",
    explanation: "after its two evaluations an entry stays at w − e, so every later slope is taken at a shifted point. Put w[j] back before the next entry",
    gives: withoutRestore,
  },
  {
    name: "dividing by e instead of 2e",
    explanation: "the two points w + e and w − e are 2e apart: every slope comes out twice the right one",
    gives: (f, w, e) => numericalGradient(f, w, { eps: e }).map((v) => 2 * v),
  },
  {
    name: "a forward difference",
    explanation: "[f(w + e) − f(w)]/e has an O(e) error; the check needs both sides, [f(w + e) − f(w − e)]/(2e)",
    gives: (f, w, e) => numericalGradient(f, w, { eps: e, scheme: "forward" }),
  },
  {
    name: "the two losses swapped",
    explanation: "f(w − e) − f(w + e) gives the slope with the wrong sign",
    gives: (f, w, e) => numericalGradient(f, w, { eps: e }).map((v) => -v),
  },
];

function close(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number): boolean {
  if (a.length !== b.length) return false;
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= rtol * Math.max(Math.abs(b[i]), 1e-3 * scale))) return false;
  return true;
}

/** An off-by-one index: entries shifted by one place, or the first or last entry never computed. */
function offByOne(got: ArrayLike<number>, right: ArrayLike<number>, rtol: number): boolean {
  const n = right.length;
  if (n < 2) return false;
  const ok = (i: number, j: number) => Math.abs(got[i] - right[j]) <= rtol * Math.max(Math.abs(right[j]), 1e-12);
  const shifted = (d: number) => Array.from({ length: n }, (_, i) => i).every((i) => i + d < 0 || i + d >= n || ok(i, i + d));
  const missing = (k: number) => Array.from({ length: n }, (_, i) => i).every((i) => (i === k ? !ok(i, i) : ok(i, i)));
  return shifted(1) || shifted(-1) || missing(0) || missing(n - 1);
}

/**
 * Judges a check loop: ✓ when it gives `numericalGradient`'s numbers at (f, w, e)
 * and leaves w as it found it; ✗ naming the slip otherwise.
 * @example
 *   judgeLoop(myLoop, loss, INIT).message; // "✓ your check loop: correct (...)"
 */
export function judgeLoop(loop: CheckLoop | undefined, f: Loss, w: ArrayLike<number>, e: number = DEFAULT_EPS): ExerciseResult {
  const label = "your check loop";
  if (loop === undefined || loop === null) {
    return new ExerciseResult(false, `✗ ${label}: no answer yet. Replace the undefined in this cell with your loop.`);
  }
  const start = Float64Array.from(w);
  const given = Float64Array.from(w);
  const right = numericalGradient(f, start, { eps: e });
  let got: ArrayLike<number>;
  try {
    got = loop(f, given, e);
  } catch (err) {
    return new ExerciseResult(false, `✗ ${label}: it stopped with ${(err as Error).name}: ${(err as Error).message}.`);
  }
  if (got && typeof got.length === "number" && got.length === start.length && Array.from(got).every((v) => v === 0) && right.some((v) => v !== 0)) {
    const slip = SLIPS[0];
    return new ExerciseResult(false, `✗ ${label}: every slope is 0: this is ${slip.name}: ${slip.explanation}.`);
  }
  const moved = Array.from(given).findIndex((v, j) => v !== start[j]);
  if (moved >= 0) {
    return new ExerciseResult(false, `✗ ${label}: it changed the w it was given (entry ${moved} is ${formatNumber(given[moved], 10)}, was ${formatNumber(start[moved], 10)}), which is forgetting to restore: after its two evaluations each entry must be put back, or the loop must work on a copy of w.`);
  }
  if (!got || typeof got.length !== "number" || got.length !== start.length) {
    return new ExerciseResult(false, `✗ ${label}: expected ${start.length} slopes, one per parameter, got ${got && typeof got.length === "number" ? got.length : String(got)}.`);
  }
  if (close(got, right, 1e-9)) {
    return new ExerciseResult(true, `✓ ${label}: correct (the same ${start.length} slopes as numericalGradient, and w left as it was)`);
  }
  const slip = SLIPS.find((s) => close(got, s.gives(f, start, e), 1e-9));
  if (slip) return new ExerciseResult(false, `✗ ${label}: this is ${slip.name}: ${slip.explanation}.`);
  if (offByOne(got, right, 1e-9)) {
    return new ExerciseResult(false, `✗ ${label}: this is an off-by-one index: your slopes are numericalGradient's shifted by one place, or one end is never computed. Loop j from 0 to w.length − 1 and store slope j at index j.`);
  }
  const first = Array.from(got).findIndex((v, j) => !(Math.abs(v - right[j]) <= 1e-9 * Math.abs(right[j])));
  return new ExerciseResult(false, `✗ ${label}: slope ${first} is ${formatNumber(got[first], 10)}, numericalGradient gives ${formatNumber(right[first], 10)}. Go through one entry by hand: copy, w + e, w − e, restore, divide by 2e.`);
}

/**
 * Prints `judgeLoop`'s verdict.
 * @example
 *   checkLoop(myLoop, loss, INIT); // prints ✓ or ✗ naming the slip
 */
export function checkLoop(loop: CheckLoop | undefined, f: Loss, w: ArrayLike<number>, e: number = DEFAULT_EPS): void {
  console.log(judgeLoop(loop, f, w, e).message);
}
