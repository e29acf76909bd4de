// Saturated softmax: a linear classifier whose logits are 20–30 apart (class
// probabilities down to 1e-10 and below), and a single-head attention with peaked
// scores (its query and key gradients are all of size ~1e-9 of the loss). Bugs
// in the tiny entries: a flipped sign, a zero, a factor 3. Truth: dual numbers
// (forward mode) through the same forward pass: exact to rounding per entry.
import { PanelCase, entryBug, rng, tensorNames } from "./common";
import { Dual, add, div, dual, dualGradient, exp, log, mul, scale, seeded, sub } from "./dual";
import { medianEntry } from "./mlp";
import { referenceGradient } from "./reference";

/** Softmax cross-entropy of dual logits, stable: max + log Σ exp(z − max) − z_y. */
function crossEntropy(z: Dual[], y: number): Dual {
  let m = -Infinity;
  for (const v of z) m = Math.max(m, v.v);
  let s = dual(0);
  for (const v of z) s = add(s, exp(sub(v, dual(m))));
  return sub(add(dual(m), log(s)), z[y]);
}

function classifierCase(): PanelCase {
  const C = 6;
  const D = 4;
  const N = 5;
  const g = rng(601);
  const X = Array.from({ length: N }, () => Float64Array.from({ length: D }, () => g.normal()));
  const w = new Float64Array(C * D + C);
  for (let i = 0; i < C * D; i++) w[i] = 4 * g.normal();
  const b0 = [0, 2, -4, 1, -14, -19];
  for (let c = 0; c < C; c++) w[C * D + c] = b0[c];
  const logits = (v: Float64Array, n: number) => Array.from({ length: C }, (_, c) => { let s = v[C * D + c]; for (let d = 0; d < D; d++) s += v[c * D + d] * X[n][d]; return s; });
  // Labels: the argmax (confident), except example 4, labelled with its second class.
  const Y = Array.from({ length: N }, (_, n) => {
    const z = logits(w, n);
    const order = z.map((_, c) => c).sort((a, b) => z[b] - z[a]);
    return n === 4 ? order[1] : order[0];
  });
  const lossD = (v: Dual[]): Dual => {
    let total = dual(0);
    for (let n = 0; n < N; n++) {
      const z = Array.from({ length: C }, (_, c) => { let s = v[C * D + c]; for (let d = 0; d < D; d++) s = add(s, mul(v[c * D + d], dual(X[n][d]))); return s; });
      total = add(total, crossEntropy(z, Y[n]));
    }
    return scale(total, 1 / N);
  };
  const f = (v: Float64Array) => lossD(seeded(v, -1)).v;
  const gradient = (v: Float64Array) => {
    const G = new Float64Array(v.length);
    for (let n = 0; n < N; n++) {
      const z = logits(v, n);
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((s, zc) => s + Math.exp(zc - m), 0));
      for (let c = 0; c < C; c++) {
        const delta = (Math.exp(z[c] - lse) - (c === Y[n] ? 1 : 0)) / N;
        G[C * D + c] += delta;
        for (let d = 0; d < D; d++) G[c * D + d] += delta * X[n][d];
      }
    }
    return G;
  };
  const names = [...tensorNames("W", C, D), ...tensorNames("b", C)];
  const truth = dualGradient(lossD, w);
  const g0 = gradient(w);
  const tinyW = medianEntry(g0, 5 * D, D); // class 5: probabilities ~1e-10 and below
  const tinyW4 = medianEntry(g0, 4 * D, D);
  return {
    name: "softmax-ce saturated classifier",
    family: "saturated-softmax",
    w,
    f,
    gradient,
    truth,
    truthSource: "dual numbers",
    names,
    precision: "float64",
    bugs: [
      entryBug(`flip tiny ${names[C * D + 5]}`, gradient, C * D + 5, (x) => -x),
      entryBug(`zero tiny ${names[tinyW]}`, gradient, tinyW, () => 0),
      entryBug(`x3 tiny ${names[tinyW4]}`, gradient, tinyW4, (x) => 3 * x),
      entryBug(`x3 tiny ${names[tinyW]}`, gradient, tinyW, (x) => 3 * x),
      entryBug(`flip tiny ${names[C * D + 4]}`, gradient, C * D + 4, (x) => -x),
      entryBug(`flip ${names[medianEntry(g0, 0, C * D)]}`, gradient, medianEntry(g0, 0, C * D), (x) => -x),
    ],
    note: `logit gaps 20-30; |grad| of class 5 ~${Math.abs(g0[C * D + 5]).toExponential(1)}, loss ${f(w).toExponential(2)}`,
  };
}

