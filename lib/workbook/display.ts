/**
 * Showing results in a notebook: `show` puts HTML in the tslab output, `table`
 * builds a readable table from rows or columns. Introduced in notebook 00-start-here.
 */
import { inspect } from "util";
import { escapeHtml, formatNumber } from "gradcheck";

/** Anything that renders itself as HTML (a report, a table). */
export interface HtmlRenderable {
  toHTML(): string;
}

/**
 * Puts HTML into the current cell's output through tslab's display, which is loaded
 * on first use so that lib also works outside a kernel (tests, scripts). `what`
 * names the caller in the error thrown outside a notebook.
 * @example
 *   displayHtml("<b>hello</b>");
 */
export function displayHtml(html: string, what = "show()"): void {
  let display: { html(s: string): void };
  try {
    display = (require("tslab") as { display: { html(s: string): void } }).display;
  } catch {
    throw new Error(`${what} needs the package 'tslab', which is not installed. Run 'npm install'.`);
  }
  try {
    display.html(html);
  } catch (e) {
    throw new Error(`${what} shows its output in a Jupyter notebook run by the tslab kernel, not in plain Node (${(e as Error).message}).`);
  }
}

/**
 * Shows a report, a table or an HTML string in the notebook's output.
 * @example
 *   show(gradCheck({ f, gradient, w }));
 *   show(table([{ a: 1, b: 2 }]));
 */
export function show(x: HtmlRenderable | string): void {
  displayHtml(typeof x === "string" ? x : x.toHTML(), "show()");
}

/** A cell of a table. Numbers are formatted with `formatNumber`. */
export type Cell = number | string | boolean | null | undefined;

/** A table: column names and rows of cells. Printed as text, shown as HTML. */
export class Table implements HtmlRenderable {
  constructor(
    readonly columns: string[],
    readonly rows: Cell[][],
    readonly options: { digits?: number; caption?: string; highlight?: (row: number) => boolean } = {},
  ) {}

  private text(c: Cell): string {
    if (typeof c === "number") return formatNumber(c, this.options.digits ?? 6);
    if (c === null || c === undefined) return "";
    return String(c);
  }

  toString(): string {
    const all = [this.columns, ...this.rows.map((r) => r.map((c) => this.text(c)))];
    const widths = this.columns.map((_, j) => Math.max(...all.map((r) => (r[j] ?? "").length)));
    const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join("  ");
    const caption = this.options.caption ? [this.options.caption] : [];
    return [...caption, line(all[0]), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
  }

  toHTML(): string {
    const th = this.columns.map((c) => `<th style="text-align:right">${escapeHtml(c)}</th>`).join("");
    const body = this.rows
      .map((r, i) => {
        const mark = this.options.highlight?.(i) ? ' style="background:#fde2e1;font-weight:bold"' : "";
        const tds = r.map((c) => `<td style="text-align:right">${escapeHtml(this.text(c))}</td>`).join("");
        return `<tr${mark}>${tds}</tr>`;
      })
      .join("");
    const caption = this.options.caption ? `<caption style="text-align:left">${escapeHtml(this.options.caption)}</caption>` : "";
    return `<table class="ngc-table" style="border-collapse:collapse">${caption}<thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A table from an object of equal-length columns, or from an array of row objects.
 * @example
 *   show(table({ parameter: ["w0", "w1"], INIT: [0.1, -0.2] }));
 *   show(table([{ x: 1, y: 2 }, { x: 3, y: 4 }], { digits: 3 }));
 */
export function table(
  data: Record<string, ArrayLike<Cell>> | Record<string, Cell>[],
  options: { digits?: number; caption?: string; highlight?: (row: number) => boolean } = {},
): Table {
  if (Array.isArray(data)) {
    const columns = [...new Set(data.flatMap((r) => Object.keys(r)))];
    return new Table(columns, data.map((r) => columns.map((c) => r[c])), options);
  }
  const columns = Object.keys(data);
  const lengths = columns.map((c) => data[c].length);
  if (new Set(lengths).size > 1) {
    throw new Error(`table: columns have different lengths (${columns.map((c, j) => `${c}: ${lengths[j]}`).join(", ")})`);
  }
  const n = lengths[0] ?? 0;
  const rows = Array.from({ length: n }, (_, i) => columns.map((c) => data[c][i]));
  return new Table(columns, rows, options);
}

/** The parts of a danfojs DataFrame that `frameTable` reads. */
export interface FrameLike {
  columns: string[];
  index: Array<string | number>;
  values: unknown[][] | unknown[];
}

/**
 * A readable HTML table from a danfojs-node DataFrame (for example `df.head()` or
 * `df.describe()`), with its index as the first column.
 * @example
 *   show(frameTable(df.describe(), { digits: 4 }));
 */
export function frameTable(df: FrameLike, options: { digits?: number; caption?: string; maxRows?: number } = {}): Table {
  const max = options.maxRows ?? 20;
  const values = df.values as unknown[][];
  const rows = values.slice(0, max).map((r, i) => [String(df.index[i]), ...(Array.isArray(r) ? (r as Cell[]) : [r as Cell])]);
  return new Table(["", ...df.columns], rows, options);
}
