/**
 * gradcheck/tfjs: checking TensorFlow.js gradients. The subpath's one file; the core
 * (index.ts) never imports it, so the package stays free of tfjs. It imports nothing
 * from tfjs either: the caller passes its own `tf` namespace (`import * as tf from
 * "@tensorflow/tfjs-core"`, or `@tensorflow/tfjs`), so the checked code and the check use
 * one tfjs instance, its engine, its backend and its variables.
 *
 * - `tfGradCheck(tf, { f, x })`: a function of tensors against `tf.grads` (a `tf.customGrad`
 *   op's own gradient, since tf.grads uses it), or against a `vjp` of your own. An output that is
 *   not a scalar is scalarized as Σ dy ⊙ f(x) with a seeded dy, summed in float64.
 * - `tfVariablesCheck(tf, { loss, variables })`: a loss of tf.Variables (a model's trainable
 *   weights) against `tf.variableGrads`. Entries are named by variable name and index: `dense/kernel[2,0]`.
 * - `tfGradCheckAsync`, `tfVariablesCheckAsync`: the same, reading values with `await data()`
 *   (a WebGL or WebGPU backend), through the checker's async forms (lib/check/async.ts).
 *
 * Every evaluation runs inside `tf.tidy`; the check leaves `tf.memory().numTensors` as it found it.
 * tfjs computes in float32, so the adapter's default rtol is 1e-3 (lib/check/README.md, "TensorFlow.js").
 */
import { GradCheckError } from "./errors";
import { GradCheckOptions, gradCheck } from "./gradcheck";
import type { GradCheckReport } from "./gradreport";
import { gradCheckAsync, AsyncControl } from "./async";
import { gaussian, seededRandom } from "./random";
import type { Tensor as Leaf } from "./structured";

/** The part of a tfjs tensor the adapter reads (a real tf.Tensor fits). */
export interface TfTensor {
  readonly shape: number[];
  readonly dtype: string;
  dataSync(): ArrayLike<unknown>;
  data(): Promise<ArrayLike<unknown>>;
  dispose(): void;
}

/** The part of a tf.Variable the adapter uses (a real tf.Variable fits). */
export interface TfVariable extends TfTensor {
  readonly name: string;
  readonly trainable: boolean;
  assign(value: TfTensor): void;
}

/**
 * The tfjs namespace, as the adapter accepts it: pass `tf` itself (`import * as tf from
 * "@tensorflow/tfjs-core"` or `"@tensorflow/tfjs"`). Only the names are checked here (any
 * tfjs 4 namespace fits, whatever its exact signatures); the adapter calls them as `Tf` says.
 */
export interface TfNamespace {
  tensor(values: never, shape?: never, dtype?: never): unknown;
  tidy(fn: never): unknown;
  grads(f: never): unknown;
  variableGrads(f: never, varList?: never): unknown;
  memory(): unknown;
}

/** How the adapter calls the namespace (tfjs's own signatures, narrowed to the uses here). */
interface Tf {
  tensor(values: Float32Array, shape: number[], dtype?: "float32"): TfTensor;
  tidy<T>(fn: () => T): T;
  grads(f: (...args: never[]) => TfTensor): (args: TfTensor[], dy?: TfTensor) => TfTensor[];
  variableGrads(f: () => never, varList?: never[]): { value: TfTensor; grads: { [name: string]: TfTensor } };
  memory(): { numTensors: number };
}

/** The inputs of a checked function: one tensor, an array of them, or a record of named tensors. */
export type TfInputs = TfTensor | readonly TfTensor[] | { readonly [name: string]: TfTensor };

/** The checker's options that the adapter passes on (its tolerances, budget, eps, seed, indices...). */
export type TfCheckOptions = Omit<GradCheckOptions, "f" | "gradient" | "w" | "names" | "groups">;

/** The adapter's default rtol: float32's ~7 digits leave about 1e-3 to a difference quotient (README, "TensorFlow.js"). */
export const TFJS_RTOL = 1e-3;

/** tfGradCheck's options. */
export interface TfGradCheckOptions extends TfCheckOptions {
  /** The function of tensors, called as f(...inputs) (a record's tensors in key order). Any output shape. */
  f: (...inputs: never[]) => TfTensor;
  /** The point: one tensor, an array, or a record `{ x, W }` whose keys name the report's entries. Not changed or disposed. */
  x: TfInputs;
  /** The analytic vector-Jacobian product (inputs, dy) => one tensor per input. Default: tf.grads(f). */
  vjp?: (inputs: TfTensor[], dy: TfTensor) => TfTensor[];
  /** The upstream gradient (one value per output entry). Default: 1 for a scalar output, else seeded Gaussian (rounded to float32). */
  dy?: ArrayLike<number>;
}

