/**
 * ngc-workbook-lib: the workbook's library, private to this repository. Its one entry
 * re-exports everything the notebooks use:
 * - lib/check/: the checker, the package `gradcheck` (see lib/check/index.ts), which
 *   this library imports by its name, as any project that installs it does;
 * - lib/models/: matrices, the linear model, the network, and the layers checked one at a time
 *   (2-D tensors, affine, ReLU/tanh, softmax cross-entropy, batch norm);
 * - lib/workbook/: data loading, display, charts, exercises, the article's problem, the bug hunt.
 * The files follow the article's items: data → x0 bias trick → GD formula → perturbation → deviation.
 */
export * from "gradcheck";
export * from "./models/matrix";
export * from "./workbook/data";
export * from "./workbook/synthetic";
export * from "./models/model";
export * from "./workbook/display";
export * from "./workbook/exercise";
export * from "./workbook/loop";
export * from "./workbook/fingerprint";
export * from "./workbook/article";
export * from "./models/network";
export * from "./models/logistic";
export * from "./models/tensor";
export * from "./models/affine";
export * from "./models/activations";
export * from "./models/softmax";
export * from "./models/batchnorm";
export * from "./workbook/diagnose";
export * from "./workbook/bughunt";
export * from "./workbook/codehunt";
export * from "./workbook/bigmystery";
export * from "./workbook/capstone";
export * from "./workbook/layers";
export * from "./workbook/mlp";
export * from "./workbook/pitfalls";
export * from "./workbook/plot";
export * from "./workbook/figures";
