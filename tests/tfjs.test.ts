// gradcheck/tfjs (lib/check/tfjs.ts) with TensorFlow.js 4 on the CPU backend, and the sweep's
// findings (bench/tfjs-sweep.ts): every row whose tfjs gradient is wrong must fail, confirmed
// by a second float64 truth; a correct op of each kind must not fail; the gradients that throw still throw.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops";
import { beforeAll, describe, expect, it } from "vitest";
import { TFJS_RTOL, tfGradCheck, tfGradCheckAsync, tfVariablesCheck, tfVariablesCheckAsync } from "../lib/check/tfjs";
import { GradCheckError } from "../lib/check/errors";
import { buildRows } from "../bench/tfjs-ops";
import { checkRow, confirmRow, sweepRow, tfjsGradient, truth } from "../bench/tfjs-sweep";
import { upstreamFor } from "../bench/tfjs-ops";

tf.enableProdMode();
beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** swish(x) = x·σ(x) as a tf.customGrad op; `factor` scales its gradient (1: correct). */
function swish(factor: number) {
  return tf.customGrad(((x: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([x]);
    return {
      value: tf.mul(x, tf.sigmoid(x)),
      gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => {
        const sg = tf.sigmoid(s);
        // d/dx x·σ(x) = σ(x) + x·σ(x)·(1 − σ(x))
        return tf.mul(factor, tf.mul(dy, tf.add(sg, tf.mul(s, tf.mul(sg, tf.sub(1, sg))))));
      },
    };
  }) as never) as (x: tf.Tensor) => tf.Tensor;
}

const X = () => tf.tensor1d([-1.3, 0.4, 2.2, 0.05, -0.7, 1.1]);

