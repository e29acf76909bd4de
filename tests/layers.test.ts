// Issue 19's layer checks on the issue's layers and planted bugs: an affine layer (a missing
// transpose, non-square and square), tanh (a wrong activation derivative), softmax with
// cross-entropy, batch norm with respect to input and parameters (the mean's path forgotten),
// for vjpCheck and jvpCheck; a bilinear form for hvpCheck (a missing cross term). Every
// failure is named: the wrong entries are derived by hand next to each test.
import { describe, expect, it } from "vitest";
import { vjpCheck } from "../lib/check/vjp";
import { jvpCheck } from "../lib/check/jvp";
import { hvpCheck } from "../lib/check/hvp";

type M = { data: number[]; shape: [number, number] };
const mat = (r: number, c: number, s: number): M => ({ data: Array.from({ length: r * c }, (_, i) => Math.sin(s + 1.7 * i) + 0.3 * Math.cos(3 * i)), shape: [r, c] });
const at = (a: M, i: number, j: number) => a.data[i * a.shape[1] + j];
const matmul = (a: M, b: M): M => {
  const [r, k] = a.shape;
  const c = b.shape[1];
  if (b.shape[0] !== k) throw new Error("shapes");
  return { data: Array.from({ length: r * c }, (_, q) => { let s = 0; for (let t = 0; t < k; t++) s += at(a, Math.floor(q / c), t) * at(b, t, q % c); return s; }), shape: [r, c] };
};
const transpose = (a: M): M => ({ data: Array.from({ length: a.data.length }, (_, q) => at(a, q % a.shape[0], Math.floor(q / a.shape[0]))), shape: [a.shape[1], a.shape[0]] });
const add = (a: M, b: M): M => ({ data: a.data.map((v, i) => v + b.data[i]), shape: a.shape });
const rowBias = (n: number, b: number[]): M => ({ data: Array.from({ length: n * b.length }, (_, q) => b[q % b.length]), shape: [n, b.length] });
const names = (r: { failures: { name: string }[] }) => r.failures.map((e) => e.name);

// A batched affine layer Y = X·Wᵀ + b: X is N×in, W is out×in, b has out entries.
type Affine = { X: M; W: M; b: number[] };
const affine = (p: Affine) => add(matmul(p.X, transpose(p.W)), rowBias(p.X.shape[0], p.b));
/** dX = dY·W, dW = dYᵀ·X, db = column sums of dY. `bug` computes dW = Xᵀ·dY: the transpose missing, stored in W's shape. */
const affineVjp = (p: Affine, dY: M, bug = false) => ({
  X: matmul(dY, p.W),
  W: bug ? { data: matmul(transpose(p.X), dY).data, shape: p.W.shape } : matmul(transpose(dY), p.X),
  b: p.b.map((_, j) => Array.from({ length: dY.shape[0] }, (_, n) => at(dY, n, j)).reduce((a, c) => a + c)),
});
/** dY = dX·Wᵀ + X·dWᵀ + db. `bug` takes dX·W: the transpose missing (W square). */
const affineJvp = (p: Affine, d: Affine, bug = false) => add(add(matmul(d.X, bug ? p.W : transpose(p.W)), matmul(p.X, transpose(d.W))), rowBias(p.X.shape[0], d.b));

// One sample through a square layer y = W·x + b, for the dx = W·dy bug.
type Square = { x: number[]; W: M; b: number[] };
const squareF = (p: Square) => p.b.map((bi, i) => bi + p.x.reduce((s, xj, j) => s + at(p.W, i, j) * xj, 0));
/** dx = Wᵀ·dy; `bug` takes W·dy. */
const squareVjp = (p: Square, dy: number[], bug = false) => ({
  x: p.x.map((_, j) => dy.reduce((s, d, i) => s + d * (bug ? at(p.W, j, i) : at(p.W, i, j)), 0)),
  W: { data: dy.flatMap((d) => p.x.map((v) => d * v)), shape: p.W.shape },
  b: dy.slice(),
});

