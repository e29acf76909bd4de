// Losses with a domain edge within a first step: a log barrier −μ Σ log(b_k − a_k·w)
// with one slack 5e-5 (w ± 1e-4 can leave the domain) and one 3e-4 (inside, but
// curving fast), returning NaN (Math.log of a negative) or +Infinity outside; and
// a Gaussian likelihood with variance parameters 5e-5, 2e-3, 0.3 (v − 1e-4 < 0).
// Two steep variants stay inside the domain at the first step: slack 4e-4, variance 4e-4.
// Truth: Richardson with steps inside the domain; the back-passes are closed forms.
import { PanelCase, entryBug, rng, tensorNames } from "./common";
import { medianEntry } from "./mlp";
import { referenceGradient } from "./reference";

function barrierCase(outside: "nan" | "infinity", slacks = [5e-5, 3e-4, 0.5, 1, 2]): PanelCase {
  const P = 10;
  const K = 5;
  const mu = 1e-3;
  const g = rng(1101);
  const A = Array.from({ length: K }, () => Float64Array.from({ length: P }, () => g.normal()));
  const q = Float64Array.from({ length: P }, () => 1 + g.uniform());
  const c = Float64Array.from({ length: P }, () => g.normal());
  const w = Float64Array.from({ length: P }, () => 0.5 * g.normal());
  const b = Float64Array.from(A, (a, k) => a.reduce((s, ai, i) => s + ai * w[i], 0) + slacks[k]);
  const slack = (v: Float64Array, k: number) => b[k] - A[k].reduce((s, ai, i) => s + ai * v[i], 0);
  const f = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < P; i++) s += 0.5 * q[i] * (v[i] - c[i]) ** 2;
    for (let k = 0; k < K; k++) {
      const sk = slack(v, k);
      if (outside === "infinity" && sk <= 0) return Infinity;
      s -= mu * Math.log(sk);
    }
    return s;
  };
  const gradient = (v: Float64Array, skip = -1) => {
    const out = Float64Array.from(v, (vi, i) => q[i] * (vi - c[i]));
    for (let k = 0; k < K; k++) {
      if (k === skip) continue;
      const sk = slack(v, k);
      for (let i = 0; i < P; i++) out[i] += (mu * A[k][i]) / sk;
    }
    return out;
  };
  const h0 = (i: number) => Math.min(0.05, ...A.map((a, k) => (0.2 * slacks[k]) / Math.abs(a[i])));
  const g0 = gradient(w);
  const j = medianEntry(g0);
  return {
    name: slacks[0] < 1e-4 ? `log barrier near edge (${outside === "nan" ? "NaN" : "+Inf"} outside)` : `log barrier steep (slack ${slacks[0]}, inside)`,
    family: "domain-edge",
    w,
    f,
    gradient: (v) => gradient(v),
    truth: referenceGradient(f, w, h0).gradient,
    truthSource: "richardson",
    names: tensorNames("w", P),
    precision: "float64",
    bugs: [
      entryBug(`flip ${"w[" + j + "]"}`, (v) => gradient(v), j, (x) => -x),
      entryBug("1e-3 off w[4]", (v) => gradient(v), 4, (x) => x * (1 + 1e-3)),
      { name: "near-active constraint forgotten", gradient: (v) => gradient(v, 1) },
    ],
    note: `slacks ${slacks.join(", ")}; mu ${mu}`,
  };
}

function gaussianCase(V = [5e-5, 2e-3, 0.3]): PanelCase {
  const D = 8;
  const N = 30;
  const g = rng(1201);
  const X = Array.from({ length: N }, () => Float64Array.from({ length: D }, () => g.normal()));
  const beta = Float64Array.from({ length: D }, () => g.normal());
  const y = Float64Array.from(X, (x, n) => x.reduce((s, xi, i) => s + xi * beta[i], 0) + Math.sqrt(V[n % 3]) * g.normal());
  const w = new Float64Array(D + 3);
  for (let i = 0; i < D; i++) w[i] = beta[i] + 1e-3 * g.normal();
  for (let k = 0; k < 3; k++) w[D + k] = V[k] * (1 + 0.2 * g.normal());
  const resid = (v: Float64Array, n: number) => y[n] - X[n].reduce((s, xi, i) => s + xi * v[i], 0);
  // Mean negative log-likelihood, the variances as parameters (not their logs).
  const f = (v: Float64Array) => {
    let s = 0;
    for (let n = 0; n < N; n++) {
      const vk = v[D + (n % 3)];
      s += 0.5 * Math.log(2 * Math.PI * vk) + resid(v, n) ** 2 / (2 * vk);
    }
    return s / N;
  };
  const gradient = (v: Float64Array, bug?: "no-log-term" | "sqrt") => {
    const out = new Float64Array(D + 3);
    for (let n = 0; n < N; n++) {
      const k = n % 3;
      const vk = v[D + k];
      const r = resid(v, n);
      const scale = bug === "sqrt" ? Math.sqrt(vk) : vk;
      for (let i = 0; i < D; i++) out[i] -= (r * X[n][i]) / scale / N;
      out[D + k] += ((bug === "no-log-term" && k === 0 ? 0 : 0.5 / vk) - (r * r) / (2 * vk * vk)) / N;
    }
    return out;
  };
  const h0 = (i: number) => (i < D ? 0.002 : 0.2 * w[i]);
  const g0 = gradient(w);
  const j = medianEntry(g0, 0, D);
  return {
    name: `gaussian nll variance ${V[0]}`,
    family: "domain-edge",
    w,
    f,
    gradient: (v) => gradient(v),
    truth: referenceGradient(f, w, h0).gradient,
    truthSource: "richardson",
    names: [...tensorNames("beta", D), ...tensorNames("var", 3)],
    precision: "float64",
    bugs: [
      { name: "var[0]: 1/(2v) term forgotten", gradient: (v) => gradient(v, "no-log-term") },
      { name: "beta: divided by sqrt(v)", gradient: (v) => gradient(v, "sqrt") },
      entryBug(`flip beta[${j}]`, (v) => gradient(v), j, (x) => -x),
    ],
    note: `variances ${Array.from(w.slice(D), (x) => x.toExponential(2)).join(", ")}`,
  };
}

export function barrierCases(): PanelCase[] {
  return [barrierCase("nan"), barrierCase("infinity"), barrierCase("nan", [4e-4, 1e-3, 0.5, 1, 2]), gaussianCase(), gaussianCase([4e-4, 2e-3, 0.3])];
}
