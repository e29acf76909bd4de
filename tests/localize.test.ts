// findWrongEntries (lib/check/localize.ts, issue 20) on a P = 10,003 tanh MLP with a
// hand-written back-pass: planted wrong entries are found and confirmed, a correct
// gradient gives nothing, a wrong tensor is reported as a group, and the evaluation
// counts stay under the bounds (2% of the full check's 2P for one wrong entry,
// 6% for three). Counts, not times: the search is deterministic.
import { describe, expect, it } from "vitest";
import { GradCheckError, directionalMissProbability, directionsFor, findWrongEntries, findWrongEntriesAsync } from "gradcheck";
import { localizeModel, plantEntries, plantTensor } from "./panel/localize-cases";
import { initMlp, makeMlp } from "./panel/mlp-model";
import { rng } from "./panel/common";
import { panelCases } from "./panel/index";
import { classifyEntries } from "./panel/judge";

const model = localizeModel();
const f = (v: Float64Array) => model.m.loss(v);
const names = model.m.names;
const P = model.m.P;

/** Every found entry is measured: its numeric value is the correct back-pass's, not the planted one. */
function expectMeasured(entries: { index: number; numeric: number; analytic: number; status: string }[]): void {
  for (const e of entries) {
    expect(e.status).toBe("failed");
    expect(Math.abs(e.numeric - model.g[e.index])).toBeLessThan(1e-6 * model.medianAbs);
    expect(Math.abs(e.analytic - model.g[e.index])).toBeGreaterThan(1e-3 * model.medianAbs);
  }
}

describe("findWrongEntries on a 10,003-parameter MLP", () => {
  it("finds one wrong entry at 1% of the median entry with at most 2% of the full check's evaluations", () => {
    for (const seed of [1, 2, 3]) {
      const planted = plantEntries(model, 1, seed);
      const r = findWrongEntries({ f, gradient: planted.gradient, w: model.w, names, seed });
      expect(r.status).toBe("failed");
      expect(r.found.map((e) => e.index)).toEqual(planted.wrong);
      expect(r.found[0].name).toBe(names[planted.wrong[0]]);
      expectMeasured(r.found);
      expect(r.evaluations).toBeLessThanOrEqual(0.02 * 2 * P);
      expect(r.verdict).toMatch(new RegExp(`^Wrong entries FOUND: 1 wrong entry: ${names[planted.wrong[0]].replace(/[[\]]/g, "\\$&")}\\.`));
    }
  });

  it("finds three wrong entries with at most 6%, and ten with less than the full check", () => {
    const three = plantEntries(model, 3, 4);
    const r3 = findWrongEntries({ f, gradient: three.gradient, w: model.w, names, seed: 4 });
    expect(r3.found.map((e) => e.index)).toEqual(three.wrong);
    expect(r3.evaluations).toBeLessThanOrEqual(0.06 * 2 * P);
    const ten = plantEntries(model, 10, 6);
    const r10 = findWrongEntries({ f, gradient: ten.gradient, w: model.w, names, seed: 6 });
    expect(r10.found.map((e) => e.index)).toEqual(ten.wrong);
    expectMeasured(r10.found);
    expect(r10.evaluations).toBeLessThan(0.1 * 2 * P);
  });

  it("finds nothing in the correct gradient, in a few dozen evaluations, and states the miss probability", () => {
    for (const seed of [1, 2]) {
      const r = findWrongEntries({ f, gradient: model.g, w: model.w, names, seed });
      expect(r.status).toBe("passed");
      expect(r.found).toEqual([]);
      expect(r.groups).toEqual([]);
      expect(r.evaluations).toBeLessThan(100);
      expect(r.miss.relativeSize).toBe(0.01);
      expect(r.miss.size).toBeCloseTo(0.01 * model.medianAbs, 12);
      expect(r.miss.probability).toBeLessThanOrEqual(1e-3);
      // The same formula at any size: at the promised size it is the stated figure, and larger bugs escape less.
      expect(r.escapeProbability(r.miss.size)).toBeCloseTo(r.miss.probability, 15);
      expect(r.escapeProbability(10 * r.miss.size)).toBeLessThan(r.miss.probability / 50);
      expect(r.verdict).toMatch(/^No wrong entry found: a wrong entry of .* escapes with probability/);
    }
  });

  it("reports a tensor that is wrong as a whole as a group, with confirmed samples, without bisecting it", () => {
    for (const name of ["W1", "W2", "b1"]) {
      const r = findWrongEntries({ f, gradient: plantTensor(model, name), w: model.w, names, seed: 1 });
      expect(r.status).toBe("failed");
      expect(r.groups.map((g) => g.name)).toEqual([name]);
      expect(r.found).toEqual([]);
      const [group] = r.groups;
      expect(group.size).toBe(names.filter((s) => s.startsWith(name + "[")).length);
      expect(group.wrong).toBeGreaterThanOrEqual(3);
      for (const e of group.sample) expect(e.name.startsWith(name + "[")).toBe(true);
      expectMeasured(group.sample.filter((e) => Math.abs(model.g[e.index]) > 1e-3 * model.medianAbs));
      expect(r.evaluations).toBeLessThan(0.02 * 2 * P);
    }
  });

  it("keeps to its budget: out of evaluations, the search is inconclusive and says so", () => {
    const planted = plantEntries(model, 3, 4);
    const r = findWrongEntries({ f, gradient: planted.gradient, w: model.w, names, seed: 4, budget: 60 });
    expect(r.evaluations).toBeLessThanOrEqual(60);
    expect(r.outOfBudget).toBe(true);
    expect(["inconclusive", "failed"]).toContain(r.status);
    expect(r.toJSON()).toMatchObject({ outOfBudget: true, fullCheckEvaluations: 2 * P });
  });
});