const tanhF = (v: number[]) => v.map(Math.tanh);
/** tanh′ = 1 − tanh²; `bug` takes 1 − tanh. */
const tanhD = (v: number[], d: number[], bug = false) => v.map((a, i) => d[i] * (bug ? 1 - Math.tanh(a) : 1 - Math.tanh(a) ** 2));

const LABEL = 2;
const ce = (z: number[]) => {
  const m = Math.max(...z);
  return [Math.log(z.reduce((s, a) => s + Math.exp(a - m), 0)) + m - z[LABEL]];
};
const softmax = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((a) => Math.exp(a - m));
  const s = e.reduce((a, b) => a + b);
  return e.map((a) => a / s);
};

// Batch norm over one feature's N values, with per-position scale and shift.
type BN = { x: number[]; gamma: number[]; beta: number[] };
const EPS = 1e-5;
const stats = (x: number[]) => {
  const N = x.length;
  const mu = x.reduce((a, b) => a + b) / N;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / N + EPS);
  return { N, mu, sd, xhat: x.map((a) => (a - mu) / sd) };
};
const bn = (p: BN) => {
  const { xhat } = stats(p.x);
  return xhat.map((h, i) => p.gamma[i] * h + p.beta[i]);
};
/** dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/σ with dx̂ = dy·γ; `bug` forgets the mean's path (the mean(dx̂) term). */
const bnVjp = (p: BN, dy: number[], bug = false) => {
  const { N, sd, xhat } = stats(p.x);
  const dxhat = dy.map((d, i) => d * p.gamma[i]);
  const m1 = dxhat.reduce((a, b) => a + b) / N;
  const m2 = dxhat.reduce((a, d, i) => a + d * xhat[i], 0) / N;
  return { x: dxhat.map((d, i) => (d - (bug ? 0 : m1) - xhat[i] * m2) / sd), gamma: dy.map((d, i) => d * xhat[i]), beta: dy.slice() };
};
/** dy = dγ·x̂ + γ·dx̂ + dβ with dx̂ = (dx − mean(dx))/σ − x̂·mean(x̂·dx)/σ; `bug` forgets the mean's path (mean(dx)). */
const bnJvp = (p: BN, d: BN, bug = false) => {
  const { N, sd, xhat } = stats(p.x);
  const dmu = d.x.reduce((a, b) => a + b) / N;
  const dsdOverSd = xhat.reduce((a, h, i) => a + h * d.x[i], 0) / N / sd;
  return xhat.map((h, i) => d.gamma[i] * h + p.gamma[i] * ((d.x[i] - (bug ? 0 : dmu)) / sd - h * dsdOverSd) + d.beta[i]);
};
const bnPoint: BN = { x: [0.5, -1.2, 2.3, 0.1, -0.4], gamma: [1.5, 0.7, -0.3, 1.1, 0.9], beta: [0.1, 0.2, 0.3, 0.4, 0.5] };