/** tfVariablesCheck's options. */
export interface TfVariablesCheckOptions extends TfCheckOptions {
  /** The loss: a function of no arguments that reads the variables and returns a scalar tensor. */
  loss: () => TfTensor;
  /**
   * The variables to check: tf.Variables, or a model's trainable weights (`model.trainableWeights`,
   * whose items have `read()`). Default: every trainable variable the loss reaches (tf.variableGrads' own list).
   */
  variables?: readonly (TfVariable | { read(): TfVariable })[];
  /** The analytic gradient, one tensor per variable. Default: tf.variableGrads(loss, variables). */
  gradient?: (variables: TfVariable[]) => TfTensor[];
}

interface Plan {
  names: string[];
  shapes: number[][];
  tensors: TfTensor[];
}

function isTensor(x: unknown): x is TfTensor {
  return typeof x === "object" && x !== null && typeof (x as TfTensor).dataSync === "function" && Array.isArray((x as TfTensor).shape);
}

function checkTf(given: TfNamespace): Tf {
  const tf = given as unknown as Tf;
  for (const k of ["tensor", "tidy", "grads", "variableGrads", "memory"] as const) {
    if (typeof (tf as unknown as Record<string, unknown>)?.[k] !== "function") {
      throw new GradCheckError(`the first argument must be the tfjs namespace (tf, as imported with import * as tf of @tensorflow/tfjs or @tensorflow/tfjs-core): it has no function ${k}`);
    }
  }
  return tf;
}

function planInputs(x: TfInputs): Plan {
  let names: string[];
  let tensors: TfTensor[];
  if (isTensor(x)) (names = ["x"]), (tensors = [x]);
  else if (Array.isArray(x)) (tensors = [...(x as TfTensor[])]), (names = tensors.map((_, i) => `x${i}`));
  else if (typeof x === "object" && x !== null) (names = Object.keys(x)), (tensors = names.map((k) => (x as Record<string, TfTensor>)[k]));
  else throw new GradCheckError(`x must be a tensor, an array of tensors or a record of tensors, got ${String(x)}`);
  if (tensors.length === 0) throw new GradCheckError("x has no tensors: give at least one input to check");
  tensors.forEach((t, i) => {
    if (!isTensor(t)) throw new GradCheckError(`input ${names[i]} is not a tfjs tensor`);
    if (t.dtype !== "float32") throw new GradCheckError(`input ${names[i]} has dtype ${t.dtype}: only float32 inputs have gradients (close over int32 tensors inside f instead)`);
  });
  return { names, tensors, shapes: tensors.map((t) => [...t.shape]) };
}

type Structured = Record<string, Leaf>;

function toStructured(names: string[], shapes: number[][], values: ArrayLike<unknown>[]): Structured {
  const out: Structured = {};
  names.forEach((n, i) => (out[n] = { data: Float64Array.from(values[i] as ArrayLike<number>), shape: shapes[i] }));
  return out;
}

/** Fresh float32 tensors holding p's values, one per input (created inside the caller's tidy). */
function makeTensors(tf: Tf, p: Structured, names: string[], shapes: number[][]): TfTensor[] {
  return names.map((n, i) => tf.tensor(Float32Array.from(p[n].data), shapes[i], "float32"));
}

function withDefaults<T extends TfCheckOptions>(o: T): T {
  return { ...o, rtol: o.rtol ?? o.tolerance ?? TFJS_RTOL, tolerance: undefined };
}

function upstream(count: number, given: ArrayLike<number> | undefined, seed: number): Float64Array {
  if (given !== undefined) {
    if (given.length !== count) throw new GradCheckError(`dy has ${given.length} entries but f's output has ${count}`);
    return Float64Array.from(given, (v) => Math.fround(v));
  }
  if (count === 1) return Float64Array.of(1);
  const rand = seededRandom(seed);
  return Float64Array.from({ length: count }, () => Math.fround(gaussian(rand)));
}

function dot(dy: Float64Array, y: ArrayLike<unknown>, where: string): number {
  if (y.length !== dy.length) throw new GradCheckError(`f's output has ${y.length} entries ${where}, but ${dy.length} at x: the output's shape must not depend on x`);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += dy[i] * (y[i] as number);
  return s;
}

