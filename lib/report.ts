/**
 * How a gradient-check report looks: a text table for the console and an HTML
 * table for the notebook, failing rows marked. Introduced in notebook 05-deviation.
 */
import type { GradCheckReport } from "./check";
import { escapeHtml, formatNumber } from "./format";

const HEADERS = ["parameter", "analytic", "numeric", "abs error", "rel error", "ok"];

function cells(report: GradCheckReport): string[][] {
  return report.entries.map((e) => [
    e.name,
    formatNumber(e.analytic, 10),
    formatNumber(e.numeric, 10),
    formatNumber(e.absError, 4),
    formatNumber(e.relError, 4),
    e.ok ? "✓" : "✗ FAIL",
  ]);
}

function settings(report: GradCheckReport): string {
  return (
    `${report.scheme} differences, e = ${formatNumber(report.eps, 4)}, ` +
    `tolerance ${formatNumber(report.tolerance, 4)} (relative), floor ${formatNumber(report.atol, 4)} (absolute), ` +
    `${report.evaluations} loss evaluations`
  );
}

const GROUP_HEADERS = ["tensor", "size", "worst entry", "max rel error", "band", "failing", "ok"];

function groupCells(report: GradCheckReport): string[][] {
  return report.groups.map((g) => [
    g.name,
    String(g.length),
    g.worst.name,
    formatNumber(g.maxRelError, 4),
    g.band,
    String(g.failures),
    g.passed ? "✓" : "✗ FAIL",
  ]);
}

function alignedText(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ");
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
}

/**
 * The report as aligned text: warnings, the per-tensor table (when grouped),
 * the per-parameter table, the settings and the verdict.
 * @example
 *   console.log(reportText(gradCheck({ f, gradient, w })));
 */
export function reportText(report: GradCheckReport): string {
  const grouped = report.groups.length > 0 ? [...alignedText([GROUP_HEADERS, ...groupCells(report)]), ""] : [];
  return [
    ...report.warnings.map((w) => `WARNING: ${w}`),
    ...grouped,
    ...alignedText([HEADERS, ...cells(report)]),
    "",
    settings(report),
    report.verdict,
  ].join("\n");
}

/**
 * The report as an HTML table; failing rows have a red background and ✗.
 * @example
 *   show(gradCheck({ f, gradient, w })); // uses reportHtml
 */
export function reportHtml(report: GradCheckReport): string {
  const entriesTable = htmlTable(HEADERS, cells(report), (i) => !report.entries[i].ok);
  const settingsLine = `<p style="font-size:90%;color:#555">${escapeHtml(settings(report))}</p>`;
  const warnings = report.warnings
    .map((w) => `<p class="ngc-warning" style="color:#8a4b00;font-weight:bold">⚠ ${escapeHtml(w)}</p>`)
    .join("");
  const color = report.passed ? "#116611" : "#8b0000";
  const verdict = `<p class="ngc-verdict" style="color:${color};font-weight:bold">${escapeHtml(report.verdict)}</p>`;
  if (report.groups.length === 0) return `<div class="ngc-report">${warnings}${entriesTable}${settingsLine}${verdict}</div>`;
  // Grouped: the per-tensor table first; every parameter in a fold, open when something fails.
  const groupsTable = htmlTable(GROUP_HEADERS, groupCells(report), (i) => !report.groups[i].passed);
  const open = report.passed ? "" : " open";
  return (
    `<div class="ngc-report">${warnings}${groupsTable}` +
    `<details${open}><summary>all ${report.entries.length} parameters</summary>${entriesTable}</details>` +
    `${settingsLine}${verdict}</div>`
  );
}

function htmlTable(headers: string[], rows: string[][], failing: (row: number) => boolean): string {
  const th = headers.map((h, j) => `<th style="text-align:${j === 0 ? "left" : "right"}">${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((r, i) => {
      const bad = failing(i);
      const style = bad ? ' style="background:#fde2e1;color:#8b0000;font-weight:bold"' : "";
      const tds = r.map((c, j) => `<td style="text-align:${j === 0 ? "left" : "right"}">${escapeHtml(c)}</td>`).join("");
      return `<tr class="${bad ? "ngc-fail" : "ngc-ok"}"${style}>${tds}</tr>`;
    })
    .join("");
  return `<table style="border-collapse:collapse;font-family:monospace"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}
