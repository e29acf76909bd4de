#!/usr/bin/env node
// `npm run workbook`: run every notebook, in order, through the real tslab kernel, and
// build the workbook as pages a learner can open without Jupyter:
//
//   build/notebooks/<name>.ipynb   the executed notebooks (outputs included)
//   build/html/<name>.html         self-contained pages (charts draw offline: the
//                                  plotly bundle is inlined once per page by setupCharts();
//                                  math renders offline: MathJax 3 from npm is inlined
//                                  by scripts/offline-math.mjs)
//   build/index.html               links to every page, each notebook's time and the
//                                  gradient-check verdicts it printed
//
// Each notebook runs in a fresh kernel through scripts/run_notebooks.py (nbclient), the
// same runner as `npm run test:notebooks`. A failing cell (error or stderr output)
// makes the command exit non-zero, naming the notebook and the cell; the pages of the
// other notebooks are still written.
//
// Usage: node scripts/workbook.mjs [notebook or name ...] [--out DIR]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { ROOT, jupyterEnv, venvBin } from "./paths.mjs";
import { inlineMathJax, mathJaxSource } from "./offline-math.mjs";

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const OUT = resolve(ROOT, outIndex >= 0 ? args[outIndex + 1] : "build");
const picks = args.filter((a, i) => !a.startsWith("--") && (outIndex < 0 || i !== outIndex + 1));
const NB_OUT = join(OUT, "notebooks");
const HTML_OUT = join(OUT, "html");
const t0 = Date.now();

function die(message) {
  console.error(`\n[workbook] ERROR: ${message}`);
  process.exit(1);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function firstLine(source) {
  return (source.split("\n").find((l) => l.trim()) ?? "(empty cell)").trim().slice(0, 80);
}

const text = (v) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");

function htmlToText(html) {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<(br|\/p|\/div|\/tr|\/li|\/h\d|\/pre|\/caption)\b[^>]*>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}

/** What a learner reads in one output, as text (charts and the plotly bundle skipped). */
function outputText(out) {
  if (out.output_type === "stream") return text(out.text);
  if (out.output_type === "error") return `${out.ename}: ${out.evalue}`;
  const data = out.data ?? {};
  const parts = [];
  if (data["text/plain"]) parts.push(text(data["text/plain"]));
  const html = text(data["text/html"]);
  if (html && !html.includes("ngc-chart") && html.length < 2_000_000) parts.push(htmlToText(html));
  if (data["text/markdown"]) parts.push(text(data["text/markdown"]));
  return parts.join("\n");
}

/** The class of a verdict line: passed, failed or inconclusive, as the checker printed it. */
function verdictClass(line) {
  return /check PASSED/.test(line) ? "passed" : /check INCONCLUSIVE/.test(line) ? "inconclusive" : "failed";
}

/** Summary of an executed notebook: code cells, charts, verdicts, failing cells. */
function summarize(nbPath) {
  const nb = JSON.parse(readFileSync(nbPath, "utf8"));
  const result = { codeCells: 0, charts: 0, verdicts: [], failures: [] };
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    result.codeCells++;
    const n = i + 1;
    const seen = new Set();
    for (const out of cell.outputs ?? []) {
      const html = text(out.data?.["text/html"]);
      result.charts += (html.match(/class="ngc-chart"/g) ?? []).length;
      if (out.output_type === "error") result.failures.push({ n, line: firstLine(text(cell.source)), what: `${out.ename}: ${out.evalue}` });
      if (out.output_type === "stream" && out.name === "stderr") {
        result.failures.push({ n, line: firstLine(text(cell.source)), what: `stderr: ${text(out.text).trim().split("\n")[0]}` });
      }
      for (const raw of outputText(out).split("\n")) {
        const line = raw.trim();
        if (/^(Gradient|Directional) check/.test(line) && !seen.has(line)) {
          seen.add(line);
          result.verdicts.push({ n, line });
        }
      }
    }
  });
  return result;
}

