/**
 * The rows of the TensorFlow.js gradient sweep (bench/tfjs-sweep.ts): each differentiable
 * tfjs-core op the CPU backend has, with a few shapes and options, one row per input.
 * A row's op is scalarized as Σ dy ⊙ op(x) with a seeded dy. Each row carries an
 * independent float64 truth for the gradient, by one of three methods:
 *   - "formula": the derivative in closed form, in float64 (elementwise ops);
 *   - "float64": a float64 reimplementation of the forward op, differentiated by
 *     Richardson-extrapolated central differences in float64 (error about 1e-10);
 *   - "affine": the op is affine in the checked input (others fixed), so its Jacobian's
 *     column i is f(e_i) − f(0), read from tfjs's forward kernel, not its gradient kernel.
 * tests/tfjs.test.ts uses the same rows.
 */
import type * as TF from "@tensorflow/tfjs-core";
import { gaussian, seededRandom } from "../lib/check/random";

type Tf = typeof TF;
export type Method = "formula" | "float64" | "affine";

export interface OpRow {
  /** "op case input", e.g. "conv2d same stride2 x". */
  id: string;
  op: string;
  kind: string;
  /** The inputs' values and shapes; `wrt` is the index of the one checked. */
  inputs: { values: Float64Array; shape: number[]; dtype?: "float32" | "int32" }[];
  wrt: number;
  /** The op applied to all inputs (tensors in the same order). */
  apply: (tf: Tf, xs: TF.Tensor[]) => TF.Tensor;
  method: Method;
  /** For "formula": d op / d x at x (elementwise). For "float64": the forward op in float64. */
  derivative?: (x: number) => number;
  ref?: (xs: Float64Array[]) => Float64Array;
  /**
   * A second, independent truth, for the rows whose tfjs gradient the sweep finds wrong: a float64
   * reimplementation of the forward op (checked against tfjs's forward values, then differentiated
   * like "float64"), or the gradient in closed form.
   */
  confirm?: { ref?: (xs: Float64Array[]) => Float64Array; gradient?: (xs: Float64Array[], dy: Float64Array) => Float64Array };
}

const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Seeded values in [lo, hi], float32-representable, kept `gap` away from each of `avoid` (kinks, jumps). */
export function values(n: number, seed: number, lo = -2, hi = 2, avoid: (x: number) => boolean = () => false): Float64Array {
  const rand = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    do v = Math.fround(lo + (hi - lo) * rand());
    while (avoid(v));
    out[i] = v;
  }
  return out;
}

