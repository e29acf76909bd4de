/**
 * Charts in the notebooks: plotly.js figures shown through the tslab kernel.
 *
 * Introduced in notebook 00-start-here; every notebook with charts starts with
 * `setupCharts()` and shows each chart with `plot(figure)`. The figures come from
 * lib/workbook/figures.ts.
 *
 * How a chart reaches the screen (see the README, "Charts"):
 * - `setupCharts()` outputs the plotly.js bundle inline, once per notebook, inside a
 *   `<script>` that runs only if the page has no `window.Plotly` yet. This works live
 *   in JupyterLab and in HTML exported by nbconvert, offline.
 * - `plot(figure)` outputs a `<div>` and a small `<script>` that draws into it with
 *   `window.Plotly`. If the page has no plotly (the page was reloaded and only this
 *   cell was run again), it loads the bundle from the Jupyter server's files route
 *   (`<baseUrl>files/node_modules/plotly.js-dist/plotly.js`). If that fails too, the
 *   output says why and what to do. Without JavaScript (an untrusted notebook), the
 *   output shows the same kind of message instead of a blank.
 */
import { readFileSync } from "fs";
import { displayHtml } from "./display";
import { escapeHtml } from "gradcheck";

/** One plotly trace. The common fields are typed; any other plotly attribute is allowed. */
export interface FigureTrace {
  type?: string;
  name?: string;
  x?: ReadonlyArray<number | string | null>;
  y?: ReadonlyArray<number | string | null>;
  mode?: string;
  visible?: boolean | "legendonly";
  showlegend?: boolean;
  xaxis?: string;
  yaxis?: string;
  [attribute: string]: unknown;
}

/** One plotly axis (`layout.xaxis`, `layout.yaxis2`, ...). */
export interface FigureAxis {
  title?: { text: string; [attribute: string]: unknown };
  type?: "linear" | "log" | "category" | "date" | "-";
  range?: [number, number];
  [attribute: string]: unknown;
}

/** A plotly layout. */
export interface FigureLayout {
  title?: { text: string; [attribute: string]: unknown };
  xaxis?: FigureAxis;
  yaxis?: FigureAxis;
  showlegend?: boolean;
  height?: number;
  [attribute: string]: unknown;
}

/** A plotly config (`responsive`, `displaylogo`, ...). */
export interface FigureConfig {
  responsive?: boolean;
  displaylogo?: boolean;
  [attribute: string]: unknown;
}

/**
 * A plotly figure: what `plot` draws and every builder in lib/workbook/figures.ts returns.
 * Introduced in notebook 00-start-here.
 * @example
 *   const fig: Figure = { data: [{ type: "scatter", y: [3, 1, 2] }], layout: { title: { text: "Three points" } } };
 *   plot(fig);
 */
export interface Figure {
  data: FigureTrace[];
  layout: FigureLayout;
  config?: FigureConfig;
}

/** Options of `plot` and `chartHtml`. */
export interface ChartOptions {
  /** Height of the chart in pixels (default: `figure.layout.height`, else 450). */
  height?: number;
}

/** Where the JupyterLab server started by `npm start` serves the bundle (root = project folder). */
export const PLOTLY_SERVER_PATH = "files/node_modules/plotly.js-dist/plotly.js";

const DEFAULT_HEIGHT = 450;

/** The message a learner sees when a chart cannot be drawn, and what to do about it. */
export const CHART_MESSAGES = {
  noScript:
    "This chart is drawn by JavaScript, which has not run here. " +
    "Run the setup cell at the top of this notebook, then this cell, to draw it.",
  loading: "Loading plotly.js from the Jupyter server ...",
  noPlotly:
    "Charts need the plotly bundle: run the setup cell at the top of this notebook " +
    "(the one that calls setupCharts()), then run this cell again.",
  setupNoScript:
    "Charts are not set up in this page: this output's JavaScript has not run. Run this cell to set them up.",
} as const;

/**
 * JSON that is safe inside an HTML `<script>` element: `<`, `>` and `&` become
 * `\u003c`, `\u003e`, `\u0026` (they can only occur inside JSON strings, where the
 * escapes mean the same), so no `</script>` or `<!--` can end the script early.
 */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Typed arrays become plain arrays (JSON.stringify turns a Float64Array into an object). */
