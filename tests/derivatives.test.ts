// Orders of accuracy, measured as log-log slopes of error against h on a smooth
// function with a known derivative: forward 1, central 2, Richardson 4; and the
// complex step to machine precision at h = 1e-20.
import { describe, expect, it } from "vitest";
import {
  Complex,
  ccos,
  cexp,
  clog,
  complexStepDerivative,
  csigmoid,
  csin,
  ctanh,
  centralDifference,
  forwardDifference,
  richardsonDifference,
} from "../lib/index";

const f = (x: number) => Math.exp(x) * Math.sin(x);
const exact = Math.exp(1) * (Math.sin(1) + Math.cos(1));

function order(method: (g: (x: number) => number, x: number, h: number) => number, h1: number, h2: number): number {
  const e1 = Math.abs(method(f, 1, h1) - exact);
  const e2 = Math.abs(method(f, 1, h2) - exact);
  return Math.log(e1 / e2) / Math.log(h1 / h2);
}

describe("difference quotients", () => {
  it("forward difference is first order", () => {
    expect(order(forwardDifference, 1e-2, 1e-3)).toBeCloseTo(1, 1);
  });
  it("central difference is second order", () => {
    expect(order(centralDifference, 1e-2, 1e-3)).toBeCloseTo(2, 1);
  });
  it("Richardson extrapolation of the central difference is fourth order", () => {
    // Large steps, so truncation (h⁴) dominates round-off in both.
    expect(order(richardsonDifference, 2e-1, 1e-1)).toBeCloseTo(4, 1);
  });
  it("round-off takes over at small h: central at 1e-12 is worse than at 1e-5", () => {
    expect(Math.abs(centralDifference(f, 1, 1e-12) - exact)).toBeGreaterThan(Math.abs(centralDifference(f, 1, 1e-5) - exact));
  });
});

describe("complex step", () => {
  const fc = (z: Complex) => cexp(z).mul(csin(z));
  it("is exact to machine precision at h = 1e-20", () => {
    expect(Math.abs(complexStepDerivative(fc, 1) - exact) / exact).toBeLessThan(4e-16);
  });
  it("is second order at large h (no round-off floor)", () => {
    const e1 = Math.abs(complexStepDerivative(fc, 1, 1e-1) - exact);
    const e2 = Math.abs(complexStepDerivative(fc, 1, 1e-2) - exact);
    expect(Math.log10(e1 / e2)).toBeCloseTo(2, 1);
  });
  it("complex helpers agree with their real counterparts on the real axis and differentiate correctly", () => {
    for (const x of [-1.3, 0.2, 2.5]) {
      const z = new Complex(x, 0);
      expect(cexp(z).re).toBeCloseTo(Math.exp(x), 14);
      expect(ccos(z).re).toBeCloseTo(Math.cos(x), 14);
      expect(ctanh(z).re).toBeCloseTo(Math.tanh(x), 14);
      expect(csigmoid(z).re).toBeCloseTo(1 / (1 + Math.exp(-x)), 14);
      expect(complexStepDerivative(ctanh, x)).toBeCloseTo(1 - Math.tanh(x) ** 2, 14);
      expect(complexStepDerivative(csin, x)).toBeCloseTo(Math.cos(x), 14);
    }
    expect(complexStepDerivative(clog, 2)).toBeCloseTo(0.5, 14);
    expect(new Complex(1, 2).mul(new Complex(3, -1)).toString()).toBe("5+5i");
    expect(new Complex(5, 5).div(new Complex(3, -1)).toString()).toBe("1+2i");
  });
});
