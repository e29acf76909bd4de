// An LSTM cell unrolled over two time steps (input 2, hidden 3: W 12×5, b 12),
// loss Σ_t h_t ⊙ dout_t. Bugs: a wrong gate derivative (forget gate σ' written
// σ; candidate gate tanh' written 1 − g), one entry flipped. Truth: Richardson.
import { PanelCase, entryBug, rng, tensorNames } from "./common";
import { medianEntry } from "./mlp";
import { referenceGradient } from "./reference";

const D = 2;
const H = 3;
const sig = (x: number) => 1 / (1 + Math.exp(-x));

function lstm(steps: number, seed: number) {
  const g = rng(seed);
  const xs = Array.from({ length: steps }, () => Float64Array.from({ length: D }, () => g.normal()));
  const douts = Array.from({ length: steps }, () => Float64Array.from({ length: H }, () => g.normal()));
  const h0 = Float64Array.from({ length: H }, () => 0.5 * g.normal());
  const c0 = Float64Array.from({ length: H }, () => 0.5 * g.normal());
  const cols = D + H;
  const OB = 4 * H * cols;
  const P = OB + 4 * H;
  const w = new Float64Array(P);
  for (let i = 0; i < OB; i++) w[i] = g.normal() / Math.sqrt(cols);
  for (let i = 0; i < 4 * H; i++) w[OB + i] = 0.2 * g.normal() + (i >= H && i < 2 * H ? 1 : 0);
  const run = (v: Float64Array) => {
    let h = h0;
    let c = c0;
    const tape: { inp: Float64Array; i: Float64Array; f: Float64Array; o: Float64Array; gg: Float64Array; cPrev: Float64Array; c: Float64Array }[] = [];
    let loss = 0;
    for (let t = 0; t < steps; t++) {
      const inp = Float64Array.from([...xs[t], ...h]);
      const a = new Float64Array(4 * H);
      for (let r = 0; r < 4 * H; r++) {
        let s = v[OB + r];
        for (let k = 0; k < cols; k++) s += v[r * cols + k] * inp[k];
        a[r] = s;
      }
      const i = a.slice(0, H).map(sig);
      const f = a.slice(H, 2 * H).map(sig);
      const o = a.slice(2 * H, 3 * H).map(sig);
      const gg = a.slice(3 * H).map(Math.tanh);
      const cn = c.map((cp, j) => f[j] * cp + i[j] * gg[j]);
      const hn = cn.map((cj, j) => o[j] * Math.tanh(cj));
      tape.push({ inp, i, f, o, gg, cPrev: c, c: cn });
      for (let j = 0; j < H; j++) loss += hn[j] * douts[t][j];
      h = hn;
      c = cn;
    }
    return { loss, tape };
  };
  const backward = (v: Float64Array, bug?: "forget-sigma" | "tanh-g") => {
    const { tape } = run(v);
    const G = new Float64Array(P);
    let dhNext = new Float64Array(H);
    let dcNext = new Float64Array(H);
    for (let t = steps - 1; t >= 0; t--) {
      const { inp, i, f, o, gg, cPrev, c } = tape[t];
      const da = new Float64Array(4 * H);
      const dcPrev = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        const dh = douts[t][j] + dhNext[j];
        const tc = Math.tanh(c[j]);
        const dO = dh * tc;
        const dc = dcNext[j] + dh * o[j] * (1 - tc * tc);
        da[j] = dc * gg[j] * i[j] * (1 - i[j]);
        da[H + j] = dc * cPrev[j] * (bug === "forget-sigma" ? f[j] : f[j] * (1 - f[j]));
        da[2 * H + j] = dO * o[j] * (1 - o[j]);
        da[3 * H + j] = dc * i[j] * (bug === "tanh-g" ? 1 - gg[j] : 1 - gg[j] * gg[j]);
        dcPrev[j] = dc * f[j];
      }
      const dinp = new Float64Array(cols);
      for (let r = 0; r < 4 * H; r++) {
        G[OB + r] += da[r];
        for (let k = 0; k < cols; k++) {
          G[r * cols + k] += da[r] * inp[k];
          dinp[k] += v[r * cols + k] * da[r];
        }
      }
      dhNext = dinp.slice(D);
      dcNext = dcPrev;
    }
    return G;
  };
  return { w, P, f: (v: Float64Array) => run(v).loss, backward, names: [...tensorNames("W", 4 * H, cols), ...tensorNames("b", 4 * H)] };
}

function lstmCase(steps: number, seed: number): PanelCase {
  const m = lstm(steps, seed);
  const gradient = (v: Float64Array) => m.backward(v);
  const g0 = gradient(m.w);
  const j = medianEntry(g0, 0, 4 * H * (D + H));
  return {
    name: `lstm ${steps} step${steps > 1 ? "s" : ""}`,
    family: "lstm",
    w: m.w,
    f: m.f,
    gradient,
    truth: referenceGradient(m.f, m.w, () => 0.05).gradient,
    truthSource: "richardson",
    names: m.names,
    precision: "float64",
    bugs: [
      { name: "forget gate sigma' = sigma", gradient: (v) => m.backward(v, "forget-sigma") },
      { name: "candidate tanh' = 1 - g", gradient: (v) => m.backward(v, "tanh-g") },
      entryBug(`flip ${m.names[j]}`, gradient, j, (x) => -x),
    ],
  };
}

export function lstmCases(): PanelCase[] {
  return [lstmCase(1, 901), lstmCase(2, 902)];
}
