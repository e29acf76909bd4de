// Tests for lib/report.ts (and GradCheckReport's verdict): the text and HTML
// tables mark the failing rows, and the verdict names the failing parameters.
import { inspect } from "util";
import { describe, expect, it } from "vitest";
import { GradCheckReport, gradCheck } from "../lib/check";
import { reportHtml, reportText } from "../lib/report";

// A hand example: f(w) = w0² + w1², true gradient (2w0, 2w1) = (2, 2) at (1, 1).
// The planted bug adds 1 to the second entry: analytic (2, 3) against numeric (2, 2).
//   w1: abs error 1, relative error 1/3;  Ng's difference = ‖(0, 1)‖ / (‖(2, 3)‖ + ‖(2, 2)‖)
//   = 1 / (√13 + √8) = 0.1554…
const f = (w: Float64Array) => w[0] ** 2 + w[1] ** 2;
const failing = gradCheck({ f, gradient: (w) => [2 * w[0], 2 * w[1] + 1], w: [1, 1], names: ["a", "b<i>"] });
const passing = gradCheck({ f, gradient: (w) => [2 * w[0], 2 * w[1]], w: [1, 1] });

describe("the verdict", () => {
  it("for a failure: starts 'Gradient check FAILED', names the failing parameter, the worst, its band and Ng's difference", () => {
    expect(failing.difference).toBeCloseTo(1 / (Math.sqrt(13) + Math.sqrt(8)), 10);
    expect(failing.entries[1].relError).toBeCloseTo(1 / 3, 10);
    expect(failing.verdict).toBe(
      "Gradient check FAILED: 1 of 2 parameters off: b<i>. Worst: b<i>, relative error 0.333 (probably wrong). " +
        "difference = 0.155 >= 1.0e-7 (Ng).",
    );
  });

  it("for a pass: starts 'Gradient check PASSED' and gives the tolerance", () => {
    expect(passing.verdict).toMatch(/^Gradient check PASSED: all 2 parameters pass \(relative error ≤ 1\.0e-6, or absolute ≤ 1\.0e-8\)\. Worst: w[01], /);
    expect(passing.verdict).toMatch(/\(excellent\)\. difference = .* < 1\.0e-7 \(Ng\)\.$/);
  });
});

describe("reportText", () => {
  const lines = reportText(failing).split("\n");

  it("has a header, one row per parameter with ✓ or ✗ FAIL, the settings and the verdict", () => {
    expect(lines[0]).toMatch(/^parameter\s+analytic\s+numeric\s+abs error\s+rel error\s+ok$/);
    expect(lines[1]).toMatch(/^-+( {2}-+){5}$/);
    expect(lines[2]).toMatch(/^a\s+2\s+2\s+.*✓$/);
    expect(lines[2]).not.toContain("✗");
    expect(lines[3]).toMatch(/^b<i>\s+3\s+2\s+1\s+0\.3333\s+✗ FAIL$/);
    expect(lines[4]).toBe("");
    expect(lines[5]).toBe(
      "central differences, e = 1.0e-4, tolerance 1.0e-6 (relative), floor 1.0e-8 (absolute), 4 loss evaluations",
    );
    expect(lines[6]).toBe(failing.verdict);
    expect(lines).toHaveLength(7);
  });

  it("aligns the columns: every table line has the same length", () => {
    const table = lines.slice(0, 4);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });

  it("is what toString() and util.inspect print", () => {
    expect(failing.toString()).toBe(reportText(failing));
    expect(inspect(failing)).toBe(reportText(failing));
  });

  it("puts warnings first, each prefixed WARNING:", () => {
    const warned = new GradCheckReport({ ...fieldsOf(failing), warnings: ["float32 ahead"] });
    expect(reportText(warned).split("\n")[0]).toBe("WARNING: float32 ahead");
  });
});

describe("reportHtml", () => {
  const html = reportHtml(failing);

  it("marks exactly the failing rows with class ngc-fail and ✗", () => {
    const rows = html.match(/<tr class="ngc-(fail|ok)"[^>]*>.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('class="ngc-ok"');
    expect(rows[0]).toContain("✓");
    expect(rows[1]).toContain('class="ngc-fail"');
    expect(rows[1]).toContain("✗ FAIL");
    expect(html.match(/ngc-fail/g)).toHaveLength(failing.failures.length);
  });

  it("escapes names and carries the verdict in a ngc-verdict paragraph", () => {
    expect(html).toContain("b&lt;i&gt;");
    expect(html).not.toContain("<td style=\"text-align:left\">b<i>");
    expect(html).toContain('<p class="ngc-verdict"');
    expect(html).toContain("Gradient check FAILED: 1 of 2 parameters off: b&lt;i&gt;.");
    expect(failing.toHTML()).toBe(html);
  });

  it("a passing report has no failing row and a PASSED verdict", () => {
    const ok = reportHtml(passing);
    expect(ok).not.toContain("ngc-fail");
    expect(ok).not.toContain("✗");
    expect(ok.match(/class="ngc-ok"/g)).toHaveLength(2);
    expect(ok).toContain("Gradient check PASSED");
  });

  it("shows warnings as ngc-warning paragraphs", () => {
    const warned = new GradCheckReport({ ...fieldsOf(passing), warnings: ["use <float64>"] });
    expect(reportHtml(warned)).toContain('<p class="ngc-warning"');
    expect(reportHtml(warned)).toContain("⚠ use &lt;float64&gt;");
  });
});

/** The constructor fields of an existing report, to build a variant of it. */
function fieldsOf(r: GradCheckReport) {
  return {
    entries: r.entries,
    difference: r.difference,
    eps: r.eps,
    tolerance: r.tolerance,
    atol: r.atol,
    scheme: r.scheme,
    evaluations: r.evaluations,
    warnings: r.warnings,
  };
}
