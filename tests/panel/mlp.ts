// ReLU MLPs: at init, trained, with preactivations 1e-8 to 2e-7 from 0, with two
// kinks whose slope changes nearly cancel on one parameter, and with exact kinks
// (a zero input example with zero biases). Truth: Richardson on the loss frozen at
// w's ReLU pattern; at exact kinks, the one-sided derivatives as well.
import { PanelBug, PanelCase, entriesNearKinks, entryBug, normals, rng } from "./common";
import { Mlp, initMlp, makeMlp, train } from "./mlp-model";
import { frozenReference, kinkSlopes } from "./reference";

function data(N: number, D: number, C: number, loss: "mse" | "ce", seed: number) {
  const g = rng(seed);
  const X = Array.from({ length: N }, () => Float64Array.from({ length: D }, () => g.normal()));
  const Y = Array.from({ length: N }, (_, n) =>
    loss === "mse" ? Float64Array.from({ length: C }, () => g.normal()) : Float64Array.of(Math.floor(g.uniform() * C) % C, n),
  );
  return { X, Y };
}

/** The index (within [start, start+len)) whose |g| is the median of the nonzero ones. */
export function medianEntry(g: Float64Array, start = 0, len = g.length - start): number {
  const idx = Array.from({ length: len }, (_, k) => start + k).filter((i) => g[i] !== 0);
  idx.sort((a, b) => Math.abs(g[a]) - Math.abs(g[b]));
  return idx[Math.floor(idx.length / 2)];
}

/** Shift b_l[u] so that the preactivation of unit u in layer l for example n is `target`. */
function placePreactivation(m: Mlp, w: Float64Array, l: number, u: number, n: number, target: number): void {
  for (let it = 0; it < 4; it++) {
    const z = m.preactivations(w)[n][l][u];
    w[m.offsets[l].b + u] -= z - target;
  }
}

function finish(name: string, m: Mlp, w: Float64Array, bugs: (g: (w: Float64Array) => Float64Array, g0: Float64Array) => PanelBug[], extra: Partial<PanelCase> = {}): PanelCase {
  const gradient = (v: Float64Array) => m.gradient(v);
  const g0 = gradient(w);
  return {
    name,
    family: "relu-mlp",
    w,
    f: (v) => m.loss(v),
    gradient,
    truth: frozenReference(m.loss, w),
    truthSource: "richardson",
    names: m.names,
    precision: "float64",
    nearKinks: entriesNearKinks(m.loss, w),
    bugs: bugs(gradient, g0),
    ...extra,
  };
}

const standardBugs = (m: Mlp) => (gradient: (w: Float64Array) => Float64Array, g0: Float64Array): PanelBug[] => {
  const j1 = medianEntry(g0, m.offsets[0].W, m.offsets[0].rows * m.offsets[0].cols);
  const j2 = medianEntry(g0, m.offsets[1].W, m.offsets[1].rows * m.offsets[1].cols);
  return [
    entryBug(`flip ${m.names[j1]}`, gradient, j1, (x) => -x),
    entryBug(`1e-3 off ${m.names[j2]}`, gradient, j2, (x) => x * (1 + 1e-3)),
    { name: "no relu mask", gradient: (v) => m.gradient(v, { noMask: true }) },
  ];
};