const nearInteger = (x: number, gap = 0.05) => Math.abs(x - Math.round(x)) < gap;
const nearZero = (x: number, gap = 0.05) => Math.abs(x) < gap;
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Unary elementwise ops: name, tf call, derivative, domain and points to keep away from. */
const UNARY: Array<[string, (tf: Tf, x: TF.Tensor) => TF.Tensor, (x: number) => number, [number, number], ((x: number) => boolean)?]> = [
  ["abs", (tf, x) => tf.abs(x), (x) => Math.sign(x), [-2, 2], nearZero],
  ["acos", (tf, x) => tf.acos(x), (x) => -1 / Math.sqrt(1 - x * x), [-0.9, 0.9]],
  ["acosh", (tf, x) => tf.acosh(x), (x) => 1 / Math.sqrt(x * x - 1), [1.2, 3]],
  ["asin", (tf, x) => tf.asin(x), (x) => 1 / Math.sqrt(1 - x * x), [-0.9, 0.9]],
  ["asinh", (tf, x) => tf.asinh(x), (x) => 1 / Math.sqrt(x * x + 1), [-2, 2]],
  ["atan", (tf, x) => tf.atan(x), (x) => 1 / (1 + x * x), [-2, 2]],
  ["atanh", (tf, x) => tf.atanh(x), (x) => 1 / (1 - x * x), [-0.9, 0.9]],
  ["ceil", (tf, x) => tf.ceil(x), () => 0, [-2, 2], (x) => nearInteger(x)],
  ["clipByValue", (tf, x) => tf.clipByValue(x, -0.5, 0.8), (x) => (x > -0.5 && x < 0.8 ? 1 : 0), [-2, 2], (x) => Math.abs(x + 0.5) < 0.05 || Math.abs(x - 0.8) < 0.05],
  ["cos", (tf, x) => tf.cos(x), (x) => -Math.sin(x), [-3, 3]],
  ["cosh", (tf, x) => tf.cosh(x), (x) => Math.sinh(x), [-2, 2]],
  ["elu", (tf, x) => tf.elu(x), (x) => (x > 0 ? 1 : Math.exp(x)), [-2, 2], nearZero],
  ["erf", (tf, x) => tf.erf(x), (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x), [-2, 2]],
  ["exp", (tf, x) => tf.exp(x), (x) => Math.exp(x), [-2, 2]],
  ["expm1", (tf, x) => tf.expm1(x), (x) => Math.exp(x), [-2, 2]],
  ["floor", (tf, x) => tf.floor(x), () => 0, [-2, 2], (x) => nearInteger(x)],
  ["leakyRelu", (tf, x) => tf.leakyRelu(x, 0.2), (x) => (x > 0 ? 1 : 0.2), [-2, 2], nearZero],
  ["log", (tf, x) => tf.log(x), (x) => 1 / x, [0.2, 3]],
  ["log1p", (tf, x) => tf.log1p(x), (x) => 1 / (1 + x), [-0.8, 2]],
  ["logSigmoid", (tf, x) => tf.logSigmoid(x), (x) => sigmoid(-x), [-3, 3]],
  ["neg", (tf, x) => tf.neg(x), () => -1, [-2, 2]],
  ["reciprocal", (tf, x) => tf.reciprocal(x), (x) => -1 / (x * x), [0.3, 2]],
  ["relu", (tf, x) => tf.relu(x), (x) => (x > 0 ? 1 : 0), [-2, 2], nearZero],
  ["relu6", (tf, x) => tf.relu6(x), (x) => (x > 0 && x < 6 ? 1 : 0), [-2, 8], (x) => nearZero(x) || Math.abs(x - 6) < 0.05],
  ["round", (tf, x) => tf.round(x), () => 0, [-2, 2], (x) => nearInteger(x - 0.5)],
  ["rsqrt", (tf, x) => tf.rsqrt(x), (x) => -0.5 * x ** -1.5, [0.3, 3]],
  ["selu", (tf, x) => tf.selu(x), (x) => (x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x)), [-2, 2], nearZero],
  ["sigmoid", (tf, x) => tf.sigmoid(x), (x) => sigmoid(x) * (1 - sigmoid(x)), [-3, 3]],
  ["sign", (tf, x) => tf.sign(x), () => 0, [-2, 2], nearZero],
  ["sin", (tf, x) => tf.sin(x), (x) => Math.cos(x), [-3, 3]],
  ["sinh", (tf, x) => tf.sinh(x), (x) => Math.cosh(x), [-2, 2]],
  ["softplus", (tf, x) => tf.softplus(x), (x) => sigmoid(x), [-3, 3]],
  ["sqrt", (tf, x) => tf.sqrt(x), (x) => 0.5 / Math.sqrt(x), [0.2, 3]],
  ["square", (tf, x) => tf.square(x), (x) => 2 * x, [-2, 2]],
  ["step", (tf, x) => tf.step(x), () => 0, [-2, 2], nearZero],
  ["tan", (tf, x) => tf.tan(x), (x) => 1 / Math.cos(x) ** 2, [-1.2, 1.2]],
  ["tanh", (tf, x) => tf.tanh(x), (x) => 1 - Math.tanh(x) ** 2, [-2, 2]],
];

/** Row-major broadcasting of float64 arrays (numpy's rules), for the binary refs. */
function broadcast2(a: Float64Array, as: number[], b: Float64Array, bs: number[], op: (x: number, y: number) => number): Float64Array {
  const rank = Math.max(as.length, bs.length);
  const pa = [...new Array(rank - as.length).fill(1), ...as];
  const pb = [...new Array(rank - bs.length).fill(1), ...bs];
  const out = pa.map((d, i) => Math.max(d, pb[i]));
  const n = size(out);
  const r = new Float64Array(n);
  const idx = new Array(rank).fill(0);
  for (let k = 0; k < n; k++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      ia = ia * pa[d] + (pa[d] === 1 ? 0 : idx[d]);
      ib = ib * pb[d] + (pb[d] === 1 ? 0 : idx[d]);
    }
    r[k] = op(a[ia], b[ib]);
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < out[d]) break;
      idx[d] = 0;
    }
  }
  return r;
}

const BINARY: Array<[string, (tf: Tf, a: TF.Tensor, b: TF.Tensor) => TF.Tensor, (x: number, y: number) => number, [number, number], [number, number]]> = [
  ["add", (tf, a, b) => tf.add(a, b), (x, y) => x + y, [-2, 2], [-2, 2]],
  ["sub", (tf, a, b) => tf.sub(a, b), (x, y) => x - y, [-2, 2], [-2, 2]],
  ["mul", (tf, a, b) => tf.mul(a, b), (x, y) => x * y, [-2, 2], [-2, 2]],
  ["div", (tf, a, b) => tf.div(a, b), (x, y) => x / y, [-2, 2], [0.5, 2]],
  ["divNoNan", (tf, a, b) => tf.divNoNan(a, b), (x, y) => x / y, [-2, 2], [0.5, 2]],
  ["pow", (tf, a, b) => tf.pow(a, b), (x, y) => x ** y, [0.3, 2], [-1.5, 2]],
  ["maximum", (tf, a, b) => tf.maximum(a, b), Math.max, [-2, 2], [-2, 2]],
  ["minimum", (tf, a, b) => tf.minimum(a, b), Math.min, [-2, 2], [-2, 2]],
  ["squaredDifference", (tf, a, b) => tf.squaredDifference(a, b), (x, y) => (x - y) ** 2, [-2, 2], [-2, 2]],
  ["atan2", (tf, a, b) => tf.atan2(a, b), Math.atan2, [-2, 2], [0.3, 2]],
  ["mod", (tf, a, b) => tf.mod(a, b), (x, y) => x - y * Math.floor(x / y), [0.1, 3], [0.7, 1.3]],
  ["prelu", (tf, a, b) => tf.prelu(a, b), (x, al) => (x > 0 ? x : al * x), [-2, 2], [0.05, 0.5]],
];

