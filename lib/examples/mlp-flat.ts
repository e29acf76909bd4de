// The same 2-layer MLP as mlp-record.ts, checked the way a flat-vector checker needs it: the parameters
// packed into one Float64Array by hand, with offsets, an unpacking function, names and groups.
import { gradCheck, seededRandom } from "gradcheck";

// Data: 20 points with 5 features and a real target, from a fixed seed.
const rand = seededRandom(2);
const X = Array.from({ length: 20 }, () => Array.from({ length: 5 }, () => rand() * 2 - 1));
const y = X.map((x) => Math.sin(x[0]) - x[1] * x[2]);

// The layout: W1 (8×5, row-major), b1 (8), W2 (1×8), b2 (1), one after the other.
const sizes = { W1: 40, b1: 8, W2: 8, b2: 1 };
const offsets = { W1: 0, b1: 40, W2: 48, b2: 56 };
const P = 57;
const theta = new Float64Array(P);
for (let i = 0; i < 40; i++) theta[i] = rand() - 0.5;
theta.fill(0.1, offsets.b1, offsets.b1 + 8);
for (let i = 0; i < 8; i++) theta[offsets.W2 + i] = rand() - 0.5;

// Unpacking: views of the flat vector, one per tensor.
const unpack = (t: Float64Array) => ({
  W1: t.subarray(offsets.W1, offsets.W1 + sizes.W1),
  b1: t.subarray(offsets.b1, offsets.b1 + sizes.b1),
  W2: t.subarray(offsets.W2, offsets.W2 + sizes.W2),
  b2: t.subarray(offsets.b2, offsets.b2 + sizes.b2),
});

// Names (W1[2,3]) and groups, written out so that the report can say which tensor is wrong.
const names: string[] = [];
for (let i = 0; i < 8; i++) for (let j = 0; j < 5; j++) names.push(`W1[${i},${j}]`);
for (let i = 0; i < 8; i++) names.push(`b1[${i}]`);
for (let i = 0; i < 8; i++) names.push(`W2[0,${i}]`);
names.push("b2[0]");
const groups = (Object.keys(sizes) as (keyof typeof sizes)[]).map((name) => ({ name, start: offsets[name], length: sizes[name] }));

function forward(t: Float64Array, x: number[]) {
  const p = unpack(t);
  const h = Array.from(p.b1, (b, i) => Math.tanh(x.reduce((s, xj, j) => s + p.W1[i * 5 + j] * xj, b)));
  return { h, out: h.reduce((s, hi, i) => s + p.W2[i] * hi, p.b2[0]) };
}

// The loss: half the mean squared error.
const loss = (t: Float64Array) => X.reduce((s, x, n) => s + (forward(t, x).out - y[n]) ** 2, 0) / (2 * X.length);

// The back-pass to verify, written into one flat vector at the same offsets. `bug` uses 1 − h for tanh's derivative.
function gradient(t: Float64Array, bug = false) {
  const flat = new Float64Array(P);
  const g = unpack(flat);
  const p = unpack(t);
  X.forEach((x, n) => {
    const { h, out } = forward(t, x);
    const r = (out - y[n]) / X.length;
    g.b2[0] += r;
    h.forEach((hi, i) => {
      g.W2[i] += r * hi;
      const dz = r * p.W2[i] * (bug ? 1 - hi : 1 - hi * hi);
      g.b1[i] += dz;
      x.forEach((xj, j) => (g.W1[i * 5 + j] += dz * xj));
    });
  });
  return flat;
}

console.log(gradCheck({ f: loss, gradient: (t) => gradient(t), w: theta, names, groups }).verdict);

const buggy = gradCheck({ f: loss, gradient: (t) => gradient(t, true), w: theta, names, groups });
console.log(buggy.verdict);
console.log(buggy.failingGroups);
