// A trained logistic regression with L2 (on the weights, not the bias): many
// gradient-descent steps, so the gradient is ~1e-6 of a loss ~0.4. Bugs: the bias
// entry off by 1e-4 relative (100× rtol), the bias entry off by 1e-4 absolute,
// a weight flipped. Truth: closed form Xᵀ(σ(Xw) − y)/N + λw (the test also checks
// it against Richardson).
import { PanelCase, entryBug, rng, tensorNames } from "./common";
import { medianEntry } from "./mlp";

const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

export function logisticCases(): PanelCase[] {
  const N = 60;
  const D = 11;
  const lambda = 1e-2;
  const g = rng(1301);
  const X = Array.from({ length: N }, () => Float64Array.from({ length: D }, () => g.normal()));
  const wTrue = Float64Array.from({ length: D }, () => g.normal());
  const y = Float64Array.from(X, (x) => (g.uniform() < 1 / (1 + Math.exp(-x.reduce((s, xi, i) => s + xi * wTrue[i], 0.3))) ? 1 : 0));
  const B = D; // the bias's index
  const z = (v: Float64Array, n: number) => X[n].reduce((s, xi, i) => s + xi * v[i], v[B]);
  const f = (v: Float64Array) => {
    let s = 0;
    for (let n = 0; n < N; n++) s += softplus(z(v, n)) - y[n] * z(v, n);
    let r = 0;
    for (let i = 0; i < D; i++) r += v[i] * v[i];
    return s / N + 0.5 * lambda * r;
  };
  // The back-pass, layer by layer: dz = σ(z) − y, then dW = Xᵀ dz / N + λw, db = Σ dz / N.
  const gradient = (v: Float64Array) => {
    const dz = Float64Array.from({ length: N }, (_, n) => {
      const zn = z(v, n);
      const s = zn >= 0 ? 1 / (1 + Math.exp(-zn)) : Math.exp(zn) / (1 + Math.exp(zn));
      return (s - y[n]) / N;
    });
    const out = new Float64Array(D + 1);
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < D; i++) out[i] += dz[n] * X[n][i];
      out[B] += dz[n];
    }
    for (let i = 0; i < D; i++) out[i] += lambda * v[i];
    return out;
  };
  const closedForm = (v: Float64Array) => {
    const out = new Float64Array(D + 1);
    for (let i = 0; i <= D; i++) {
      let s = 0;
      for (let n = 0; n < N; n++) s += (1 / (1 + Math.exp(-z(v, n))) - y[n]) * (i === B ? 1 : X[n][i]);
      out[i] = s / N + (i === B ? 0 : lambda * v[i]);
    }
    return out;
  };
  let w = new Float64Array(D + 1);
  for (let step = 0; step < 20000; step++) {
    const gr = gradient(w);
    let nrm = 0;
    for (const x of gr) nrm = Math.max(nrm, Math.abs(x));
    if (nrm < 3e-6) break;
    w = w.map((x, i) => x - 1.0 * gr[i]);
  }
  const g0 = gradient(w);
  const j = medianEntry(g0, 0, D);
  return [
    {
      name: "logistic L2 trained",
      family: "logistic",
      w,
      f,
      gradient,
      truth: closedForm(w),
      truthSource: "closed form",
      names: [...tensorNames("w", D), "b"],
      precision: "float64",
      bugs: [
        entryBug("bias 1e-4 relative off", gradient, B, (x) => x * (1 + 1e-4)),
        entryBug("bias 1e-4 absolute off", gradient, B, (x) => x + 1e-4),
        entryBug(`flip w[${j}]`, gradient, j, (x) => -x),
      ],
      note: `loss ${f(w).toFixed(3)}, max |grad| ${Math.max(...Array.from(g0, Math.abs)).toExponential(1)}, bias grad ${g0[B].toExponential(2)}`,
    },
  ];
}