const BINARY_SHAPES: Array<[string, number[], number[]]> = [
  ["same [2,3]", [2, 3], [2, 3]],
  ["broadcast [2,3]+[3]", [2, 3], [3]],
  ["broadcast [2,1]+[1,3]", [2, 1], [1, 3]],
  ["scalar [2,3]+[]", [2, 3], []],
];

/** Along `axis` of a 2-D [r, c] array (null: all), reduce each line with `fn`; keepDims changes nothing in values. */
function reduce2(x: Float64Array, [r, c]: number[], axis: number | null, fn: (line: number[]) => number): Float64Array {
  if (axis === null) return Float64Array.of(fn(Array.from(x)));
  if (axis === 0) return Float64Array.from({ length: c }, (_, j) => fn(Array.from({ length: r }, (_, i) => x[i * c + j])));
  return Float64Array.from({ length: r }, (_, i) => fn(Array.from({ length: c }, (_, j) => x[i * c + j])));
}

/** Along the last axis of [r, c], map each row to a row. */
function rows(x: Float64Array, [r, c]: number[], fn: (row: number[]) => number[]): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) out.set(fn(Array.from(x.subarray(i * c, (i + 1) * c))), i * c);
  return out;
}

const sum = (l: number[]) => l.reduce((a, b) => a + b, 0);
const lse = (l: number[]) => {
  const m = Math.max(...l);
  return m + Math.log(sum(l.map((v) => Math.exp(v - m))));
};

const REDUCTIONS: Array<[string, (tf: Tf, x: TF.Tensor, axis: number | null, keep: boolean) => TF.Tensor, (l: number[]) => number]> = [
  ["sum", (tf, x, a, k) => tf.sum(x, a ?? undefined, k), sum],
  ["mean", (tf, x, a, k) => tf.mean(x, a ?? undefined, k), (l) => sum(l) / l.length],
  ["max", (tf, x, a, k) => tf.max(x, a ?? undefined, k), (l) => Math.max(...l)],
  ["min", (tf, x, a, k) => tf.min(x, a ?? undefined, k), (l) => Math.min(...l)],
  ["prod", (tf, x, a, k) => tf.prod(x, a ?? undefined, k), (l) => l.reduce((p, v) => p * v, 1)],
  ["logSumExp", (tf, x, a, k) => tf.logSumExp(x, a ?? undefined, k), lse],
  ["norm euclidean", (tf, x, a, k) => tf.norm(x, "euclidean", a ?? undefined, k), (l) => Math.sqrt(sum(l.map((v) => v * v)))],
  ["norm 1", (tf, x, a, k) => tf.norm(x, 1, a ?? undefined, k), (l) => sum(l.map(Math.abs))],
  ["norm inf", (tf, x, a, k) => tf.norm(x, Infinity, a ?? undefined, k), (l) => Math.max(...l.map(Math.abs))],
];

/** avgPool 3×3, stride 1, "same" on a [1, h, w, 1] image: each window's mean over the cells inside the image. */
function avgPoolSame3(x: Float64Array, h: number, w: number): Float64Array {
  const out = new Float64Array(h * w);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++) {
      let s = 0;
      let c = 0;
      for (let u = i - 1; u <= i + 1; u++) for (let v = j - 1; v <= j + 1; v++) if (u >= 0 && u < h && v >= 0 && v < w) (s += x[u * w + v]), c++;
      out[i * w + j] = s / c;
    }
  return out;
}

/** mirrorPad of a 2-D array: reflect (edge not repeated) or symmetric (edge repeated). */
function mirrorPad2(x: Float64Array, [r, c]: number[], pads: number[][], mode: "reflect" | "symmetric"): Float64Array {
  const src = (o: number, before: number, n: number) => {
    const i = o - before;
    if (i < 0) return mode === "reflect" ? -i : -i - 1;
    if (i >= n) return mode === "reflect" ? 2 * (n - 1) - i : 2 * n - 1 - i;
    return i;
  };
  const R = r + pads[0][0] + pads[0][1];
  const C = c + pads[1][0] + pads[1][1];
  const out = new Float64Array(R * C);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) out[i * C + j] = x[src(i, pads[0][0], r) * c + src(j, pads[1][0], c)];
  return out;
}

/** Resizing a [1, n, n, 1] image to [1, m, m, 1] with half-pixel centers (TensorFlow's rule). */
function resizeHalfPixel(x: Float64Array, n: number, m: number, mode: "bilinear" | "nearest"): Float64Array {
  const scale = n / m;
  const out = new Float64Array(m * m);
  const taps = (d: number): Array<[number, number]> => {
    if (mode === "nearest") return [[Math.min(Math.floor((d + 0.5) * scale), n - 1), 1]];
    const s = Math.max(0, (d + 0.5) * scale - 0.5);
    const lo = Math.min(Math.floor(s), n - 1);
    const hi = Math.min(lo + 1, n - 1);
    const t = s - Math.floor(s);
    return [[lo, 1 - t], [hi, t]];
  };
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (const [u, a] of taps(i)) for (const [v, b] of taps(j)) s += a * b * x[u * n + v];
      out[i * m + j] = s;
    }
  return out;
}

