import { describe, expect, it } from "vitest";
import { jvpCheck } from "../lib/check/jvp";

describe("jvpCheck", () => {
  const x = [0.3, -1.1, 2.0];
  it("passes tanh and names outputs y[i]", () => {
    const r = jvpCheck({ f: (v: number[]) => v.map(Math.tanh), jvp: (v, d) => v.map((a, i) => d[i] * (1 - Math.tanh(a) ** 2)), x });
    expect(r.status).toBe("passed");
    expect(r.entries.map((e) => e.name)).toEqual(["y[0]", "y[1]", "y[2]"]);
  });
  it("fails a wrong activation derivative, output by output", () => {
    const r = jvpCheck({ f: (v: number[]) => v.map(Math.tanh), jvp: (v, d) => v.map((a, i) => d[i] * (1 - Math.tanh(a))), x });
    expect(r.status).toBe("failed");
    expect(r.failures.map((e) => e.name)).toEqual(["y[0]", "y[1]", "y[2]"]);
  });
  it("a bilinear form's gradient: H·u checked, a missing cross term fails", () => {
    // f(w) = w0·w1 + w1², ∇f = [w1, w0 + 2w1], H = [[0,1],[1,2]]
    const grad = (w: number[]) => [w[1], w[0] + 2 * w[1]];
    const ok = jvpCheck({ f: grad, jvp: (_w, u) => [u[1], u[0] + 2 * u[1]], x: [0.5, -0.7] });
    expect(ok.status).toBe("passed");
    const bad = jvpCheck({ f: grad, jvp: (_w, u) => [0, 2 * u[1]], x: [0.5, -0.7] });
    expect(bad.failures.map((e) => e.name)).toEqual(["y[0]", "y[1]"]);
  });
});

import { hvpCheck } from "../lib/check/hvp";
describe("hvpCheck", () => {
  const f = (w: number[]) => w[0] * w[1] + w[1] * w[1];
  const grad = (w: number[]) => [w[1], w[0] + 2 * w[1]];
  it("passes a bilinear form, checks the gradient along u when f is given", () => {
    const r = hvpCheck({ f, gradient: grad, hvp: (_w, u) => [u[1], u[0] + 2 * u[1]], w: [0.5, -0.7] });
    expect(r.status).toBe("passed");
    expect(r.gradientAlongU?.status).toBe("passed");
    expect(hvpCheck({ gradient: grad, hvp: (_w, u) => [u[1], u[0] + 2 * u[1]], w: [0.5, -0.7] }).notes[0]).toMatch(/assumed/);
  });
  it("a missing cross term fails and names the entries", () => {
    const r = hvpCheck({ f, gradient: grad, hvp: (_w, u) => [0, 2 * u[1]], w: [0.5, -0.7] });
    expect(r.status).toBe("failed");
    expect(r.hvp.failures.map((e) => e.name)).toEqual(["y[0]", "y[1]"]);
  });
});
