/**
 * ngc/check: the gradient checker, for any TypeScript or JavaScript project, in Node
 * or in a browser. It imports no Node built-in and nothing outside this folder.
 * (The package's main entry, `ngc`, re-exports this and the workbook's helpers.)
 */

// The check: every parameter, with an error bar and a verdict per entry
export { gradCheck, ngDifference } from "./gradcheck";
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
export { gradCheckAsync, vjpCheckAsync, jvpCheckAsync, hvpCheckAsync, replayAsync } from "./async";
export type { GradCheckAsyncOptions, AsyncControl } from "./async";

// Checking a sample of the parameters (gradCheck's `sample` option)
export { sampleIndices, sampleMissProbability } from "./sample";

// In a test runner
export { assertGradients, AssertionError } from "./assert";
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

// Numerical derivatives
export { numericalGradient, perturb, DEFAULT_EPS } from "./numerical";
export type { Loss, Scheme, NumericalOptions, Perturbation } from "./numerical";
export { forwardDifference, centralDifference, richardsonDifference } from "./derivatives";
export { complexStepDerivative } from "./complex";

// The loss's noise
export { estimateNoise, UNIT_ROUNDOFF } from "./noise";
export type { NoiseEstimate } from "./noise";

// Comparing and reading a report
export { relativeError, compareValues, band, BANDS, NG_THRESHOLD } from "./compare";
export type { Band } from "./compare";
export { reportText, reportHtml } from "./report";
export { ratio, ratioSummaryRows, sortedRows } from "./ratios";
export type { RatioSummaryRow } from "./ratios";

// Errors
export { GradCheckError, DataError } from "./errors";

// Seeded random numbers and the few vector operations the checker uses
export { seededRandom, gaussian } from "./random";
export { dot, norm, subtract, copyVector } from "./vector";
export type { Vector } from "./vector";
