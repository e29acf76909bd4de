/**
 * The few vector operations the checker needs: dot products, norms, copies and
 * differences of plain arrays or Float64Arrays. lib/models/matrix.ts builds on them.
 * Introduced in notebook 05-deviation.
 */
import { DataError } from "./errors";

/** Anything read like a vector: Float64Array, number[], ... */
export type Vector = ArrayLike<number>;

/**
 * The dot product a·b.
 * @example
 *   dot([1, 2, 3], [4, 5, 6]); // 32
 */
export function dot(a: Vector, b: Vector): number {
  if (a.length !== b.length) throw new DataError(`dot: lengths differ (${a.length} and ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * The Euclidean length ‖a‖₂, computed without overflow for large entries.
 * @example
 *   norm([3, 4]); // 5
 */
export function norm(a: Vector): number {
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] / scale;
    s += x * x;
  }
  return scale * Math.sqrt(s);
}

/**
 * A copy of a vector as a new Float64Array (fast for a Float64Array).
 * @example
 *   copyVector([1, 2]); // Float64Array [1, 2]
 */
export function copyVector(v: Vector): Float64Array {
  return v instanceof Float64Array ? v.slice() : Float64Array.from(v);
}

/**
 * a − b, element by element, as a new Float64Array.
 * @example
 *   subtract([3, 5], [1, 2]); // Float64Array [2, 3]
 */
export function subtract(a: Vector, b: Vector): Float64Array {
  if (a.length !== b.length) throw new DataError(`subtract: lengths differ (${a.length} and ${b.length})`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
