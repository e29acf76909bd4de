// Batch norm and layer norm, forward and backward with respect to the inputs and
// γ, β, through the scalarization Σ out ⊙ dout with a fixed random dout. ε = 1e-3
// with variances ~1e-3, so that forgetting ε in the back-pass matters. Bugs: ε
// forgotten in the back-pass, the mean's path forgotten, one entry flipped.
// Truth: Richardson on the forward (smooth).
import { PanelCase, entryBug, rng, tensorNames } from "./common";
import { medianEntry } from "./mlp";
import { referenceGradient } from "./reference";

const EPS = 1e-3;

/**
 * Normalization of an R×C matrix X along `axis` ("rows": each column over the R
 * rows, as batch norm; "cols": each row over its C entries, as layer norm), with
 * per-feature γ, β (C of each). Parameters: X (R·C), γ (C), β (C).
 */
function normModel(R: number, C: number, axis: "batch" | "layer") {
  const groupsOf = () => {
    // Index lists of the normalized groups, and the feature (γ index) of each entry.
    const groups: number[][] = [];
    if (axis === "batch") for (let c = 0; c < C; c++) groups.push(Array.from({ length: R }, (_, r) => r * C + c));
    else for (let r = 0; r < R; r++) groups.push(Array.from({ length: C }, (_, c) => r * C + c));
    return groups;
  };
  const groups = groupsOf();
  const G = R * C;
  const B = G + C;
  const forward = (w: Float64Array, dout: Float64Array) => {
    let loss = 0;
    for (const idx of groups) {
      const n = idx.length;
      let mu = 0;
      for (const i of idx) mu += w[i];
      mu /= n;
      let v = 0;
      for (const i of idx) v += (w[i] - mu) ** 2;
      v /= n;
      const inv = 1 / Math.sqrt(v + EPS);
      for (const i of idx) {
        const c = i % C;
        loss += (w[G + c] * (w[i] - mu) * inv + w[B + c]) * dout[i];
      }
    }
    return loss;
  };
  const backward = (w: Float64Array, dout: Float64Array, bug?: "no-eps" | "no-mean") => {
    const g = new Float64Array(w.length);
    for (const idx of groups) {
      const n = idx.length;
      let mu = 0;
      for (const i of idx) mu += w[i];
      mu /= n;
      let v = 0;
      for (const i of idx) v += (w[i] - mu) ** 2;
      v /= n;
      const inv = 1 / Math.sqrt(v + (bug === "no-eps" ? 0 : EPS));
      const xhat = idx.map((i) => (w[i] - mu) * inv);
      const dxhat = idx.map((i) => dout[i] * w[G + (i % C)]);
      let s1 = 0;
      let s2 = 0;
      idx.forEach((i, k) => {
        s1 += dxhat[k];
        s2 += dxhat[k] * xhat[k];
        g[G + (i % C)] += dout[i] * xhat[k];
        g[B + (i % C)] += dout[i];
      });
      idx.forEach((i, k) => {
        g[i] = inv * (dxhat[k] - (bug === "no-mean" ? 0 : s1 / n) - (xhat[k] * s2) / n);
      });
    }
    return g;
  };
  return { forward, backward, P: G + 2 * C, names: [...tensorNames("X", R, C), ...tensorNames("gamma", C), ...tensorNames("beta", C)] };
}

function normCase(name: string, R: number, C: number, axis: "batch" | "layer", seed: number): PanelCase {
  const m = normModel(R, C, axis);
  const g = rng(seed);
  const w = new Float64Array(m.P);
  for (let i = 0; i < R * C; i++) w[i] = 0.5 + 0.03 * g.normal(); // variance ~1e-3, comparable to ε
  for (let c = 0; c < C; c++) w[R * C + c] = 1 + 0.3 * g.normal();
  for (let c = 0; c < C; c++) w[R * C + C + c] = 0.1 * g.normal();
  const dout = Float64Array.from({ length: R * C }, () => g.normal());
  const f = (v: Float64Array) => m.forward(v, dout);
  const gradient = (v: Float64Array) => m.backward(v, dout);
  const g0 = gradient(w);
  const h0 = (i: number) => (i < R * C ? 0.004 : 0.05);
  const jx = medianEntry(g0, 0, R * C);
  return {
    name,
    family: "normalization",
    w,
    f,
    gradient,
    truth: referenceGradient(f, w, h0).gradient,
    truthSource: "richardson",
    names: m.names,
    precision: "float64",
    bugs: [
      { name: "eps forgotten in back-pass", gradient: (v) => m.backward(v, dout, "no-eps") },
      { name: "mean path forgotten", gradient: (v) => m.backward(v, dout, "no-mean") },
      entryBug(`flip ${m.names[jx]}`, gradient, jx, (x) => -x),
      entryBug(`1e-3 off ${m.names[R * C + 1]}`, gradient, R * C + 1, (x) => x * (1 + 1e-3)),
    ],
    note: "eps 1e-3, input variance ~1e-3",
  };
}

export function normCases(): PanelCase[] {
  return [normCase("batchnorm 6x3", 6, 3, "batch", 801), normCase("layernorm 4x5", 4, 5, "layer", 802)];
}
