/**
 * How a gradient-check report looks: a text table for the console and an HTML
 * table for the notebook, failing and inconclusive rows marked, the verdict
 * rendered from the statuses. Introduced in notebook 05b-verdict.
 */
import type { GradCheckEntry, GroupSummary } from "./entry";
import type { Scheme } from "./numerical";
import type { Status } from "./verdict";
import { escapeHtml, formatNumber } from "./format";

/** What a report shows: the fields of a GradCheckReport that the tables and lines read. */
export interface ReportView {
  entries: GradCheckEntry[];
  groups: GroupSummary[];
  status: Status;
  passed: boolean;
  warnings: string[];
  notes: string[];
  verdict: string;
  scheme: Scheme;
  eps: number;
  rtol: number;
  atol: number;
  refine: boolean;
  evaluations: number;
  extraEvaluations: number;
  difference: number;
  band: string;
}

const HEADERS = ["parameter", "analytic", "numeric", "± error", "step", "rel error", "status"];

/** Up to this many parameters, a report lists every row in order. */
export const MAX_REPORT_ROWS = 60;

/**
 * The text of an entry's status cell: ✓, ✓ stationary, ✗ FAIL, or ? and the reason code.
 * @example
 *   statusCell({ status: "inconclusive", reason: { code: "kink", message: "…" } }); // "? kink"
 */
export function statusCell(e: Pick<GradCheckEntry, "status" | "reason">): string {
  if (e.status === "failed") return "✗ FAIL";
  if (e.status === "inconclusive") return `? ${e.reason?.code ?? "inconclusive"}`;
  return e.reason ? `✓ ${e.reason.code}` : "✓";
}

/**
 * The rows a report shows: every entry in order, up to 60 of them; above that, the
 * failed entries, then the inconclusive ones, then the passed ones with the largest
 * relative errors, 60 rows in all, and how many of each status are left out.
 * @example
 *   reportRows(report).hidden; // { passed: 0, failed: 0, inconclusive: 0 } for a report of at most 60 parameters
 */
export function reportRows(report: Pick<ReportView, "entries">): { rows: GradCheckEntry[]; hidden: Record<Status, number> } {
  const entries = report.entries;
  const hidden: Record<Status, number> = { passed: 0, failed: 0, inconclusive: 0 };
  if (entries.length <= MAX_REPORT_ROWS) return { rows: entries, hidden };
  const chosen: GradCheckEntry[] = [];
  for (const status of ["failed", "inconclusive"]) {
    for (const e of entries) if (chosen.length < MAX_REPORT_ROWS && e.status === status) chosen.push(e);
  }
  // The passed entries with the largest relative errors: a running top list, not a sort of every entry.
  const room = MAX_REPORT_ROWS - chosen.length;
  const top: GradCheckEntry[] = [];
  for (const e of entries) {
    if (room === 0) break;
    if (e.status !== "passed") continue;
    if (top.length < room) top.push(e);
    else if (e.relError > top[top.length - 1].relError) top[top.length - 1] = e;
    else continue;
    top.sort((a, b) => b.relError - a.relError);
  }
  chosen.push(...top);
  const shown = new Set(chosen);
  for (const e of entries) if (!shown.has(e)) hidden[e.status]++;
  return { rows: chosen, hidden };
}

function cells(rows: GradCheckEntry[]): string[][] {
  return rows.map((e) => [
    e.name,
    formatNumber(e.analytic, 10),
    formatNumber(e.numeric, 10),
    formatNumber(e.errorEstimate, 2),
    formatNumber(e.step, 2),
    formatNumber(e.relError, 4),
    statusCell(e),
  ]);
}

/**
 * The line under a table that leaves rows out, counted by status.
 * @example
 *   hiddenLine({ passed: 0, failed: 9, inconclusive: 0 }); // "… 9 more rows, all failed (the first failed rows are shown)"
 */
export function hiddenLine(hidden: Record<Status, number>): string {
  const total = hiddenCount(hidden);
  const parts = (["failed", "inconclusive", "passed"] as Status[]).filter((s) => hidden[s] > 0).map((s) => `${hidden[s]} ${s}`);
  const all = parts.length === 1 ? `, all ${parts[0].split(" ")[1]}` : `: ${parts.join(", ")}`;
  const shown = hidden.failed > 0 ? "the first failed rows are shown" : hidden.inconclusive > 0 ? "the failed and the first inconclusive rows are shown" : "the failed, the inconclusive and the worst passed rows are shown";
  return `… ${total} more rows${all} (${shown})`;
}

function hiddenCount(hidden: Record<Status, number>): number {
  return hidden.passed + hidden.failed + hidden.inconclusive;
}

