/**
 * The workbook's charts, as plotly figures: each builder takes plain numbers and
 * returns a `Figure` (lib/workbook/plot.ts) for `plot(...)`. Every chart has a title, titled
 * axes, and a legend when it has several traces.
 */
import { BANDS } from "gradcheck";
import type { Figure, FigureTrace } from "./plot";

/** A named series of numbers, e.g. one feature column. */
export interface NamedValues {
  name: string;
  values: ArrayLike<number>;
}

/** Common options: override the default title or axis titles. */
export interface FigureText {
  title?: string;
  xTitle?: string;
  yTitle?: string;
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
/** Tensor colours for relativeErrorFigure: the palette without its red, which marks a failure. */
const TENSOR_COLORS = COLORS.filter((_, i) => i !== 3);

function arr(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === "number" && Number.isFinite(v) ? v : NaN;
  }
  return out;
}

function layout(title: string, xTitle: string, yTitle: string, traces: number): Figure["layout"] {
  return {
    title: { text: title },
    xaxis: { title: { text: xTitle }, zeroline: false },
    yaxis: { title: { text: yTitle }, zeroline: false },
    showlegend: traces > 1,
    margin: { t: 60, r: 30, b: 60, l: 70 },
    hovermode: "closest",
  };
}

/** A short, readable number for labels: 0.0001 -> "1e-4", 2.5 -> "2.5". */
function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return String(Number(x.toPrecision(digits)));
  const [m, e] = x.toExponential(digits - 1).split("e");
  return `${String(Number(m))}e${Number(e)}`;
}

/**
 * The cost after each gradient-descent step: the curve should go down. With
 * `minimum: CFstar` it draws the gap CF − CF* on a log axis instead, where a slow tail
 * (a cost that has almost levelled off but keeps shrinking by a constant factor per
 * step) shows as a straight line; gaps that are 0 or negative (rounding) are left out.
 * Used in notebook 03-gd-formula.
 * @example
 *   import { plot, lossCurveFigure } from "ngc-workbook-lib";
 *   plot(lossCurveFigure([4.1, 2.3, 1.6, 1.3]));
 *   plot(lossCurveFigure([4.1, 2.3, 1.6, 1.3], { minimum: 1.2 })); // CF − CF*, log scale
 */
export function lossCurveFigure(
  costs: ArrayLike<number>,
  options: FigureText & { name?: string; logY?: boolean; minimum?: number } = {},
): Figure {
  const gap = options.minimum !== undefined;
  const y = arr(costs).map((c) => (gap ? (c - options.minimum! > 0 ? c - options.minimum! : NaN) : c));
  const x = y.map((_, i) => i);
  const fig: Figure = {
    data: [{ type: "scatter", mode: y.length > 60 ? "lines" : "lines+markers", name: options.name ?? (gap ? "CF − CF*" : "cost"), x, y }],
    layout: layout(
      options.title ?? (gap ? "Distance of the cost from its minimum after each step" : "Cost after each gradient-descent step"),
      options.xTitle ?? "step",
      options.yTitle ?? (gap ? "CF − CF* (log scale)" : "cost (mean squared error)"),
      1,
    ),
  };
  if (options.logY || gap) fig.layout.yaxis = { ...fig.layout.yaxis, type: "log", exponentformat: "power" };
  return fig;
}

/** Input of `tangentSecantFigure`. */
export interface TangentSecantInput extends FigureText {
  /** The loss as a function of one parameter, the others held fixed. */
  f: (t: number) => number;
  /** The parameter's current value. */
  w: number;
  /** The analytic derivative dL/dw at w (from the back-pass). */
  slope: number;
  /** Step sizes; the slider moves from the largest to the smallest. */
  epsValues: number[];
  /** The parameter's name, e.g. "w[0]" or "b". */
  name: string;
  /** Legend name of the loss curve (default: the y axis title, else "loss L(name)"). */
  curveName?: string;
  /** The step's symbol in labels (default "e", as in the article). */
  epsName?: string;
}

