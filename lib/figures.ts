/**
 * The workbook's charts, as plotly figures: each builder takes plain numbers and
 * returns a `Figure` (lib/plot.ts) for `plot(...)`. Every chart has a title, titled
 * axes, and a legend when it has several traces.
 */
import { BANDS } from "./check";
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
 * The cost after each gradient-descent step: the curve should go down.
 * Used in notebook 03-gd-formula.
 * @example
 *   import { plot, lossCurveFigure } from "ngc";
 *   plot(lossCurveFigure([4.1, 2.3, 1.6, 1.3]));
 */
export function lossCurveFigure(
  costs: ArrayLike<number>,
  options: FigureText & { name?: string; logY?: boolean } = {},
): Figure {
  const y = arr(costs);
  const x = y.map((_, i) => i);
  const fig: Figure = {
    data: [{ type: "scatter", mode: y.length > 60 ? "lines" : "lines+markers", name: options.name ?? "cost", x, y }],
    layout: layout(
      options.title ?? "Cost after each gradient-descent step",
      options.xTitle ?? "step",
      options.yTitle ?? "cost (mean squared error)",
      1,
    ),
  };
  if (options.logY) fig.layout.yaxis = { ...fig.layout.yaxis, type: "log" };
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
 *   import { plot, tangentSecantFigure } from "ngc";
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
}

const BAND_COLORS = ["rgba(214,39,40,0.13)", "rgba(255,127,14,0.13)", "rgba(255,221,0,0.16)", "rgba(44,160,44,0.13)"];

/**
 * CS231n's bands (lib/check.ts's BANDS) as the charts draw them, largest first:
 * the band's name, its range, a two-line label and a colour.
 * @example
 *   RELATIVE_ERROR_BANDS.map((b) => b.band); // ["probably wrong", "uncomfortable", ...]
 */
export const RELATIVE_ERROR_BANDS = BANDS.map((b, i) => {
  const x = (v: number) => v.toExponential(); // 1e-2, 1e-7
  const range = b.to === Infinity ? `above ${x(b.from)}` : b.from === 0 ? `below ${x(b.to)}` : `${x(b.from)} to ${x(b.to)}`;
  return { ...b, label: `${range}:<br>${b.band}`, color: BAND_COLORS[i] };
});

/**
 * Relative error of each parameter's gradient on a log axis, over CS231n's bands
 * (> 1e-2 probably wrong ... < 1e-7 excellent), with the tolerance as a dashed line
 * and failing parameters in red. Used in notebook 05-deviation.
 * @example
 *   import { plot, relativeErrorFigure } from "ngc";
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
  const bars = (ok: boolean): FigureTrace => {
    const rows = entries.filter((e) => e.ok === ok);
    return {
      type: "bar",
      name: ok ? "passes the check" : "FAILS the check",
      x: rows.map((e) => e.name),
      y: rows.map((e) => shown(e.relError)),
      text: rows.map((e) => (ok ? text(e.relError) : `✗ ${text(e.relError)}`)),
      // Labels on every bar only while they fit; the hover shows them always.
      textposition: entries.length <= 16 ? "outside" : "none",
      cliponaxis: false,
      marker: { color: ok ? COLORS[0] : COLORS[3], line: { color: ok ? "#0b3d66" : "#7a0c0c", width: ok ? 1 : 2.5 } },
      hovertemplate: "%{x}: relative error %{text}<extra></extra>",
    };
  };
  const data: FigureTrace[] = [bars(true), bars(false)].filter((t) => (t.x as unknown[]).length > 0);
  // The tolerance as a trace too (drawn over the full-width line below), so the legend names it.
  data.push({
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
  const fig: Figure = {
    data,
    layout: {
      ...layout(
        options.title ?? "Relative error of each parameter's gradient",
        options.xTitle ?? "parameter",
        options.yTitle ?? "relative error (log scale)",
        2,
      ),
      xaxis: {
        title: { text: options.xTitle ?? "parameter", standoff: 12 },
        type: "category",
        categoryorder: "array",
        categoryarray: names,
        automargin: true,
      },
      yaxis: {
        title: { text: options.yTitle ?? "relative error (log scale)" },
        type: "log",
        range: [logLo, logHi],
        exponentformat: "power",
        dtick: logHi - logLo > 12 ? 2 : 1,
      },
      barmode: "overlay",
      bargap: 0.35,
      shapes: [
        ...bandShapes,
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
      annotations: bandLabels,
      legend: { orientation: "h", x: 0, y: 1.02, xanchor: "left", yanchor: "bottom" },
      margin: { t: 80, r: 180, b: 70, l: 80 },
    },
  };
  fig.layout.showlegend = true;
  return fig;
}

/** One curve of `errorVsEpsFigure`. */
export interface ErrorVsEpsSeries {
  name: string;
  eps: number[];
  error: number[];
}

/**
 * Error of a finite difference against the step size ε, log-log: truncation error
 * falls as e shrinks until rounding error takes over. Used in notebooks 04-perturbation and 08-choosing-e.
 * @example
 *   import { plot, errorVsEpsFigure } from "ngc";
 *   plot(errorVsEpsFigure([{ name: "central", eps: [1e-1, 1e-3, 1e-5], error: [1e-3, 1e-7, 1e-10] }]));
 */
export function errorVsEpsFigure(series: ErrorVsEpsSeries[], options: FigureText & { epsName?: string } = {}): Figure {
  const E = options.epsName ?? "e";
  const data: FigureTrace[] = series.map((s, i) => {
    const single = s.eps.length === 1; // e.g. a predicted best step: a big marker, not a line
    return {
      type: "scatter",
      mode: single ? "markers" : "lines+markers",
      name: s.name,
      x: s.eps.map((e) => (e > 0 ? e : NaN)),
      y: s.error.map((e) => (Number.isFinite(e) && e > 0 ? e : NaN)),
      line: { color: COLORS[i % COLORS.length] },
      marker: single
        ? { color: COLORS[i % COLORS.length], size: 14, symbol: "star", line: { color: "white", width: 1 } }
        : { color: COLORS[i % COLORS.length], size: 6 },
    };
  });
  const fig: Figure = {
    data,
    layout: layout(
      options.title ?? `Error of the finite difference against the step size ${E}`,
      options.xTitle ?? `step size ${E} (log scale)`,
      options.yTitle ?? "absolute error (log scale)",
      data.length,
    ),
  };
  fig.layout.xaxis = { ...fig.layout.xaxis, type: "log", exponentformat: "power" };
  fig.layout.yaxis = { ...fig.layout.yaxis, type: "log", exponentformat: "power" };
  return fig;
}

/**
 * One scatter panel per feature against the target, in a grid. Each panel's x axis is
 * titled with the feature's name, so the chart needs no legend.
 * Used in notebooks 00-start-here (one feature) and 01-data (all five).
 * @example
 *   import { plot, featuresVsTargetFigure } from "ngc";
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
 *   import { plot, fitFigure } from "ngc";
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