function plainData(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) return value.map(plainData);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainData(v);
    return out;
  }
  return value;
}

const MESSAGE_STYLE =
  "padding:0.6em 0.8em;border:1px solid #d9a400;background:#fff8e1;color:#5d4200;" +
  "font-family:sans-serif;font-size:13px;border-radius:4px";

/**
 * The browser-side drawing code of one chart. Plain ES5 so that any page can run it.
 * `el` is the chart's div; `fig` the figure.
 */
const DRAW_SCRIPT = `
var S = document.currentScript;
var el = (S && S.previousElementSibling && S.previousElementSibling.getAttribute("data-ngc-chart") !== null)
  ? S.previousElementSibling : document.getElementById(ID);
if (!el) return;
function say(text) {
  el.innerHTML = "";
  var p = document.createElement("div");
  p.className = "ngc-chart-message";
  p.setAttribute("style", STYLE);
  p.textContent = text;
  el.appendChild(p);
  el.style.height = "auto";
}
function draw(P) {
  el.innerHTML = "";
  el.style.height = HEIGHT + "px";
  try {
    var r = P.newPlot(el, fig.data, fig.layout, fig.config);
    if (r && r.then) r.then(null, function (e) { say("The chart could not be drawn: " + e); });
  } catch (e) { say("The chart could not be drawn: " + e); }
}
function baseUrl() {
  var c = document.getElementById("jupyter-config-data");
  if (!c) return null;
  try { return JSON.parse(c.textContent).baseUrl || "/"; } catch (e) { return null; }
}
function load() {
  if (window.__ngcPlotlyLoading) return window.__ngcPlotlyLoading;
  var base = baseUrl();
  if (base === null || !window.fetch) return null;
  var url = base.replace(/\\/?$/, "/") + SERVER_PATH;
  window.__ngcPlotlyLoading = fetch(url, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) throw new Error("the Jupyter server answered " + r.status + " for " + url);
    return r.text();
  }).then(function (code) {
    if (!window.Plotly) {
      var s = document.createElement("script");
      s.textContent = "(function (define, module, exports) {\\n" + code + "\\n}).call(window);";
      document.head.appendChild(s);
      document.head.removeChild(s);
    }
    if (!window.Plotly) throw new Error("the bundle from " + url + " did not define Plotly");
    return window.Plotly;
  });
  window.__ngcPlotlyLoading.then(null, function () { window.__ngcPlotlyLoading = null; });
  return window.__ngcPlotlyLoading;
}
if (window.Plotly) { draw(window.Plotly); return; }
var loading = load();
if (!loading) { say(NO_PLOTLY); return; }
say(LOADING);
loading.then(draw, function (e) { say(NO_PLOTLY + " (" + (e && e.message ? e.message : e) + ")"); });
`;

/**
 * The HTML of one chart: a div that holds a visible message until the script draws
 * the figure into it. Pure (no kernel needed), so tests and exporters can call it.
 * Introduced in notebook 00-start-here (through `plot`).
 * @example
 *   const html = chartHtml({ data: [{ y: [1, 2] }], layout: {} }, "ngc-chart-1");
 *   html.includes('id="ngc-chart-1"'); // true
 */
export function chartHtml(figure: Figure, id: string, options: ChartOptions = {}): string {
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new Error(`chartHtml: the id ${JSON.stringify(id)} is not a valid HTML id`);
  const height = options.height ?? figure.layout.height ?? DEFAULT_HEIGHT;
  const fig = plainData({
    data: figure.data,
    layout: { autosize: true, ...figure.layout, height },
    config: { responsive: true, displaylogo: false, ...(figure.config ?? {}) },
  });
  const consts =
    `var ID = ${scriptSafeJson(id)}, HEIGHT = ${Number(height)}, STYLE = ${scriptSafeJson(MESSAGE_STYLE)},\n` +
    `  SERVER_PATH = ${scriptSafeJson(PLOTLY_SERVER_PATH)}, NO_PLOTLY = ${scriptSafeJson(CHART_MESSAGES.noPlotly)},\n` +
    `  LOADING = ${scriptSafeJson(CHART_MESSAGES.loading)};\n` +
    `var fig = ${scriptSafeJson(fig)};`;
  return (
    `<div id="${id}" class="ngc-chart" data-ngc-chart="" style="width:100%;min-height:2em">` +
    `<div class="ngc-chart-message" style="${MESSAGE_STYLE}">${escapeHtml(CHART_MESSAGES.noScript)}</div>` +
    `</div>\n<script>(function () {\n${consts}\n${DRAW_SCRIPT}})();</script>\n`
  );
}