function findNotebooks() {
  const dir = join(ROOT, "notebooks");
  const all = readdirSync(dir).filter((f) => f.endsWith(".ipynb") && !f.startsWith(".")).sort();
  if (picks.length === 0) return all.map((f) => join(dir, f));
  return picks.map((p) => {
    const exact = resolve(ROOT, p);
    if (existsSync(exact) && exact.endsWith(".ipynb")) return exact;
    const match = all.filter((f) => f.includes(p));
    if (match.length !== 1) die(`'${p}' matches ${match.length} notebooks in notebooks/ (${match.join(", ") || "none"})`);
    return join(dir, match[0]);
  });
}

function checkSetup() {
  if (!existsSync(venvBin("python")) || !existsSync(venvBin("jupyter"))) {
    die("the project's Python environment .venv/ is not set up. Run 'npm install' first.");
  }
  const dist = join(ROOT, "lib", "dist", "index.js");
  const sources = readdirSync(join(ROOT, "lib")).filter((f) => f.endsWith(".ts")).map((f) => join(ROOT, "lib", f));
  const stale = !existsSync(dist) || sources.some((f) => statSync(f).mtimeMs > statSync(dist).mtimeMs + 1000);
  if (stale) {
    console.log("[workbook] lib/ changed since it was built: building it (npm run build:lib)");
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "lib/tsconfig.json"], {
      cwd: ROOT,
      stdio: "inherit",
    });
    if (r.status !== 0) die("building lib/ failed (see above). Fix it, then run 'npm run workbook' again.");
  }
}

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function writeIndex(rows) {
  const items = rows
    .map((r) => {
      const title = escapeHtml(r.name.replace(/\.ipynb$/, ""));
      const link = r.html ? `<a href="html/${encodeURIComponent(basename(r.name, ".ipynb"))}.html">${title}</a>` : title;
      const status = r.ok ? `<span class="ok">ran</span>` : `<span class="bad">FAILED</span>`;
      const verdicts = r.verdicts.length
        ? `<ul>${r.verdicts.map((v) => `<li class="${verdictClass(v.line)}">${escapeHtml(v.line)} <small>(cell ${v.n})</small></li>`).join("")}</ul>`
        : "";
      const fails = r.failures.map((f) => `<div class="bad">cell ${f.n} (${escapeHtml(f.line)}): ${escapeHtml(f.what)}</div>`).join("");
      return (
        `<tr><td>${link}<br><small><a href="notebooks/${encodeURIComponent(r.name)}">executed .ipynb</a></small></td>` +
        `<td>${status}</td><td>${r.seconds.toFixed(1)} s</td><td>${r.codeCells}</td><td>${r.charts}</td><td>${verdicts}${fails}</td></tr>`
      );
    })
    .join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The TypeScript workbook on numerical gradient checking</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 0.5em; vertical-align: top; text-align: left; }