describe("tfGradCheck: a function of tensors against tf.grads", () => {
  it("passes a correct customGrad op at the adapter's default rtol (1e-3), and leaks no tensor", () => {
    const x = X();
    const before = tf.memory().numTensors;
    const r = tfGradCheck(tf, { f: swish(1), x });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.status).toBe("passed");
    expect(r.rtol).toBe(TFJS_RTOL);
    expect(r.entries.map((e) => e.name)).toEqual(["x[0]", "x[1]", "x[2]", "x[3]", "x[4]", "x[5]"]);
    // With dy = 1 the entry at x = 0.4 is the hand-worked derivative σ(0.4) + 0.4·σ(0.4)(1 − σ(0.4)) = 0.7927...
    const ones = tfGradCheck(tf, { f: swish(1), x, dy: [1, 1, 1, 1, 1, 1] });
    const s = 1 / (1 + Math.exp(-0.4));
    expect(ones.entries[1].analytic).toBeCloseTo(s + 0.4 * s * (1 - s), 6);
    expect(ones.entries[1].numeric).toBeCloseTo(s + 0.4 * s * (1 - s), 3);
    x.dispose();
  });

  it("at the checker's own default rtol (1e-6) a correct float32 op is never failed: inconclusive, limited precision", () => {
    const x = X();
    const r = tfGradCheck(tf, { f: swish(1), x, rtol: 1e-6 });
    expect(r.status).not.toBe("failed");
    expect(r.entries.some((e) => e.reason?.code === "limited-precision")).toBe(true);
    x.dispose();
  });

  it("fails a customGrad whose gradient is 1% off, every entry", () => {
    const x = X();
    const r = tfGradCheck(tf, { f: swish(1.01), x });
    expect(r.status).toBe("failed");
    expect(r.failures).toHaveLength(6);
    x.dispose();
  });

  it("checks tf.grads of a small MLP, every input named by its key, and fails a wrong vjp naming the input", () => {
    const inputs = { W1: tf.tensor2d([[0.3, -0.2, 0.5], [0.1, 0.7, -0.4]]), b1: tf.tensor1d([0.05, -0.1, 0.2]), W2: tf.tensor2d([[0.6], [-0.3], [0.8]]) };
    const data = tf.tensor2d([[1, 2], [-0.5, 0.3], [0.7, -1.2], [0.2, 0.9]]);
    const mlp = (W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor) => tf.mean(tf.square(tf.matMul(tf.tanh(tf.add(tf.matMul(data, W1), b1)), W2)));
    const before = tf.memory().numTensors;
    const r = tfGradCheck(tf, { f: mlp, x: inputs });
    expect(r.status).toBe("passed");
    expect(r.entries.map((e) => e.name).slice(0, 7)).toEqual(["W1[0,0]", "W1[0,1]", "W1[0,2]", "W1[1,0]", "W1[1,1]", "W1[1,2]", "b1[0]"]);
    // A back-pass that forgets b1's gradient (returns zeros): only b1 fails.
    const wrong = tfGradCheck(tf, { f: mlp, x: inputs, vjp: (xs, dy) => { const g = tf.grads(mlp)(xs as tf.Tensor[], dy as tf.Tensor); return [g[0], tf.zerosLike(g[1]), g[2]]; } });
    expect(wrong.failingGroups).toEqual(["b1"]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([inputs.W1, inputs.b1, inputs.W2, data]);
  });

  it("the async form (await data()) gives the same verdicts and values", async () => {
    const x = X();
    const before = tf.memory().numTensors;
    const a = await tfGradCheckAsync(tf, { f: swish(1.01), x });
    const s = tfGradCheck(tf, { f: swish(1.01), x });
    expect(a.status).toBe("failed");
    expect(a.entries.map((e) => e.numeric)).toEqual(s.entries.map((e) => e.numeric));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it("names bad input: a non-namespace, an int32 input, a non-tensor output", () => {
    const x = X();
    expect(() => tfGradCheck({} as never, { f: swish(1), x })).toThrow(/tfjs namespace .* has no function tensor/);
    const i = tf.tensor1d([1, 2], "int32");
    expect(() => tfGradCheck(tf, { f: (t: tf.Tensor) => tf.cast(t, "float32"), x: i })).toThrow(/dtype int32: only float32 inputs/);
    expect(() => tfGradCheck(tf, { f: (() => 3) as never, x })).toThrow(GradCheckError);
    tf.dispose([x, i]);
  });
});

describe("tfVariablesCheck: a model's trainable variables against tf.variableGrads", () => {
  it("passes a correct model, names entries by variable and index, restores the variables, leaks no tensor", () => {
    const W = tf.variable(tf.tensor2d([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.8]]), true, "dense/kernel");
    const b = tf.variable(tf.tensor1d([0.1, -0.3]), true, "dense/bias");
    const data = tf.tensor2d([[1, 2, 3], [0.5, -1, 0.2]]);
    const loss = () => tf.sum(tf.square(tf.tanh(tf.add(tf.matMul(data, W), b))));
    const before = tf.memory().numTensors;
    const w0 = Array.from(W.dataSync());
    const r = tfVariablesCheck(tf, { loss, variables: [W, b] });
    expect(r.status).toBe("passed");
    expect(r.entries.map((e) => e.name)).toEqual(["dense/kernel[0,0]", "dense/kernel[0,1]", "dense/kernel[1,0]", "dense/kernel[1,1]", "dense/kernel[2,0]", "dense/kernel[2,1]", "dense/bias[0]", "dense/bias[1]"]);
    expect(Array.from(W.dataSync())).toEqual(w0);
    expect(tf.memory().numTensors).toBe(before);
    // Layer weights with read() (tfjs-layers' LayerVariable) are accepted too.
    const layered = tfVariablesCheck(tf, { loss, variables: [{ read: () => W }, { read: () => b }] });
    expect(layered.status).toBe("passed");
    // A gradient 1% off for the bias: only dense/bias fails.
    const wrong = tfVariablesCheck(tf, {
      loss,
      variables: [W, b],
      gradient: (vars) => {
        const { grads } = tf.variableGrads(loss as () => tf.Scalar, vars as tf.Variable[]);
        return [grads["dense/kernel"], tf.mul(grads["dense/bias"], 1.01)];
      },
    });
    expect(wrong.failingGroups).toEqual(["dense/bias"]);
    tf.dispose([W, b, data]);
  });

  it("defaults to every trainable variable the loss reaches; the async form agrees", async () => {
    const v = tf.variable(tf.tensor1d([0.4, -0.9, 1.3]), true, "v");
    const loss = () => tf.sum(tf.sin(tf.mul(v, v)));
    const r = tfVariablesCheck(tf, { loss });
    expect(r.entries.map((e) => e.name)).toEqual(["v[0]", "v[1]", "v[2]"]);
    expect(r.status).toBe("passed");
    const a = await tfVariablesCheckAsync(tf, { loss, variables: [v] });
    expect(a.entries.map((e) => e.numeric)).toEqual(r.entries.map((e) => e.numeric));
    v.dispose();
  });
});

describe("the sweep's findings (bench/tfjs-sweep.ts)", () => {
  const rows = buildRows();
  const wrongIds = [
    "avgPool 3x3 stride1 same x",
    "mirrorPad reflect x",
    "mirrorPad symmetric x",
    "resizeBilinear halfPixelCenters down x",
    "resizeNearestNeighbor halfPixelCenters down x",
    "losses.softmaxCrossEntropy soft labels [2,3] x",
  ];
  for (const id of wrongIds) {
    it(`${id}: tfjs's gradient is wrong by both truths, and the checker fails it at rtol 1e-3 and at the defaults`, () => {
      const index = rows.findIndex((r) => r.id === id);
      const row = rows[index];
      const out = tf.tidy(() => row.apply(tf, row.inputs.map((i) => tf.tensor(Float32Array.from(i.values), i.shape))).size);
      const dy = upstreamFor(out, 1000 + index);
      const g = tfjsGradient(row, dy);
      const first = truth(row, dy);
      const c = confirmRow(row, dy, g, first);
      expect(c.truthsAgree).toBeLessThan(1e-6);
      if (c.forwardAgree !== undefined) expect(c.forwardAgree).toBeLessThan(1e-6);
      expect(c.tfjsError).toBeGreaterThan(0.1);
      expect(checkRow(row, dy, 1e-3).status).toBe("failed");
      expect(checkRow(row, dy, 1e-6).status).toBe("failed");
    });
  }

  it("a correct op of each kind is not failed, and passes at rtol 1e-3", () => {
    // The first row of each kind whose tfjs gradient is correct and not identically 0 (skipping ceil, floor, round).
    const kinds = new Map<string, ReturnType<typeof sweepRow>>();
    rows.forEach((row, i) => {
      if (kinds.has(row.kind) || wrongIds.includes(row.id) || /^(ceil|floor|round) /.test(row.id)) return;
      const r = sweepRow(row, i);
      if (r.tfjs === "correct") kinds.set(row.kind, r);
    });
    expect([...kinds.keys()].sort()).toEqual(["batchNorm", "binary", "conv", "cumsum", "gather", "image", "loss", "matMul", "pad/slice", "pooling", "reduction", "softmax", "unary"]);
    for (const [kind, r] of kinds) {
      expect(r.defaults!.status, `${kind}: ${r.id}`).not.toBe("failed");
      expect(r.loose!.status, `${kind}: ${r.id}`).toBe("passed");
      expect(r.planted!.status, `${kind}: ${r.id} with a 1% bug`).toBe("failed");
    }
  });

  it("the gradients the sweep found throwing still throw (tfjs 4.22)", () => {
    for (const [id, message] of [
      ["maximum broadcast [2,3]+[3] b", /gradient of input 'b' has shape '2,3'/],
      ["cumsum axis0 x", /gradient of input 'x' has shape '2,4'/],
      ["conv2d valid dilation2 x", /dilation rates greater than 1 are not yet supported/],
      ["divNoNan same [2,3] a", /gradient function not found for Equal/],
    ] as const) {
      const index = rows.findIndex((r) => r.id === id);
      expect(sweepRow(rows[index], index).error, id).toMatch(message);
    }
  });
});
