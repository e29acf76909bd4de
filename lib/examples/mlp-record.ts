// Check a 2-layer MLP's back-pass from its record of tensors: no flattening, names or groups by hand.
import { gradCheck, seededRandom } from "gradcheck";

// Data: 20 points with 5 features and a real target, from a fixed seed.
const rand = seededRandom(2);
const X = Array.from({ length: 20 }, () => Array.from({ length: 5 }, () => rand() * 2 - 1));
const y = X.map((x) => Math.sin(x[0]) - x[1] * x[2]);

// The model: h = tanh(W1·x + b1), out = W2·h + b2, with W1 8×5 and W2 1×8 row-major tensors.
type Tensor = { data: Float64Array; shape: number[] };
type Params = { W1: Tensor; b1: Float64Array; W2: Tensor; b2: Float64Array };
const tensor = (rows: number, cols: number, init = () => rand() - 0.5) => ({ data: Float64Array.from({ length: rows * cols }, init), shape: [rows, cols] });
const params: Params = { W1: tensor(8, 5), b1: new Float64Array(8).fill(0.1), W2: tensor(1, 8), b2: Float64Array.of(0) };

function forward(p: Params, x: number[]) {
  const h = Array.from(p.b1, (b, i) => Math.tanh(x.reduce((s, xj, j) => s + p.W1.data[i * 5 + j] * xj, b)));
  return { h, out: h.reduce((s, hi, i) => s + p.W2.data[i] * hi, p.b2[0]) };
}

// The loss: half the mean squared error.
const loss = (p: Params) => X.reduce((s, x, n) => s + (forward(p, x).out - y[n]) ** 2, 0) / (2 * X.length);

// The back-pass to verify, returned as a record like the parameters. `bug` uses 1 − h for tanh's derivative.
function gradient(p: Params, bug = false) {
  const g = { W1: tensor(8, 5, () => 0), b1: new Float64Array(8), W2: tensor(1, 8, () => 0), b2: new Float64Array(1) };
  X.forEach((x, n) => {
    const { h, out } = forward(p, x);
    const r = (out - y[n]) / X.length;
    g.b2[0] += r;
    h.forEach((hi, i) => {
      g.W2.data[i] += r * hi;
      const dz = r * p.W2.data[i] * (bug ? 1 - hi : 1 - hi * hi);
      g.b1[i] += dz;
      x.forEach((xj, j) => (g.W1.data[i * 5 + j] += dz * xj));
    });
  });
  return g;
}

// Names (W1[2,3]) and groups (W1, b1, W2, b2) come from the record.
console.log(gradCheck({ f: loss, gradient: (p) => gradient(p), w: params }).verdict);

// The planted bug fails in the tensors it reaches, and only there.
const buggy = gradCheck({ f: loss, gradient: (p) => gradient(p, true), w: params });
console.log(buggy.verdict);
console.log(buggy.failingGroups);