/** The sync and async forms share this: read(t) is dataSync or await data(). */
function gradParts(given: TfNamespace, options: TfGradCheckOptions) {
  const tf = checkTf(given);
  if (typeof options.f !== "function") throw new GradCheckError("f must be a function of tensors returning a tensor");
  const { names, shapes, tensors } = planInputs(options.x);
  const x0 = tensors.map((t) => t.dataSync());
  const outShape = tf.tidy(() => {
    const y = options.f(...(tensors as never[]));
    if (!isTensor(y)) throw new GradCheckError("f must return a tfjs tensor");
    return [...y.shape];
  });
  const count = outShape.reduce((a, b) => a * b, 1);
  const dy = upstream(count, options.dy, options.seed ?? 1);
  const w = toStructured(names, shapes, x0);
  const forward = (p: Structured) => tf.tidy(() => options.f(...(makeTensors(tf, p, names, shapes) as never[])));
  const backward = (p: Structured) =>
    tf.tidy(() => {
      const xs = makeTensors(tf, p, names, shapes);
      const dyShaped = tf.tensor(Float32Array.from(dy), outShape, "float32");
      const gs = options.vjp ? options.vjp(xs, dyShaped) : tf.grads(options.f)(xs, dyShaped);
      if (!Array.isArray(gs) || gs.length !== xs.length) throw new GradCheckError(`the gradient has ${Array.isArray(gs) ? gs.length : "no"} tensors but there are ${xs.length} inputs`);
      return gs;
    });
  return { names, shapes, w, dy, forward, backward };
}

function gradientRecord(names: string[], shapes: number[][], gs: TfTensor[], values: ArrayLike<unknown>[]): Structured {
  gs.forEach((g, i) => {
    if (!isTensor(g)) throw new GradCheckError(`the gradient of ${names[i]} is not a tensor`);
    if (g.shape.join(",") !== shapes[i].join(",")) throw new GradCheckError(`the gradient of ${names[i]} has shape [${g.shape}] but ${names[i]} has [${shapes[i]}]`);
  });
  return toStructured(names, shapes, values);
}

function disposeAll(ts: TfTensor[]): void {
  for (const t of ts) t.dispose();
}

/** Makes tensors, reads their values (dataSync) into `read`, and disposes them, whatever happens. */
function withValues<R>(make: () => TfTensor[], read: (values: ArrayLike<unknown>[], ts: TfTensor[]) => R): R {
  const ts = make();
  try {
    return read(ts.map((t) => t.dataSync()), ts);
  } finally {
    disposeAll(ts);
  }
}

/** withValues reading with `await data()`. */
async function withValuesAsync<R>(make: () => TfTensor[], read: (values: ArrayLike<unknown>[], ts: TfTensor[]) => R): Promise<R> {
  const ts = make();
  try {
    return read(await Promise.all(ts.map((t) => t.data())), ts);
  } finally {
    disposeAll(ts);
  }
}

/**
 * Checks the gradient of a tfjs function of tensors: tf.grads(f) (for a tf.customGrad op, its
 * own gradient) or your `vjp`, against central differences of Σ dy ⊙ f(x). Default rtol 1e-3 (float32).
 * @example
 *   const swish = tf.customGrad((x, save) => { save([x]); return { value: x.mul(x.sigmoid()), gradFunc: (dy, [x]) => ... }; });
 *   const report = tfGradCheck(tf, { f: (x) => swish(x), x: tf.tensor1d([-1, 0.5, 2]) });
 *   report.status; // "passed"
 */
export function tfGradCheck(tf: TfNamespace, options: TfGradCheckOptions): GradCheckReport {
  const { names, shapes, w, dy, forward, backward } = gradParts(tf, options);
  const { f: _f, x: _x, vjp: _v, dy: _d, ...rest } = options;
  return gradCheck<Structured>({
    ...withDefaults(rest),
    w,
    f: (p) => withValues(() => [forward(p)], ([y]) => dot(dy, y, "at a perturbed point")),
    gradient: (p) => withValues(() => backward(p), (values, gs) => gradientRecord(names, shapes, gs, values)),
  });
}

/**
 * tfGradCheck reading values with `await data()`, for backends whose dataSync blocks or is missing.
 * @example
 *   const report = await tfGradCheckAsync(tf, { f: (x) => tf.tanh(x), x: tf.tensor1d([0.3, -1]), signal });
 */
export async function tfGradCheckAsync(tf: TfNamespace, options: TfGradCheckOptions & AsyncControl): Promise<GradCheckReport> {
  const { names, shapes, w, dy, forward, backward } = gradParts(tf, options);
  const { f: _f, x: _x, vjp: _v, dy: _d, ...rest } = options;
  return gradCheckAsync<Structured>({
    ...withDefaults(rest),
    w,
    f: (p) => withValuesAsync(() => [forward(p)], ([y]) => dot(dy, y, "at a perturbed point")),
    gradient: (p: Structured) => withValuesAsync(() => backward(p), (values, gs) => gradientRecord(names, shapes, gs, values)),
  });
}

function variableName(v: TfVariable, i: number, seen: Set<string>): string {
  let name = typeof v.name === "string" && v.name !== "" ? v.name : `variable${i}`;
  if (seen.has(name)) name = `${name}#${i}`;
  seen.add(name);
  return name;
}