describe("findWrongEntries on small models", () => {
  it("takes structured parameters: the tensors are the first groups and name the entries", () => {
    const A = [
      [2, -1, 0.5],
      [0.3, 1.5, -2],
    ];
    const loss = (p: { W: { data: ArrayLike<number>; shape: number[] }; b: ArrayLike<number> }) => {
      let s = 0;
      for (let i = 0; i < 2; i++) {
        let z = p.b[i];
        for (let j = 0; j < 3; j++) z += p.W.data[i * 3 + j] * A[i][j];
        s += Math.tanh(z) ** 2;
      }
      return s;
    };
    const w = { W: { data: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6], shape: [2, 3] }, b: [0.05, -0.1] };
    const gradient = (p: typeof w) => {
      const dW = new Array(6).fill(0);
      const db = [0, 0];
      for (let i = 0; i < 2; i++) {
        let z = p.b[i];
        for (let j = 0; j < 3; j++) z += p.W.data[i * 3 + j] * A[i][j];
        const t = Math.tanh(z);
        const dz = 2 * t * (1 - t * t);
        db[i] = dz;
        for (let j = 0; j < 3; j++) dW[i * 3 + j] = dz * A[i][j] * (i === 1 && j === 2 ? 1.5 : 1);
      }
      return { W: { data: dW, shape: [2, 3] }, b: db };
    };
    const r = findWrongEntries({ f: loss, gradient, w, seed: 1 });
    expect(r.found.map((e) => e.name)).toEqual(["W[1,2]"]);
    expect(r.found[0].group).toBe("W");
  });

  it("never reports a correct ReLU network's entry as wrong near its kinks, and finds a planted bug there", () => {
    const r0 = rng(77);
    const X = Array.from({ length: 6 }, () => Float64Array.from({ length: 5 }, () => r0.normal()));
    const Y = Array.from({ length: 6 }, () => Float64Array.of(r0.normal()));
    const m = makeMlp({ sizes: [5, 40, 1], activation: "relu", loss: "mse", X, Y });
    const w = initMlp(m, rng(78).normal, 1, 0.1);
    for (const seed of [1, 2, 3]) {
      const r = findWrongEntries({ f: (v) => m.loss(v), gradient: (v) => m.gradient(v), w, names: m.names, seed });
      expect(r.found).toEqual([]);
      expect(r.groups).toEqual([]);
    }
    const g = m.gradient(w);
    const j = m.names.indexOf("W2[0,7]");
    const wrong = g.slice();
    wrong[j] = g[j] * 1.5 + 0.01;
    const r = findWrongEntries({ f: (v) => m.loss(v), gradient: wrong, w, names: m.names, seed: 1 });
    expect(r.found.map((e) => e.name)).toEqual(["W2[0,7]"]);
  });

  it("passes a tensor the loss does not depend on (a bias before batch norm, gradient 0) and finds a wrong entry in it", () => {
    const f0 = (p: { W: number[]; b: number[] }) => p.W.reduce((s, x, i) => s + Math.sin(x * (i + 1)), 0);
    const w = { W: [0.1, 0.2, 0.3, 0.4, 0.5], b: [0.3, -0.2, 0.1] };
    const dW = (p: typeof w) => p.W.map((x, i) => (i + 1) * Math.cos(x * (i + 1)));
    expect(findWrongEntries({ f: f0, gradient: (p) => ({ W: dW(p), b: [0, 0, 0] }), w, seed: 1 }).status).toBe("passed");
    const r = findWrongEntries({ f: f0, gradient: (p) => ({ W: dW(p), b: [0, 1e-3, 0] }), w, seed: 1 });
    expect(r.status).toBe("failed");
    expect(r.found.map((e) => [e.name, e.numeric])).toEqual([["b[1]", 0]]);
  });

  it("chooses its directions from the miss probability it promises", () => {
    // One group of norm 150, a bug of 0.015: r = 1e-4, 0.0064 per direction at rtol 1e-6.
    expect(directionalMissProbability(1e-4, 1e-6, 1)).toBeGreaterThan(1e-3);
    expect(directionsFor([{ norm: 150 }], 0.015, 1e-6, 1e-3)).toBe(2);
    expect(directionsFor([{ norm: 150 }], 0.015, 1e-6, 1e-5)).toBe(3);
    expect(directionsFor([{ norm: 1 }], 1, 1e-6, 1e-3)).toBe(1);
  });

  it("reports an entry whose step rounds away as inconclusive, not as clean", () => {
    const r = findWrongEntries({ f: (v) => v[0] * v[0] + v[1] * v[1], gradient: [2, 5], w: [1, 2], eps: 1e-17, seed: 1 });
    expect(r.status).toBe("inconclusive");
    expect(r.found).toEqual([]);
    expect(r.unresolved.map((e) => e.reason?.code)).toContain("step-below-spacing");
  });

  it("names bad options", () => {
    const w = Float64Array.of(1, 2);
    const f2 = (v: Float64Array) => v[0] * v[1];
    expect(() => findWrongEntries({ f: f2, gradient: [2, 1], w, directions: 0 })).toThrow(GradCheckError);
    expect(() => findWrongEntries({ f: f2, gradient: [2, 1], w, directions: 0 })).toThrow(/directions must be a positive integer/);
    expect(() => findWrongEntries({ f: f2, gradient: [2, 1, 3], w })).toThrow(/gradient/);
    expect(() => findWrongEntries({ f: f2, gradient: [2, 1], w, groups: [{ name: "a", start: 1, length: 5 }] })).toThrow(/does not fit 2 parameters/);
  });
});

