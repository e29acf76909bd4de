import { describe, expect, it } from "vitest";
import { gradCheckAsync, vjpCheckAsync } from "../lib/check/async";
import { gradCheck } from "../lib/check/gradcheck";

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