/**
 * The loss near w along one parameter, its tangent (the analytic slope) and the
 * secant through w-ε and w+ε, with a slider over ε: as ε shrinks the secant turns into
 * the tangent, and its slope (the central difference) into the derivative.
 * Used in notebook 04-perturbation.
 * @example
 *   import { plot, tangentSecantFigure } from "ngc-workbook-lib";
 *   plot(tangentSecantFigure({ f: (t) => t ** 3, w: 1, slope: 3, epsValues: [0.5, 0.1, 0.01], name: "w" }));
 */
export function tangentSecantFigure(input: TangentSecantInput): Figure {
  const { f, w, slope, name } = input;
  const E = input.epsName ?? "e";
  const eps = [...new Set(input.epsValues.filter((e) => Number.isFinite(e) && e > 0))].sort((a, b) => b - a);
  if (eps.length === 0) throw new Error("tangentSecantFigure: epsValues needs at least one positive step size");
  const half = eps[0] * 1.6;
  const lo = w - half;
  const hi = w + half;
  const n = 201;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = lo + ((hi - lo) * i) / (n - 1);
    xs.push(t);
    ys.push(f(t));
  }
  const fw = f(w);
  const finite = ys.filter(Number.isFinite);
  let yMin = Math.min(...finite, fw);
  let yMax = Math.max(...finite, fw);
  const pad = (yMax - yMin || Math.abs(fw) || 1) * 0.15;
  yMin -= pad;
  yMax += pad;

  const base: FigureTrace[] = [
    {
      type: "scatter",
      mode: "lines",
      name: input.curveName ?? input.yTitle ?? `loss L(${name})`,
      x: xs,
      y: ys,
      line: { color: COLORS[0], width: 3 },
    },
    {
      type: "scatter",
      mode: "lines",
      name: `tangent: analytic slope ${formatNumber(slope, 6)}`,
      x: [lo, hi],
      y: [fw + slope * (lo - w), fw + slope * (hi - w)],
      line: { color: COLORS[2], width: 2, dash: "dash" },
    },
    {
      type: "scatter",
      mode: "markers",
      name: `${name} = ${formatNumber(w, 4)}`,
      x: [w],
      y: [fw],
      marker: { color: "black", size: 9 },
    },
  ];
  const secants: FigureTrace[] = eps.map((e, i) => {
    const a = f(w - e);
    const b = f(w + e);
    const s = (b - a) / (2 * e);
    const rel = Math.abs(s - slope) / Math.max(Math.abs(s), Math.abs(slope), Number.MIN_VALUE);
    return {
      type: "scatter",
      mode: "lines+markers",
      name: `secant, ${E} = ${formatNumber(e)}: slope ${formatNumber(s, 6)} (relative error ${formatNumber(rel, 2)})`,
      x: [lo, w - e, w + e, hi],
      y: [a + s * (lo - (w - e)), a, b, a + s * (hi - (w - e))],
      line: { color: COLORS[3], width: 2 },
      marker: { color: COLORS[3], size: [0, 10, 10, 0] },
      visible: i === 0,
    };
  });
  const steps = eps.map((e, i) => ({
    method: "restyle",
    label: formatNumber(e),
    args: [{ visible: [true, true, true, ...eps.map((_, j) => j === i)] }],
  }));
  const fig: Figure = {
    data: [...base, ...secants],
    layout: {
      ...layout(
        input.title ?? `Secant and tangent of the loss along ${name}`,
        input.xTitle ?? name,
        input.yTitle ?? "loss",
        base.length + 1,
      ),
      xaxis: { title: { text: input.xTitle ?? name }, range: [lo, hi], zeroline: false },
      yaxis: { title: { text: input.yTitle ?? "loss" }, range: [yMin, yMax], zeroline: false },
      legend: { x: 0.01, y: 0.99, xanchor: "left", yanchor: "top", bgcolor: "rgba(255,255,255,0.8)" },
      margin: { t: 60, r: 30, b: 130, l: 70 },
      sliders: [
        {
          active: 0,
          steps,
          x: 0,
          len: 1,
          y: -0.17,
          yanchor: "top",
          pad: { t: 10, b: 0 },
          currentvalue: { prefix: `step size ${E} = `, visible: true, xanchor: "left" },
        },
      ],
    },
  };
  fig.layout.height = 520;
  return fig;
}

