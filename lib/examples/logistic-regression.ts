// Check a hand-written logistic regression's gradient with gradcheck.
import { directionalCheck, gradCheck, seededRandom } from "gradcheck";

// Data: 100 points with 3 features and 0/1 labels, from a fixed seed.
const rand = seededRandom(1);
const m = 100;
const n = 3;
const X = Array.from({ length: m }, () => Array.from({ length: n }, () => rand() * 2 - 1));
const y = X.map((x) => (x[0] - 2 * x[1] + 0.5 * x[2] + 0.1 * (rand() - 0.5) > 0 ? 1 : 0));

// The model: p = σ(w·x + b), parameters packed as [w1, w2, w3, b].
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (theta: Float64Array, x: number[]) => x.reduce((s, xj, j) => s + theta[j] * xj, theta[n]);

// The loss: mean binary cross-entropy.
function loss(theta: Float64Array): number {
  let s = 0;
  X.forEach((x, i) => {
    const p = sigmoid(logit(theta, x));
    s -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
  });
  return s / m;
}

// The back-pass we want to verify: ∂loss/∂w_j = mean((p − y)·x_j), ∂loss/∂b = mean(p − y).
function gradient(theta: Float64Array): Float64Array {
  const g = new Float64Array(n + 1);
  X.forEach((x, i) => {
    const r = sigmoid(logit(theta, x)) - y[i];
    x.forEach((xj, j) => (g[j] += (r * xj) / m));
    g[n] += r / m;
  });
  return g;
}

const theta = Float64Array.of(0.1, -0.2, 0.3, 0.05);
const names = ["w1", "w2", "w3", "b"];

// Full check: 2·P loss evaluations, one verdict per parameter.
const report = gradCheck({ f: loss, gradient, w: theta, names });
console.log(report.toString());

// Fast check: 2·k evaluations whatever P; says whether, not where.
console.log(directionalCheck({ f: loss, gradient, w: theta, directions: 5, seed: 7 }).verdict);

// A planted bug, the sign of ∂loss/∂b flipped, is named.
const buggy = (t: Float64Array) => gradient(t).map((g, j) => (j === n ? -g : g));
console.log(gradCheck({ f: loss, gradient: buggy, w: theta, names }).verdict);
