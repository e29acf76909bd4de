// A small fully connected network with hand-written forward and backward passes
// over Float64Array: ReLU or tanh hidden layers, MSE or softmax cross-entropy,
// the mean over a batch. Layout per layer: W (out×in, row-major), then b (out).
// The forward takes a rounding function (Math.fround for a float32 forward pass,
// applied after every operation) and an optional Tape for the ReLU pattern.
import { Tape, TapedLoss, identity, relu, tensorNames } from "./common";

export interface MlpSpec {
  sizes: number[];
  activation: "relu" | "tanh";
  loss: "mse" | "ce";
  X: Float64Array[];
  /** MSE: target vectors; CE: one class index per example (in Y[n][0]). */
  Y: Float64Array[];
}

export interface Mlp {
  spec: MlpSpec;
  P: number;
  names: string[];
  /** Offsets of each layer's W and b. */
  offsets: { W: number; b: number; rows: number; cols: number }[];
  loss: TapedLoss;
  /** The float32 forward pass: Math.fround after every operation. */
  loss32: (w: Float64Array) => number;
  gradient: (w: Float64Array, options?: { noMask?: boolean; maskAtZero?: boolean }) => Float64Array;
  /** Per example: the preactivations of every layer. */
  preactivations: (w: Float64Array) => Float64Array[][];
  /** dLoss/dz of every layer per example (the deltas), for building cases. */
  deltas: (w: Float64Array) => Float64Array[][];
}

export function makeMlp(spec: MlpSpec): Mlp {
  const offsets: Mlp["offsets"] = [];
  const names: string[] = [];
  let P = 0;
  for (let l = 1; l < spec.sizes.length; l++) {
    const rows = spec.sizes[l];
    const cols = spec.sizes[l - 1];
    offsets.push({ W: P, b: P + rows * cols, rows, cols });
    names.push(...tensorNames(`W${l}`, rows, cols), ...tensorNames(`b${l}`, rows));
    P += rows * cols + rows;
  }
  const L = offsets.length;
  const N = spec.X.length;

  const forward = (w: Float64Array, r: (x: number) => number, tape?: Tape) => {
    let total = r(0);
    for (let n = 0; n < N; n++) {
      let a = Float64Array.from(spec.X[n], r);
      for (let l = 0; l < L; l++) {
        const { W, b, rows, cols } = offsets[l];
        const z = new Float64Array(rows);
        for (let j = 0; j < rows; j++) {
          let acc = r(w[b + j]);
          for (let k = 0; k < cols; k++) acc = r(acc + r(r(w[W + j * cols + k]) * a[k]));
          z[j] = acc;
        }
        if (l < L - 1) a = z.map((v) => (spec.activation === "relu" ? relu(v, tape) : r(Math.tanh(v))));
        else a = z;
      }
      let ln: number;
      if (spec.loss === "mse") {
        ln = r(0);
        for (let c = 0; c < a.length; c++) {
          const d = r(a[c] - r(spec.Y[n][c]));
          ln = r(ln + r(d * d));
        }
        ln = r(ln / a.length);
      } else {
        let m = -Infinity;
        for (const v of a) m = Math.max(m, v);
        let s = r(0);
        for (const v of a) s = r(s + r(Math.exp(r(v - m))));
        ln = r(r(m + r(Math.log(s))) - a[spec.Y[n][0]]);
      }
      total = r(total + ln);
    }
    return r(total / N);
  };

  const passes = (w: Float64Array) => {
    const Z: Float64Array[][] = [];
    const A: Float64Array[][] = [];
    for (let n = 0; n < N; n++) {
      const zs: Float64Array[] = [];
      const as: Float64Array[] = [Float64Array.from(spec.X[n])];
      for (let l = 0; l < L; l++) {
        const { W, b, rows, cols } = offsets[l];
        const z = new Float64Array(rows);
        const a = as[l];
        for (let j = 0; j < rows; j++) {
          let acc = w[b + j];
          for (let k = 0; k < cols; k++) acc += w[W + j * cols + k] * a[k];
          z[j] = acc;
        }
        zs.push(z);
        if (l < L - 1) as.push(z.map((v) => (spec.activation === "relu" ? (v > 0 ? v : 0) : Math.tanh(v))));
      }
      Z.push(zs);
      A.push(as);
    }
    return { Z, A };
  };

  const backward = (w: Float64Array, options: { noMask?: boolean; maskAtZero?: boolean } = {}) => {
    const { Z, A } = passes(w);
    const g = new Float64Array(P);
    const D: Float64Array[][] = [];
    for (let n = 0; n < N; n++) {
      const out = Z[n][L - 1];
      let delta = new Float64Array(out.length);
      if (spec.loss === "mse") {
        for (let c = 0; c < out.length; c++) delta[c] = (2 * (out[c] - spec.Y[n][c])) / (out.length * N);
      } else {
        let m = -Infinity;
        for (const v of out) m = Math.max(m, v);
        let s = 0;
        for (const v of out) s += Math.exp(v - m);
        for (let c = 0; c < out.length; c++) delta[c] = (Math.exp(out[c] - m) / s - (c === spec.Y[n][0] ? 1 : 0)) / N;
      }
      const ds: Float64Array[] = new Array(L);
      for (let l = L - 1; l >= 0; l--) {
        ds[l] = delta;
        const { W, b, rows, cols } = offsets[l];
        const a = A[n][l];
        for (let j = 0; j < rows; j++) {
          g[b + j] += delta[j];
          for (let k = 0; k < cols; k++) g[W + j * cols + k] += delta[j] * a[k];
        }
        if (l > 0) {
          const prev = new Float64Array(cols);
          for (let k = 0; k < cols; k++) {
            let s = 0;
            for (let j = 0; j < rows; j++) s += w[W + j * cols + k] * delta[j];
            const z = Z[n][l - 1][k];
            let d: number;
            if (spec.activation === "relu") d = options.noMask ? 1 : options.maskAtZero ? (z >= 0 ? 1 : 0) : z > 0 ? 1 : 0;
            else d = 1 - Math.tanh(z) ** 2;
            prev[k] = s * d;
          }
          delta = prev;
        }
      }
      D.push(ds);
    }
    return { g, D };
  };

  return {
    spec,
    P,
    names,
    offsets,
    loss: (w, tape) => forward(w, identity, tape),
    loss32: (w) => forward(w, Math.fround),
    gradient: (w, options) => backward(w, options).g,
    preactivations: (w) => passes(w).Z,
    deltas: (w) => backward(w).D,
  };
}

/** Glorot-ish initial parameters: W ~ N(0, 1/fan_in)·gain, b ~ N(0, bScale²). */
export function initMlp(m: Mlp, normal: () => number, gain = 1, bScale = 0.1): Float64Array {
  const w = new Float64Array(m.P);
  for (const { W, b, rows, cols } of m.offsets) {
    for (let i = 0; i < rows * cols; i++) w[W + i] = (gain * normal()) / Math.sqrt(cols);
    for (let j = 0; j < rows; j++) w[b + j] = bScale * normal();
  }
  return w;
}

/** Plain gradient descent with the (correct) back-pass. */
export function train(m: Mlp, w0: Float64Array, steps: number, lr: number): Float64Array {
  const w = w0.slice();
  for (let s = 0; s < steps; s++) {
    const g = m.gradient(w);
    for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
  }
  return w;
}
