// A P ≈ 20,000 case for the bench (not for gradCheck in the unit tests): a tanh
// MLP 20→400→30 with softmax cross-entropy on a batch of 4 (P = 20,430), a
// correct back-pass and a sign flip on its smallest-|gradient| entry.
// The truth: Richardson on an incremental forward pass (one parameter changed:
// only one hidden unit or one logit moves, O(N·C) per evaluation), computed lazily
// on first access of `truth` (about a second); tests/panel.test.ts checks the
// back-pass against Richardson on the full forward pass on sampled entries.
import { PanelCase, entryBug, rng } from "./common";
import { Mlp, initMlp, makeMlp } from "./mlp-model";
import { richardson } from "./reference";

export const LARGE_SIZES = [20, 400, 30];

function lse(z: Float64Array): number {
  let m = -Infinity;
  for (const v of z) m = Math.max(m, v);
  let s = 0;
  for (const v of z) s += Math.exp(v - m);
  return m + Math.log(s);
}

/** f along coordinate i, by updating the cached forward pass at w. */
function incrementalLines(m: Mlp, w: Float64Array): (i: number) => (x: number) => number {
  const { X, Y } = m.spec;
  const [l1, l2] = m.offsets;
  const N = X.length;
  const H = l1.rows;
  const C = l2.rows;
  const Z = m.preactivations(w);
  const Z1 = Z.map((zs) => zs[0]);
  const Hs = Z1.map((z) => z.map(Math.tanh));
  const Z2 = Z.map((zs) => zs[1]);
  const loss = (z2: Float64Array[]) => z2.reduce((s, z, n) => s + lse(z) - z[Y[n][0]], 0) / N;
  return (i: number) => (x: number) => {
    const d = x - w[i];
    const z2 = Z2.map((z) => z.slice());
    if (i < l1.b) {
      const j = Math.floor(i / l1.cols);
      const k = i % l1.cols;
      for (let n = 0; n < N; n++) {
        const dh = Math.tanh(Z1[n][j] + d * X[n][k]) - Hs[n][j];
        for (let c = 0; c < C; c++) z2[n][c] += w[l2.W + c * H + j] * dh;
      }
    } else if (i < l2.W) {
      const j = i - l1.b;
      for (let n = 0; n < N; n++) {
        const dh = Math.tanh(Z1[n][j] + d) - Hs[n][j];
        for (let c = 0; c < C; c++) z2[n][c] += w[l2.W + c * H + j] * dh;
      }
    } else if (i < l2.b) {
      const c = Math.floor((i - l2.W) / H);
      const j = (i - l2.W) % H;
      for (let n = 0; n < N; n++) z2[n][c] += d * Hs[n][j];
    } else {
      const c = i - l2.b;
      for (let n = 0; n < N; n++) z2[n][c] += d;
    }
    return loss(z2);
  };
}

export function largeModel(): { m: Mlp; w: Float64Array } {
  const g = rng(2001);
  const [D, , C] = LARGE_SIZES;
  const X = Array.from({ length: 4 }, () => Float64Array.from({ length: D }, () => g.normal()));
  const Y = Array.from({ length: 4 }, (_, n) => Float64Array.of(Math.floor(g.uniform() * C), n));
  const m = makeMlp({ sizes: LARGE_SIZES, activation: "tanh", loss: "ce", X, Y });
  return { m, w: initMlp(m, rng(2002).normal, 1, 0.1) };
}

/** The Richardson reference of entry i on the full forward pass (slow: P-independent but 20k-parameter forwards). */
export function fullReferenceEntry(m: Mlp, w: Float64Array, i: number): number {
  const v = w.slice();
  return richardson((x) => {
    v[i] = x;
    return m.loss(v);
  }, w[i], 0.05 * Math.max(1, Math.abs(w[i]))).value;
}

export function largeCase(): PanelCase {
  const { m, w } = largeModel();
  const gradient = (v: Float64Array) => m.gradient(v);
  const g0 = gradient(w);
  let smallest = -1;
  for (let i = 0; i < g0.length; i++) if (g0[i] !== 0 && (smallest < 0 || Math.abs(g0[i]) < Math.abs(g0[smallest]))) smallest = i;
  let truth: Float64Array | undefined;
  const c: PanelCase = {
    name: `large tanh-mlp ${LARGE_SIZES.join("-")} ce (P ${m.P})`,
    family: "large",
    w,
    f: (v) => m.loss(v),
    gradient,
    truth: new Float64Array(0),
    truthSource: "richardson",
    names: m.names,
    precision: "float64",
    bugs: [entryBug(`flip smallest |g| ${m.names[smallest]}`, gradient, smallest, (x) => -x)],
    note: `smallest |g| = ${Math.abs(g0[smallest]).toExponential(2)} at ${smallest}`,
  };
  Object.defineProperty(c, "truth", {
    get: () => {
      if (!truth) {
        const line = incrementalLines(m, w);
        truth = Float64Array.from({ length: m.P }, (_, i) => richardson(line(i), w[i], 0.05 * Math.max(1, Math.abs(w[i]))).value);
      }
      return truth;
    },
  });
  return c;
}

export { incrementalLines };