/** One row of `relativeErrorFigure`. */
export interface RelativeErrorEntry {
  name: string;
  relError: number;
  ok: boolean;
  /** The checker's verdict; without it, `ok` decides between passed and failed. */
  status?: "passed" | "failed" | "inconclusive";
}

/** The colour of an inconclusive entry: amber, neither the pass nor the fail colour. */
const INCONCLUSIVE_COLOR = "#d68a00";

function statusOf(e: RelativeErrorEntry): "passed" | "failed" | "inconclusive" {
  return e.status ?? (e.ok ? "passed" : "failed");
}

const BAND_COLORS = ["rgba(214,39,40,0.13)", "rgba(255,127,14,0.13)", "rgba(255,221,0,0.16)", "rgba(44,160,44,0.13)"];

/**
 * CS231n's bands (lib/check/compare.ts's BANDS) as the charts draw them, largest first:
 * the band's name, its range, a two-line label and a colour.
 * @example
 *   RELATIVE_ERROR_BANDS.map((b) => b.band); // ["probably wrong", "uncomfortable", ...]
 */
export const RELATIVE_ERROR_BANDS = BANDS.map((b, i) => {
  const x = (v: number) => v.toExponential(); // 1e-2, 1e-7
  const range = b.to === Infinity ? `above ${x(b.from)}` : b.from === 0 ? `below ${x(b.to)}` : `${x(b.from)} to ${x(b.to)}`;
  return { ...b, label: `${range}:<br>${b.band}`, color: BAND_COLORS[i] };
});

/** The tensor a parameter name belongs to: "W1[3,4]" -> "W1"; a name without "[...]" has none. */
function tensorOf(name: string): string | undefined {
  const m = /^(.+?)\[[^\]]*\]$/.exec(name);
  return m ? m[1] : undefined;
}

/**
 * Relative error of each parameter's gradient as one dot per parameter on a log axis
 * (a dot, not a bar: on a log axis a bar's length depends only on where the axis
 * happens to start), over CS231n's bands (> 1e-2 probably wrong ... < 1e-7 excellent),
 * with the tolerance as a dashed line, failed parameters as large red ✗ marks and
 * inconclusive ones (a kink, float32, …) as amber diamonds.
 * Parameters named like "W1[3,4]" are grouped by tensor: each tensor has its own colour,
 * a thin separator and a label, and its ticks show only the index ("3,4") so every tick
 * stays readable for the 57- and 69-parameter networks of notebooks 06 and 08.
 * Introduced in notebook 05b-verdict.
 * @example
 *   import { plot, relativeErrorFigure } from "ngc-workbook-lib";
 *   plot(relativeErrorFigure([{ name: "w[0]", relError: 3e-9, ok: true }, { name: "b", relError: 0.4, ok: false }], 1e-7));
 */
