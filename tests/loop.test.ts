// Tests for lib/workbook/loop.ts: the learner's check loop, and the slips it names.
import { describe, expect, it } from "vitest";
import { CheckLoop, judgeLoop } from "../lib/workbook/loop";

// A loss with distinct partials and cross terms, so that each slip shows.
const f = (w: Float64Array) => w[0] ** 2 * w[1] + Math.sin(w[2]) + 3 * w[1] * w[2] + 0.5 * w[3] ** 3;
const w0 = Float64Array.of(0.7, -1.3, 0.4, 2.1);

const right: CheckLoop = (f, w, e) => {
  const g = new Float64Array(w.length);
  for (let j = 0; j < w.length; j++) {
    const plus = Float64Array.from(w);
    plus[j] = w[j] + e;
    const minus = Float64Array.from(w);
    minus[j] = w[j] - e;
    g[j] = (f(plus) - f(minus)) / (2 * e);
  }
  return g;
};

const slips: Array<[string, CheckLoop]> = [
  ["aliasing", (f, w, e) => {
    const g = new Float64Array(w.length);
    for (let j = 0; j < w.length; j++) {
      const plus = w;
      plus[j] = w[j] + e;
      const minus = w;
      minus[j] = w[j] - e;
      g[j] = (f(plus) - f(minus)) / (2 * e);
    }
    return g;
  }],
  ["forgetting to restore", (f, w, e) => {
    const g = new Float64Array(w.length);
    for (let j = 0; j < w.length; j++) {
      w[j] += e;
      const up = f(w);
      w[j] -= 2 * e;
      g[j] = (up - f(w)) / (2 * e);
    }
    return g;
  }],
  ["forgetting to restore", (f, w, e) => {
    const g = new Float64Array(w.length);
    const c = Float64Array.from(w);
    for (let j = 0; j < w.length; j++) {
      c[j] = w[j] + e;
      const up = f(c);
      c[j] = w[j] - e;
      g[j] = (up - f(c)) / (2 * e);
    }
    return g;
  }],
  ["dividing by e instead of 2e", (f, w, e) => right(f, w, e).map((v) => 2 * v)],
  ["an off-by-one index", (f, w, e) => {
    const g = new Float64Array(w.length);
    for (let j = 1; j < w.length; j++) g[j] = right(f, w, e)[j];
    return g;
  }],
  ["an off-by-one index", (f, w, e) => {
    const all = right(f, w, e);
    return Float64Array.from(all, (_, j) => (j + 1 < all.length ? all[j + 1] : 0));
  }],
];

describe("judgeLoop", () => {
  it("✓ for the right loop, and w left as it was", () => {
    const w = Float64Array.from(w0);
    expect(judgeLoop(right, f, w).ok).toBe(true);
    expect(Array.from(w)).toEqual(Array.from(w0));
    expect(judgeLoop(undefined, f, w).message).toMatch(/no answer yet/);
  });

  it.each(slips)("names %s", (name, loop) => {
    const r = judgeLoop(loop, f, w0);
    expect(r.ok).toBe(false);
    expect(r.message).toContain(name);
  });

  it("says which slope is off for a slip it does not know", () => {
    const r = judgeLoop((f, w, e) => right(f, w, e).map((v, j) => (j === 2 ? v + 1 : v)), f, w0);
    expect(r.message).toMatch(/slope 2 is/);
  });
});