describe("vjpCheck on the issue's layers", () => {
  const p: Affine = { X: mat(4, 3, 0.2), W: mat(2, 3, 1.1), b: [0.3, -0.6] };
  it("passes an affine layer (input, weights and bias together, W non-square)", () => {
    const r = vjpCheck({ f: affine, vjp: (q, dY) => affineVjp(q, dY as M), x: p });
    expect(r.status).toBe("passed");
    expect(r.groups.map((g) => g.name)).toEqual(["X", "W", "b"]);
  });
  it("fails a missing transpose in dW (Xᵀ·dY for dYᵀ·X) and names the four entries off the matching diagonal", () => {
    // Stored row-major in W's 2×3 shape, (Xᵀ·dY) has at flat k = 3i + j the entry (a, c) = (⌊k/2⌋, k mod 2) of a 3×2
    // matrix, Σ_n X[n,a]·dY[n,c], which equals the true dW[i,j] = Σ_n dY[n,i]·X[n,j] only where (a, c) = (j, i): k = 0 and k = 5.
    const r = vjpCheck({ f: affine, vjp: (q, dY) => affineVjp(q, dY as M, true), x: p });
    expect(r.status).toBe("failed");
    expect(r.failingGroups).toEqual(["W"]);
    expect(names(r)).toEqual(["W[0,1]", "W[0,2]", "W[1,0]", "W[1,1]"]);
  });
  it("fails dx = W·dy for Wᵀ·dy (a square layer) and names every entry of x", () => {
    const q: Square = { x: [0.4, -1.2, 0.9], W: mat(3, 3, 0.5), b: [0.1, -0.3, 0.2] };
    expect(vjpCheck({ f: squareF, vjp: (s, dy) => squareVjp(s, dy as number[]), x: q }).status).toBe("passed");
    const r = vjpCheck({ f: squareF, vjp: (s, dy) => squareVjp(s, dy as number[], true), x: q });
    expect(names(r)).toEqual(["x[0]", "x[1]", "x[2]"]);
  });
  it("tanh passes; the wrong activation derivative (1 − tanh) names every entry", () => {
    const z = [0.3, -1.1, 2.0, 0.4];
    expect(vjpCheck({ f: tanhF, vjp: (v, dy) => tanhD(v, dy as number[]), x: z }).status).toBe("passed");
    expect(names(vjpCheck({ f: tanhF, vjp: (v, dy) => tanhD(v, dy as number[], true), x: z }))).toEqual(["w0", "w1", "w2", "w3"]);
  });
  it("softmax with cross-entropy passes; softmax without the label's −1 names the label's entry", () => {
    const z = [0.3, -1.1, 2.0, 0.4];
    const back = (v: number[], dy: unknown, bug = false) => softmax(v).map((s, i) => (dy as number[])[0] * (s - (i === LABEL && !bug ? 1 : 0)));
    expect(vjpCheck({ f: ce, vjp: back, x: z }).status).toBe("passed");
    expect(names(vjpCheck({ f: ce, vjp: (v, dy) => back(v, dy, true), x: z }))).toEqual(["w2"]);
  });
  it("batch norm passes with respect to input and parameters; the mean's path forgotten names every entry of x, none of γ, β", () => {
    expect(vjpCheck({ f: bn, vjp: (q, dy) => bnVjp(q, dy as number[]), x: bnPoint }).status).toBe("passed");
    const r = vjpCheck({ f: bn, vjp: (q, dy) => bnVjp(q, dy as number[], true), x: bnPoint });
    expect(r.failingGroups).toEqual(["x"]);
    expect(names(r)).toEqual(["x[0]", "x[1]", "x[2]", "x[3]", "x[4]"]);
  });
});