export function mlpCases(): PanelCase[] {
  const cases: PanelCase[] = [];

  // 1. At init, MSE.
  {
    const { X, Y } = data(5, 4, 3, "mse", 101);
    const m = makeMlp({ sizes: [4, 6, 3], activation: "relu", loss: "mse", X, Y });
    const w = initMlp(m, rng(102).normal, 1.4, 0.1);
    cases.push(finish("relu-mlp 4-6-3 mse init", m, w, standardBugs(m)));
  }

  // 2. Trained, softmax CE.
  {
    const { X, Y } = data(8, 4, 3, "ce", 201);
    const m = makeMlp({ sizes: [4, 6, 3], activation: "relu", loss: "ce", X, Y });
    const w = train(m, initMlp(m, rng(202).normal, 1.4, 0.1), 300, 0.5);
    cases.push(finish("relu-mlp 4-6-3 ce trained", m, w, standardBugs(m)));
  }

  // 3. Trained CE with a preactivation +1e-8 from 0 (unit 1, example 0) and one −2e-7 (unit 4, example 3).
  {
    const { X, Y } = data(8, 4, 3, "ce", 201);
    const m = makeMlp({ sizes: [4, 6, 3], activation: "relu", loss: "ce", X, Y });
    const w = train(m, initMlp(m, rng(202).normal, 1.4, 0.1), 300, 0.5);
    placePreactivation(m, w, 0, 1, 0, 1e-8);
    placePreactivation(m, w, 0, 4, 3, -2e-7);
    cases.push(
      finish("relu-mlp 4-6-3 ce near-kink", m, w, (gradient, g0) => {
        const bu = m.offsets[0].b + 1;
        const wk = medianEntry(g0, m.offsets[0].W + 4, 4);
        // What a central difference over the kink sees: the average of the two pieces' slopes.
        const jump = m.deltas(w)[0][0][1];
        return [
          entryBug(`average of slopes at ${m.names[bu]} (near kink)`, gradient, bu, (x) => x - jump / 2),
          entryBug(`flip ${m.names[bu]} (near kink)`, gradient, bu, (x) => -x),
          entryBug(`x3 ${m.names[wk]} (near kink)`, gradient, wk, (x) => 3 * x),
          ...standardBugs(m)(gradient, g0).slice(0, 2),
        ];
      }, { note: "z(unit 1, ex 0) = +1e-8, z(unit 4, ex 3) = -2e-7" }),
    );
  }

  // 4. Two kinks whose slope changes nearly cancel on W1[u,k] (MSE).
  {
    const { X, Y } = data(5, 4, 3, "mse", 301);
    const m = makeMlp({ sizes: [4, 6, 3], activation: "relu", loss: "mse", X, Y });
    const w = initMlp(m, rng(302).normal, 1.4, 0.1);
    const u = 2;
    const k = 1;
    const mm = 3; // the input adjusted to place example 1's preactivation
    const cols = 4;
    X[0][k] = 0.8;
    X[1][k] = 1.1;
    placePreactivation(m, w, 0, u, 0, 3e-8); // example 0: on, 3e-8 above 0
    for (let it = 0; it < 4; it++) {
      const z = m.preactivations(w)[1][0][u];
      X[1][mm] -= (z + 6e-8) / w[m.offsets[0].W + u * cols + mm]; // example 1: off, 6e-8 below 0
    }
    // Example 1's dL/dh_u set through its target so that its slope change on W1[u,k] is −0.999× example 0's.
    const D = m.deltas(w);
    const c1 = D[0][0][u] * X[0][k];
    const out1 = m.preactivations(w)[1][1];
    const W2 = m.offsets[1];
    let norm2 = 0;
    for (let c = 0; c < 3; c++) norm2 += w[W2.W + c * 6 + u] ** 2;
    const dh2 = (-0.999 * c1) / X[1][k];
    const beta = (dh2 * 3 * 5) / (2 * norm2);
    for (let c = 0; c < 3; c++) Y[1][c] = out1[c] - beta * w[W2.W + c * 6 + u];
    const jk = m.offsets[0].W + u * cols + k;
    cases.push(
      finish("relu-mlp 4-6-3 mse cancelling kinks", m, w, (gradient, g0) => {
        // The back-pass with unit u's mask wrong for example 0: the slope on either side beyond both kinks.
        const wrongPattern = (v: Float64Array) => {
          const g = gradient(v);
          const d = m.deltas(v)[0][0][u];
          for (let q = 0; q < cols; q++) g[m.offsets[0].W + u * cols + q] -= d * X[0][q];
          g[m.offsets[0].b + u] -= d;
          return g;
        };
        return [
          { name: `outer slope at ${m.names[jk]}`, gradient: (v) => { const g = gradient(v); g[jk] = wrongPattern(v)[jk]; return g; } },
          { name: "unit mask wrong for one example", gradient: wrongPattern },
          ...standardBugs(m)(gradient, g0).slice(0, 2),
        ];
      }, { note: `kinks at W1[${u},${k}] -3.75e-8 (off) and +5.5e-8 (on), slope changes c and -0.999c` }),
    );
  }

  // 5. Exact kinks: zero biases at init and an all-zero (padding) example: every b1 entry is at a kink.
  {
    const { X, Y } = data(5, 4, 3, "ce", 401);
    X[2].fill(0);
    const m = makeMlp({ sizes: [4, 6, 3], activation: "relu", loss: "ce", X, Y });
    const w = initMlp(m, rng(402).normal, 1.4, 0);
    const kinks = Array.from({ length: 6 }, (_, j) => m.offsets[0].b + j);
    cases.push(
      finish("relu-mlp 4-6-3 ce exact kinks (zero example)", m, w, (gradient, g0) => [
        { name: "relu'(0)=1 (valid subgradient)", gradient: (v) => m.gradient(v, { maskAtZero: true }) },
        entryBug(`b1[0] off the subdifferential`, gradient, kinks[0], (x) => x + 2 * Math.abs(g0[kinks[0]]) + 0.05),
        ...standardBugs(m)(gradient, g0).slice(0, 2),
      ], { kinks, kinkSlopes: kinkSlopes(m.loss, w, kinks), note: "z = 0 exactly for example 2 in every hidden unit" }),
    );
  }

  // 6. A 3-layer ReLU net, trained, with a second-layer preactivation 5e-8 from 0: the kink reaches every earlier parameter.
  {
    const { X, Y } = data(6, 4, 3, "ce", 501);
    const m = makeMlp({ sizes: [4, 6, 5, 3], activation: "relu", loss: "ce", X, Y });
    const w = train(m, initMlp(m, rng(502).normal, 1.4, 0.1), 200, 0.3);
    placePreactivation(m, w, 1, 2, 4, 5e-8);
    cases.push(finish("relu-mlp 4-6-5-3 ce near-kink layer 2", m, w, standardBugs(m), { note: "z2(unit 2, ex 4) = +5e-8" }));
  }
  return cases;
}

export { normals };
