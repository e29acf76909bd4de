/**
 * The bug hunt's last exercise (notebook 08-bug-hunt): a 5 → 100 → 100 → 1 network,
 * too large for the full check, whose back-pass is wrong at a few entries that the
 * learner finds with `findWrongEntries` without reading this file.
 */
import { Matrix } from "../models/matrix";
import { NetworkSpec, initNetwork, networkGradient, networkLoss, networkParameterNames } from "../models/network";

/** The big network of the bug hunt: 5 → 100 (tanh) → 100 (tanh) → 1, squared error (P = 10,801). */
export const BIG_SPEC: NetworkSpec = { sizes: [5, 100, 100, 1], activations: ["tanh", "tanh", "identity"], loss: "mse" };

/** The mystery: the loss, a back-pass with hidden wrong entries, where to check it, and the names. */
export interface BigMystery {
  spec: NetworkSpec;
  theta: Float64Array;
  names: string[];
  loss: (t: Float64Array) => number;
  gradient: (t: Float64Array) => Float64Array;
  /** The names of the wrong entries, for the self-check. */
  wrong: string[];
}

/** What the mystery back-pass does to the correct gradient: entry name and change. */
const SLIPS: [string, (g: number) => number][] = [
  ["W1[17,3]", (g) => -g],
  ["b2[64]", (g) => 0.9 * g],
];

/**
 * The mystery back-pass on the article's data, at seeded parameters (seed 2026).
 * @example
 *   const mystery = bigMystery(features, y);
 *   findWrongEntries({ f: mystery.loss, gradient: mystery.gradient, w: mystery.theta, names: mystery.names, seed: 1 });
 */
export function bigMystery(X: Matrix, y: ArrayLike<number>, seed = 2026): BigMystery {
  const names = networkParameterNames(BIG_SPEC);
  const at = SLIPS.map(([name, change]) => [names.indexOf(name), change] as const);
  return {
    spec: BIG_SPEC,
    theta: initNetwork(BIG_SPEC, seed),
    names,
    loss: (t) => networkLoss(BIG_SPEC, t, X, y),
    gradient: (t) => {
      const g = networkGradient(BIG_SPEC, t, X, y);
      for (const [i, change] of at) g[i] = change(g[i]);
      return g;
    },
    wrong: SLIPS.map(([name]) => name),
  };
}
