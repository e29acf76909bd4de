/**
 * The checker's errors. GradCheckError and DataError are thrown on bad input, and
 * each message names the problem: which parameter, which file, which column, which
 * row. GradientAssertionError is what assertGradients throws in a test.
 * Introduced in notebook 01-data (DataError) and 05-deviation (GradCheckError).
 *
 * This file imports nothing at run time: the package's ES-module build re-exports
 * these classes from its CommonJS build (dist/cjs/errors.js), so `instanceof` holds
 * whether the error was thrown by code loaded with `import` or with `require`.
 */
import type { GradCheckReport } from "./gradreport";

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

/**
 * Thrown by assertGradients when the verdict is not passed. Its message is the
 * verdict and the rows that are not passed; `report` is the whole GradCheckReport.
 * It is not named "AssertionError": Jest takes any error of that name for one of
 * Node's assert errors and replaces its message with "Expected value undefined".
 * @example
 *   try { assertGradients({ f, gradient, w }); } catch (e) { e.name; } // "GradientAssertionError"
 */
export class GradientAssertionError extends Error {
  readonly report: GradCheckReport;
  constructor(message: string, report: GradCheckReport) {
    super(message);
    this.name = "GradientAssertionError";
    this.report = report;
  }
}