describe("findWrongEntries on the panel of realistic models (tests/panel/)", () => {
  // Every case and planted bug: kinks, saturated softmax, attention, batch norm, LSTMs, lasso,
  // hinge, log barriers, float32. Truth: the panel's independent references.
  const runs = panelCases().flatMap((c) =>
    [{ name: "correct", gradient: c.gradient }, ...c.bugs].map((v) => {
      const a = v.gradient(c.w.slice());
      const r = findWrongEntries({ f: c.f, gradient: v.gradient, w: c.w, names: c.names, seed: 1 });
      return { c, variant: v.name, classes: classifyEntries(c, a), a, r };
    }),
  );

  it("never names an entry that is right (a subgradient at an exact kink counts as right)", () => {
    const accused = runs.flatMap(({ c, variant, classes, r }) =>
      [...r.found, ...r.groups.flatMap((g) => g.sample)].filter((e) => classes[e.index] === "right").map((e) => `${c.name} :: ${variant}: ${e.name}`),
    );
    expect(accused).toEqual([]);
  });

  it("finds nothing in a correct gradient", () => {
    const wrong = runs.filter((x) => x.variant === "correct" && (x.r.found.length > 0 || x.r.groups.length > 0)).map((x) => x.c.name);
    expect(wrong).toEqual([]);
  });

  it("does not pass a float64 bug as large as the size it promises to find: it names it, or says it cannot decide", () => {
    const passed = runs.filter(({ c, classes, a, r, variant }) => {
      if (variant === "correct" || c.precision !== "float64" || r.status !== "passed") return false;
      const promised = r.miss.size;
      return classes.some((k, i) => k === "wrong" && !(c.kinks ?? []).includes(i) && Math.abs(a[i] - c.truth[i]) >= promised);
    });
    expect(passed.map((x) => `${x.c.name} :: ${x.variant}`)).toEqual([]);
  });

  it("names the entry of every one-entry bug that it reports as failed, and only that entry", () => {
    for (const { c, variant, classes, r } of runs) {
      const wrong = classes.flatMap((k, i) => (k === "wrong" ? [i] : []));
      if (variant === "correct" || wrong.length !== 1 || r.status !== "failed") continue;
      expect(r.found.map((e) => e.index), `${c.name} :: ${variant}`).toEqual(wrong);
    }
  });
});

describe("findWrongEntriesAsync", () => {
  const planted = plantEntries(model, 1, 2);

  it("gives the sync search's report for a loss that returns Promises, with progress", async () => {
    const sync = findWrongEntries({ f, gradient: planted.gradient, w: model.w, names, seed: 2 });
    const seen: number[] = [];
    const r = await findWrongEntriesAsync({ f: async (v: Float64Array) => f(v), gradient: Promise.resolve(planted.gradient), w: model.w, names, seed: 2, onProgress: (p) => seen.push(p.evaluations) });
    expect(JSON.stringify(r)).toBe(JSON.stringify(sync));
    expect(r.found.map((e) => e.index)).toEqual(planted.wrong);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[seen.length - 1]).toBe(r.evaluations);
  });

  it("aborts: rejects and stops calling the loss", async () => {
    const ac = new AbortController();
    let calls = 0;
    const p = findWrongEntriesAsync({ f: async (v: Float64Array) => { if (++calls === 20) ac.abort(new Error("stop at 20")); return f(v); }, gradient: planted.gradient, w: model.w, names, seed: 2, signal: ac.signal });
    await expect(p).rejects.toThrow("stop at 20");
    expect(calls).toBe(20);
  });
});