/**
 * The HTML of the setup output: the plotly bundle, evaluated only if the page has no
 * `window.Plotly` yet, with AMD/CommonJS globals hidden so it always sets `window.Plotly`
 * (nbconvert's HTML pages load require.js). Pure; `setupCharts` reads the bundle and
 * displays this. Introduced in notebook 00-start-here.
 * @example
 *   const html = setupHtml("window.Plotly = { version: 'stub' };", "stub");
 *   html.startsWith('<div class="ngc-charts-setup"'); // true
 */
export function setupHtml(bundle: string, version: string): string {
  // The bundle is code, not JSON: it cannot be escaped, so refuse what would end the script.
  if (/<\/script|<!--/i.test(bundle)) {
    throw new Error("setupHtml: the plotly bundle contains '</script' or '<!--' and cannot be inlined in HTML");
  }
  const ready = `Charts ready: plotly.js ${version} is loaded in this page (bundled in this cell's output, once per notebook).`;
  return (
    `<div class="ngc-charts-setup" style="font-family:sans-serif;font-size:13px;color:#555">` +
    `${escapeHtml(CHART_MESSAGES.setupNoScript)}</div>\n` +
    `<script>(function () {\n` +
    `var S = document.currentScript, el = S && S.previousElementSibling;\n` +
    `if (!window.Plotly) {\n(function (define, module, exports) {\n${bundle}\n}).call(window);\n}\n` +
    `if (el) el.textContent = window.Plotly ? ${scriptSafeJson(ready)} : ${scriptSafeJson(
      "The plotly bundle in this output did not load. Run this cell again; if it persists, run 'npm install'.",
    )};\n` +
    `})();</script>\n`
  );
}

/** The path of plotly.js-dist's bundle, found the way Node finds packages from lib/. */
function plotlyBundlePath(): string {
  return require.resolve("plotly.js-dist/plotly.js");
}

/** The version of the plotly.js bundle in node_modules. */
function plotlyVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve("plotly.js-dist/package.json"), "utf8")) as { version: string };
  return pkg.version;
}

let chartCount = 0;

function show(html: string, what: string): void {
  try {
    displayHtml(html, what);
  } catch (e) {
    throw new Error(`${(e as Error).message} Outside a notebook, use chartHtml(figure, id) to get the chart's HTML.`);
  }
}

/**
 * Sets up charts: call it in a cell at the top of every notebook with charts. It puts
 * the plotly.js bundle (about 10 MB) into this cell's output once, so the charts draw
 * live and in exported HTML pages without a network, and restarts chart numbering so
 * that a re-run gives identical outputs. Introduced in notebook 00-start-here.
 * @example
 *   import { setupCharts } from "ngc-workbook-lib";
 *   setupCharts(); // "Charts ready: plotly.js 4.1.1 is loaded in this page ..."
 */
export function setupCharts(): void {
  chartCount = 0;
  const bundle = readFileSync(plotlyBundlePath(), "utf8");
  show(setupHtml(bundle, plotlyVersion()), "setupCharts()");
}

/**
 * Shows a figure as an interactive chart in the cell's output. Run `setupCharts()` once
 * at the top of the notebook first. Introduced in notebook 00-start-here.
 * @example
 *   import { plot, lossCurveFigure } from "ngc-workbook-lib";
 *   plot(lossCurveFigure([4, 2, 1.5, 1.2]));
 */
export function plot(figure: Figure, options: ChartOptions = {}): void {
  chartCount += 1;
  show(chartHtml(figure, `ngc-chart-${chartCount}`, options), "plot()");
}