describe("jvpCheck on the issue's layers", () => {
  const p: Affine = { X: mat(4, 3, 0.2), W: mat(3, 3, 1.1), b: [0.3, -0.6, 0.1] };
  it("passes an affine layer along a direction in input, weights and bias; names outputs by the output's shape", () => {
    const r = jvpCheck({ f: affine, jvp: (q, d) => affineJvp(q, d), x: p });
    expect(r.status).toBe("passed");
    // The output is a 4×3 tensor: its entries are named y[n,j], row-major.
    expect(r.entries.map((e) => e.name).slice(0, 4)).toEqual(["y[0,0]", "y[0,1]", "y[0,2]", "y[1,0]"]);
  });
  it("fails a missing transpose (dX·W for dX·Wᵀ) on every output", () => {
    const r = jvpCheck({ f: affine, jvp: (q, d) => affineJvp(q, d, true), x: p });
    expect(r.status).toBe("failed");
    expect(r.failures).toHaveLength(12);
  });
  it("tanh passes; the wrong activation derivative fails every output", () => {
    const z = [0.3, -1.1, 2.0, 0.4];
    expect(jvpCheck({ f: tanhF, jvp: (v, d) => tanhD(v, d), x: z }).status).toBe("passed");
    expect(names(jvpCheck({ f: tanhF, jvp: (v, d) => tanhD(v, d, true), x: z }))).toEqual(["y[0]", "y[1]", "y[2]", "y[3]"]);
  });
  it("softmax with cross-entropy passes; without the label's term it fails", () => {
    const z = [0.3, -1.1, 2.0, 0.4];
    const jvp = (v: number[], d: number[], bug = false) => [softmax(v).reduce((s, q, i) => s + q * d[i], 0) - (bug ? 0 : d[LABEL])];
    expect(jvpCheck({ f: ce, jvp, x: z }).status).toBe("passed");
    expect(names(jvpCheck({ f: ce, jvp: (v, d) => jvp(v, d, true), x: z }))).toEqual(["y[0]"]);
  });
  it("batch norm passes along input and parameters; the mean's path forgotten fails every output", () => {
    expect(jvpCheck({ f: bn, jvp: (q, d) => bnJvp(q, d), x: bnPoint }).status).toBe("passed");
    // Along γ and β only (dx = 0) the bug changes nothing: the mean's path is the input's.
    const alongParams = { x: [0, 0, 0, 0, 0], gamma: [0.3, -0.2, 0.5, 0.1, -0.4], beta: [0.2, 0.1, -0.3, 0.4, 0.6] };
    expect(jvpCheck({ f: bn, jvp: (q, d) => bnJvp(q, d, true), x: bnPoint, dx: alongParams }).status).toBe("passed");
    expect(names(jvpCheck({ f: bn, jvp: (q, d) => bnJvp(q, d, true), x: bnPoint }))).toEqual(["y[0]", "y[1]", "y[2]", "y[3]", "y[4]"]);
  });
});

describe("hvpCheck on a bilinear form", () => {
  // f(x, y) = xᵀ·A·y + ½‖x‖² with A 2×3: ∇ = { x: A·y + x, y: Aᵀ·x }, H·u = { x: A·u_y + u_x, y: Aᵀ·u_x }.
  const A = mat(2, 3, 0.7);
  type W = { x: number[]; y: number[] };
  const Ay = (v: number[]) => [0, 1].map((i) => v.reduce((s, vj, j) => s + at(A, i, j) * vj, 0));
  const Atx = (v: number[]) => [0, 1, 2].map((j) => v.reduce((s, vi, i) => s + at(A, i, j) * vi, 0));
  const f = (w: W) => Ay(w.y).reduce((s, a, i) => s + w.x[i] * a, 0) + 0.5 * w.x.reduce((s, v) => s + v * v, 0);
  const gradient = (w: W) => ({ x: Ay(w.y).map((a, i) => a + w.x[i]), y: Atx(w.x) });
  const w: W = { x: [0.4, -0.9], y: [1.2, 0.3, -0.5] };
  it("passes H·u, checking the gradient along u first", () => {
    const r = hvpCheck({ f, gradient, hvp: (_w, u) => ({ x: Ay(u.y).map((a, i) => a + u.x[i]), y: Atx(u.x) }), w });
    expect(r.status).toBe("passed");
    expect(r.gradientAlongU?.status).toBe("passed");
    expect(r.hvp.entries.map((e) => e.name)).toEqual(["x[0]", "x[1]", "y[0]", "y[1]", "y[2]"]);
  });
  it("a missing cross term (A·u_y dropped from H·u's x part) names x[0] and x[1]", () => {
    const r = hvpCheck({ f, gradient, hvp: (_w, u) => ({ x: u.x.slice(), y: Atx(u.x) }), w });
    expect(r.status).toBe("failed");
    expect(names(r.hvp)).toEqual(["x[0]", "x[1]"]);
  });
  it("a wrong gradient is caught along u when f is given, and the report fails", () => {
    const r = hvpCheck({ f, gradient: (v: W) => ({ x: Ay(v.y), y: Atx(v.x) }), hvp: (_w, u) => ({ x: Ay(u.y), y: Atx(u.x) }), w });
    expect(r.gradientAlongU?.status).toBe("failed");
    expect(r.status).toBe("failed");
  });
});
