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

/**
 * The report as aligned text: warnings, the table, the settings and the verdict.
 * @example
 *   console.log(reportText(gradCheck({ f, gradient, w })));
 */
export function reportText(report: GradCheckReport): string {
  const rows = [HEADERS, ...cells(report)];
  const widths = HEADERS.map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ");
  return [
    ...report.warnings.map((w) => `WARNING: ${w}`),
    line(rows[0]),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(line),
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
  const th = HEADERS.map((h) => `<th style="text-align:${h === "parameter" ? "left" : "right"}">${h}</th>`).join("");
  const body = cells(report)
    .map((r, i) => {
      const bad = !report.entries[i].ok;
      const style = bad ? ' style="background:#fde2e1;color:#8b0000;font-weight:bold"' : "";
      const tds = r.map((c, j) => `<td style="text-align:${j === 0 ? "left" : "right"}">${escapeHtml(c)}</td>`).join("");
      return `<tr class="${bad ? "ngc-fail" : "ngc-ok"}"${style}>${tds}</tr>`;
    })
    .join("");
  const warnings = report.warnings
    .map((w) => `<p class="ngc-warning" style="color:#8a4b00;font-weight:bold">⚠ ${escapeHtml(w)}</p>`)
    .join("");
  const color = report.passed ? "#116611" : "#8b0000";
  return (
    `<div class="ngc-report">${warnings}` +
    `<table style="border-collapse:collapse;font-family:monospace"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>` +
    `<p style="font-size:90%;color:#555">${escapeHtml(settings(report))}</p>` +
    `<p class="ngc-verdict" style="color:${color};font-weight:bold">${escapeHtml(report.verdict)}</p></div>`
  );
}