function settings(report: ReportView): string {
  const extra = report.extraEvaluations > 0 ? `, ${report.extraEvaluations} of them to refine undecided entries` : "";
  return (
    `${report.scheme} differences, first step h = ${formatNumber(report.eps, 4)}·max(1, |w|), ` +
    `rtol ${formatNumber(report.rtol, 4)}${report.atol > 0 ? `, atol ${formatNumber(report.atol, 4)}` : ""}, ` +
    `${report.refine ? "error bars ×3" : "one step, no error bars (refine: false)"}; ` +
    `${report.evaluations} loss evaluations${extra}. ` +
    `For information: Ng's difference ${formatNumber(report.difference, 3)}; CS231n's band of the worst entry: ${report.band}.`
  );
}

const GROUP_HEADERS = ["tensor", "size", "worst entry", "max rel error", "failed", "inconclusive", "status"];

function groupCells(report: ReportView): string[][] {
  return report.groups.map((g) => [
    g.name,
    String(g.length),
    g.worst.name,
    formatNumber(g.maxRelError, 4),
    String(g.failures),
    String(g.inconclusive),
    g.status === "failed" ? "✗ FAIL" : g.status === "inconclusive" ? "? inconclusive" : "✓",
  ]);
}

function alignedText(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => rows.reduce((m, r) => Math.max(m, r[j].length), 0));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ");
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
}

/**
 * The report as aligned text: warnings, the per-tensor table (when grouped), the
 * per-parameter table, the settings, the notes and the verdict.
 * @example
 *   console.log(reportText(gradCheck({ f, gradient, w })));
 */
export function reportText(report: ReportView): string {
  const grouped = report.groups.length > 0 ? [...alignedText([GROUP_HEADERS, ...groupCells(report)]), ""] : [];
  const { rows, hidden } = reportRows(report);
  return [
    ...report.warnings.map((w) => `WARNING: ${w}`),
    ...grouped,
    ...alignedText([HEADERS, ...cells(rows)]),
    ...(hiddenCount(hidden) > 0 ? [hiddenLine(hidden)] : []),
    "",
    settings(report),
    ...report.notes.map((n) => `Note: ${n}`),
    report.verdict,
  ].join("\n");
}

const ROW_STYLE = {
  failed: { cls: "ngc-fail", style: ' style="background:#fde2e1;color:#8b0000;font-weight:bold"' },
  inconclusive: { cls: "ngc-inconclusive", style: ' style="background:#fff4d6;color:#7a5200"' },
  passed: { cls: "ngc-ok", style: "" },
};

/**
 * The report as an HTML table; failed rows are red with ✗, inconclusive rows amber with ?.
 * @example
 *   show(gradCheck({ f, gradient, w })); // uses reportHtml
 */
export function reportHtml(report: ReportView): string {
  const { rows, hidden } = reportRows(report);
  const more = hiddenCount(hidden) > 0 ? `<p style="font-size:90%;color:#555">${escapeHtml(hiddenLine(hidden))}</p>` : "";
  const entriesTable = htmlTable(HEADERS, cells(rows), (i) => rows[i].status) + more;
  const settingsLine = `<p style="font-size:90%;color:#555">${escapeHtml(settings(report))}</p>`;
  const notes = report.notes.map((n) => `<p class="ngc-note" style="font-size:90%">${escapeHtml(n)}</p>`).join("");
  const warnings = report.warnings
    .map((w) => `<p class="ngc-warning" style="color:#8a4b00;font-weight:bold">⚠ ${escapeHtml(w)}</p>`)
    .join("");
  const color = report.status === "passed" ? "#116611" : report.status === "failed" ? "#8b0000" : "#7a5200";
  const verdict = `<p class="ngc-verdict" data-status="${report.status}" style="color:${color};font-weight:bold">${escapeHtml(report.verdict)}</p>`;
  if (report.groups.length === 0) return `<div class="ngc-report">${warnings}${entriesTable}${settingsLine}${notes}${verdict}</div>`;
  // Grouped: the per-tensor table first; every parameter in a fold, open when something is not passed.
  const groupsTable = htmlTable(GROUP_HEADERS, groupCells(report), (i) => report.groups[i].status);
  const open = report.passed ? "" : " open";
  return (
    `<div class="ngc-report">${warnings}${groupsTable}` +
    `<details${open}><summary>all ${report.entries.length} parameters</summary>${entriesTable}</details>` +
    `${settingsLine}${notes}${verdict}</div>`
  );
}

function htmlTable(headers: string[], rows: string[][], status: (row: number) => "passed" | "failed" | "inconclusive"): string {
  const th = headers.map((h, j) => `<th style="text-align:${j === 0 ? "left" : "right"}">${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((r, i) => {
      const { cls, style } = ROW_STYLE[status(i)];
      const tds = r.map((c, j) => `<td style="text-align:${j === 0 ? "left" : "right"}">${escapeHtml(c)}</td>`).join("");
      return `<tr class="${cls}"${style}>${tds}</tr>`;
    })
    .join("");
  return `<table style="border-collapse:collapse;font-family:monospace"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}
