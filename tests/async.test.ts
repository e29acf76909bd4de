import { describe, expect, it } from "vitest";
import { gradCheckAsync, hvpCheckAsync, jvpCheckAsync, vjpCheckAsync } from "../lib/check/async";
import { gradCheck } from "../lib/check/gradcheck";
import { vjpCheck } from "../lib/check/vjp";
import { jvpCheck } from "../lib/check/jvp";
import { hvpCheck } from "../lib/check/hvp";
import { panelCases } from "./panel";

const f = (w: ArrayLike<number>) => Math.sin(w[0]) * w[1] + w[2] ** 3;
const g = (w: ArrayLike<number>) => [Math.cos(w[0]) * w[1], Math.sin(w[0]), 3 * w[2] ** 2];
const w = [0.4, -1.3, 0.7];

describe("gradCheckAsync", () => {
  it("checks a Promise-returning loss like the sync check, calling it once per point", async () => {
    let calls = 0;
    const r = await gradCheckAsync({ f: async (v: number[]) => (calls++, f(v)), gradient: async (v: number[]) => g(v), w });
    const s = gradCheck({ f, gradient: g, w });
    expect(r.status).toBe("passed");
    expect(r.entries.map((e) => e.numeric)).toEqual(s.entries.map((e) => e.numeric));
    expect(calls).toBe(s.evaluations);
  });
  it("fails a planted bug and names the entry", async () => {
    const r = await gradCheckAsync({ f: async (v: number[]) => f(v), gradient: (v: number[]) => [g(v)[0], -g(v)[1], g(v)[2]], w });
    expect(r.failures.map((e) => e.name)).toEqual(["w1"]);
  });
  it("aborts: rejects and stops calling the loss", async () => {
    const ac = new AbortController();
    let calls = 0;
    const p = gradCheckAsync({ f: async (v: number[]) => { if (++calls === 3) ac.abort(new Error("stop")); return f(v); }, gradient: g, w, signal: ac.signal });
    await expect(p).rejects.toThrow("stop");
    expect(calls).toBe(3);
  });
  it("reports progress", async () => {
    const seen: number[] = [];
    await gradCheckAsync({ f: async (v: number[]) => f(v), gradient: g, w, onProgress: (p) => seen.push(p.evaluations) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(6);
  });
  it("vjpCheckAsync checks an async layer", async () => {
    const r = await vjpCheckAsync({ f: async (v: number[]) => v.map(Math.tanh), vjp: async (v: number[], dy) => v.map((a, i) => (dy as number[])[i] * (1 - Math.tanh(a) ** 2)), x: [0.2, -0.5] });
    expect(r.status).toBe("passed");
  });
});

// The async forms run the sync checks' own steps with each value awaited (lib/check/steps.ts).
const json = (r: unknown) => JSON.stringify(r, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe("the async forms give the sync verdicts, at a cost linear in the calls", () => {
  it("the same report JSON as gradCheck on panel cases (refined entries, kinks, float32, bugs), each value awaited", async () => {
    const cases = panelCases().filter((c) => c.w.length <= 300).slice(0, 12);
    expect(cases.length).toBeGreaterThan(5);
    let refined = 0;
    for (const c of cases) {
      for (const gradient of [c.gradient, ...c.bugs.slice(0, 1).map((b) => b.gradient)]) {
        const sync = gradCheck({ f: c.f, gradient, w: c.w, names: c.names });
        let calls = 0;
        const async = await gradCheckAsync({ f: async (w: Float64Array) => (calls++, c.f(w)), gradient: async (w: Float64Array) => gradient(w), w: c.w, names: c.names, yieldEveryMs: 5 });
        expect(json(async), c.name).toBe(json(sync));
        expect(calls).toBe(sync.evaluations);
        refined += sync.extraEvaluations > 0 ? 1 : 0;
      }
    }
    expect(refined).toBeGreaterThan(0);
  });

  it("vjpCheckAsync, jvpCheckAsync and hvpCheckAsync give the sync reports", async () => {
    const x = { x: [0.3, -1.1, 2.0, 1.5], W: { data: [0.5, -0.2, 0.1, 0.7, 0.3, -0.9, 0.4, 0.2], shape: [2, 4] } };
    type X = typeof x;
    const f = (p: X) => [0, 1].map((i) => Math.tanh(p.x.reduce((s, v, j) => s + p.W.data[i * 4 + j] * v, 0)));
    const vjp = (p: X, dy: unknown) => {
      const y = f(p);
      const dz = y.map((v, i) => (dy as number[])[i] * (1 - v * v));
      return { x: p.x.map((_, j) => dz.reduce((s, d, i) => s + d * p.W.data[i * 4 + j], 0)), W: { data: dz.flatMap((d) => p.x.map((v) => d * v)), shape: [2, 4] } };
    };
    const jvp = (p: X, d: X) => {
      const y = f(p);
      return y.map((v, i) => (1 - v * v) * p.x.reduce((s, xj, j) => s + p.W.data[i * 4 + j] * d.x[j] + d.W.data[i * 4 + j] * xj, 0));
    };
    expect(json(await vjpCheckAsync({ f: async (p: X) => f(p), vjp: async (p: X, dy) => vjp(p, dy), x }))).toBe(json(vjpCheck({ f, vjp, x })));
    expect(json(await jvpCheckAsync({ f: async (p: X) => f(p), jvp: async (p: X, d: X) => jvp(p, d), x }))).toBe(json(jvpCheck({ f, jvp, x })));
    const loss = (w: number[]) => w[0] ** 4 * w[1] + Math.abs(w[1] - 2);
    const grad = (w: number[]) => [4 * w[0] ** 3 * w[1], w[0] ** 4 + Math.sign(w[1] - 2)];
    const hvp = (w: number[], u: number[]) => [12 * w[0] ** 2 * w[1] * u[0] + 4 * w[0] ** 3 * u[1], 4 * w[0] ** 3 * u[0]];
    const w = [0.7, 0.4];
    expect(json(await hvpCheckAsync({ f: async (v: number[]) => loss(v), gradient: async (v: number[]) => grad(v), hvp: async (v: number[], u: number[]) => hvp(v, u), w }))).toBe(json(hvpCheck({ f: loss, gradient: grad, hvp, w })));
  });

  it("reports progress during the run, with done increasing, before the end", async () => {
    const P = 150;
    const w0 = Float64Array.from({ length: P }, (_, i) => Math.sin(i));
    const loss = (v: Float64Array) => v.reduce((s, a) => s + Math.cos(a), 0);
    const grad = (v: Float64Array) => v.map((a) => -Math.sin(a));
    const seen: { done: number; total: number; evaluations: number; at: number }[] = [];
    let calls = 0;
    const report = await gradCheckAsync({
      f: async (v: Float64Array) => {
        calls++;
        await new Promise((r) => setTimeout(r, 2)); // a slow loss: 300 calls, at least 0.6 s
        return loss(v);
      },
      gradient: grad,
      w: w0,
      onProgress: (p) => seen.push({ done: p.done, total: p.total, evaluations: p.evaluations, at: calls }),
    });
    expect(report.status).toBe("passed");
    const during = seen.filter((p) => p.evaluations < report.evaluations);
    expect(during.length).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < seen.length; k++) {
      expect(seen[k].done).toBeGreaterThanOrEqual(seen[k - 1].done);
      expect(seen[k].evaluations).toBeGreaterThan(seen[k - 1].evaluations);
    }
    expect(during[during.length - 1].done).toBeGreaterThan(during[0].done);
    expect(during.every((p) => p.total === P && p.done < P)).toBe(true);
    expect(seen[seen.length - 1]).toMatchObject({ done: P, total: P, evaluations: report.evaluations });
  });

  it("abort during refinement stops calling the loss; a signal aborted before the start calls nothing", async () => {
    // |w| has a kink at 0.5·1e-5 from w: the first step cannot decide it, refinement runs.
    const f = (v: Float64Array) => Math.abs(v[0] - 0.3 - 0.5e-5) + v[1] * v[1];
    const g = (v: Float64Array) => [1, 2 * v[1]];
    const w0 = Float64Array.of(0.3, 0.4);
    const sync = gradCheck({ f, gradient: g, w: w0 });
    expect(sync.evaluations).toBeGreaterThan(20);
    const ac = new AbortController();
    let calls = 0;
    const p = gradCheckAsync({ f: async (v: Float64Array) => { if (++calls === 10) ac.abort(new Error("stop at 10")); return f(v); }, gradient: g, w: w0, signal: ac.signal });
    await expect(p).rejects.toThrow("stop at 10");
    await tick();
    expect(calls).toBe(10);
    const before = new AbortController();
    before.abort();
    let none = 0;
    await expect(gradCheckAsync({ f: async (v: Float64Array) => (none++, f(v)), gradient: g, w: w0, signal: before.signal })).rejects.toBeDefined();
    expect(none).toBe(0);
  });

  it("yields to the event loop: a timer fires while a check of already-resolved values runs", async () => {
    const P = 3000;
    const w0 = Float64Array.from({ length: P }, (_, i) => Math.cos(i));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await gradCheckAsync({ f: async (v: Float64Array) => v.reduce((s, a) => s + a * a, 0), gradient: w0.map((a) => 2 * a), w: w0, yieldEveryMs: 2 });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it("a loss that rejects rejects the check with its error", async () => {
    await expect(gradCheckAsync({ f: async () => { throw new Error("no data"); }, gradient: [1], w: [1] })).rejects.toThrow("no data");
  });
});

describe("jvpCheckAsync reports progress in outputs decided", () => {
  it("done counts the outputs decided, ending at their number", async () => {
    const seen: number[] = [];
    const x = Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const r = await jvpCheckAsync({
      f: async (v: number[]) => (await new Promise((res) => setTimeout(res, 15)), v.map(Math.tanh)),
      jvp: (v: number[], d: number[]) => v.map((a, i) => d[i] * (1 - Math.tanh(a) ** 2)),
      x,
      onProgress: (p) => seen.push(p.done),
    });
    expect(r.status).toBe("passed");
    expect(seen[seen.length - 1]).toBe(12);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThan(seen[k - 1]);
  });
});
