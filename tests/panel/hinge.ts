// A multiclass hinge loss (the CS231n SVM) on dyadic data, so that one margin is
// exactly 0 (a kink at w, in every parameter that moves it), one is +1e-7 (active,
// within a step of its kink) and one is −5e-8 (inactive, within a step). Truth:
// Richardson on the loss frozen at w's hinge pattern; at the exact kinks, the
// one-sided derivatives too. L = mean_n Σ_{j≠y} max(0, s_j − s_y + 1) + ½ρ‖W‖².
import { PanelCase, Tape, entriesNearKinks, entryBug, rng, tensorNames } from "./common";
import { frozenReference, kinkSlopes } from "./reference";

const C = 5;
const D = 3;
const N = 5;
const RHO = 0.125;

export function hingeCases(): PanelCase[] {
  const g = rng(1701);
  // Dyadic data and weights (multiples of 1/8, small), so that scores are exact.
  const dy = (scale: number) => Math.round(g.normal() * scale * 8) / 8;
  const X = Array.from({ length: N }, () => Float64Array.from({ length: D }, () => dy(1)));
  const y = Int32Array.from({ length: N }, (_, n) => n % 4); // class 4 is never a label
  const w = new Float64Array(C * D + C);
  for (let i = 0; i < C * D; i++) w[i] = dy(0.5);
  const OB = C * D;
  w[OB + 4] = -4; // class 4 scores low: its margins are inactive and far from 0
  if (w[4 * D] === 0) w[4 * D] = 0.25;
  const score = (v: Float64Array, n: number, j: number) => {
    let s = v[OB + j];
    for (let d = 0; d < D; d++) s += v[j * D + d] * X[n][d];
    return s;
  };
  const margin = (v: Float64Array, n: number, j: number) => score(v, n, j) - score(v, n, y[n]) + 1;
  // Margin (n=0, j=2) exactly 0 via b[2] (dyadic arithmetic is exact); then (1, 3) at +1e-7 via
  // X[1] (b[3] would move (0, 3) too), then (2, 1) at −5e-8 via X[2].
  w[OB + 2] -= margin(w, 0, 2);
  const place = (n: number, j: number, target: number) => {
    const k = [0, 1, 2].sort((a, b) => Math.abs(w[j * D + b] - w[y[n] * D + b]) - Math.abs(w[j * D + a] - w[y[n] * D + a]))[0];
    for (let it = 0; it < 4; it++) X[n][k] -= (margin(w, n, j) - target) / (w[j * D + k] - w[y[n] * D + k]);
  };
  place(1, 3, 1e-7);
  place(2, 1, -5e-8);
  const loss = (v: Float64Array, tape?: Tape) => {
    let s = 0;
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < C; j++) {
        if (j === y[n]) continue;
        const m = margin(v, n, j);
        const on = m > 0 ? 1 : 0;
        if (tape ? tape.pick(on) : on) s += m;
      }
    }
    let r = 0;
    for (let i = 0; i < OB; i++) r += v[i] * v[i];
    return s / N + 0.5 * RHO * r;
  };
  const gradient = (v: Float64Array, opts: { atZero?: number; noTrueClass?: boolean } = {}) => {
    const G = new Float64Array(v.length);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < C; j++) {
        if (j === y[n]) continue;
        const m = margin(v, n, j);
        const a = m > 0 ? 1 : m === 0 ? (opts.atZero ?? 0) : 0;
        if (a === 0) continue;
        for (let d = 0; d < D; d++) {
          G[j * D + d] += (a * X[n][d]) / N;
          if (!opts.noTrueClass) G[y[n] * D + d] -= (a * X[n][d]) / N;
        }
        G[OB + j] += a / N;
        if (!opts.noTrueClass) G[OB + y[n]] -= a / N;
      }
    }
    for (let i = 0; i < OB; i++) G[i] += RHO * v[i];
    return G;
  };
  // Exact kinks: the entries whose pattern differs just left and just right of w.
  const kinks: number[] = [];
  for (let i = 0; i < w.length; i++) {
    const sides = [-1, 1].map((s) => {
      const p = w.slice();
      p[i] += s * 1e-12 * Math.max(1, Math.abs(w[i]));
      const t = new Tape();
      loss(p, t);
      return t;
    });
    if (!sides[0].same(sides[1])) kinks.push(i);
  }
  const near = entriesNearKinks(loss, w).filter((i) => !kinks.includes(i));
  const g0 = gradient(w);
  const regular = Array.from(g0.keys()).find((i) => !kinks.includes(i) && !near.includes(i) && Math.abs(g0[i]) > 1e-3)!;
  const nearOne = near.find((i) => Math.abs(g0[i]) > 1e-3) ?? near[0];
  const names = [...tensorNames("W", C, D), ...tensorNames("b", C)];
  return [
    {
      name: "multiclass hinge exact and near ties",
      family: "hinge",
      w,
      f: (v) => loss(v),
      gradient: (v) => gradient(v),
      truth: frozenReference(loss, w),
      truthSource: "richardson",
      names,
      precision: "float64",
      kinks,
      kinkSlopes: kinkSlopes(loss, w, kinks),
      nearKinks: near,
      bugs: [
        { name: "hinge'(0)=1 (valid subgradient)", gradient: (v) => gradient(v, { atZero: 1 }) },
        { name: "hinge'(0)=0.5 (valid subgradient)", gradient: (v) => gradient(v, { atZero: 0.5 }) },
        { name: "true-class term forgotten", gradient: (v) => gradient(v, { noTrueClass: true }) },
        entryBug(`flip ${names[regular]}`, (v) => gradient(v), regular, (x) => -x),
        entryBug(`1e-3 off ${names[nearOne]} (near kink)`, (v) => gradient(v), nearOne, (x) => x * (1 + 1e-3)),
        // What a central difference over the kink of margin (1, 3), 1e-7 away, sees: the average slope.
        entryBug(`average of slopes at ${names[OB + 3]} (near kink)`, (v) => gradient(v), OB + 3, (x) => x - 0.5 / N),
      ],
      note: `margins: (0,2) exactly 0, (1,3) +1e-7, (2,1) -5e-8; kinks ${kinks.map((i) => names[i]).join(" ")}; near ${near.map((i) => names[i]).join(" ")}`,
    },
  ];
}
