// The network's back-pass against independent references: central differences of
// its own loss, a closed form for a one-layer net, and planted bugs that the
// grouped report must name to the right tensor.
import { describe, expect, it } from "vitest";
import {
  Matrix,
  NetworkSpec,
  PlantedBug,
  flattenParameters,
  gradCheck,
  initNetwork,
  networkGradient,
  networkLoss,
  networkParameterNames,
  networkPredict,
  parameterCount,
  parameterGroups,
  syntheticLinear,
  unflattenParameters,
} from "../lib/index";

const data = syntheticLinear({ m: 40, weights: [1, -2, 0.5, 1.5, -1], bias: 0.3, noise: 0.2, seed: 5 });
const X: Matrix = data.X;
const y = data.y;
const labels = y.map((v) => (v > 0 ? 1 : 0));

function check(spec: NetworkSpec, target: ArrayLike<number>, bugs: PlantedBug[] = [], seed = 1) {
  const theta = initNetwork(spec, seed);
  return gradCheck({
    f: (t) => networkLoss(spec, t, X, target),
    gradient: (t) => networkGradient(spec, t, X, target, { bugs }),
    w: theta,
    names: networkParameterNames(spec),
    groups: parameterGroups(spec),
  });
}

const mse: NetworkSpec = { sizes: [5, 8, 1], activations: ["tanh", "identity"], loss: "mse" };

describe("network parameters", () => {
  it("counts, names and groups every entry of a 5→8→1 network", () => {
    expect(parameterCount(mse)).toBe(5 * 8 + 8 + 8 + 1);
    const names = networkParameterNames(mse);
    expect(names).toHaveLength(57);
    expect(names.slice(0, 2)).toEqual(["W1[0,0]", "W1[0,1]"]);
    expect(names[5]).toBe("W1[1,0]");
    expect(names[40]).toBe("b1[0]");
    expect(names[56]).toBe("b2[0]");
    expect(parameterGroups(mse).map((g) => [g.name, g.start, g.length])).toEqual([
      ["W1", 0, 40],
      ["b1", 40, 8],
      ["W2", 48, 8],
      ["b2", 56, 1],
    ]);
  });

  it("flattens and unflattens without loss, and W1[i,j] is row i, column j", () => {
    const theta = initNetwork(mse, 3);
    const layers = unflattenParameters(mse, theta);
    expect(Array.from(flattenParameters(layers))).toEqual(Array.from(theta));
    expect(layers[0].W.data[2 * 5 + 3]).toBe(theta[networkParameterNames(mse).indexOf("W1[2,3]")]);
  });

  it("is seeded", () => {
    expect(Array.from(initNetwork(mse, 9))).toEqual(Array.from(initNetwork(mse, 9)));
    expect(Array.from(initNetwork(mse, 9))).not.toEqual(Array.from(initNetwork(mse, 10)));
  });

  it("rejects a malformed spec or data with a clear message", () => {
    expect(() => parameterGroups({ sizes: [5], activations: [], loss: "mse" })).toThrow(/input and an output/);
    expect(() => parameterGroups({ sizes: [5, 1], activations: ["tanh", "tanh"], loss: "mse" })).toThrow(/1 layers need 1 activations/);
    expect(() => parameterGroups({ sizes: [5, 1], activations: ["tanh"], loss: "bce" })).toThrow(/sigmoid/);
    expect(() => networkLoss(mse, new Float64Array(3), X, y)).toThrow(/theta has 3 entries, the spec needs 57/);
    expect(() => networkLoss(mse, initNetwork(mse, 1), X, y.subarray(1))).toThrow(/y has 39 entries/);
  });
});

describe("forward pass", () => {
  it("a one-layer identity network is linear regression: ŷ = X·W1ᵀ + b1", () => {
    const spec: NetworkSpec = { sizes: [5, 1], activations: ["identity"], loss: "mse" };
    const theta = Float64Array.of(1, 2, 3, 4, 5, 0.5);
    const yhat = networkPredict(spec, theta, X);
    for (let i = 0; i < X.rows; i++) {
      let s = 0.5;
      for (let j = 0; j < 5; j++) s += X.data[i * 5 + j] * (j + 1);
      expect(yhat[i]).toBeCloseTo(s, 12);
    }
  });

  it("binary cross-entropy matches its definition −mean(y·log p + (1−y)·log(1−p))", () => {
    const spec: NetworkSpec = { sizes: [5, 3, 1], activations: ["tanh", "sigmoid"], loss: "bce" };
    const theta = initNetwork(spec, 4);
    const p = networkPredict(spec, theta, X);
    let s = 0;
    for (let i = 0; i < p.length; i++) s -= labels[i] * Math.log(p[i]) + (1 - labels[i]) * Math.log(1 - p[i]);
    expect(networkLoss(spec, theta, X, labels)).toBeCloseTo(s / p.length, 12);
  });
});

