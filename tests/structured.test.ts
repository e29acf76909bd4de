import { describe, expect, it } from "vitest";
import { flatten, unflatten } from "../lib/check/structured";
import { gradCheck } from "../lib/check/gradcheck";
import { vjpCheck } from "../lib/check/vjp";

type T = { data: ArrayLike<number>; shape: number[] };
const W = (r: number, c: number, s: number): T => ({ data: Array.from({ length: r * c }, (_, i) => Math.sin(s + 1.3 * i)), shape: [r, c] });

// y = W x + b (W: out × in), row-major
function affine(x: ArrayLike<number>, w: T, b: ArrayLike<number>): number[] {
  const [o, n] = w.shape;
  return Array.from({ length: o }, (_, i) => {
    let s = b[i];
    for (let j = 0; j < n; j++) s += w.data[i * n + j] * x[j];
    return s;
  });
}

describe("flatten / unflatten", () => {
  it("names tensors row-major, groups by tensor and round-trips", () => {
    const p = { W1: { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] }, b1: Float64Array.of(7, 8), s: 9, nested: { M: [[1, 2], [3, 4]] } };
    const f = flatten(p);
    expect(f.names.slice(0, 6)).toEqual(["W1[0,0]", "W1[0,1]", "W1[0,2]", "W1[1,0]", "W1[1,1]", "W1[1,2]"]);
    expect(f.names.slice(6)).toEqual(["b1[0]", "b1[1]", "s", "nested.M[0,0]", "nested.M[0,1]", "nested.M[1,0]", "nested.M[1,1]"]);
    expect(f.groups.map((g) => g.name)).toEqual(["W1", "b1", "s", "nested.M"]);
    const back = f.unflatten(f.values);
    expect(Array.from(back.W1.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(back.W1.shape).toEqual([2, 3]);
    expect(Array.from(back.b1)).toEqual([7, 8]);
    expect(back.nested.M).toEqual([[1, 2], [3, 4]]);
    expect(unflatten([1, 2, 3], { a: 0, b: [0, 0] })).toEqual({ a: 1, b: [2, 3] });
    expect(() => flatten({ W: { data: [1, 2, 3], shape: [2, 2] } })).toThrow(/W has shape \[2,2\]/);
  });
});

describe("gradCheck on structured parameters", () => {
  const X = [0.3, -0.7, 1.1];
  const params = { W1: W(4, 3, 0.1), b1: [0.1, -0.2, 0.3, 0.05], W2: W(1, 4, 2.0), b2: [0.2] } as const;
  type P = typeof params;
  const loss = (p: P) => {
    const h = affine(X, p.W1, p.b1).map(Math.tanh);
    const y = affine(h, p.W2, p.b2)[0];
    return 0.5 * y * y;
  };
  const grad = (p: P, bug = false) => {
    const z = affine(X, p.W1, p.b1);
    const h = z.map(Math.tanh);
    const y = affine(h, p.W2, p.b2)[0];
    const dh = h.map((_, j) => y * p.W2.data[j]);
    const dz = dh.map((d, j) => d * (bug ? 1 - h[j] : 1 - h[j] * h[j]));
    return {
      W1: { data: dz.flatMap((d) => X.map((x) => d * x)), shape: [4, 3] },
      b1: dz,
      W2: { data: h.map((v) => y * v), shape: [1, 4] },
      b2: [y],
    };
  };
  it("passes a 2-layer MLP checked from its record of tensors", () => {
    const r = gradCheck({ f: loss, gradient: (p) => grad(p), w: params });
    expect(r.status).toBe("passed");
    expect(r.entries[5].name).toBe("W1[1,2]");
  });
  it("a wrong activation derivative fails in W1 and b1 only", () => {
    const r = gradCheck({ f: loss, gradient: (p) => grad(p, true), w: params });
    expect(r.status).toBe("failed");
    expect(r.failingGroups).toEqual(["W1", "b1"]);
  });
  it("a gradient of the wrong structure names the tensor", () => {
    expect(() => gradCheck({ f: loss, gradient: (p) => ({ ...grad(p), W1: { data: new Array(12).fill(0), shape: [3, 4] } }), w: params })).toThrow(/W1/);
    expect(() => gradCheck({ f: loss, gradient: (p) => { const { b2, ...g } = grad(p); return g; }, w: params })).toThrow(/no b2/);
    expect(() => gradCheck({ f: loss, gradient: (p) => ({ ...grad(p), W1: { data: new Array(12).fill(0), shape: [3, 4] } }), w: params })).toThrow(
      "the gradient's W1 has 12 values (shape [3,4]) but the parameters' W1 has 12 (shape [4,3]): they must match one to one",
    );
    expect(() => gradCheck({ f: loss, gradient: (p) => ({ ...grad(p), extra: [1] }), w: params })).toThrow("the gradient has extra, which the parameters do not have");
  });
  it("a vector-valued f names vjpCheck; a Promise names gradCheckAsync", () => {
    expect(() => gradCheck({ f: ((w: Float64Array) => [w[0], w[1]]) as never, gradient: [1, 1], w: [1, 2] })).toThrow(/vjpCheck/);
    expect(() => gradCheck({ f: (async (w: Float64Array) => w[0]) as never, gradient: [1, 0], w: [1, 2] })).toThrow(/the loss returned a Promise.*gradCheckAsync/);
    // With structured parameters too: a layer's forward pass handed to gradCheck by mistake.
    expect(() => gradCheck({ f: ((p: P) => affine(X, p.W1, p.b1)) as never, gradient: (p: P) => grad(p), w: params })).toThrow(/the loss returned an array of 4 values: gradCheck checks a scalar loss.*vjpCheck\(\{ f, vjp, x \}\)/);
    // A vjp whose dx has the wrong structure is named by the tensor too.
    expect(() => vjpCheck({ f: (p: P) => affine(X, p.W1, p.b1), vjp: (p) => ({ ...grad(p), b1: [0, 0] }), x: params })).toThrow(/vjp.s dx.s b1 has 2 values .* but the parameters. b1 has 4/);
  });
});

describe("vjpCheck", () => {
  const x0 = { x: [0.4, -1.2, 0.9], W: W(2, 3, 0.5), b: [0.1, -0.3] };
  type X = typeof x0;
  const backward = (p: X, dy: number[], transposeBug = false) => ({
    x: [0, 1, 2].map((j) => dy.reduce((s, d, i) => s + d * p.W.data[transposeBug ? (j % 2) * 3 + i : i * 3 + j], 0)),
    W: { data: dy.flatMap((d) => p.x.map((v) => d * v)), shape: [2, 3] },
    b: dy,
  });
  it("passes an affine layer's backward, input and weights together", () => {
    const r = vjpCheck({ f: (p: X) => affine(p.x, p.W, p.b), vjp: (p, dy) => backward(p, dy as number[]), x: x0 });
    expect(r.status).toBe("passed");
    expect(r.groups.map((g) => g.name)).toEqual(["x", "W", "b"]);
  });
  it("fails a wrong index in dx, naming x (tests/layers.test.ts plants real missing transposes)", () => {
    const r = vjpCheck({ f: (p: X) => affine(p.x, p.W, p.b), vjp: (p, dy) => backward(p, dy as number[], true), x: x0 });
    expect(r.status).toBe("failed");
    expect(r.failingGroups).toEqual(["x"]);
  });
  it("checks tanh and softmax with cross-entropy", () => {
    const z = [0.3, -1.1, 2.0, 0.4];
    const t = vjpCheck({ f: (v: number[]) => v.map(Math.tanh), vjp: (v, dy) => v.map((a, i) => (dy as number[])[i] * (1 - Math.tanh(a) ** 2)), x: z });
    expect(t.status).toBe("passed");
    const bad = vjpCheck({ f: (v: number[]) => v.map(Math.tanh), vjp: (v, dy) => v.map((a, i) => (dy as number[])[i] * (1 - Math.tanh(a))), x: z });
    expect(bad.status).toBe("failed");
    const label = 2;
    const ce = (v: number[]) => { const m = Math.max(...v); const s = v.reduce((a, b) => a + Math.exp(b - m), 0); return [Math.log(s) + m - v[label]]; };
    const ceBack = (v: number[], dy: unknown) => { const m = Math.max(...v); const e = v.map((a) => Math.exp(a - m)); const s = e.reduce((a, b) => a + b); return e.map((a, i) => (dy as number[])[0] * (a / s - (i === label ? 1 : 0))); };
    expect(vjpCheck({ f: ce, vjp: ceBack, x: z }).status).toBe("passed");
  });
});

describe("indices", () => {
  it("re-checks chosen entries by index or name pattern", () => {
    const w = { W1: { data: Array.from({ length: 12 }, (_, i) => 0.1 * i), shape: [3, 4] }, b: [0.5, 0.2] };
    const f = (p: typeof w) => Array.from(p.W1.data).reduce((s, v) => s + v * v, 0) + p.b[0] * p.b[1];
    const g = (p: typeof w) => ({ W1: { data: Array.from(p.W1.data, (v) => 2 * v), shape: [3, 4] }, b: [p.b[1], p.b[0]] });
    const r = gradCheck({ f, gradient: g, w, indices: ["W1[1,*]", 13] });
    expect(r.entries.map((e) => e.name)).toEqual(["W1[1,0]", "W1[1,1]", "W1[1,2]", "W1[1,3]", "b[1]"]);
    expect(r.status).toBe("passed");
    expect(() => gradCheck({ f, gradient: g, w, indices: ["W2[0,*]"] })).toThrow(/no entry is named/);
  });
});

describe("vjpCheck on batch norm (input and parameters)", () => {
  const bn = (p: { x: number[]; gamma: number[]; beta: number[] }) => {
    const N = p.x.length;
    const mu = p.x.reduce((a, b) => a + b) / N;
    const v = p.x.reduce((a, b) => a + (b - mu) ** 2, 0) / N;
    const sd = Math.sqrt(v + 1e-5);
    return { xhat: p.x.map((a) => (a - mu) / sd), sd, y: p.x.map((a, i) => p.gamma[i] * ((a - mu) / sd) + p.beta[i]) };
  };
  const back = (p: { x: number[]; gamma: number[]; beta: number[] }, dy: number[], forgetMean = false) => {
    const { xhat, sd } = bn(p);
    const N = p.x.length;
    const dxhat = dy.map((d, i) => d * p.gamma[i]);
    const m1 = dxhat.reduce((a, b) => a + b) / N;
    const m2 = dxhat.reduce((a, d, i) => a + d * xhat[i], 0) / N;
    return { x: dxhat.map((d, i) => (d - (forgetMean ? 0 : m1) - xhat[i] * m2) / sd), gamma: dy.map((d, i) => d * xhat[i]), beta: dy.slice() };
  };
  const x = { x: [0.5, -1.2, 2.3, 0.1, -0.4], gamma: [1.5, 0.7, -0.3, 1.1, 0.9], beta: [0.1, 0.2, 0.3, 0.4, 0.5] };
  it("passes the correct backward", () => {
    expect(vjpCheck({ f: (p: typeof x) => bn(p).y, vjp: (p, dy) => back(p, dy as number[]), x }).status).toBe("passed");
  });
  it("the mean's path forgotten fails in x only", () => {
    const r = vjpCheck({ f: (p: typeof x) => bn(p).y, vjp: (p, dy) => back(p, dy as number[], true), x });
    expect(r.status).toBe("failed");
    expect(r.failingGroups).toEqual(["x"]);
  });
});
