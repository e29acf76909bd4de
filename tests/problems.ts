// The losses of tests/verdicts.test.ts: a family of problems with a closed-form
// truth, built from a plain description so that a failing case can be rebuilt by hand.

export type Kind = "quadratic" | "quartic-sine";
export type Precision = "float64" | "float32 terms, float64 sum" | "float32 throughout";
export type Noise = "none" | "deterministic" | "random";
export type Kink = "none" | "at w" | "within a step";
export type Bug = "none" | "flip" | "times 10" | "0.1% off";
export interface Case {
  P: number;
  exponents: number[];
  fractions: number[];
  signs: number[];
  scale: number;
  offset: number; // 0, or a power of ten times the scale
  kind: Kind;
  precision: Precision;
  noise: Noise;
  noiseLevel: number; // relative to the scale
  kink: Kink;
  kinkAt: number; // which parameter carries the kink
  kinkShift: number; // in (−1, 1) first steps, for "within a step"
  bug: Bug;
  bugAt: number;
}

/** A 32-bit hash of the parameters' bits, mapped to [−1, 1): deterministic noise. */
export function hashNoise(w: Float64Array): number {
  const words = new Uint32Array(w.buffer, w.byteOffset, w.length * 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) {
    h ^= words[i];
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0x2c1b3c6d);
  return ((h >>> 0) / 2 ** 32) * 2 - 1;
}

export interface Problem {
  f: (w: Float64Array) => number;
  gradient: (w: Float64Array) => number[];
  /** The true derivative of the loss's smooth part (with the kink's side where it has one). */
  truth: number[];
  w: Float64Array;
}

export function build(c: Case): Problem {
  const rho = c.exponents.map((e) => 10 ** e);
  const w = Float64Array.from(rho, (r, i) => c.signs[i] * r * (1 + c.fractions[i]));
  const S = c.scale;
  const f32 = c.precision === "float64" ? (x: number) => x : Math.fround;
  const kinkCenter = w[c.kinkAt] + (c.kink === "within a step" ? c.kinkShift * 1e-4 * Math.max(1, Math.abs(w[c.kinkAt])) : 0);
  const lambda = 1.5;
  let state = 12345; // the random noise's own generator: a different value on every call
  const term = (x: number, i: number): number => (c.kind === "quadratic" ? 0.5 * (i + 1) * x * x : x ** 4 / 4 + Math.sin(x));
  const termDerivative = (x: number, i: number): number => (c.kind === "quadratic" ? (i + 1) * x : x ** 3 + Math.cos(x));
  const f = (v: Float64Array): number => {
    let sum = c.precision === "float32 throughout" ? Math.fround(c.offset) : c.offset;
    for (let i = 0; i < c.P; i++) {
      const x = f32(v[i]) / rho[i];
      const t = f32(S * term(x, i));
      sum = c.precision === "float32 throughout" ? Math.fround(sum + t) : sum + t;
    }
    if (c.kink !== "none") {
      const k = f32((S * lambda * Math.abs(f32(v[c.kinkAt]) - kinkCenter)) / rho[c.kinkAt]);
      sum = c.precision === "float32 throughout" ? Math.fround(sum + k) : sum + k;
    }
    if (c.noise === "deterministic") sum += S * c.noiseLevel * hashNoise(v);
    if (c.noise === "random") {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      sum += S * c.noiseLevel * ((state / 2 ** 32) * 2 - 1);
    }
    return sum;
  };
  const smooth = (v: Float64Array): number[] =>
    Array.from({ length: c.P }, (_, i) => {
      let d = (S * termDerivative(v[i] / rho[i], i)) / rho[i];
      if (c.kink !== "none" && i === c.kinkAt) d += (S * lambda * Math.sign(v[i] - kinkCenter)) / rho[i];
      return d;
    });
  const truth = smooth(w);
  const gradient = (v: Float64Array): number[] => {
    const g = smooth(v);
    const j = c.bugAt;
    if (c.bug === "flip") g[j] = -g[j];
    if (c.bug === "times 10") g[j] *= 10;
    if (c.bug === "0.1% off") g[j] *= 1.001;
    return g;
  };
  return { f, gradient, truth, w };
}

