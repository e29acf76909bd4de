/**
 * The precision guard. A gradient check in float32 measures rounding, not the
 * back-pass: float32 keeps about 7 digits, so with e = 1e-4 the secant slope
 * loses about 4 of them and relative errors near 1e-3 are normal even for a
 * correct gradient. PyTorch's gradcheck warns for non-double inputs; this guard
 * warns for what decides it, the loss's values.
 * Introduced in notebook 09-choosing-e.
 */
import { Vector } from "./vector";

/**
 * True when every value is exactly representable in float32 and at least one is
 * not a small integer: the mark of a computation rounded through Math.fround or a
 * Float32Array.
 * @example
 *   looksFloat32([Math.fround(0.1), Math.fround(2.7)]); // true
 *   looksFloat32([0.1, 2.7]);                           // false
 */
export function looksFloat32(values: ArrayLike<number>): boolean {
  let fractional = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (Math.fround(v) !== v) return false;
    if (!Number.isInteger(v)) fractional = true;
  }
  return fractional;
}

/**
 * A warning for a check that runs in float32 (every loss value the check saw was
 * rounded to float32), else undefined. A Float32Array w alone is no reason to warn:
 * the checker perturbs its own Float64Array copy of w, so a loss computed in float64
 * still gives float64 values (TF.js's `dataSync()` returns a Float32Array, say).
 * `gradCheck` puts it in its report.
 * @example
 *   precisionWarning(new Float32Array(3), [0.1, 0.2]);                   // undefined
 *   precisionWarning(new Float32Array(3), [Math.fround(0.1), Math.fround(0.2)]); // "The parameters are a Float32Array and ..."
 */
export function precisionWarning(w: Vector, losses: ArrayLike<number>): string | undefined {
  return float32Warning(w, losses.length >= 2 && looksFloat32(losses));
}

/**
 * The same warning from what is already known: whether every loss value seen was
 * rounded to float32 (`gradCheck` tracks this while it runs, so it stores no loss
 * values), and whether w is a Float32Array, which the message then names.
 * @example
 *   float32Warning(new Float32Array(3), false); // undefined: the loss's values are float64
 */
export function float32Warning(w: Vector, lossesRounded: boolean): string | undefined {
  const advice =
    "a float32 gradient check is dominated by rounding (relative errors of 1e-5 to 1e-3 even for a correct gradient). " +
    "Check in float64: use Float64Array and plain number arithmetic.";
  if (!lossesRounded) return undefined;
  if (w instanceof Float32Array) return `The parameters are a Float32Array and every loss value was rounded to float32: ${advice}`;
  return `Every loss value was rounded to float32: ${advice}`;
}