function attentionCase(): PanelCase {
  const T = 4;
  const d = 3;
  const g = rng(701);
  const X = Array.from({ length: T }, () => Float64Array.from({ length: d }, () => g.normal()));
  const dout = Array.from({ length: T }, () => Float64Array.from({ length: d }, () => g.normal()));
  const w = new Float64Array(3 * d * d);
  for (let i = 0; i < w.length; i++) w[i] = g.normal() / Math.sqrt(d);
  const OQ = 0, OK = d * d, OV = 2 * d * d;
  const proj = (v: Float64Array, o: number, x: Float64Array) => Array.from({ length: d }, (_, r) => { let s = 0; for (let c = 0; c < d; c++) s += v[o + r * d + c] * x[c]; return s; });
  const scores = (v: Float64Array) => {
    const Q = X.map((x) => proj(v, OQ, x));
    const K = X.map((x) => proj(v, OK, x));
    return Q.map((q) => K.map((k) => q.reduce((s, qi, i) => s + qi * k[i], 0) / Math.sqrt(d)));
  };
  // Scale Wq so that every query's top score leads its second by at least 20.
  const gap = Math.min(...scores(w).map((row) => { const s = [...row].sort((a, b) => b - a); return s[0] - s[1]; }));
  for (let i = 0; i < d * d; i++) w[OQ + i] *= 20 / gap;
  const lossD = (v: Dual[]): Dual => {
    const pr = (o: number, x: Float64Array) => Array.from({ length: d }, (_, r) => { let s = dual(0); for (let c = 0; c < d; c++) s = add(s, mul(v[o + r * d + c], dual(x[c]))); return s; });
    const Q = X.map((x) => pr(OQ, x));
    const K = X.map((x) => pr(OK, x));
    const V = X.map((x) => pr(OV, x));
    let total = dual(0);
    for (let t = 0; t < T; t++) {
      const S = K.map((k) => scale(Q[t].reduce((s, qi, i) => add(s, mul(qi, k[i])), dual(0)), 1 / Math.sqrt(d)));
      // Softmax relative to the winner s*: A_s = exp(S_s − S_*)/(1 + Σ_{s≠*} exp(S_s − S_*)),
      // so that the tangents of the tiny weights carry no cancellation.
      let star = 0;
      for (let s = 1; s < T; s++) if (S[s].v > S[star].v) star = s;
      const E = S.map((sc, s) => (s === star ? dual(1) : exp(sub(sc, S[star]))));
      const Z = E.reduce((a, b) => add(a, b), dual(0));
      for (let i = 0; i < d; i++) {
        let o = dual(0);
        for (let s = 0; s < T; s++) o = add(o, mul(E[s], V[s][i]));
        total = add(total, mul(div(o, Z), dual(dout[t][i])));
      }
    }
    return total;
  };
  const f = (v: Float64Array) => lossD(seeded(v, -1)).v;
  const backward = (v: Float64Array, naive = false) => {
    const G = new Float64Array(v.length);
    const Q = X.map((x) => proj(v, OQ, x));
    const K = X.map((x) => proj(v, OK, x));
    const V = X.map((x) => proj(v, OV, x));
    const S = scores(v);
    for (let t = 0; t < T; t++) {
      const m = Math.max(...S[t]);
      const E = S[t].map((s) => Math.exp(s - m));
      const Z = E.reduce((a, b) => a + b, 0);
      const A = E.map((e) => e / Z);
      const dA = V.map((vs) => vs.reduce((s, x, i) => s + x * dout[t][i], 0));
      for (let s = 0; s < T; s++) for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) G[OV + r * d + c] += A[s] * dout[t][r] * X[s][c];
      // dS = A ⊙ (dA − Σ A dA), written without the cancellation: A_s Σ_s' A_s' (dA_s − dA_s').
      const dS = A.map((as, s) => (naive ? as * (dA[s] - A.reduce((acc, a2, s2) => acc + a2 * dA[s2], 0)) : as * A.reduce((acc, a2, s2) => acc + a2 * (dA[s] - dA[s2]), 0)));
      for (let s = 0; s < T; s++) {
        const ds = dS[s] / Math.sqrt(d);
        for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) {
          G[OQ + r * d + c] += ds * K[s][r] * X[t][c];
          G[OK + r * d + c] += ds * Q[t][r] * X[s][c];
        }
      }
    }
    return G;
  };
  const gradient = (v: Float64Array) => backward(v);
  const names = [...tensorNames("Wq", d, d), ...tensorNames("Wk", d, d), ...tensorNames("Wv", d, d)];
  const truth = dualGradient(lossD, w);
  const g0 = gradient(w);
  const jq = medianEntry(g0, OQ, d * d);
  const jk = medianEntry(g0, OK, d * d);
  const jq2 = (jq + 1) % (d * d);
  return {
    name: "attention peaked scores",
    family: "saturated-softmax",
    w,
    f,
    gradient,
    truth,
    truthSource: "dual numbers",
    names,
    precision: "float64",
    bugs: [
      entryBug(`flip tiny ${names[jq]}`, gradient, jq, (x) => -x),
      entryBug(`zero tiny ${names[jk]}`, gradient, jk, () => 0),
      entryBug(`x3 tiny ${names[jq2]}`, gradient, jq2, (x) => 3 * x),
      { name: "naive softmax back-pass (round-off ~rtol, grey)", gradient: (v) => backward(v, true) },
      entryBug(`flip ${names[medianEntry(g0, OV, d * d)]}`, gradient, medianEntry(g0, OV, d * d), (x) => -x),
    ],
    note: `score gaps >= 20; |grad Wq| ~${Math.abs(g0[jq]).toExponential(1)}, loss ${f(w).toExponential(2)}`,
  };
}

export function softmaxCases(): PanelCase[] {
  return [classifierCase(), attentionCase()];
}

export { referenceGradient };