export function relativeErrorFigure(entries: RelativeErrorEntry[], tolerance: number, options: FigureText = {}): Figure {
  const positive = entries.map((e) => e.relError).filter((v) => Number.isFinite(v) && v > 0);
  const low = Math.min(1e-10, tolerance / 10, ...positive.map((v) => v / 10));
  const high = Math.max(1, ...positive.map((v) => v * 10));
  const logLo = Math.floor(Math.log10(low));
  const logHi = Math.ceil(Math.log10(high));
  const shown = (v: number) => (Number.isFinite(v) && v > 0 ? v : v === 0 ? 10 ** (logLo + 0.5) : 10 ** (logHi - 0.5));
  const text = (v: number) => (Number.isFinite(v) ? (v === 0 ? "0 (exact)" : formatNumber(v, 3)) : String(v));
  const names = entries.map((e) => e.name);
  // Tensors, in order of first appearance; grouping only when every name has one and there are several.
  const tensorNames = names.map(tensorOf);
  const tensors = [...new Set(tensorNames)];
  const grouped = tensors.length > 1 && tensorNames.every((t) => t !== undefined);
  const labelled = entries.length <= 16; // values printed beside the dots while they fit; hover shows them always
  const dots = (rows: RelativeErrorEntry[], name: string, color: string): FigureTrace => ({
    type: "scatter",
    mode: labelled ? "markers+text" : "markers",
    name,
    x: rows.map((e) => e.name),
    y: rows.map((e) => shown(e.relError)),
    text: rows.map((e) => text(e.relError)),
    textposition: "middle right",
    textfont: { size: 10, color: "#333" },
    cliponaxis: false,
    marker: { color, size: labelled ? 11 : 8, line: { color: "white", width: 1 } },
    hovertemplate: "%{x}: relative error %{text}<extra></extra>",
  });
  const passing = entries.filter((e) => statusOf(e) === "passed");
  const data: FigureTrace[] = grouped
    ? tensors.map((t, i) => dots(passing.filter((e) => tensorOf(e.name) === t), `${t} passes`, TENSOR_COLORS[i % TENSOR_COLORS.length]))
    : [dots(passing, "passes the check", COLORS[0])];
  const failing = entries.filter((e) => statusOf(e) === "failed");
  data.push({
    ...dots(failing, "FAILS the check", COLORS[3]),
    text: failing.map((e) => `✗ ${text(e.relError)}`),
    marker: { color: COLORS[3], size: labelled ? 14 : 11, symbol: "x-thin-open", line: { color: COLORS[3], width: 3 } },
  });
  const open = entries.filter((e) => statusOf(e) === "inconclusive");
  data.push({
    ...dots(open, "inconclusive", INCONCLUSIVE_COLOR),
    text: open.map((e) => `? ${text(e.relError)}`),
    marker: { color: INCONCLUSIVE_COLOR, size: labelled ? 13 : 10, symbol: "diamond-open", line: { color: INCONCLUSIVE_COLOR, width: 2.5 } },
  });
  const traces = data.filter((t) => (t.x as unknown[]).length > 0);
  // The tolerance as a trace too (drawn over the full-width line below), so the legend names it.
  traces.push({
    type: "scatter",
    mode: "lines",
    name: `tolerance ${formatNumber(tolerance)}`,
    x: names,
    y: names.map(() => tolerance),
    line: { color: "#333", width: 1.5, dash: "dash" },
    hoverinfo: "skip",
  });
  const bandShapes = RELATIVE_ERROR_BANDS.map((b) => ({
    type: "rect",
    xref: "paper",
    yref: "y",
    x0: 0,
    x1: 1,
    y0: Math.max(b.from, 10 ** logLo),
    y1: Math.min(b.to, 10 ** logHi),
    fillcolor: b.color,
    line: { width: 0 },
    layer: "below",
  }));
  const bandLabels = RELATIVE_ERROR_BANDS.map((b) => {
    const top = Math.log10(Math.min(b.to, 10 ** logHi));
    const bottom = Math.log10(Math.max(b.from, 10 ** logLo));
    return {
      xref: "paper",
      yref: "y",
      x: 1,
      xanchor: "left",
      y: (top + bottom) / 2, // annotations on a log axis take log10 of the value
      text: b.label,
      showarrow: false,
      align: "left",
      font: { size: 11, color: "#444" },
    };
  });
  // Tensor separators (between categories i-1 and i) and tensor labels above the plot.
  const starts = grouped ? tensors.map((t) => tensorNames.indexOf(t)) : [];
  const separators = starts.slice(1).map((i) => ({
    type: "line",
    xref: "x",
    yref: "paper",
    x0: i - 0.5,
    x1: i - 0.5,
    y0: 0,
    y1: 1,
    line: { color: "#555", width: 1.2 },
  }));
  const tensorLabels = tensors.map((t, k) => {
    if (!grouped) return undefined;
    const first = starts[k];
    const last = k + 1 < starts.length ? starts[k + 1] - 1 : names.length - 1;
    return {
      xref: "x",
      yref: "paper",
      x: (first + last) / 2,
      y: 1,
      yanchor: "bottom",
      text: `<b>${t}</b>`,
      showarrow: false,
      font: { size: 12, color: TENSOR_COLORS[k % TENSOR_COLORS.length] },
    };
  }).filter((a) => a !== undefined);
  const many = entries.length > 16;
  const fig: Figure = {
    data: traces,
    layout: {
      ...layout(
        options.title ?? "Relative error of each parameter's gradient",
        options.xTitle ?? "parameter",
        options.yTitle ?? "relative error (log scale)",
        2,
      ),
      xaxis: {
        title: { text: options.xTitle ?? (grouped ? "parameter: tensor above, [row,column] or [index] on the ticks" : "parameter"), standoff: 12 },
        type: "category",
        categoryorder: "array",
        categoryarray: names,
        // Every tick drawn (plotly would skip some), short enough to read.
        tickmode: "array",
        tickvals: names,
        showgrid: false,
        ticktext: grouped ? names.map((n) => n.slice(n.indexOf("[") + 1, -1)) : names,
        // Rotated and smaller as the parameters get denser, so neighbouring ticks never overlap
        // (69 parameters in a notebook-wide chart leave about 9 px each); few ticks rotate only if needed.
        ...(many ? { tickangle: -90 } : {}),
        tickfont: { size: names.length > 60 ? 8 : names.length > 40 ? 9 : many ? 10 : 12 },
        range: [-0.7, names.length - 0.3],
        automargin: true,
      },
      yaxis: {
        title: { text: options.yTitle ?? "relative error (log scale)" },
        type: "log",
        range: [logLo, logHi],
        exponentformat: "power",
        dtick: logHi - logLo > 12 ? 2 : 1,
      },
      shapes: [
        ...bandShapes,
        ...separators,
        {
          type: "line",
          xref: "paper",
          yref: "y",
          x0: 0,
          x1: 1,
          y0: tolerance,
          y1: tolerance,
          line: { color: "#333", width: 1.5, dash: "dash" },
        },
      ],
      annotations: [...bandLabels, ...tensorLabels],
      legend: { orientation: "h", x: 0, y: grouped ? 1.08 : 1.02, xanchor: "left", yanchor: "bottom" },
      margin: { t: grouped ? 110 : 80, r: 150, b: 70, l: 70 },
    },
  };
  fig.layout.showlegend = true;
  if (many) fig.layout.height = 520;
  return fig;
}

