// Lasso: ½‖Xw − y‖²/N + λ Σ|w_j| at a point where some w_j are exactly 0 (kinks:
// any value in [smooth − λ, smooth + λ] is a subgradient) and others tiny (±1e-6:
// differentiable, but the first step crosses the kink). Truth: closed form
// (smooth part + λ·sign(w), sign(0) = 0); the test also checks it against
// Richardson on the loss frozen at w's signs.
import { PanelCase, Tape, entryBug, rng, tensorNames } from "./common";
import { kinkSlopes } from "./reference";

export function lassoCases(): PanelCase[] {
  const N = 20;
  const P = 12;
  const lambda = 0.1;
  const g = rng(1001);
  const X = Array.from({ length: N }, () => Float64Array.from({ length: P }, () => g.normal()));
  const y = Float64Array.from({ length: N }, () => g.normal());
  const w = Float64Array.from({ length: P }, () => 0.5 * g.normal());
  const zeros = [0, 3, 7, 10];
  const tiny = [1, 5, 9, 11];
  for (const i of zeros) w[i] = 0;
  w[1] = 1e-6;
  w[5] = -1e-6;
  w[9] = 3e-6;
  w[11] = -2e-9;
  const smoothGrad = (v: Float64Array) => {
    const out = new Float64Array(P);
    for (let n = 0; n < N; n++) {
      let r = -y[n];
      for (let i = 0; i < P; i++) r += X[n][i] * v[i];
      for (let i = 0; i < P; i++) out[i] += (r * X[n][i]) / N;
    }
    return out;
  };
  const loss = (v: Float64Array, tape?: Tape) => {
    let s = 0;
    for (let n = 0; n < N; n++) {
      let r = -y[n];
      for (let i = 0; i < P; i++) r += X[n][i] * v[i];
      s += (r * r) / (2 * N);
    }
    for (let i = 0; i < P; i++) {
      const sg = tape ? tape.pick(Math.sign(v[i])) : Math.sign(v[i]);
      s += lambda * sg * v[i];
    }
    return s;
  };
  // The back-pass: written as the residual, then Xᵀ r, then the penalty's subgradient.
  const gradient = (v: Float64Array, atZero = 0, zeroBelow = 0) => {
    const r = Float64Array.from(X, (x, n) => x.reduce((s, xi, i) => s + xi * v[i], 0) - y[n]);
    const out = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      let s = 0;
      for (let n = 0; n < N; n++) s += X[n][i] * r[n];
      out[i] = s / N + lambda * (v[i] === 0 ? atZero : Math.abs(v[i]) < zeroBelow ? 0 : Math.sign(v[i]));
    }
    return out;
  };
  const truth = smoothGrad(w).map((s, i) => s + lambda * Math.sign(w[i]));
  const regular = 2;
  return [
    {
      name: "lasso exact zeros and 1e-6",
      family: "lasso",
      w,
      f: (v) => loss(v),
      gradient: (v) => gradient(v),
      truth,
      truthSource: "closed form",
      names: tensorNames("w", P),
      precision: "float64",
      kinks: zeros,
      kinkSlopes: kinkSlopes(loss, w, zeros),
      nearKinks: tiny,
      bugs: [
        { name: "sign(0)=+1 (valid subgradient)", gradient: (v) => gradient(v, 1) },
        { name: "sign(0)=-0.5 (valid subgradient)", gradient: (v) => gradient(v, -0.5) },
        entryBug("w[3] outside subdifferential", (v) => gradient(v), 3, (x) => x + 2 * lambda),
        // A sign with a tolerance: the tiny entries get the average of their two slopes, which a central difference over the kink sees.
        { name: "sign(w)=0 for |w|<1e-5", gradient: (v) => gradient(v, 0, 1e-5) },
        entryBug("penalty sign flipped at w[1]=1e-6", (v) => gradient(v), 1, (x) => x - 2 * lambda),
        entryBug(`penalty forgotten at w[${regular}]`, (v) => gradient(v), regular, (x) => x - lambda * Math.sign(w[regular])),
      ],
      note: `lambda ${lambda}; zeros at ${zeros}, tiny at ${tiny}`,
    },
  ];
}