describe("back-pass", () => {
  const specs: Array<[string, NetworkSpec, ArrayLike<number>]> = [
    ["5→8→1 tanh, MSE", mse, y],
    ["5→6→4→1 tanh/sigmoid, MSE", { sizes: [5, 6, 4, 1], activations: ["tanh", "sigmoid", "identity"], loss: "mse" }, y],
    ["5→4→1 tanh, cross-entropy", { sizes: [5, 4, 1], activations: ["tanh", "sigmoid"], loss: "bce" }, labels],
    ["5→3→2 sigmoid, two outputs", { sizes: [5, 3, 2], activations: ["sigmoid", "identity"], loss: "mse" }, new Float64Array(80).map((_, i) => Math.sin(i))],
  ];
  for (const [label, spec, target] of specs) {
    it(`passes the full check: ${label}`, () => {
      const report = check(spec, target);
      expect(report.passed).toBe(true);
      expect(report.difference).toBeLessThan(1e-7);
      expect(report.evaluations).toBe(2 * parameterCount(spec));
    });
  }

  it("matches the closed form for a one-layer identity network: (1/m)·[Xᵀr; Σr]", () => {
    const spec: NetworkSpec = { sizes: [5, 1], activations: ["identity"], loss: "mse" };
    const theta = Float64Array.of(0.1, -0.2, 0.3, 0.4, -0.5, 0.6);
    const g = networkGradient(spec, theta, X, y);
    const r = networkPredict(spec, theta, X).map((v, i) => v - y[i]);
    for (let j = 0; j < 5; j++) {
      let s = 0;
      for (let i = 0; i < X.rows; i++) s += X.data[i * 5 + j] * r[i];
      expect(g[j]).toBeCloseTo(s / X.rows, 12);
    }
    expect(g[5]).toBeCloseTo(r.reduce((a, b) => a + b, 0) / X.rows, 12);
  });

  it("ReLU passes away from its kink", () => {
    const spec: NetworkSpec = { sizes: [5, 6, 1], activations: ["relu", "identity"], loss: "mse" };
    const report = check(spec, y, [], 2);
    expect(report.passed).toBe(true);
  });
});

describe("planted bugs are caught and named to the right tensor", () => {
  const deep: NetworkSpec = { sizes: [5, 6, 4, 1], activations: ["tanh", "sigmoid", "identity"], loss: "mse" };
  const cases: Array<[PlantedBug, string[]]> = [
    [{ layer: 2, kind: "missing-1/m" }, ["W2", "b2"]],
    [{ layer: 3, kind: "missing-1/m" }, ["W3", "b3"]],
    [{ layer: 1, kind: "transposed-weight-gradient" }, ["W1"]],
    [{ layer: 2, kind: "sign-flip-bias" }, ["b2"]],
    // A wrong activation derivative in layer 2 corrupts δ2, which feeds W2, b2 and everything before.
    [{ layer: 2, kind: "wrong-activation-derivative" }, ["W1", "b1", "W2", "b2"]],
    [{ layer: 1, kind: "wrong-activation-derivative" }, ["W1", "b1"]],
  ];
  for (const [bug, tensors] of cases) {
    it(`${bug.kind} in layer ${bug.layer} → ${tensors.join(", ")}`, () => {
      const report = check(deep, y, [bug]);
      expect(report.passed).toBe(false);
      expect(report.failingGroups).toEqual(tensors);
      expect(tensors).toContain(report.worst.name.slice(0, 2));
      expect(report.verdict).toContain(`in ${tensors.join(", ")}`);
    });
  }

  it("a missing 1/m shows as analytic/numeric = m in that tensor", () => {
    const report = check(deep, y, [{ layer: 3, kind: "missing-1/m" }]);
    const b3 = report.entries.find((e) => e.name === "b3[0]")!;
    expect(b3.analytic / b3.numeric).toBeCloseTo(X.rows, 6);
  });

  it("three bugs at once: the report names exactly the broken tensors", () => {
    const report = check(deep, y, [
      { layer: 3, kind: "missing-1/m" },
      { layer: 1, kind: "transposed-weight-gradient" },
      { layer: 2, kind: "sign-flip-bias" },
    ]);
    expect(report.failingGroups).toEqual(["W1", "b2", "W3", "b3"]);
  });
});

describe("grouping a report by names", () => {
  it("groups consecutive names by the part before '['", () => {
    const spec: NetworkSpec = { sizes: [2, 2, 1], activations: ["tanh", "identity"], loss: "mse" };
    const theta = initNetwork(spec, 1);
    const X2: Matrix = { rows: 3, cols: 2, data: Float64Array.of(1, 2, -1, 0.5, 0.3, -0.7) };
    const y2 = Float64Array.of(1, 0, 2);
    const report = gradCheck({
      f: (t) => networkLoss(spec, t, X2, y2),
      gradient: (t) => networkGradient(spec, t, X2, y2),
      w: theta,
      names: networkParameterNames(spec),
      groups: "names",
    });
    expect(report.groups.map((g) => [g.name, g.length])).toEqual([["W1", 4], ["b1", 2], ["W2", 2], ["b2", 1]]);
    expect(report.groups.every((g) => g.passed)).toBe(true);
    expect(report.toString()).toMatch(/tensor\s+size\s+worst entry/);
    expect(report.toHTML()).toContain("all 9 parameters");
  });
});
