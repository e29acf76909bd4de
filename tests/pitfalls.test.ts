// Tests for notebook 11's library pieces: lib/workbook/pitfalls.ts (batches, dropout,
// runDescent) and the network's derivative-from-z bug, trainNetwork, networkFlops and
// networkPreactivations, against values worked by hand and closed forms.
import { describe, expect, it } from "vitest";
import { dropout, randomBatch, runDescent, takeRows } from "../lib/workbook/pitfalls";
import { matrix } from "../lib/models/matrix";
import { seededRandom } from "../lib/check/random";
import { gradCheck } from "../lib/check/gradcheck";
import {
  NetworkSpec,
  initNetwork,
  networkFlops,
  networkGradient,
  networkLoss,
  networkPreactivations,
  trainNetwork,
} from "../lib/models/network";

const X = matrix([[1, 2], [3, 4], [5, 6], [7, 8]]);
const y = [10, 20, 30, 40];

describe("takeRows and randomBatch", () => {
  it("takes the given rows", () => {
    const b = takeRows(X, y, [2, 0]);
    expect(Array.from(b.X.data)).toEqual([5, 6, 1, 2]);
    expect(Array.from(b.y)).toEqual([30, 10]);
    expect(() => takeRows(X, y, [4])).toThrow(/row 4/);
  });

  it("draws distinct rows, the same for the same seed, new ones on the next call", () => {
    const rand = seededRandom(5);
    const a = randomBatch(X, y, 3, rand);
    expect(new Set(a.rows).size).toBe(3);
    expect(a.rows).toEqual(randomBatch(X, y, 3, seededRandom(5)).rows);
    a.rows.forEach((r, k) => expect(a.y[k]).toBe(y[r]));
    const draws = Array.from({ length: 20 }, () => randomBatch(X, y, 2, rand).rows.join());
    expect(new Set(draws).size).toBeGreaterThan(1);
    expect(() => randomBatch(X, y, 5, rand)).toThrow(/size/);
  });
});

describe("dropout", () => {
  it("keeps each entry scaled by 1/(1 − rate), or zeroes it, about rate of them", () => {
    const big = { rows: 100, cols: 100, data: new Float64Array(10000).fill(2) };
    const d = dropout(big, 0.2, seededRandom(3));
    expect(d.data.every((v) => v === 0 || v === 2.5)).toBe(true);
    const zeroed = d.data.filter((v) => v === 0).length / 10000; // standard deviation 0.004
    expect(Math.abs(zeroed - 0.2)).toBeLessThan(0.02);
    expect(Array.from(dropout(X, 0, seededRandom(1)).data)).toEqual(Array.from(X.data));
    expect(() => dropout(X, 1, seededRandom(1))).toThrow(/rate/);
  });
});

describe("runDescent", () => {
  it("follows the closed form w_k = (1 − 2α)^k·w0 on f(w) = w²", () => {
    const run = runDescent((w) => w[0] * w[0], (w) => [2 * w[0]], [3], { steps: 5, learningRate: 0.1 });
    expect(run.w[0]).toBeCloseTo(3 * 0.8 ** 5, 14);
    expect(run.losses).toHaveLength(6);
    run.losses.forEach((l, k) => expect(l).toBeCloseTo((3 * 0.8 ** k) ** 2, 12));
  });
});

describe("the network pieces of notebook 11", () => {
  const spec: NetworkSpec = { sizes: [1, 1, 1], activations: ["tanh", "identity"], loss: "mse" };
  // theta = [W1, b1, W2, b2]; one row x = 2, target 1.
  const theta = [0.5, 0.3, 2, 0.1];
  const X1 = matrix([[2]]);
  const z = 0.5 * 2 + 0.3;
  const a = Math.tanh(z);
  const r = 2 * a + 0.1 - 1; // ŷ − y

  it("networkPreactivations gives z = W·x + b per layer", () => {
    const [z1, z2] = networkPreactivations(spec, theta, X1);
    expect(z1[0]).toBeCloseTo(z, 15);
    expect(z2[0]).toBeCloseTo(2 * a + 0.1, 15);
  });

  it("derivative-from-z uses 1 − z² where 1 − tanh(z)² belongs (worked by hand)", () => {
    const right = networkGradient(spec, theta, X1, [1]);
    const bug = networkGradient(spec, theta, X1, [1], { bugs: [{ layer: 1, kind: "derivative-from-z" }] });
    expect(right[0]).toBeCloseTo(r * 2 * (1 - a * a) * 2, 14); // ∂/∂W1 = r·W2·(1 − a²)·x
    expect(bug[0]).toBeCloseTo(r * 2 * (1 - z * z) * 2, 14);
    expect(bug[1]).toBeCloseTo(r * 2 * (1 - z * z), 14);
    expect([bug[2], bug[3]]).toEqual([right[2], right[3]]); // the layer above is untouched
  });

  it("derivative-from-z passes a check at a tiny scale and fails at a normal one", () => {
    const s: NetworkSpec = { sizes: [3, 4, 1], activations: ["tanh", "identity"], loss: "mse" };
    const rand = seededRandom(8);
    const Xs = matrix(Array.from({ length: 20 }, () => [rand() - 0.5, rand() - 0.5, rand() - 0.5]));
    const ys = Array.from({ length: 20 }, () => (rand() < 0.5 ? 0 : 1));
    const f = (t: Float64Array) => networkLoss(s, t, Xs, ys);
    const g = (t: Float64Array) => networkGradient(s, t, Xs, ys, { bugs: [{ layer: 1, kind: "derivative-from-z" }] });
    const t0 = initNetwork(s, 3);
    expect(gradCheck({ f, gradient: g, w: t0.map((v) => 0.01 * v) }).status).toBe("passed");
    expect(gradCheck({ f, gradient: g, w: t0.map((v) => 3 * v) }).status).toBe("failed");
  });

  it("trainNetwork takes steps θ ← θ − α·∇ and records the losses", () => {
    const run = trainNetwork(spec, theta, X1, [1], { steps: 1, learningRate: 0.1 });
    const g = networkGradient(spec, theta, X1, [1]);
    run.theta.forEach((v, j) => expect(v).toBeCloseTo(theta[j] - 0.1 * g[j], 15));
    expect(run.losses).toEqual([networkLoss(spec, theta, X1, [1]), networkLoss(spec, run.theta, X1, [1])]);
    expect(run.losses[1]).toBeLessThan(run.losses[0]);
  });

  it("networkFlops counts 2 per multiply-add, by hand", () => {
    // [2, 1], m = 1: forward 2 multiply-adds = 4; backward ∂W 2·2 + ∂b 1 = 5, no layer below
    expect(networkFlops({ sizes: [2, 1], activations: ["identity"], loss: "mse" }, 1)).toEqual({ forward: 4, backward: 5 });
    // [5, 8, 1], m = 392: forward 392·(8·10 + 1·16) = 37632;
    // backward 392·(8·5·2 + 8) + 392·(8·2 + 1) + 392·8·(2·1 + 1) = 34496 + 6664 + 9408
    expect(networkFlops({ sizes: [5, 8, 1], activations: ["tanh", "identity"], loss: "mse" }, 392)).toEqual({ forward: 37632, backward: 50568 });
  });
});
