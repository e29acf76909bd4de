/**
 * gradcheck: the gradient checker, for any TypeScript or JavaScript project, in Node
 * or in a browser. It imports no Node built-in and nothing outside this folder.
 * This file is the package's one entry and lists its public names; the rest is
 * plumbing. (The workbook's lib, lib/index.ts, re-exports it for the notebooks.)
 */

// The package's version, from package.json (version.ts is written by build.mjs)
export { version } from "./version";

// The check: every parameter, with an error bar and a verdict per entry
export { gradCheck, ngDifference, ANALYTIC_ROUNDING } from "./gradcheck";
export type { GradCheckOptions } from "./gradcheck";
export { GradCheckReport } from "./gradreport";
export type { GradCheckReportFields } from "./gradreport";
export type { GradCheckEntry, GroupSummary, SampleInfo } from "./entry";
export { DEFAULT_TOLERANCE, DEFAULT_ATOL, groupsFromNames, tensorScales } from "./options";
export type { ParameterGroup } from "./options";
export type { Progress } from "./guard";

// Structured parameters and one layer at a time (issue 19)
export { flatten, unflatten, selectIndices } from "./structured";
export type { Tensor, Params, Flattened } from "./structured";
export type { StructuredGradCheckOptions } from "./gradcheck";
export { vjpCheck } from "./vjp";
export type { VjpCheckOptions } from "./vjp";
export { jvpCheck } from "./jvp";
export type { JvpCheckOptions } from "./jvp";
export { hvpCheck } from "./hvp";
export type { HvpCheckOptions, HvpReport } from "./hvp";
export { gradCheckAsync, vjpCheckAsync, jvpCheckAsync, hvpCheckAsync, findWrongEntriesAsync } from "./async";
export type { GradCheckAsyncOptions, AsyncControl, AbortSignalLike } from "./async";

// Checking a sample of the parameters (gradCheck's `sample` option)
export { sampleIndices, sampleMissProbability } from "./sample";

// In a test runner
export { assertGradients } from "./assert";
export type { AssertGradientsOptions } from "./assert";

// Verdicts: statuses, reasons, the interval test
export { ERROR_BARS, intervalTest, entryTolerance, overallStatus } from "./verdict";
export type { Status, Reason, ReasonCode, IntervalOutcome, Judged } from "./verdict";

// The verdict engine: one derivative judged on an extrapolated ladder of steps
export { judgeProbes } from "./engine";
export type { Probe, LossModel, ProbeVerdict, Schedule } from "./engine";
export { tableau } from "./tableau";
export type { Quotient, Rung, Estimate } from "./tableau";

// The fast check along random directions
export { directionalCheck, DirectionalReport, directionalMissProbability, randomDirection } from "./directional";
export type { DirectionalCheckOptions, DirectionalEntry } from "./directional";
export { findWrongEntries, directionsFor } from "./localize";
export type { FindWrongEntriesOptions, StructuredFindOptions } from "./localize";
export { WrongEntriesReport } from "./localreport";
export type { LocalizedEntry, WrongGroup, MissStatement } from "./localreport";

// Numerical derivatives
export { numericalGradient, perturb, DEFAULT_EPS } from "./numerical";
export type { Loss, Scheme, NumericalOptions, Perturbation } from "./numerical";
export { forwardDifference, centralDifference, richardsonDifference } from "./derivatives";

// The complex step: f'(x) = Im f(x + i·h) / h, with f written against Complex
export { complexStepDerivative, Complex, toComplex, cexp, csin, ccos, clog, ctanh, csigmoid } from "./complex";

// The loss's noise
export { estimateNoise, UNIT_ROUNDOFF } from "./noise";
export type { NoiseEstimate } from "./noise";

// Comparing and reading a report
export { relativeError, compareValues, band, BANDS, NG_THRESHOLD } from "./compare";
export type { Band } from "./compare";
export { reportText, reportHtml } from "./report";
export { ratio, ratioSummaryRows, sortedRows, tensorEntries } from "./ratios";
export type { RatioSummaryRow } from "./ratios";

// Errors
export { GradCheckError, DataError, GradientAssertionError } from "./errors";

// Seeded random numbers and the few vector operations the checker uses
export { seededRandom, gaussian, randomNormal } from "./random";
export type { Random } from "./random";
export { dot, norm, subtract, copyVector } from "./vector";
export type { Vector } from "./vector";

// Numbers and HTML as the report writes them
export { formatNumber, escapeHtml } from "./format";
