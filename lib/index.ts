/**
 * ngc: numerical gradient checking for TypeScript.
 * The public entry of lib/: every export of the workbook's library is re-exported here.
 * The files follow the article's steps: data → x0 bias trick → GD formula →
 * perturbation → deviation.
 */
export * from "./version";
export * from "./errors";
export * from "./random";
export * from "./matrix";
export * from "./data";
export * from "./synthetic";
export * from "./model";
export * from "./numerical";
export * from "./verdict";
export * from "./noise";
export * from "./refine";
export * from "./check";
export * from "./precision";
export * from "./report";
export * from "./format";
export * from "./display";
export * from "./exercise";
export * from "./article";
export * from "./network";
export * from "./directional";
export * from "./derivatives";
export * from "./complex";
export * from "./diagnose";
export * from "./bughunt";
export * from "./plot";
export * from "./figures";