function variablesParts(given: TfNamespace, options: TfVariablesCheckOptions) {
  const tf = checkTf(given);
  if (typeof options.loss !== "function") throw new GradCheckError("loss must be a function of no arguments returning a scalar tensor");
  let vars: TfVariable[];
  if (options.variables === undefined) {
    const { grads } = tf.variableGrads(options.loss as () => never);
    const keys = Object.keys(grads);
    disposeAll(keys.map((k) => grads[k]));
    const registry = (tf as unknown as { engine?: () => { registeredVariables: Record<string, TfVariable> } }).engine?.().registeredVariables;
    if (!registry) throw new GradCheckError("pass variables: this tf namespace does not expose its registered variables");
    vars = keys.map((k) => registry[k]);
  } else {
    vars = options.variables.map((v, i) => {
      const u = typeof (v as { read?: unknown }).read === "function" && !isTensor(v) ? (v as { read(): TfVariable }).read() : (v as TfVariable);
      if (!isTensor(u) || typeof (u as TfVariable).assign !== "function") throw new GradCheckError(`variables[${i}] is not a tf.Variable (or a layer weight with read())`);
      return u;
    });
  }
  if (vars.length === 0) throw new GradCheckError("there are no variables to check");
  vars.forEach((v) => {
    if (v.dtype !== "float32") throw new GradCheckError(`variable ${v.name} has dtype ${v.dtype}: only float32 variables have gradients`);
  });
  const seen = new Set<string>();
  const names = vars.map((v, i) => variableName(v, i, seen));
  const shapes = vars.map((v) => [...v.shape]);
  const original = vars.map((v) => Float32Array.from(v.dataSync() as ArrayLike<number>));
  const w = toStructured(names, shapes, original);
  const set = (p: Structured) => tf.tidy(() => makeTensors(tf, p, names, shapes).forEach((t, i) => vars[i].assign(t)));
  const restore = () => tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(original[i], shapes[i], "float32"))));
  const value = (p: Structured) => {
    set(p);
    return tf.tidy(() => {
      const y = options.loss();
      if (!isTensor(y) || y.shape.reduce((a, b) => a * b, 1) !== 1) throw new GradCheckError("loss must return a scalar tensor (one value)");
      return y;
    });
  };
  const backward = (p: Structured) => {
    set(p);
    if (options.gradient) return tf.tidy(() => options.gradient!(vars));
    const { value: v, grads } = tf.variableGrads(options.loss as () => never, vars as never[]);
    v.dispose();
    return vars.map((u) => grads[u.name]);
  };
  return { names, shapes, w, value, backward, restore };
}

/**
 * Checks tf.variableGrads of a loss of tf.Variables (a model's trainable weights), entries named
 * by variable and index (`dense/kernel[2,0]`). The variables get their values back at the end.
 * @example
 *   const W = tf.variable(tf.randomNormal([3, 2]), true, "W");
 *   const report = tfVariablesCheck(tf, { loss: () => tf.sum(tf.square(tf.matMul(X, W))), variables: [W] });
 *   report.entries[0].name; // "W[0,0]"
 */
export function tfVariablesCheck(tf: TfNamespace, options: TfVariablesCheckOptions): GradCheckReport {
  const { names, shapes, w, value, backward, restore } = variablesParts(tf, options);
  const { loss: _l, variables: _v, gradient: _g, ...rest } = options;
  try {
    return gradCheck<Structured>({
      ...withDefaults(rest),
      w,
      f: (p) => withValues(() => [value(p)], ([y]) => y[0] as number),
      gradient: (p) => withValues(() => backward(p), (values, gs) => gradientRecord(names, shapes, gs, values)),
    });
  } finally {
    restore();
  }
}

/**
 * tfVariablesCheck reading values with `await data()`.
 * @example
 *   const report = await tfVariablesCheckAsync(tf, { loss: () => model.loss(), variables: model.trainableWeights });
 */
export async function tfVariablesCheckAsync(tf: TfNamespace, options: TfVariablesCheckOptions & AsyncControl): Promise<GradCheckReport> {
  const { names, shapes, w, value, backward, restore } = variablesParts(tf, options);
  const { loss: _l, variables: _v, gradient: _g, ...rest } = options;
  try {
    return await gradCheckAsync<Structured>({
      ...withDefaults(rest),
      w,
      f: (p) => withValuesAsync(() => [value(p)], ([y]) => y[0] as number),
      gradient: (p: Structured) => withValuesAsync(() => backward(p), (values, gs) => gradientRecord(names, shapes, gs, values)),
    });
  } finally {
    restore();
  }
}
