// Tests for lib/check/report.ts (and GradCheckReport's verdict): the text and HTML
// tables mark the failing rows, and the verdict names the failing parameters.
import { inspect } from "util";
import { describe, expect, it } from "vitest";
import { GradCheckReport, compareValues, gradCheck } from "../lib/check/index";
import { reportHtml, reportText } from "../lib/check/report";

// A hand example: f(w) = w0² + w1², true gradient (2w0, 2w1) = (2, 2) at (1, 1).
// The planted bug adds 1 to the second entry: analytic (2, 3) against numeric (2, 2).
//   w1: abs error 1, relative error 1/3;  Ng's difference = ‖(0, 1)‖ / (‖(2, 3)‖ + ‖(2, 2)‖)
//   = 1 / (√13 + √8) = 0.1554…
const f = (w: Float64Array) => w[0] ** 2 + w[1] ** 2;
const failing = gradCheck({ f, gradient: (w) => [2 * w[0], 2 * w[1] + 1], w: [1, 1], names: ["a", "b<i>"] });
const passing = gradCheck({ f, gradient: (w) => [2 * w[0], 2 * w[1]], w: [1, 1] });

describe("the verdict", () => {
  it("for a failure: starts 'Gradient check FAILED', names the failing parameter and the worst; Ng's number is information", () => {
    expect(failing.difference).toBeCloseTo(1 / (Math.sqrt(13) + Math.sqrt(8)), 10);
    expect(failing.entries[1].relError).toBeCloseTo(1 / 3, 10);
    expect(failing.status).toBe("failed");
    expect(failing.verdict).toBe("Gradient check FAILED: 1 of 2 parameters off: b<i>. Worst: b<i>, relative error 0.333.");
  });

  it("for a pass: starts 'Gradient check PASSED' and gives the tolerance, with no band or threshold that could disagree", () => {
    expect(passing.verdict).toMatch(/^Gradient check PASSED: all 2 parameters agree within rtol 1\.0e-6, error bars included\. Worst: w[01], relative error /);
    expect(passing.verdict).not.toMatch(/Ng|excellent|acceptable|difference/);
  });

  it("for an inconclusive check: starts 'Gradient check INCONCLUSIVE' and gives the reason", () => {
    const relu = (w: Float64Array) => Math.max(0, w[0]) + w[1] ** 2;
    const r = gradCheck({ f: relu, gradient: (w) => [w[0] > 0 ? 1 : 0, 2 * w[1]], w: [0, 1], names: ["at the kink", "smooth"] });
    expect(r.status).toBe("inconclusive");
    expect(r.verdict).toMatch(/^Gradient check INCONCLUSIVE: 1 of 2 parameters cannot be decided \(kink\): at the kink; the other 1 pass\. /);
  });
});

describe("reportText", () => {
  const lines = reportText(failing).split("\n");

  it("has a header, one row per parameter with ✓ or ✗ FAIL, the settings and the verdict", () => {
    expect(lines[0]).toMatch(/^parameter\s+analytic\s+numeric\s+± error\s+step\s+rel error\s+status$/);
    expect(lines[1]).toMatch(/^-+( {2}-+){6}$/);
    expect(lines[2]).toMatch(/^a\s+2\s+2\s+.*✓$/);
    expect(lines[2]).not.toContain("✗");
    expect(lines[3]).toMatch(/^b<i>\s+3\s+2\s+\S+\s+\S+\s+0\.3333\s+✗ FAIL$/);
    expect(lines[4]).toBe("");
    expect(lines[5]).toMatch(
      /^central differences, first step h = 1\.0e-4·max\(1, \|w\|\), rtol 1\.0e-6, error bars ×3; \d+ loss evaluations, \d+ of them to refine undecided entries\. For information: Ng's difference 0\.155; CS231n's band of the worst entry: probably wrong\.$/,
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

  it("prints a report of 300,000 parameters: failing and worst rows first, then how many more", () => {
    // Built from entries: a real check of 300,000 parameters takes 600,000 loss evaluations.
    const n = 300_000;
    const entries = Array.from({ length: n }, (_, i) => {
      const analytic = i === 123_456 ? -1 : 1;
      const numeric = i === 7 ? 1 + 1e-9 : 1;
      const { absError, relError } = compareValues(analytic, numeric, 1e-6, 0);
      const status = i === 123_456 ? ("failed" as const) : ("passed" as const);
      return { index: i, name: `w${i}`, analytic, numeric, absError, relError, status, ok: status === "passed", step: 1e-4, errorEstimate: 1e-12, quotient: "central" as const, order: 0, numericAtFirstStep: numeric, tolerance: 1e-6 };
    });
    const big = new GradCheckReport({ entries, difference: 0, eps: 1e-4, rtol: 1e-6, atol: 0, scheme: "central", evaluations: 2 * n });
    const text = big.toString();
    const rows = text.split("\n");
    expect(rows[2]).toMatch(/^w123456\s.*✗ FAIL$/);
    expect(rows[3]).toMatch(/^w7\s/); // the worst passed entry next
    expect(text).toContain(`… ${n - 60} more rows, all passed`);
    expect(rows.length).toBeLessThan(80);
    // Rows left out are counted by status: a table where every entry failed never says "all passed".
    const failing = entries.slice(0, 69).map((e) => ({ ...e, status: "failed" as const, ok: false }));
    const allFailed = new GradCheckReport({ entries: failing, difference: 0, eps: 1e-4, rtol: 1e-6, atol: 0, scheme: "central", evaluations: 138 });
    expect(allFailed.toString()).toContain("… 9 more rows, all failed");
    expect(allFailed.toString()).not.toContain("all passed");
    const mixed = [...failing.slice(0, 62), ...entries.slice(62, 70).map((e, j) => (j < 3 ? { ...e, status: "inconclusive" as const, ok: false, reason: { code: "kink" as const, message: "…" } } : e))];
    const mixedText = new GradCheckReport({ entries: mixed, difference: 0, eps: 1e-4, rtol: 1e-6, atol: 0, scheme: "central", evaluations: 140 }).toString();
    expect(mixedText).toContain("… 10 more rows: 2 failed, 3 inconclusive, 5 passed");
    expect(reportHtml(big).match(/<tr class=/g)).toHaveLength(60);
    expect(big.verdict).toBe("Gradient check FAILED: 1 of 300000 parameters off: w123456. Worst: w123456, relative error 2.");
  });

  it("up to 60 parameters, lists every row in order", () => {
    const w = Float64Array.from({ length: 60 }, (_, i) => i / 10);
    const r = gradCheck({ f: (v) => v.reduce((s, x) => s + x * x, 0), gradient: (v) => v.map((x) => 2 * x), w });
    const rows = r.toString().split("\n").slice(2, 62);
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(Array.from({ length: 60 }, (_, i) => `w${i}`));
  });
});

describe("reportHtml", () => {
  const html = reportHtml(failing);

  it("marks exactly the failing rows with class ngc-fail and ✗", () => {
    const rows = html.match(/<tr class="ngc-(fail|ok|inconclusive)"[^>]*>.*?<\/tr>/g) ?? [];
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
    rtol: r.rtol,
    atol: r.atol,
    scheme: r.scheme,
    evaluations: r.evaluations,
    warnings: r.warnings,
  };
}
