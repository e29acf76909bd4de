// assertGradients: one line in a test runner; throws a GradientAssertionError naming the
// entry, each value beside its limit; inconclusive throws unless allowed.
import { describe, expect, it } from "vitest";
import { assertGradients } from "../lib/check/assert";
import { GradientAssertionError } from "../lib/check/errors";

const f = (w: Float64Array) => w[0] ** 2 + 3 * w[1] ** 2;
const g = (w: Float64Array) => [2 * w[0], 6 * w[1]];

describe("assertGradients", () => {
  it("lets a correct gradient through and returns the report", () => {
    const report = assertGradients({ f, gradient: g, w: [0.5, -1] });
    expect(report.status).toBe("passed");
  });

  it("throws a GradientAssertionError (not named AssertionError, which Jest would mangle) that names the failing entry, with its value beside its limit", () => {
    const wrong = (w: Float64Array) => [2 * w[0], 3 * w[1]];
    let error: unknown;
    try {
      assertGradients({ f, gradient: wrong, w: [0.5, -1], names: ["a", "b"] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GradientAssertionError);
    const e = error as GradientAssertionError;
    expect(e.name).toBe("GradientAssertionError");
    expect(e.message.split("\n")[0]).toBe("Gradient check FAILED: 1 of 2 parameters off: b. Worst: b, relative error 0.5.");
    expect(e.message).toMatch(/✗ b: \|a − n\| = 3 > tolerance 6\.00e-6 \(relative error 0\.5\); analytic -3, numeric -6 ± /);
    expect(e.message).not.toMatch(/✗ a:/);
    expect(e.report.failures.map((x) => x.name)).toEqual(["b"]);
  });

  it("throws for an inconclusive verdict with its reason, unless allowInconclusive is set", () => {
    const relu = (w: Float64Array) => Math.max(0, w[0]);
    const sub = () => [0];
    expect(() => assertGradients({ f: relu, gradient: sub, w: [0] })).toThrow(/Gradient check INCONCLUSIVE[\s\S]*\? w0: kink:[\s\S]*allowInconclusive: true/);
    expect(assertGradients({ f: relu, gradient: sub, w: [0], allowInconclusive: true }).status).toBe("inconclusive");
  });
});