/** One curve of `errorVsEpsFigure`. */
export interface ErrorVsEpsSeries {
  name: string;
  eps: number[];
  error: number[];
  /** The curve's colour (default: the next of the palette). Give a method the same colour in every chart. */
  color?: string;
  /** A model (a formula, not a measurement): drawn dashed, without markers, in its colour. */
  model?: boolean;
}

/**
 * One colour per method, for every error-against-step chart (notebooks 04 and 09): a
 * method's measurement, its model curve and its predicted best step share the colour.
 * @example
 *   errorVsEpsFigure([{ name: "central", eps, error, color: METHOD_COLORS.central }]);
 */
export const METHOD_COLORS = {
  forward: COLORS[0],
  central: COLORS[1],
  richardson: COLORS[2],
  complexStep: COLORS[3],
  float32: COLORS[4],
} as const;

/** Options of `errorVsEpsFigure`. */
export interface ErrorVsEpsOptions extends FigureText {
  /** The step's symbol in the default labels (default "e", as in the article). */
  epsName?: string;
  /** A step to mark with a vertical line (default the article's 1e-4; null for none). */
  markEps?: number | null;
  /** Reference slopes drawn as thin grey lines (default [1, 2, -1]: error ∝ e, ∝ e², ∝ 1/e). */
  slopes?: number[];
}

const log10 = Math.log10;