.ok, .passed { color: #1b6e1b; } .bad { color: #b00020; font-weight: 600; } .failed { color: #b00020; } .inconclusive { color: #8a5a00; }
td:first-child { white-space: nowrap; } ul { margin: 0; padding-left: 1.2em; } small { color: #666; }
</style></head><body>
<h1>The TypeScript workbook on numerical gradient checking</h1>
<p>Every notebook, executed by the tslab kernel with <code>npm run workbook</code>. The pages open from disk and draw their charts without a network.
Some FAILED gradient checks are intended: those notebooks plant a bug for you to find.</p>
<table><thead><tr><th>Notebook</th><th>Status</th><th>Time</th><th>Code cells</th><th>Charts</th><th>Gradient checks</th></tr></thead>
<tbody>
${items}
</tbody></table>
</body></html>
`;
  writeFileSync(join(OUT, "index.html"), html);
}

function main() {
  checkSetup();
  const notebooks = findNotebooks();
  if (notebooks.length === 0) die("no notebooks in notebooks/");
  rmSync(NB_OUT, { recursive: true, force: true });
  rmSync(HTML_OUT, { recursive: true, force: true });
  mkdirSync(NB_OUT, { recursive: true });
  mkdirSync(HTML_OUT, { recursive: true });
  const env = jupyterEnv();
  const rows = [];
  console.log(`[workbook] running ${notebooks.length} notebook(s) through the tslab kernel -> ${relative(ROOT, OUT) || "."}/`);

  notebooks.forEach((path, i) => {
    const name = basename(path);
    const nb = JSON.parse(readFileSync(path, "utf8"));
    const codeCells = nb.cells.filter((c) => c.cell_type === "code").length;
    process.stdout.write(`[${i + 1}/${notebooks.length}] ${name}: ${codeCells} code cells ... `);
    const start = Date.now();
    const r = spawnSync(
      venvBin("python"),
      [join(ROOT, "scripts", "run_notebooks.py"), "--allow-outputs", "--write", NB_OUT, path],
      { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const ms = Date.now() - start;
    const executed = join(NB_OUT, name);
    const row = { name, ok: r.status === 0, seconds: ms / 1000, codeCells, charts: 0, verdicts: [], failures: [], html: false };
    if (existsSync(executed)) Object.assign(row, summarize(executed), { codeCells });
    if (row.ok && row.failures.length) row.ok = false;
    console.log(row.ok ? `ok in ${seconds(ms)}` : `FAILED after ${seconds(ms)}`);
    if (!row.ok) {
      const detail = (r.stderr || "").trim() || (r.error ? r.error.message : `exit code ${r.status}`);
      console.error(detail.split("\n").map((l) => `    ${l}`).join("\n"));
      if (!existsSync(executed)) row.failures.push({ n: 0, line: "", what: "the notebook did not finish (kernel died or timed out)" });
    }
    rows.push(row);
  });

  const executed = rows.filter((r) => existsSync(join(NB_OUT, r.name)));
  if (executed.length) {
    process.stdout.write(`[workbook] exporting ${executed.length} HTML page(s) with nbconvert ... `);
    const start = Date.now();
    const r = spawnSync(
      venvBin("jupyter"),
      ["nbconvert", "--to", "html", "--log-level=WARN", "--output-dir", HTML_OUT, ...executed.map((row) => join(NB_OUT, row.name))],
      { cwd: ROOT, env, encoding: "utf8" },
    );
    if (r.status !== 0) {
      console.log("FAILED");
      console.error(r.stderr);
      die("nbconvert could not export the HTML pages (see above).");
    }
    console.log(`done in ${seconds(Date.now() - start)}`);
    // Offline math: MathJax from npm, inlined in place of the template's CDN script.
    const mathjax = mathJaxSource();
    for (const row of executed) {
      const page = join(HTML_OUT, `${basename(row.name, ".ipynb")}.html`);
      row.html = existsSync(page);
      if (row.html) writeFileSync(page, inlineMathJax(readFileSync(page, "utf8"), mathjax));
    }
  }
  writeIndex(rows);

  console.log(`\n[workbook] summary (${seconds(Date.now() - t0)} in all):`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(width)}  ${r.ok ? "ok    " : "FAILED"}  ${r.seconds.toFixed(1).padStart(5)} s  ${r.charts} chart(s)`);
    for (const v of r.verdicts) console.log(`      cell ${v.n}: ${v.line}`);
    for (const f of r.failures) console.log(`      FAILED cell ${f.n}${f.line ? ` (${f.line})` : ""}: ${f.what}`);
  }
  const failed = rows.filter((r) => !r.ok);
  console.log(`\n[workbook] open ${relative(process.cwd(), join(OUT, "index.html"))} in a browser.`);
  if (failed.length) {
    console.error(
      `[workbook] FAILED: ${failed
        .map((r) => `${r.name} (${r.failures.map((f) => (f.n ? `cell ${f.n}` : f.what)).join(", ") || "see above"})`)
        .join("; ")}`,
    );
    process.exit(1);
  }
}

main();
