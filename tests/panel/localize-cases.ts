// The localizer's cases (issue 20), shared by tests/localize.test.ts and bench/run.ts:
// a tanh MLP 16→500→3 with softmax cross-entropy on a batch of 8 (P = 10,003), its
// correct hand-written back-pass, and planted bugs: wrong entries at 1% of the
// median |gradient entry| (each at a seeded place, with a seeded sign), or a whole
// tensor scaled by the batch size (a forgotten 1/m).
import { rng } from "./common";
import { Mlp, initMlp, makeMlp } from "./mlp-model";

export const LOCALIZE_SIZES = [16, 500, 3];

export interface LocalizeModel {
  m: Mlp;
  w: Float64Array;
  /** The correct gradient at w. */
  g: Float64Array;
  medianAbs: number;
}

export function localizeModel(): LocalizeModel {
  const r = rng(3001);
  const [D, , C] = LOCALIZE_SIZES;
  const X = Array.from({ length: 8 }, () => Float64Array.from({ length: D }, () => r.normal()));
  const Y = Array.from({ length: 8 }, (_, n) => Float64Array.of(Math.floor(r.uniform() * C), n));
  const m = makeMlp({ sizes: LOCALIZE_SIZES, activation: "tanh", loss: "ce", X, Y });
  const w = initMlp(m, rng(3002).normal, 1, 0.1);
  const g = m.gradient(w);
  const sorted = Float64Array.from(g, Math.abs).sort();
  return { m, w, g, medianAbs: sorted[sorted.length >> 1] };
}

/** `count` distinct seeded entries, each off by ±`relative`·median|g|. */
export function plantEntries(model: LocalizeModel, count: number, seed: number, relative = 0.01): { wrong: number[]; gradient: Float64Array } {
  const r = rng(seed);
  const wrong = new Set<number>();
  while (wrong.size < count) wrong.add(Math.floor(r.uniform() * model.g.length));
  const gradient = model.g.slice();
  for (const j of wrong) gradient[j] += (r.uniform() < 0.5 ? -1 : 1) * relative * model.medianAbs;
  return { wrong: [...wrong].sort((a, b) => a - b), gradient };
}

/** Every entry of tensor `name` multiplied by `factor` (8: the batch's 1/m forgotten). */
export function plantTensor(model: LocalizeModel, name: string, factor = 8): Float64Array {
  const gradient = model.g.slice();
  model.m.names.forEach((s, i) => {
    if (s.startsWith(name + "[")) gradient[i] *= factor;
  });
  return gradient;
}
