/**
 * The two errors lib throws on bad input. Each message names the problem:
 * which parameter, which file, which column, which row.
 * Introduced in notebook 01-data (DataError) and 05-deviation (GradCheckError).
 */

/**
 * Thrown by the gradient-check functions for a bad `eps`, an empty or NaN `w`,
 * a gradient of the wrong length, or a loss that returns NaN or ±Infinity.
 * @example
 *   try { numericalGradient(f, new Float64Array(0)); }
 *   catch (e) { e instanceof GradCheckError; } // true
 */
export class GradCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradCheckError";
  }
}

/**
 * Thrown by the data functions for a missing or empty CSV, a missing column,
 * a non-numeric value, or a matrix whose shape does not fit.
 * @example
 *   try { await loadCsv("nope.csv", { features: ["a"], target: "y" }); }
 *   catch (e) { e instanceof DataError; } // true
 */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataError";
  }
}