/**
 * Error of a finite difference against the step size e, log-log: truncation error
 * falls as e shrinks until rounding error takes over. Marks the article's e = 1e-4 and
 * draws reference slopes 1, 2 and −1 (error ∝ e, e², 1/e), one decade above the data,
 * so a curve's slope can be read by comparing it with a parallel line. A series with
 * `model: true` is drawn dashed in its colour. Introduced in notebook 04-perturbation; used in 09-choosing-e.
 * @example
 *   import { plot, errorVsEpsFigure } from "ngc-workbook-lib";
 *   plot(errorVsEpsFigure([{ name: "central", eps: [1e-1, 1e-3, 1e-5], error: [1e-3, 1e-7, 1e-10] }]));
 */
export function errorVsEpsFigure(series: ErrorVsEpsSeries[], options: ErrorVsEpsOptions = {}): Figure {
  const E = options.epsName ?? "e";
  const data: FigureTrace[] = series.map((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length];
    const single = s.eps.length === 1; // e.g. a predicted best step: a big marker, not a line
    return {
      type: "scatter",
      mode: single ? "markers" : s.model ? "lines" : "lines+markers",
      name: s.name,
      x: s.eps.map((e) => (e > 0 ? e : NaN)),
      y: s.error.map((e) => (Number.isFinite(e) && e > 0 ? e : NaN)),
      line: s.model ? { color, dash: "dash", width: 2.5 } : { color },
      marker: single
        ? { color, size: 15, symbol: "star", line: { color: "black", width: 1 } }
        : { color, size: 6 },
    };
  });
  const xs = series.flatMap((s) => s.eps).filter((v) => Number.isFinite(v) && v > 0);
  const ys = series.flatMap((s) => s.error).filter((v) => Number.isFinite(v) && v > 0);
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  let yRange: [number, number] | undefined;
  if (xs.length > 1 && ys.length > 0) {
    const [x0, x1] = [log10(Math.min(...xs)), log10(Math.max(...xs))];
    const [y0, y1] = [log10(Math.min(...ys)), log10(Math.max(...ys))];
    yRange = [y0 - 0.5, y1 + 1.4];
    const top = y1 + 1; // the reference lines start one decade above the highest point
    for (const slope of options.slopes ?? [1, 2, -1]) {
      if (slope === 0) continue;
      const from = slope > 0 ? x1 : x0; // rising lines end at the largest e, falling ones start at the smallest
      const span = Math.min(x1 - x0, (top - yRange[0]) / Math.abs(slope));
      const to = slope > 0 ? from - span : from + span;
      const label = `slope ${slope < 0 ? "−" + -slope : slope}`;
      data.push({
        type: "scatter",
        mode: "lines+text",
        name: `reference ${label} (error ∝ ${slope === 1 ? E : slope === -1 ? `1/${E}` : slope > 0 ? `${E}^${slope}` : `1/${E}^${-slope}`})`,
        x: [10 ** from, 10 ** to],
        y: [10 ** top, 10 ** (top - Math.abs(slope) * span)],
        text: ["", label],
        textposition: slope > 0 ? "top right" : "top left",
        textfont: { size: 11, color: "#666" },
        line: { color: "#999", width: 1, dash: "dot" },
        hoverinfo: "skip",
        showlegend: false,
      });
    }
    const mark = options.markEps === undefined ? 1e-4 : options.markEps;
    if (mark !== null && mark > 0 && log10(mark) >= x0 && log10(mark) <= x1) {
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: mark, x1: mark, y0: 0, y1: 1, line: { color: "#444", width: 1.5, dash: "dashdot" } });
      annotations.push({
        xref: "x",
        yref: "paper",
        x: log10(mark), // annotations on a log axis take log10 of the value
        y: 1,
        yanchor: "bottom",
        text: mark === 1e-4 ? (E === "e" ? "the article's e = 1e-4" : `the article's step, ${E} = 1e-4`) : `${E} = ${formatNumber(mark)}`,
        showarrow: false,
        font: { size: 11, color: "#444" },
      });
    }
  }
  const fig: Figure = {
    data,
    layout: layout(
      options.title ?? `Error of the finite difference against the step size ${E}`,
      options.xTitle ?? `step size ${E} (log scale)`,
      options.yTitle ?? "absolute error (log scale)",
      series.length,
    ),
  };
  fig.layout.xaxis = { ...fig.layout.xaxis, type: "log", exponentformat: "power" };
  fig.layout.yaxis = { ...fig.layout.yaxis, type: "log", exponentformat: "power", ...(yRange ? { range: yRange } : {}) };
  fig.layout.shapes = shapes;
  fig.layout.annotations = annotations;
  fig.layout.margin = { t: 80, r: 30, b: 60, l: 70 };
  return fig;
}

