// Mixed scales: a tanh MLP 3-5-2 whose inputs are ~1e3, so its first weights are
// ~1e-3, and whose outputs are ~1e3, so its last weights are ~1e3. Truth:
// Richardson with steps scaled to each tensor.
import { PanelCase, entryBug, rng } from "./common";
import { initMlp, makeMlp } from "./mlp-model";
import { medianEntry } from "./mlp";
import { referenceGradient } from "./reference";

export function mixedCases(): PanelCase[] {
  const g = rng(1601);
  const X = Array.from({ length: 6 }, () => Float64Array.from({ length: 3 }, () => 1e3 * g.normal()));
  const Y = Array.from({ length: 6 }, () => Float64Array.from({ length: 2 }, () => 1e3 * g.normal()));
  const m = makeMlp({ sizes: [3, 5, 2], activation: "tanh", loss: "mse", X, Y });
  const w = initMlp(m, rng(1602).normal, 1, 0.3);
  const [l1, l2] = m.offsets;
  for (let i = 0; i < l1.rows * l1.cols; i++) w[l1.W + i] *= 1e-3;
  for (let i = 0; i < l2.rows * l2.cols; i++) w[l2.W + i] *= 1e3;
  for (let j = 0; j < l2.rows; j++) w[l2.b + j] *= 1e3;
  const f = (v: Float64Array) => m.loss(v);
  const gradient = (v: Float64Array) => m.gradient(v);
  const h0 = (i: number) => (i < l1.b ? 5e-5 : i < l2.W ? 0.02 : 20);
  const g0 = gradient(w);
  const small = medianEntry(g0, l1.W, l1.rows * l1.cols);
  let tiniest = l2.W;
  for (let i = l2.W; i < l2.b; i++) if (Math.abs(g0[i]) < Math.abs(g0[tiniest])) tiniest = i;
  return [
    {
      name: "mixed scales tanh-mlp 1e-3/1e3",
      family: "mixed-scales",
      w,
      f,
      gradient,
      truth: referenceGradient(f, w, h0).gradient,
      truthSource: "richardson",
      names: m.names,
      precision: "float64",
      bugs: [
        entryBug(`1e-3 off ${m.names[small]} (w ~1e-3)`, gradient, small, (x) => x * (1 + 1e-3)),
        entryBug(`flip smallest W2 entry ${m.names[tiniest]}`, gradient, tiniest, (x) => -x),
        entryBug(`flip ${m.names[l2.b]}`, gradient, l2.b, (x) => -x),
      ],
      note: "W1 ~1e-3, W2 and b2 ~1e3, inputs and targets ~1e3",
    },
  ];
}