function input(values: Float64Array, shape: number[], dtype: "float32" | "int32" = "float32") {
  return { values, shape, dtype };
}

/** Every row of the sweep, built deterministically. */
export function buildRows(): OpRow[] {
  const out: OpRow[] = [];
  let seed = 100;
  const next = () => seed++;

  for (const [name, call, d, [lo, hi], avoid] of UNARY) {
    for (const shape of [[5], [2, 3]]) {
      out.push({ id: `${name} [${shape}] x`, op: name, kind: "unary", inputs: [input(values(size(shape), next(), lo, hi, avoid), shape)], wrt: 0, apply: (tf, [x]) => call(tf, x), method: "formula", derivative: d });
    }
  }

  for (const [name, call, fn, ra, rb] of BINARY) {
    for (const [label, sa, sb] of BINARY_SHAPES) {
      // mod: keep a/b away from integers (its jumps); maximum/minimum: keep a away from b.
      let a = values(size(sa), next(), ...ra);
      let b = values(size(sb), next(), ...rb);
      if (name === "mod" || name === "maximum" || name === "minimum") {
        for (let tries = 0; tries < 50; tries++) {
          const bad = broadcast2(a, sa, b, sb, (x, y) => (name === "mod" ? (nearInteger(x / y, 0.08) ? 1 : 0) : Math.abs(x - y) < 0.08 ? 1 : 0)).some((v) => v === 1);
          if (!bad) break;
          a = values(size(sa), next(), ...ra);
          b = values(size(sb), next(), ...rb);
        }
      }
      for (const wrt of [0, 1]) {
        out.push({
          id: `${name} ${label} ${wrt === 0 ? "a" : "b"}`,
          op: name,
          kind: "binary",
          inputs: [input(a, sa), input(b, sb)],
          wrt,
          apply: (tf, [x, y]) => call(tf, x, y),
          method: "float64",
          ref: ([x, y]) => broadcast2(x, sa, y, sb, fn),
        });
      }
    }
  }

  for (const [name, call, fn] of REDUCTIONS) {
    for (const [axis, keep] of [[null, false], [0, false], [1, true]] as const) {
      const shape = [3, 4];
      const v = name === "prod" ? values(12, next(), 0.5, 1.5) : values(12, next(), -2, 2, (x) => name.startsWith("norm") && nearZero(x));
      out.push({
        id: `${name} axis=${axis}${keep ? " keepDims" : ""} x`,
        op: name,
        kind: "reduction",
        inputs: [input(v, shape)],
        wrt: 0,
        apply: (tf, [x]) => call(tf, x, axis, keep),
        method: "float64",
        ref: ([x]) => reduce2(x, shape, axis, fn),
      });
    }
  }

  for (const [name, call, fn] of [
    ["softmax", (tf: Tf, x: TF.Tensor) => tf.softmax(x), (r: number[]) => r.map((v) => Math.exp(v - lse(r)))],
    ["logSoftmax", (tf: Tf, x: TF.Tensor) => tf.logSoftmax(x), (r: number[]) => r.map((v) => v - lse(r))],
  ] as const) {
    for (const [shape, scale] of [[[2, 4], 2], [[3, 5], 6]] as const) {
      out.push({
        id: `${name} [${shape}]${scale > 2 ? " saturated" : ""} x`,
        op: name,
        kind: "softmax",
        inputs: [input(values(size([...shape]), next(), -scale, scale), [...shape])],
        wrt: 0,
        apply: (tf, [x]) => call(tf, x),
        method: "float64",
        ref: ([x]) => rows(x, [...shape], (r) => [...fn(r)]),
      });
    }
  }

  // Ops affine in each input (others fixed): the truth comes from tfjs's forward kernel.
  const affine = (op: string, kind: string, label: string, shapes: number[][], apply: OpRow["apply"], wrts = shapes.map((_, i) => i), extra: OpRow["inputs"] = []) => {
    const inputs = [...shapes.map((s) => input(values(size(s), next(), -1.5, 1.5), s)), ...extra];
    for (const wrt of wrts) out.push({ id: `${op} ${label} ${["x", "y", "z", "w"][wrt] ?? wrt}`, op, kind, inputs, wrt, apply, method: "affine" });
  };
  affine("matMul", "matMul", "[2,3]x[3,4]", [[2, 3], [3, 4]], (tf, [a, b]) => tf.matMul(a, b));
  affine("matMul", "matMul", "transposeA [3,2]x[3,4]", [[3, 2], [3, 4]], (tf, [a, b]) => tf.matMul(a, b, true, false));
  affine("matMul", "matMul", "transposeB [2,3]x[4,3]", [[2, 3], [4, 3]], (tf, [a, b]) => tf.matMul(a, b, false, true));
  affine("matMul", "matMul", "batched [2,2,3]x[2,3,2]", [[2, 2, 3], [2, 3, 2]], (tf, [a, b]) => tf.matMul(a, b));
  affine("dot", "matMul", "[3]·[3,2]", [[3], [3, 2]], (tf, [a, b]) => tf.dot(a, b));
  affine("outerProduct", "matMul", "[3]x[2]", [[3], [2]], (tf, [a, b]) => tf.outerProduct(a as TF.Tensor1D, b as TF.Tensor1D));
  affine("einsum", "matMul", "ij,jk->ik", [[2, 3], [3, 2]], (tf, [a, b]) => tf.einsum("ij,jk->ik", a, b));
  affine("conv1d", "conv", "valid stride1", [[1, 6, 2], [3, 2, 2]], (tf, [x, f]) => tf.conv1d(x as TF.Tensor3D, f as TF.Tensor3D, 1, "valid"));
  affine("conv1d", "conv", "same stride2", [[1, 7, 2], [3, 2, 1]], (tf, [x, f]) => tf.conv1d(x as TF.Tensor3D, f as TF.Tensor3D, 2, "same"));
  affine("conv2d", "conv", "valid stride1", [[1, 4, 4, 2], [2, 2, 2, 2]], (tf, [x, f]) => tf.conv2d(x as TF.Tensor4D, f as TF.Tensor4D, 1, "valid"));
  affine("conv2d", "conv", "same stride2", [[1, 5, 5, 1], [3, 3, 1, 2]], (tf, [x, f]) => tf.conv2d(x as TF.Tensor4D, f as TF.Tensor4D, 2, "same"));
  affine("conv2d", "conv", "valid dilation2", [[1, 5, 5, 1], [2, 2, 1, 1]], (tf, [x, f]) => tf.conv2d(x as TF.Tensor4D, f as TF.Tensor4D, 1, "valid", "NHWC", 2));
  affine("conv2d", "conv", "explicit pad", [[1, 3, 3, 1], [2, 2, 1, 1]], (tf, [x, f]) => tf.conv2d(x as TF.Tensor4D, f as TF.Tensor4D, 1, [[0, 0], [1, 0], [0, 1], [0, 0]]));
  affine("depthwiseConv2d", "conv", "valid", [[1, 4, 4, 2], [2, 2, 2, 1]], (tf, [x, f]) => tf.depthwiseConv2d(x as TF.Tensor4D, f as TF.Tensor4D, 1, "valid"));
  affine("depthwiseConv2d", "conv", "same stride2 multiplier2", [[1, 5, 5, 1], [3, 3, 1, 2]], (tf, [x, f]) => tf.depthwiseConv2d(x as TF.Tensor4D, f as TF.Tensor4D, 2, "same"));
  affine("conv2dTranspose", "conv", "same stride2", [[1, 3, 3, 2], [3, 3, 1, 2]], (tf, [x, f]) => tf.conv2dTranspose(x as TF.Tensor4D, f as TF.Tensor4D, [1, 6, 6, 1], 2, "same"));
  affine("conv3d", "conv", "valid", [[1, 3, 3, 3, 1], [2, 2, 2, 1, 1]], (tf, [x, f]) => tf.conv3d(x as TF.Tensor5D, f as TF.Tensor5D, 1, "valid"));
  affine("separableConv2d", "conv", "valid", [[1, 4, 4, 1], [2, 2, 1, 1], [1, 1, 1, 2]], (tf, [x, d, p]) => tf.separableConv2d(x as TF.Tensor4D, d as TF.Tensor4D, p as TF.Tensor4D, 1, "valid"));
  affine("avgPool", "pooling", "2x2 stride2", [[1, 4, 4, 2]], (tf, [x]) => tf.avgPool(x as TF.Tensor4D, 2, 2, "valid"));
  affine("avgPool", "pooling", "3x3 stride1 same", [[1, 4, 4, 1]], (tf, [x]) => tf.avgPool(x as TF.Tensor4D, 3, 1, "same"));
  affine("avgPool3d", "pooling", "2 stride1", [[1, 3, 3, 3, 1]], (tf, [x]) => tf.avgPool3d(x as TF.Tensor5D, 2, 1, "valid"));
  affine("pad", "pad/slice", "[[1,0],[2,1]]", [[2, 3]], (tf, [x]) => tf.pad(x, [[1, 0], [2, 1]], 0.5));
  affine("mirrorPad", "pad/slice", "reflect", [[3, 3]], (tf, [x]) => tf.mirrorPad(x, [[1, 1], [2, 1]], "reflect"));
  affine("mirrorPad", "pad/slice", "symmetric", [[3, 3]], (tf, [x]) => tf.mirrorPad(x, [[1, 1], [2, 1]], "symmetric"));
  affine("slice", "pad/slice", "[1,1] size [2,2]", [[3, 4]], (tf, [x]) => tf.slice(x, [1, 1], [2, 2]));
  affine("stridedSlice", "pad/slice", "stride 2", [[4, 5]], (tf, [x]) => tf.stridedSlice(x, [0, 1], [4, 5], [2, 2]));
  affine("stridedSlice", "pad/slice", "negative stride", [[4, 5]], (tf, [x]) => tf.stridedSlice(x, [3, 4], [0, 0], [-1, -2]));
  affine("gather", "gather", "axis0 repeated", [[4, 3]], (tf, [x]) => tf.gather(x, tf.tensor1d([2, 0, 2], "int32"), 0));
  affine("gather", "gather", "axis1", [[3, 4]], (tf, [x]) => tf.gather(x, tf.tensor1d([3, 1], "int32"), 1));
  affine("gatherND", "gather", "pairs", [[3, 4]], (tf, [x]) => tf.gatherND(x, tf.tensor2d([[0, 1], [2, 3], [0, 1]], [3, 2], "int32")));
  affine("concat", "pad/slice", "axis1", [[2, 2], [2, 3]], (tf, [a, b]) => tf.concat([a, b], 1));
  affine("stack", "pad/slice", "axis0", [[3], [3]], (tf, [a, b]) => tf.stack([a, b], 0));
  affine("tile", "pad/slice", "[2,3]", [[2, 2]], (tf, [x]) => tf.tile(x, [2, 3]));
  affine("transpose", "pad/slice", "perm [1,0,2]", [[2, 3, 2]], (tf, [x]) => tf.transpose(x, [1, 0, 2]));
  affine("reverse", "pad/slice", "axis1", [[2, 4]], (tf, [x]) => tf.reverse(x, 1));
  affine("broadcastTo", "pad/slice", "[3]->[2,3]", [[3]], (tf, [x]) => tf.broadcastTo(x, [2, 3]));
  affine("split", "pad/slice", "take second", [[2, 6]], (tf, [x]) => tf.split(x, 3, 1)[1]);
  affine("unstack", "pad/slice", "take last", [[3, 2]], (tf, [x]) => tf.unstack(x)[2]);
  affine("cumsum", "cumsum", "axis0", [[4, 2]], (tf, [x]) => tf.cumsum(x, 0));
  affine("cumsum", "cumsum", "exclusive reverse axis1", [[2, 4]], (tf, [x]) => tf.cumsum(x, 1, true, true));
  affine("resizeBilinear", "image", "2x up", [[1, 3, 3, 1]], (tf, [x]) => tf.image.resizeBilinear(x as TF.Tensor4D, [6, 6]));
  affine("resizeBilinear", "image", "alignCorners 5x5", [[1, 3, 3, 2]], (tf, [x]) => tf.image.resizeBilinear(x as TF.Tensor4D, [5, 5], true));
  affine("resizeBilinear", "image", "halfPixelCenters down", [[1, 5, 5, 1]], (tf, [x]) => tf.image.resizeBilinear(x as TF.Tensor4D, [3, 3], false, true));
  affine("resizeNearestNeighbor", "image", "2x up", [[1, 3, 3, 1]], (tf, [x]) => tf.image.resizeNearestNeighbor(x as TF.Tensor4D, [6, 6]));
  affine("resizeNearestNeighbor", "image", "alignCorners 5x5", [[1, 3, 3, 1]], (tf, [x]) => tf.image.resizeNearestNeighbor(x as TF.Tensor4D, [5, 5], true));
  affine("resizeNearestNeighbor", "image", "halfPixelCenters down", [[1, 5, 5, 1]], (tf, [x]) => tf.image.resizeNearestNeighbor(x as TF.Tensor4D, [3, 3], false, true));
  affine("where", "pad/slice", "mask", [[2, 3], [2, 3]], (tf, [a, b]) => tf.where(tf.tensor2d([[1, 0, 1], [0, 0, 1]], [2, 3], "bool"), a, b));
  affine("batchNorm", "batchNorm", "x,mean,offset (var, scale fixed)", [[2, 3], [3], [3]], (tf, [x, m, o]) => tf.batchNorm(x, m, tf.tensor1d([0.5, 1.2, 2]), o, tf.tensor1d([1.5, -0.7, 0.9]), 1e-3));

  // Second truths for the rows found wrong (bench/README.md, "TensorFlow.js's gradients").
  const confirm = (id: string, c: OpRow["confirm"]) => {
    const row = out.find((r) => r.id === id);
    if (!row) throw new Error(`no row ${id}`);
    row.confirm = c;
  };
  confirm("avgPool 3x3 stride1 same x", { ref: ([x]) => avgPoolSame3(x, 4, 4) });
  confirm("mirrorPad reflect x", { ref: ([x]) => mirrorPad2(x, [3, 3], [[1, 1], [2, 1]], "reflect") });
  confirm("mirrorPad symmetric x", { ref: ([x]) => mirrorPad2(x, [3, 3], [[1, 1], [2, 1]], "symmetric") });
  confirm("resizeBilinear halfPixelCenters down x", { ref: ([x]) => resizeHalfPixel(x, 5, 3, "bilinear") });
  confirm("resizeNearestNeighbor halfPixelCenters down x", { ref: ([x]) => resizeHalfPixel(x, 5, 3, "nearest") });

  // Nonlinear ops with float64 references.
  const nonlin = (op: string, kind: string, label: string, ins: OpRow["inputs"], apply: OpRow["apply"], ref: OpRow["ref"], wrts = ins.map((_, i) => i)) => {
    for (const wrt of wrts) out.push({ id: `${op} ${label} ${["x", "y", "z", "w", "v"][wrt]}`, op, kind, inputs: ins, wrt, apply, method: "float64", ref });
  };
  {
    // batchNorm w.r.t. variance and scale: (x − m)·s/√(v + ε) + o.
    const x = values(6, next(), -1.5, 1.5);
    const m = values(3, next(), -0.5, 0.5);
    const v = values(3, next(), 0.3, 2);
    const o = values(3, next(), -0.5, 0.5);
    const s = values(3, next(), 0.5, 1.5);
    nonlin("batchNorm", "batchNorm", "[2,3] eps1e-3", [input(x, [2, 3]), input(m, [3]), input(v, [3]), input(o, [3]), input(s, [3])], (tf, [a, b, c, d, e]) => tf.batchNorm(a, b, c, d, e, 1e-3), ([a, b, c, d, e]) =>
      Float64Array.from(a, (xv, k) => ((xv - b[k % 3]) * e[k % 3]) / Math.sqrt(c[k % 3] + 1e-3) + d[k % 3]),
    [2, 4]);
  }
  {
    // maxPool and maxPool3d: the window's max (inputs without ties).
    const x = values(16, next(), -2, 2);
    nonlin("maxPool", "pooling", "2x2 stride2", [input(x, [1, 4, 4, 1])], (tf, [a]) => tf.maxPool(a as TF.Tensor4D, 2, 2, "valid"), ([a]) => {
      const r = new Float64Array(4);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) r[i * 2 + j] = Math.max(a[(2 * i) * 4 + 2 * j], a[(2 * i) * 4 + 2 * j + 1], a[(2 * i + 1) * 4 + 2 * j], a[(2 * i + 1) * 4 + 2 * j + 1]);
      return r;
    });
    const y = values(16, next(), -2, 2);
    nonlin("maxPool", "pooling", "3x3 stride1 valid", [input(y, [1, 4, 4, 1])], (tf, [a]) => tf.maxPool(a as TF.Tensor4D, 3, 1, "valid"), ([a]) => {
      const r = new Float64Array(4);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
        let m = -Infinity;
        for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) m = Math.max(m, a[(i + u) * 4 + j + v]);
        r[i * 2 + j] = m;
      }
      return r;
    });
    const z = values(27, next(), -2, 2);
    nonlin("maxPool3d", "pooling", "2 stride1", [input(z, [1, 3, 3, 3, 1])], (tf, [a]) => tf.maxPool3d(a as TF.Tensor5D, 2, 1, "valid"), ([a]) => {
      const r = new Float64Array(8);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) {
        let m = -Infinity;
        for (let u = 0; u < 2; u++) for (let v = 0; v < 2; v++) for (let w = 0; w < 2; w++) m = Math.max(m, a[(i + u) * 9 + (j + v) * 3 + k + w]);
        r[i * 4 + j * 2 + k] = m;
      }
      return r;
    });
  }
  {
    // localResponseNormalization, depth radius 1: x / (bias + α·Σ_window x²)^β along the last axis.
    const x = values(8, next(), -1.5, 1.5);
    const [R, B, A, BETA] = [1, 1, 0.5, 0.75];
    nonlin("localResponseNormalization", "batchNorm", "radius1 [1,1,2,4]", [input(x, [1, 1, 2, 4])], (tf, [a]) => tf.localResponseNormalization(a as TF.Tensor4D, R, B, A, BETA), ([a]) =>
      Float64Array.from(a, (v, k) => {
        const row = Math.floor(k / 4) * 4;
        const c = k % 4;
        let s = 0;
        for (let d = Math.max(0, c - R); d <= Math.min(3, c + R); d++) s += a[row + d] ** 2;
        return v / (B + A * s) ** BETA;
      }));
  }
  {
    // Reductions with tfjs helpers: moments' variance.
    const x = values(6, next(), -2, 2);
    nonlin("moments", "reduction", "variance axis0", [input(x, [3, 2])], (tf, [a]) => tf.moments(a, 0).variance, ([a]) =>
      Float64Array.from([0, 1], (j) => {
        const col = [a[j], a[2 + j], a[4 + j]];
        const mu = sum(col) / 3;
        return sum(col.map((v) => (v - mu) ** 2)) / 3;
      }));
    nonlin("cumprod", "cumsum", "axis0", [input(values(6, next(), 0.5, 1.5), [3, 2])], (tf, [a]) => tf.cumprod(a, 0), ([a]) => {
      const r = Float64Array.from(a);
      for (let i = 1; i < 3; i++) for (let j = 0; j < 2; j++) r[i * 2 + j] = r[(i - 1) * 2 + j] * a[i * 2 + j];
      return r;
    });
  }
  {
    // Losses (default reduction: the mean over nonzero weights), labels fixed and predictions checked, and the reverse where labels are differentiable.
    const n = 6;
    const lab = values(n, next(), -1, 1);
    const pred = values(n, next(), -1, 1, (p) => lab.some((l) => Math.abs(l - p) < 0.05));
    const mean = (a: Float64Array) => Float64Array.of(sum(Array.from(a)) / a.length);
    nonlin("losses.meanSquaredError", "loss", "[2,3]", [input(lab, [2, 3]), input(pred, [2, 3])], (tf, [l, p]) => tf.losses.meanSquaredError(l, p), ([l, p]) => mean(Float64Array.from(l, (v, k) => (v - p[k]) ** 2)));
    nonlin("losses.absoluteDifference", "loss", "[2,3]", [input(lab, [2, 3]), input(pred, [2, 3])], (tf, [l, p]) => tf.losses.absoluteDifference(l, p), ([l, p]) => mean(Float64Array.from(l, (v, k) => Math.abs(v - p[k]))));
    const huber = (d: number, delta: number) => (Math.abs(d) <= delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta));
    nonlin("losses.huberLoss", "loss", "delta0.5", [input(lab, [2, 3]), input(pred, [2, 3])], (tf, [l, p]) => tf.losses.huberLoss(l, p, undefined, 0.5), ([l, p]) => mean(Float64Array.from(l, (v, k) => huber(p[k] - v, 0.5))));
    const pr = values(n, next(), 0.1, 0.9);
    const lb = values(n, next(), 0, 1);
    nonlin("losses.logLoss", "loss", "[2,3]", [input(lb, [2, 3]), input(pr, [2, 3])], (tf, [l, p]) => tf.losses.logLoss(l, p), ([l, p]) => mean(Float64Array.from(l, (v, k) => -v * Math.log(p[k] + 1e-7) - (1 - v) * Math.log(1 - p[k] + 1e-7))));
    const logits = values(n, next(), -2, 2);
    nonlin("losses.sigmoidCrossEntropy", "loss", "[2,3]", [input(lb, [2, 3]), input(logits, [2, 3])], (tf, [l, z]) => tf.losses.sigmoidCrossEntropy(l, z), ([l, z]) => mean(Float64Array.from(l, (v, k) => Math.max(z[k], 0) - z[k] * v + Math.log1p(Math.exp(-Math.abs(z[k]))))));
    const onehot = Float64Array.of(0, 1, 0, 0, 0, 1);
    const sce = ([l, z]: Float64Array[]) => {
      let s = 0;
      for (let i = 0; i < 2; i++) {
        const r = Array.from(z.subarray(3 * i, 3 * i + 3));
        for (let j = 0; j < 3; j++) s += -l[3 * i + j] * (r[j] - lse(r));
      }
      return Float64Array.of(s / 2);
    };
    nonlin("losses.softmaxCrossEntropy", "loss", "[2,3]", [input(onehot, [2, 3]), input(logits, [2, 3])], (tf, [l, z]) => tf.losses.softmaxCrossEntropy(l, z), sce, [1]);
    nonlin("losses.softmaxCrossEntropy", "loss", "soft labels [2,3]", [input(Float64Array.of(0.2, 0.5, 0.3, 0.1, 0.1, 0.8), [2, 3]), input(logits, [2, 3])], (tf, [l, z]) => tf.losses.softmaxCrossEntropy(l, z), sce);
    // By hand: ∂/∂l_ij of −(1/2) Σ l_ij·logsoftmax(z_i)_j is −logsoftmax(z_i)_j / 2.
    out[out.length - 2].confirm = { gradient: ([, z], dy) => rows(z, [2, 3], (r) => r.map((v) => (-dy[0] * (v - lse(r))) / 2)) };
    const pm = values(n, next(), -1, 1, (p) => Math.abs(Math.abs(p) - 1) < 0.05);
    const signs = Float64Array.of(1, 0, 1, 1, 0, 0);
    nonlin("losses.hingeLoss", "loss", "[2,3]", [input(signs, [2, 3]), input(pm, [2, 3])], (tf, [l, p]) => tf.losses.hingeLoss(l, p), ([l, p]) => mean(Float64Array.from(l, (v, k) => Math.max(0, 1 - (2 * v - 1) * p[k]))), [1]);
    nonlin("losses.cosineDistance", "loss", "axis1", [input(lab, [2, 3]), input(pred, [2, 3])], (tf, [l, p]) => tf.losses.cosineDistance(l, p, 1), ([l, p]) => Float64Array.of(sum([0, 1].map((i) => 1 - sum([0, 1, 2].map((j) => l[3 * i + j] * p[3 * i + j])))) / 2));
    nonlin("losses.computeWeightedLoss", "loss", "weights", [input(pred, [2, 3]), input(values(n, next(), 0.2, 1), [2, 3])], (tf, [a, w]) => tf.losses.computeWeightedLoss(a, w), ([a, w]) => Float64Array.of(sum(Array.from(a, (v, k) => v * w[k])) / n));
  }
  return out;
}

/** Float32-rounded Gaussian upstream gradient for a row's output, seeded by the row's index. */
export function upstreamFor(count: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  return Float64Array.from({ length: count }, () => Math.fround(gaussian(rand)));
}