/**
 * One scatter panel per feature against the target, in a grid. Each panel's x axis is
 * titled with the feature's name, so the chart needs no legend.
 * Used in notebooks 00-start-here (one feature) and 01-data (all five).
 * @example
 *   import { plot, featuresVsTargetFigure } from "ngc-workbook-lib";
 *   plot(featuresVsTargetFigure([{ name: "Weight", values: [3504, 3693] }], { name: "MPG", values: [18, 15] }));
 */
export function featuresVsTargetFigure(columns: NamedValues[], target: NamedValues, options: { title?: string } = {}): Figure {
  if (columns.length === 0) throw new Error("featuresVsTargetFigure: no feature columns were given");
  const cols = Math.min(3, columns.length);
  const rows = Math.ceil(columns.length / cols);
  const y = arr(target.values);
  const data: FigureTrace[] = [];
  const fig: Figure = {
    data,
    layout: {
      title: { text: options.title ?? `Each feature against ${target.name}` },
      grid: { rows, columns: cols, pattern: "independent", xgap: 0.12, ygap: 0.35 },
      showlegend: false,
      hovermode: "closest",
      margin: { t: 60, r: 20, b: 60, l: 70 },
      height: 90 + rows * 300,
    },
  };
  columns.forEach((c, i) => {
    const k = i === 0 ? "" : String(i + 1);
    data.push({
      type: "scatter",
      mode: "markers",
      name: c.name,
      x: arr(c.values),
      y,
      xaxis: `x${k}`,
      yaxis: `y${k}`,
      marker: { size: 5, opacity: 0.6, color: COLORS[i % COLORS.length] },
      hovertemplate: `${c.name} %{x}<br>${target.name} %{y}<extra></extra>`,
    });
    fig.layout[`xaxis${k}`] = { title: { text: c.name }, zeroline: false };
    fig.layout[`yaxis${k}`] = { title: { text: i % cols === 0 ? target.name : "" }, zeroline: false };
  });
  return fig;
}

/** Input of `fitFigure`: data points and fitted lines through them. */
export interface FitInput extends FigureText {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Name of the data trace (default "data"). */
  name?: string;
  lines: { name: string; x: ArrayLike<number>; y: ArrayLike<number> }[];
}

/**
 * Data as points with fitted lines over them, e.g. the fit with and without the bias
 * term. Used in notebook 02-bias-trick.
 * @example
 *   import { plot, fitFigure } from "ngc-workbook-lib";
 *   plot(fitFigure({ x: [1, 2, 3], y: [3, 5, 7], lines: [{ name: "y = 2x + 1", x: [0, 4], y: [1, 9] }] }));
 */
export function fitFigure(input: FitInput): Figure {
  const data: FigureTrace[] = [
    {
      type: "scatter",
      mode: "markers",
      name: input.name ?? "data",
      x: arr(input.x),
      y: arr(input.y),
      marker: { size: 6, opacity: 0.6, color: COLORS[7] },
    },
    ...input.lines.map((l, i) => {
      const ly = arr(l.y);
      const pts = arr(l.x).map((x, j) => [x, ly[j]] as const).sort((a, b) => a[0] - b[0]);
      return {
        type: "scatter",
        mode: "lines",
        name: l.name,
        x: pts.map((p) => p[0]),
        y: pts.map((p) => p[1]),
        line: { color: COLORS[i % COLORS.length], width: 3, dash: i % 2 === 1 ? "dash" : "solid" },
      };
    }),
  ];
  return {
    data,
    layout: layout(input.title ?? "Data and fitted lines", input.xTitle ?? "x", input.yTitle ?? "y", data.length),
  };
}
