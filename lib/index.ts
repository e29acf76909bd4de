/**
 * ngc: numerical gradient checking for TypeScript, and the workbook's library.
 * The package's main entry re-exports everything in lib/ for the notebooks:
 * - lib/check/: the checker (also alone as `ngc/check`, see lib/check/index.ts);
 * - lib/models/: matrices, the linear model, the network;
 * - lib/workbook/: data loading, display, charts, exercises, the article's problem, the bug hunt.
 * The files follow the article's items: data → x0 bias trick → GD formula → perturbation → deviation.
 */
export * from "./workbook/version";
export * from "./check/errors";
export * from "./check/random";
export * from "./check/vector";
export * from "./models/matrix";
export * from "./workbook/data";
export * from "./workbook/synthetic";
export * from "./models/model";
export * from "./check/numerical";
export * from "./check/verdict";
export * from "./check/noise";
export * from "./check/compare";
export * from "./check/options";
export * from "./check/entry";
export * from "./check/gradreport";
export * from "./check/guard";
export * from "./check/tableau";
export * from "./check/engine";
export * from "./check/reasons";
export * from "./check/gradcheck";
export * from "./check/sample";
export * from "./check/assert";
export * from "./check/precision";
export * from "./check/report";
export * from "./check/ratios";
export * from "./check/format";
export * from "./workbook/display";
export * from "./workbook/exercise";
export * from "./workbook/article";
export * from "./models/network";
export * from "./models/logistic";
export * from "./check/directional";
export * from "./check/derivatives";
export * from "./check/complex";
export { flatten, unflatten, selectIndices } from "./check/structured";
export type { Tensor, Params, Flattened } from "./check/structured";
export * from "./check/vjp";
export { jvpCheck } from "./check/jvp";
export type { JvpCheckOptions } from "./check/jvp";
export { hvpCheck } from "./check/hvp";
export type { HvpCheckOptions, HvpReport } from "./check/hvp";
export { gradCheckAsync, vjpCheckAsync, jvpCheckAsync, hvpCheckAsync, replayAsync } from "./check/async";
export type { GradCheckAsyncOptions, AsyncControl } from "./check/async";
export * from "./workbook/diagnose";
export * from "./workbook/bughunt";
export * from "./workbook/capstone";
export * from "./workbook/pitfalls";
export * from "./workbook/plot";
export * from "./workbook/figures";
