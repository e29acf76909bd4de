/**
 * Difference quotients of a function of one variable, from crude to accurate,
 * for choosing e (notebook 09-choosing-e). With step h:
 *   forward   [f(x+h) − f(x)]/h                  error O(h)
 *   central   [f(x+h) − f(x−h)]/(2h)             error O(h²)
 *   Richardson (4·D(h/2) − D(h))/3 of central D  error O(h⁴)
 * Round-off adds about ε·|f|/h (ε = 2.2e-16), which is why error against h is a V.
 */

/** A real function of one variable. */
export type Scalar = (x: number) => number;

/**
 * The forward difference [f(x+h) − f(x)]/h.
 * @example
 *   forwardDifference(Math.exp, 0, 1e-4); // ≈ 1.00005
 */
export function forwardDifference(f: Scalar, x: number, h: number): number {
  return (f(x + h) - f(x)) / h;
}

/**
 * The central difference [f(x+h) − f(x−h)]/(2h): the article's secant slope.
 * @example
 *   centralDifference(Math.exp, 0, 1e-4); // ≈ 1 + 1.7e-9
 */
export function centralDifference(f: Scalar, x: number, h: number): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * Richardson extrapolation of the central difference: (4·D(h/2) − D(h))/3
 * cancels the h² term of D's error, leaving O(h⁴).
 * @example
 *   richardsonDifference(Math.exp, 0, 1e-2); // ≈ 1 − 2.1e-11 (the error is −h⁴/480 here)
 */
export function richardsonDifference(f: Scalar, x: number, h: number): number {
  return (4 * centralDifference(f, x, h / 2) - centralDifference(f, x, h)) / 3;
}
