// Tests for lib/workbook/plot.ts (the chart HTML and its in-page script) and lib/workbook/figures.ts
// (the workbook's figures). The browser test (tests/browser/run.mjs) proves the
// charts draw in JupyterLab and in exported pages; these tests pin the pieces:
// the HTML is safe, the script picks the right way to get plotly, the figures hold
// what their captions promise.
import { describe, expect, it } from "vitest";
import { CHART_MESSAGES, PLOTLY_SERVER_PATH, chartHtml, plot, setupHtml, type Figure } from "../lib/workbook/plot";
import {
  RELATIVE_ERROR_BANDS,
  METHOD_COLORS,
  errorVsEpsFigure,
  featuresVsTargetFigure,
  fitFigure,
  lossCurveFigure,
  relativeErrorFigure,
  tangentSecantFigure,
} from "../lib/workbook/figures";

const tiny: Figure = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { title: { text: "t" } } };

/** The body of the first inline <script> of some HTML. */
function scriptOf(html: string): string {
  const m = /<script>([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error("no <script> in the HTML");
  return m[1];
}

/** A fake element: just what the chart script touches. */
function fakeElement(attrs: Record<string, string> = {}) {
  const el = {
    innerHTML: "x",
    textContent: "",
    style: {} as Record<string, string>,
    children: [] as { textContent: string }[],
    className: "",
    getAttribute: (k: string) => (k in attrs ? attrs[k] : null),
    setAttribute: () => {},
    appendChild(c: { textContent: string }) {
      el.children.push(c);
    },
  };
  return el;
}

/** Runs a chart's script against a fake page. */
function runChartScript(html: string, page: { Plotly?: unknown; baseUrl?: string; fetch?: (url: string) => Promise<unknown> }) {
  const chart = fakeElement({ "data-ngc-chart": "" });
  const head = { appendChild: () => {}, removeChild: () => {} };
  const config = page.baseUrl === undefined ? null : { textContent: JSON.stringify({ baseUrl: page.baseUrl }) };
  const document = {
    currentScript: { previousElementSibling: chart },
    getElementById: (id: string) => (id === "jupyter-config-data" ? config : null),
    createElement: () => ({ textContent: "", className: "", setAttribute: () => {} }),
    head,
  };
  const window: Record<string, unknown> = { Plotly: page.Plotly, fetch: page.fetch };
  new Function("window", "document", "fetch", scriptOf(html))(window, document, page.fetch);
  return { chart, window };
}

describe("chartHtml", () => {
  it("puts the figure in a div with the given id and a visible message for pages without JavaScript", () => {
    const html = chartHtml(tiny, "ngc-chart-7");
    expect(html).toContain('<div id="ngc-chart-7" class="ngc-chart"');
    expect(html).toContain(CHART_MESSAGES.noScript);
    expect(html.indexOf("<script>")).toBeGreaterThan(html.indexOf(CHART_MESSAGES.noScript));
  });

  it("is deterministic: the same figure and id give the same HTML", () => {
    expect(chartHtml(tiny, "ngc-chart-1")).toBe(chartHtml(tiny, "ngc-chart-1"));
  });

  it("cannot be broken out of by text in the figure (no </script>, no <!--)", () => {
    const evil: Figure = { data: [{ y: [1], name: "</script><script>alert(1)</script><!--" }], layout: {} };
    const html = chartHtml(evil, "ngc-chart-1");
    expect(html.match(/<\/script/g)).toHaveLength(1);
    expect(html).not.toContain("<!--");
    expect(() => new Function(scriptOf(html))).not.toThrow(); // the script still parses
  });

  it("turns typed arrays into plain arrays, and NaN into null, in the figure JSON", () => {
    const html = chartHtml({ data: [{ y: new Float64Array([1, NaN, 3]) as unknown as number[] }], layout: {} }, "c1");
    expect(html).toContain('"y":[1,null,3]');
  });

  it("rejects an id that is not a valid HTML id", () => {
    expect(() => chartHtml(tiny, 'x" onload="')).toThrow(/valid HTML id/);
  });

  it("draws with window.Plotly when the page has it, with the figure's data and a responsive config", () => {
    const calls: unknown[][] = [];
    const Plotly = { newPlot: (...a: unknown[]) => calls.push(a) };
    runChartScript(chartHtml(tiny, "c1", { height: 300 }), { Plotly });
    expect(calls).toHaveLength(1);
    const [, data, layout, config] = calls[0] as [unknown, unknown, Record<string, unknown>, Record<string, unknown>];
    expect(data).toEqual(tiny.data);
    expect(layout.height).toBe(300);
    expect(config.responsive).toBe(true);
  });

  it("without plotly and outside JupyterLab, says to run the setup cell", () => {
    const { chart } = runChartScript(chartHtml(tiny, "c1"), {});
    expect(chart.children.map((c) => c.textContent)).toEqual([CHART_MESSAGES.noPlotly]);
  });

  it("without plotly inside JupyterLab, loads the bundle from the server's files route", async () => {
    const urls: string[] = [];
    const fetch = (url: string) => {
      urls.push(url);
      return Promise.resolve({ ok: false, status: 404, text: () => Promise.resolve("") });
    };
    const { chart } = runChartScript(chartHtml(tiny, "c1"), { baseUrl: "/user/ada/", fetch });
    expect(urls).toEqual([`/user/ada/${PLOTLY_SERVER_PATH}`]);
    expect(chart.children.at(-1)?.textContent).toBe(CHART_MESSAGES.loading);
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    const last = chart.children.at(-1)?.textContent ?? "";
    expect(last.startsWith(CHART_MESSAGES.noPlotly)).toBe(true);
    expect(last).toContain("404");
  });
});

describe("setupHtml", () => {
  it("evaluates the bundle only when the page has no Plotly, with AMD's define hidden", () => {
    const bundle = "if (typeof define === 'function') throw new Error('AMD'); window.Plotly = { loads: (window.Plotly && 0) || 1 };";
    const html = setupHtml(bundle, "9.9.9");
    expect(html.split(bundle)).toHaveLength(2); // inlined exactly once
    const status = fakeElement();
    const run = (window: Record<string, unknown>) =>
      new Function("window", "document", "define", scriptOf(html))(window, { currentScript: { previousElementSibling: status } }, () => {});
    const fresh: Record<string, unknown> = {};
    run(fresh);
    expect(fresh.Plotly).toEqual({ loads: 1 });
    expect(status.textContent).toContain("plotly.js 9.9.9");
    const existing = { Plotly: { already: true } };
    run(existing);
    expect(existing.Plotly).toEqual({ already: true });
  });

  it("refuses a bundle that would end the <script> element early", () => {
    expect(() => setupHtml("var s = '</script>';", "1")).toThrow(/cannot be inlined/);
  });

  it("the real bundle can be inlined", async () => {
    const { readFileSync } = await import("fs");
    const bundle = readFileSync(require.resolve("plotly.js-dist/plotly.js"), "utf8");
    expect(() => setupHtml(bundle, "4")).not.toThrow();
  });
});

describe("plot outside a kernel", () => {
  it("explains that it needs the tslab kernel and points to chartHtml", () => {
    expect(() => plot(tiny)).toThrow(/tslab kernel[\s\S]*chartHtml/);
  });
});

/** Every chart: a title, titled axes, a legend when it has several traces. */
function expectLabelled(fig: Figure) {
  expect(fig.layout.title?.text).toBeTruthy();
  expect(fig.layout.xaxis?.title?.text).toBeTruthy();
  expect(fig.layout.yaxis?.title?.text).toBeTruthy();
  if (fig.data.filter((t) => t.visible !== false).length > 1) expect(fig.layout.showlegend).toBe(true);
  for (const t of fig.data) if (fig.data.length > 1) expect(t.name).toBeTruthy();
  expect(JSON.stringify(fig)).not.toMatch(/"0":/); // no typed array left as an object
}

describe("lossCurveFigure", () => {
  it("plots cost against step 0, 1, 2, ...", () => {
    const fig = lossCurveFigure(new Float64Array([4, 2, 1]));
    expectLabelled(fig);
    expect(fig.data[0].x).toEqual([0, 1, 2]);
    expect(fig.data[0].y).toEqual([4, 2, 1]);
    expect(lossCurveFigure([1, 2], { logY: true }).layout.yaxis?.type).toBe("log");
  });

  it("with a minimum, draws CF − CF* on a log axis and leaves out gaps that are not positive", () => {
    const fig = lossCurveFigure([5, 3, 2.5, 2, 2 - 1e-17], { minimum: 2 });
    expect(fig.layout.yaxis?.type).toBe("log");
    expect(fig.data[0].y).toEqual([3, 1, 0.5, NaN, NaN]);
    expect(fig.layout.yaxis?.title?.text).toMatch(/CF − CF\*/);
  });
});

describe("tangentSecantFigure", () => {
  const f = (t: number) => t ** 3;
  const fig = tangentSecantFigure({ f, w: 1, slope: 3, epsValues: [0.01, 0.5, 0.1], name: "w" });
  const secants = fig.data.slice(3);

  it("has the loss, the tangent, the point w, and one secant per ε, largest ε first", () => {
    expectLabelled(fig);
    expect(fig.data).toHaveLength(3 + 3);
    expect(secants.map((s) => s.name)).toEqual([
      expect.stringContaining("e = 0.5"),
      expect.stringContaining("e = 0.1"),
      expect.stringContaining("e = 0.01"),
    ]);
  });

  it("draws each secant through (w-ε, f(w-ε)) and (w+ε, f(w+ε)), and the tangent with the analytic slope", () => {
    const s = secants[1];
    expect(s.x?.slice(1, 3)).toEqual([0.9, 1.1]);
    expect(s.y?.[1]).toBeCloseTo(f(0.9), 12);
    expect(s.y?.[2]).toBeCloseTo(f(1.1), 12);
    const [x0, x1] = fig.data[1].x as number[];
    const [y0, y1] = fig.data[1].y as number[];
    expect((y1 - y0) / (x1 - x0)).toBeCloseTo(3, 12);
  });

  it("names each secant's slope, which approaches the tangent's as ε shrinks (error ~ ε² for t³)", () => {
    const slopes = secants.map((s) => Number(/slope (\S+)/.exec(s.name ?? "")?.[1]));
    expect(slopes[0]).toBeCloseTo(3 + 0.25, 3); // (f(w+e) - f(w-e)) / 2e = 3w² + e²
    expect(slopes[2]).toBeCloseTo(3 + 1e-4, 5);
  });

  it("has a slider that shows exactly one secant at a time", () => {
    const slider = (fig.layout.sliders as { steps: { args: [{ visible: boolean[] }] }[] }[])[0];
    expect(slider.steps).toHaveLength(3);
    slider.steps.forEach((step, i) => {
      const visible = step.args[0].visible;
      expect(visible).toHaveLength(fig.data.length);
      expect(visible.slice(3)).toEqual([0, 1, 2].map((j) => j === i));
    });
    expect(secants.map((s) => s.visible)).toEqual([true, false, false]);
  });

  it("names the curve after the y axis and writes the step as the article does, when asked", () => {
    const g = tangentSecantFigure({ f, w: 1, slope: 3, epsValues: [0.1], name: "t", yTitle: "f(t) = t³", epsName: "e" });
    expect(g.data[0].name).toBe("f(t) = t³");
    expect(g.data[3].name).toMatch(/^secant, e = 0.1:/);
  });

  it("needs a positive ε", () => {
    expect(() => tangentSecantFigure({ f, w: 1, slope: 3, epsValues: [0, -1], name: "w" })).toThrow(/positive/);
  });
});

describe("relativeErrorFigure", () => {
  const entries = [
    { name: "b", relError: 2e-10, ok: true },
    { name: "w[1]", relError: 0.3, ok: false },
    { name: "w[2]", relError: 0, ok: true },
  ];
  const fig = relativeErrorFigure(entries, 1e-7);

  it("draws a dot per parameter (no bars: a bar's length on a log axis depends on the axis floor), passing and failing in separate named traces, in the given order", () => {
    expectLabelled(fig);
    expect(fig.layout.yaxis?.type).toBe("log");
    expect(fig.data.every((t) => t.type === "scatter")).toBe(true);
    const [pass, failing] = fig.data;
    expect(pass.mode).toMatch(/^markers/);
    expect(pass.x).toEqual(["b", "w[2]"]);
    expect(failing.x).toEqual(["w[1]"]);
    expect(failing.name).toMatch(/FAIL/);
    expect((failing.marker as { color: string }).color).not.toBe((pass.marker as { color: string }).color);
    expect(fig.layout.xaxis?.categoryarray).toEqual(["b", "w[1]", "w[2]"]);
  });

  it("draws inconclusive entries (status from gradCheck) in a third, amber trace of their own", () => {
    const withStatus = relativeErrorFigure(
      [
        { name: "a", relError: 1e-10, ok: true, status: "passed" as const },
        { name: "k", relError: 0.5, ok: false, status: "inconclusive" as const },
        { name: "x", relError: 2, ok: false, status: "failed" as const },
      ],
      1e-6,
    );
    const byName = Object.fromEntries(withStatus.data.map((t) => [t.name, t]));
    expect(byName["inconclusive"].x).toEqual(["k"]);
    expect(byName["FAILS the check"].x).toEqual(["x"]);
    expect(byName["passes the check"].x).toEqual(["a"]);
    const colors = ["inconclusive", "FAILS the check", "passes the check"].map((n) => (byName[n].marker as { color: string }).color);
    expect(new Set(colors).size).toBe(3);
  });

  it("shows an exact zero at the bottom of the axis, labelled, instead of dropping it", () => {
    const [lo] = fig.layout.yaxis?.range as [number, number];
    const y = fig.data[0].y as number[];
    expect(Math.log10(y[1])).toBeCloseTo(lo + 0.5, 12);
    expect((fig.data[0].text as string[])[1]).toMatch(/exact/);
  });

  it("draws CS231n's four bands and the tolerance line", () => {
    const shapes = fig.layout.shapes as { type: string; y0: number; y1: number }[];
    expect(shapes.filter((s) => s.type === "rect")).toHaveLength(RELATIVE_ERROR_BANDS.length);
    expect(shapes.find((s) => s.type === "line")).toMatchObject({ y0: 1e-7, y1: 1e-7 });
    expect(fig.data.at(-1)).toMatchObject({ name: "tolerance 1e-7", mode: "lines" }); // named in the legend
    const labels = (fig.layout.annotations as { text: string }[]).map((a) => a.text).join(" | ");
    for (const word of ["probably wrong", "uncomfortable", "kinks", "excellent"]) expect(labels).toContain(word);
  });

  it("groups a network's parameters by tensor: one colour each, separators, labels, and every tick drawn short", () => {
    const names = [...Array.from({ length: 40 }, (_, k) => `W1[${Math.floor(k / 5)},${k % 5}]`), ...Array.from({ length: 8 }, (_, k) => `b1[${k}]`), "W2[0,0]", "b2[0]"];
    const net = relativeErrorFigure(names.map((name, k) => ({ name, relError: 1e-9 * (k + 1), ok: name !== "b2[0]" })), 1e-6);
    const passNames = net.data.filter((t) => /passes/.test(t.name ?? "")).map((t) => t.name);
    expect(passNames).toEqual(["W1 passes", "b1 passes", "W2 passes"]);
    const colours = net.data.filter((t) => /passes/.test(t.name ?? "")).map((t) => (t.marker as { color: string }).color);
    expect(new Set(colours).size).toBe(3);
    const separators = (net.layout.shapes as { type: string; xref: string; x0: number }[]).filter((s) => s.type === "line" && s.xref === "x");
    expect(separators.map((s) => s.x0)).toEqual([39.5, 47.5, 48.5]);
    const tensorLabels = (net.layout.annotations as { text: string }[]).map((a) => a.text).filter((t) => t.startsWith("<b>"));
    expect(tensorLabels).toEqual(["<b>W1</b>", "<b>b1</b>", "<b>W2</b>", "<b>b2</b>"]);
    expect(net.layout.xaxis?.tickvals).toEqual(names);
    expect((net.layout.xaxis?.ticktext as string[]).slice(0, 2)).toEqual(["0,0", "0,1"]);
    expect((net.layout.xaxis?.ticktext as string[]).at(-1)).toBe("0");
  });
});

describe("errorVsEpsFigure", () => {
  const two = errorVsEpsFigure([
    { name: "forward", eps: [1e-1, 1e-2], error: [1e-2, 0] },
    { name: "central", eps: [1e-1, 1e-2], error: [1e-3, 1e-5] },
  ]);
  it("is log-log with one named line per series; values a log axis cannot show become gaps", () => {
    expectLabelled(two);
    expect(two.layout.xaxis?.type).toBe("log");
    expect(two.layout.yaxis?.type).toBe("log");
    expect(two.data[0].y).toEqual([1e-2, NaN]);
  });

  it("draws a one-point series (a predicted best step) as a big marker", () => {
    const fig = errorVsEpsFigure([{ name: "best", eps: [1e-5], error: [1e-10] }]);
    expect(fig.data[0].mode).toBe("markers");
  });

  it("draws reference slopes 1, 2 and −1 as lines whose log-log slope is exactly that, one decade above the data", () => {
    const refs = two.data.filter((t) => /^reference/.test(t.name ?? ""));
    expect(refs.map((t) => t.name)).toEqual(["reference slope 1 (error ∝ e)", "reference slope 2 (error ∝ e^2)", "reference slope −1 (error ∝ 1/e)"]);
    for (const [t, slope] of refs.map((t, i) => [t, [1, 2, -1][i]] as const)) {
      const [xa, xb] = t.x as number[];
      const [ya, yb] = t.y as number[];
      expect(Math.log10(yb / ya) / Math.log10(xb / xa)).toBeCloseTo(slope, 12);
      expect(Math.log10(ya)).toBeCloseTo(Math.log10(1e-2) + 1, 12);
    }
  });

  it("marks the article's e = 1e-4 when it is inside the range, and can leave it out", () => {
    const fig = errorVsEpsFigure([{ name: "central", eps: [1e-2, 1e-4, 1e-6], error: [1e-5, 1e-9, 1e-10] }]);
    expect(fig.layout.shapes).toContainEqual(expect.objectContaining({ type: "line", x0: 1e-4, x1: 1e-4 }));
    expect((fig.layout.annotations as { text: string }[])[0].text).toBe("the article's e = 1e-4");
    expect(errorVsEpsFigure([{ name: "c", eps: [1e-2, 1e-4], error: [1, 2] }], { markEps: null }).layout.shapes).toEqual([]);
    expect(two.layout.shapes).toEqual([]); // 1e-4 is outside [1e-2, 1e-1]
  });

  it("draws a model dashed without markers, in the colour it is given", () => {
    const fig = errorVsEpsFigure([
      { name: "central, measured", eps: [1e-2, 1e-4], error: [1e-5, 1e-9], color: METHOD_COLORS.central },
      { name: "central, model", eps: [1e-2, 1e-4], error: [2e-5, 2e-9], color: METHOD_COLORS.central, model: true },
    ]);
    expect(fig.data[1]).toMatchObject({ mode: "lines", line: { color: METHOD_COLORS.central, dash: "dash" } });
    expect((fig.data[0].line as { color: string }).color).toBe(METHOD_COLORS.central);
  });
});

describe("featuresVsTargetFigure", () => {
  it("gives each feature its own panel, with the feature's name on that panel's x axis", () => {
    const cols = ["a", "b", "c", "d"].map((name, i) => ({ name, values: new Float64Array([i, i + 1]) }));
    const fig = featuresVsTargetFigure(cols, { name: "mpg", values: [10, 20] });
    expect(fig.layout.title?.text).toContain("mpg");
    expect(fig.data.map((t) => [t.xaxis, t.yaxis])).toEqual([
      ["x", "y"],
      ["x2", "y2"],
      ["x3", "y3"],
      ["x4", "y4"],
    ]);
    expect((fig.layout.xaxis3 as { title: { text: string } }).title.text).toBe("c");
    expect((fig.layout.yaxis4 as { title: { text: string } }).title.text).toBe("mpg"); // first column of row 2
    expect(fig.data[3].x).toEqual([3, 4]);
    expect(fig.layout.grid).toMatchObject({ rows: 2, columns: 3 });
  });
});

describe("fitFigure", () => {
  it("shows the data as points and each fitted line sorted by x", () => {
    const fig = fitFigure({
      x: [1, 2, 3],
      y: [3, 5, 7],
      lines: [
        { name: "with bias", x: [3, 1], y: [7, 3] },
        { name: "without bias", x: [0, 3], y: [0, 7] },
      ],
    });
    expectLabelled(fig);
    expect(fig.data.map((t) => t.mode)).toEqual(["markers", "lines", "lines"]);
    expect(fig.data[1].x).toEqual([1, 3]);
    expect(fig.data[1].y).toEqual([3, 7]);
  });
});
