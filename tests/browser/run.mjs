#!/usr/bin/env node
// Browser test (`npm run test:browser`): the charts really draw, in a real browser.
//
//  1. Runs `npm run workbook` (scripts/workbook.mjs): every notebook through nbclient,
//     executed copies in build/notebooks/, HTML pages in build/html/.
//  2. Starts the project's JupyterLab (tests/browser/jupyter.mjs: 127.0.0.1, free port,
//     random token, settings/runtime/checkpoint folders in a temporary folder, autosave
//     off) and drives Debian's /usr/bin/chromium with playwright-core. Any attempt to
//     save, rename or delete a file through JupyterLab is blocked and fails the test.
//  3. For every notebook in notebooks/: opens it, runs all cells, waits for the kernel,
//     and fails if any output is an error or stderr, or if any cell that calls `plot(`
//     lacks a drawn plotly chart with at least one trace, or if JupyterLab's news or
//     update prompt shows (the project's .venv/ override must keep it quiet).
//     Screenshots: test-results/.
//  4. On one chart notebook (04-perturbation if present): saves its tangent/secant chart
//     as docs/tangent-secant.png; Restart Kernel and Run All; then reloads the page
//     (window.Plotly is gone) and re-runs one chart cell only.
//  5. Opens that notebook's executed copy from build/notebooks/ (saved outputs, so
//     untrusted: no scripts run): every chart output must show its message, not a blank.
//  6. Opens every page in build/html/ from disk with all network requests blocked
//     (math included: MathJax is inlined, and no raw $…$ TeX may stay visible):
//     every chart must draw, and the plotly bundle is inlined at most once per page.
//
// Failures name the notebook and the cell (numbered like scripts/run_notebooks.py).
// Options: --only <text> (notebooks whose name contains text), --no-export (skip
// steps 1, 5 and 6), --skip-workbook (reuse build/ instead of running the workbook),
// --headed (watch it), --update-docs (also refresh docs/tangent-secant.png). CHROMIUM=/path/to/chromium overrides the browser.
// NGC_KEEP_TMP=1 keeps the temporary JupyterLab folder (its log is jupyterlab.log).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { ROOT } from "../../scripts/paths.mjs";
import { startJupyterLab } from "./jupyter.mjs";

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const RESULTS = join(ROOT, "test-results");
const NOTEBOOKS = join(ROOT, "notebooks");
const BUILD_HTML = join(ROOT, "build", "html");
// The README's screenshot. A test run writes it to test-results/; --update-docs
// replaces the committed docs/tangent-secant.png with it.
const DOCS_IMAGE = flag("--update-docs") ? join(ROOT, "docs", "tangent-secant.png") : join(ROOT, "test-results", "tangent-secant.png");
const RUN_TIMEOUT_MS = 240_000;
const CHART_TIMEOUT_MS = 30_000;
const BROWSER_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

const failures = [];
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[browser ${elapsed()}] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fail(where, what) {
  failures.push(`${where}: ${what}`);
  console.error(`FAIL ${where}: ${what}`);
}

function firstLine(source) {
  return (source.split("\n").find((l) => l.trim()) ?? "(empty cell)").trim().slice(0, 80);
}

/** A cell calls plot( (not in a comment line). */
function callsPlot(source) {
  return source.split("\n").some((l) => !l.trim().startsWith("//") && /(^|[^\w.])plot\(/.test(l));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    }),
  ]);
}

function checkPreconditions() {
  const problems = [];
  if (!existsSync(CHROMIUM)) problems.push(`Chromium is not at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM=/path).`);
  const dist = join(ROOT, "lib", "dist", "index.js");
  if (!existsSync(dist)) problems.push("lib/ is not built: run 'npm run build:lib'.");
  else {
    const built = statSync(dist).mtimeMs;
    const stale = readdirSync(join(ROOT, "lib")).filter((f) => f.endsWith(".ts") && statSync(join(ROOT, "lib", f)).mtimeMs > built + 1000);
    if (stale.length) problems.push(`lib/dist is older than ${stale.join(", ")}: run 'npm run build:lib'.`);
  }
  if (!existsSync(join(ROOT, "node_modules", "plotly.js-dist", "plotly.js"))) problems.push("plotly.js-dist is not installed: run 'npm install'.");
  if (problems.length) {
    console.error(problems.map((p) => `browser test cannot start: ${p}`).join("\n"));
    process.exit(1);
  }
}

// ---------------------------------------------------------------- in the page

/** Opens a notebook in a clean workspace and waits for its kernel to be idle. */
async function openNotebook(page, server, name) {
  const path = `notebooks/${name}`;
  await page.goto(`${server.url}lab/tree/${path}?reset&token=${server.token}`, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(
    (p) => {
      const w = window.jupyterapp?.shell?.currentWidget;
      return !!(w && w.context?.path === p && w.content && w.sessionContext);
    },
    path,
    { timeout: 120_000, polling: 250 },
  );
  await waitKernelIdle(page, name);
}

async function waitKernelIdle(page, name, timeout = 120_000) {
  await withTimeout(
    page.evaluate(async () => {
      const w = window.jupyterapp.shell.currentWidget;
      await w.context.ready;
      await w.sessionContext.ready;
    }),
    timeout,
    `${name}: opening the notebook and its kernel session`,
  );
  try {
    await page.waitForFunction(
      () => {
        const sc = window.jupyterapp.shell.currentWidget.sessionContext;
        const k = sc.session?.kernel;
        return !!k && k.connectionStatus === "connected" && k.status === "idle";
      },
      null,
      { timeout, polling: 200 },
    );
  } catch {
    const status = await page.evaluate(() => {
      const sc = window.jupyterapp.shell.currentWidget.sessionContext;
      return `kernel ${sc.session?.kernel?.name ?? "(none)"}, status ${sc.session?.kernel?.status ?? "-"}, ${sc.session?.kernel?.connectionStatus ?? "-"}`;
    });
    throw new Error(`${name}: the kernel did not become idle within ${timeout / 1000} s (${status})`);
  }
  const kernel = await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name);
  if (kernel !== "tslab") throw new Error(`${name}: runs kernel '${kernel}', not 'tslab'`);
}

/** Runs a command on the current notebook and waits for it and for the kernel. */
async function runCommand(page, name, command) {
  const started = Date.now();
  await withTimeout(
    page.evaluate((c) => window.jupyterapp.commands.execute(c).then(() => true), command),
    RUN_TIMEOUT_MS,
    `${name}: ${command}`,
  );
  await waitKernelIdle(page, name, RUN_TIMEOUT_MS);
  return (Date.now() - started) / 1000;
}

/** Every cell: number (1-based, like scripts/run_notebooks.py), source, outputs that matter. */
function readCells(page) {
  return page.evaluate(() =>
    window.jupyterapp.shell.currentWidget.content.widgets.map((c, i) => {
      const m = c.model;
      const cell = { n: i + 1, type: m.type, source: m.sharedModel.getSource(), count: null, outputs: [] };
      if (m.type !== "code") return cell;
      cell.count = m.executionCount;
      for (let j = 0; j < m.outputs.length; j++) {
        const o = m.outputs.get(j);
        if (o.type === "stream" || o.type === "error") {
          const json = o.toJSON();
          const text = Array.isArray(json.text) ? json.text.join("") : json.text;
          cell.outputs.push({ type: o.type, name: json.name, text: text?.slice(0, 3000), ename: json.ename, evalue: json.evalue });
        } else {
          cell.outputs.push({ type: o.type });
        }
      }
      return cell;
    }),
  );
}

/** The state of the charts in one cell's output. */
function chartState(page, n) {
  return page.evaluate((n) => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets[n - 1];
    return [...cell.node.querySelectorAll(".jp-OutputArea .ngc-chart")].map((el) => ({
      drawn: el.classList.contains("js-plotly-plot"),
      traces: el.querySelectorAll(".main-svg .trace").length,
      message: el.querySelector(".ngc-chart-message")?.textContent ?? null,
      sliders: el.layout?.sliders?.length ?? 0,
    }));
  }, n);
}

function chartsOk(charts) {
  return charts.length > 0 && charts.every((c) => c.drawn && c.traces > 0 && !c.message);
}

/** Waits for the charts of one cell to draw; returns their final state. */
async function waitCharts(page, n) {
  const deadline = Date.now() + CHART_TIMEOUT_MS;
  let charts = await chartState(page, n);
  while (!chartsOk(charts) && Date.now() < deadline) {
    // A message other than "Loading ..." is final.
    if (charts.some((c) => c.message && !c.message.startsWith("Loading"))) break;
    await sleep(250);
    charts = await chartState(page, n);
  }
  return charts;
}

function describeCharts(charts) {
  if (charts.length === 0) return "the cell calls plot( but its output holds no chart";
  return charts
    .map((c, i) =>
      c.message ? `chart ${i + 1} shows the message: "${c.message}"` : !c.drawn ? `chart ${i + 1} was not drawn` : `chart ${i + 1} has ${c.traces} traces`,
    )
    .join("; ");
}

/**
 * Checks every cell of the open notebook after a run: all code cells ran, no error or
 * stderr output, every plot( cell drew its charts. Returns the chart cells' numbers.
 */
async function checkNotebook(page, name, label) {
  const cells = await readCells(page);
  const where = (c) => `${name} (${label}), cell ${c.n} (${firstLine(c.source)})`;
  const chartCells = [];
  let problems = 0;
  for (const c of cells) {
    if (c.type !== "code") continue;
    if (c.source.trim() && c.count == null) {
      fail(where(c), "did not run (an earlier cell failed, or Run All stopped)");
      problems++;
      continue;
    }
    for (const o of c.outputs) {
      if (o.type === "error") {
        fail(where(c), `error output ${o.ename}: ${o.evalue}`);
        problems++;
      } else if (o.type === "stream" && o.name === "stderr") {
        fail(where(c), `wrote to stderr:\n${o.text}`);
        problems++;
      }
    }
    if (callsPlot(c.source)) {
      chartCells.push(c.n);
      const charts = await waitCharts(page, c.n);
      if (!chartsOk(charts)) {
        fail(where(c), describeCharts(charts));
        problems++;
      }
    }
  }
  return { cells, chartCells, problems };
}

async function screenshotCharts(page, name, chartCells, suffix = "") {
  const stem = basename(name, ".ipynb");
  mkdirSync(join(RESULTS, stem), { recursive: true });
  let first = true;
  for (const n of chartCells) {
    const handles = await page.evaluateHandle((n) => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[n - 1];
      return [...cell.node.querySelectorAll(".jp-OutputArea .ngc-chart")];
    }, n);
    const props = await handles.getProperties();
    let k = 0;
    for (const h of props.values()) {
      const el = h.asElement();
      if (!el) continue;
      k++;
      if (first) {
        await el.scrollIntoViewIfNeeded();
        await sleep(300);
        await page.screenshot({ path: join(RESULTS, `${stem}${suffix}.png`) });
        first = false;
      }
      await el.screenshot({ path: join(RESULTS, stem, `cell-${n}${k > 1 ? `-${k}` : ""}${suffix}.png`) });
    }
    await handles.dispose();
  }
  if (first) await page.screenshot({ path: join(RESULTS, `${stem}${suffix}.png`) });
}

/** The tangent/secant chart (the one with a slider) of the open notebook, as docs/tangent-secant.png. */
async function saveTangentSecant(page, chartCells) {
  // Of the charts with a slider, the one whose first secant is furthest from the
  // tangent shows the idea best.
  const handle = await page.evaluateHandle((cells) => {
    let best = null;
    let bestError = -1;
    for (const n of cells) {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[n - 1];
      for (const el of cell.node.querySelectorAll(".jp-OutputArea .ngc-chart")) {
        if (!el.layout?.sliders?.length) continue;
        const secant = el.data.find((t) => t.visible === true && /^secant/.test(t.name ?? ""));
        const error = Number(/relative error ([^)]+)\)/.exec(secant?.name ?? "")?.[1] ?? 0);
        if (error > bestError) [best, bestError] = [el, error];
      }
    }
    return best;
  }, chartCells);
  {
    const el = handle.asElement();
    const n = el ? await el.evaluate((e) => String([...document.querySelectorAll(".jp-Notebook .jp-Cell")].indexOf(e.closest(".jp-Cell")) + 1)) : "";
    if (el) {
      mkdirSync(dirname(DOCS_IMAGE), { recursive: true });
      await el.scrollIntoViewIfNeeded();
      await el.screenshot({ path: DOCS_IMAGE });
      const kb = statSync(DOCS_IMAGE).size / 1024;
      log(`saved ${relative(ROOT, DOCS_IMAGE)} (${kb.toFixed(0)} KB, from the chart of cell ${n.trim()})`);
      if (kb > 150) fail(relative(ROOT, DOCS_IMAGE), `is ${kb.toFixed(0)} KB, more than 150 KB`);
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- scenarios

async function testNotebook(page, server, name) {
  log(`${name}: open`);
  await openNotebook(page, server, name);
  const seconds = await runCommand(page, name, "notebook:run-all-cells");
  const { cells, chartCells, problems } = await checkNotebook(page, name, "Run All");
  await checkNoNewsPrompt(page, name);
  const code = cells.filter((c) => c.type === "code").length;
  await screenshotCharts(page, name, chartCells);
  log(`${name}: ${code} code cells ran in ${seconds.toFixed(1)} s; ${chartCells.length} chart cells; ${problems ? `${problems} problem(s)` : "ok"}`);
  return { chartCells, problems };
}

/**
 * A quiet JupyterLab: the project's override in .venv/ (scripts/setup.mjs) sets the
 * news feed and the update check off, so no "official Jupyter news" prompt covers the
 * notebook. The test's own settings folder does not set them (tests/browser/jupyter.mjs).
 */
const NEWS_PROMPT = /official Jupyter news|get notified about|check for (JupyterLab )?updates/i;

async function checkQuietSettings(server) {
  const s = await server.api("lab/api/settings/@jupyterlab/apputils-extension:notification");
  const props = s.schema?.properties ?? {};
  const got = { fetchNews: props.fetchNews?.default, checkForUpdates: props.checkForUpdates?.default };
  if (got.fetchNews !== "false" || got.checkForUpdates !== false) {
    fail("JupyterLab settings", `the project's override (.venv/share/jupyter/lab/settings/overrides.d/) is not in effect: fetchNews ${JSON.stringify(got.fetchNews)}, checkForUpdates ${JSON.stringify(got.checkForUpdates)}; run 'npm install'`);
  }
}

async function checkNoNewsPrompt(page, name) {
  const text = await page.evaluate(() => Array.from(document.querySelectorAll(".Toastify, .jp-Notification-Toast, .jp-toast-message, [role=alert], .jp-Dialog")).map((e) => e.innerText).join("\n"));
  const shown = text.split("\n").find((l) => NEWS_PROMPT.test(l));
  if (shown) fail(`${name}`, `JupyterLab shows a news or update prompt over the notebook: "${shown.trim()}"`);
}

/** Scenario 2: Restart Kernel and Run All. Scenario 3: reload the page, re-run one chart cell. */
async function testRestartAndReload(page, server, name, chartCells) {
  log(`${name}: restart the kernel and run all`);
  await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.restartKernel());
  await waitKernelIdle(page, name);
  await runCommand(page, name, "notebook:clear-all-cell-outputs");
  await runCommand(page, name, "notebook:run-all-cells");
  const after = await checkNotebook(page, name, "Restart Kernel and Run All");
  // A fresh kernel numbers its executions from 1: proof that the cells really ran again.
  const counts = after.cells.filter((c) => c.type === "code" && c.source.trim()).map((c) => c.count);
  if (counts[0] !== 1 || counts.some((c, i) => i > 0 && !(c > counts[i - 1]))) {
    fail(`${name} (Restart Kernel and Run All)`, `execution counts are ${counts.join(", ")}, not 1, 2, 3, ... from a fresh kernel`);
  }
  log(`${name}: restart + run all: ${after.problems ? `${after.problems} problem(s)` : "ok"}`);

  const n = chartCells[0];
  log(`${name}: reload the page, then run only cell ${n}`);
  await page.reload({ waitUntil: "domcontentloaded" });
  await page.waitForFunction(
    (p) => window.jupyterapp?.shell?.currentWidget?.context?.path === p,
    `notebooks/${name}`,
    { timeout: 120_000, polling: 250 },
  );
  await waitKernelIdle(page, name);
  const where = `${name} (page reloaded, only cell ${n} run)`;
  if (await page.evaluate(() => !!window.Plotly)) {
    fail(where, "window.Plotly survived the reload, so this scenario proves nothing");
    return;
  }
  await page.evaluate((n) => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    nb.activeCellIndex = n - 1;
    nb.deselectAll();
  }, n);
  await runCommand(page, name, "notebook:run-cell");
  const cells = await readCells(page);
  const cell = cells[n - 1];
  for (const o of cell.outputs) {
    if (o.type === "error" || (o.type === "stream" && o.name === "stderr")) fail(`${where}, cell ${n}`, `${o.ename ?? "stderr"}: ${o.evalue ?? o.text}`);
  }
  const charts = await waitCharts(page, n);
  const loaded = await page.evaluate(() => !!window.Plotly);
  if (!chartsOk(charts)) fail(`${where}, cell ${n} (${firstLine(cell.source)})`, describeCharts(charts));
  else log(`${name}: after reload, cell ${n} drew its chart (plotly loaded from the server: ${loaded})`);
  await screenshotCharts(page, name, [n], "-after-reload");
}

/** Scenario 4: the exported HTML pages, opened from disk with every network request blocked. */
function buildWorkbook() {
  if (flag("--skip-workbook") && existsSync(BUILD_HTML)) {
    log("--skip-workbook: using the pages already in build/html/");
    return;
  }
  log("npm run workbook (execute every notebook, export HTML to build/)");
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "workbook.mjs")], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) fail("npm run workbook", `exited with code ${r.status}`);
}

/**
 * Never a blank: a notebook saved with outputs opens untrusted, so JupyterLab runs no
 * script in it. Each chart output must then show its message, not an empty box.
 */
async function testUntrusted(page, server, name) {
  const path = `build/notebooks/${name}`;
  if (!existsSync(join(ROOT, path))) return;
  log(`${path}: open with saved outputs (untrusted: no scripts run)`);
  await page.goto(`${server.url}lab/tree/${path}?reset&token=${server.token}`, { waitUntil: "domcontentloaded" });
  await page.waitForFunction((p) => window.jupyterapp?.shell?.currentWidget?.context?.path === p, path, { timeout: 120_000, polling: 250 });
  await withTimeout(page.evaluate(() => window.jupyterapp.shell.currentWidget.context.ready), 120_000, `opening ${path}`);
  const expected = (readFileSync(join(ROOT, path), "utf8").match(/class=\\"ngc-chart\\"/g) ?? []).length;
  const deadline = Date.now() + CHART_TIMEOUT_MS;
  let charts = [];
  while (Date.now() < deadline) {
    charts = await page.evaluate(() =>
      [...document.querySelectorAll(".jp-OutputArea .ngc-chart")].map((el) => ({
        drawn: el.classList.contains("js-plotly-plot"),
        text: el.textContent.trim(),
      })),
    );
    if (charts.length >= expected) break;
    await sleep(250);
  }
  const where = `${path} (opened untrusted)`;
  if (charts.length < expected || expected === 0) fail(where, `${charts.length} chart outputs shown, ${expected} saved`);
  const blank = charts.filter((c) => !c.drawn && !c.text);
  if (blank.length) fail(where, `${blank.length} chart output(s) are blank`);
  else log(`${where}: ${charts.length} chart output(s) show: "${charts[0].text.slice(0, 70)}..."`);
  mkdirSync(join(RESULTS, "untrusted"), { recursive: true });
  // The first chart's cell, as the learner sees it.
  await page.evaluate(async () => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    const cell = nb.widgets.find((c) => c.node.querySelector(".ngc-chart"));
    if (cell) await nb.scrollToCell(cell, "center");
  });
  await sleep(500);
  await page.screenshot({ path: join(RESULTS, "untrusted", `${basename(name, ".ipynb")}.png`) });
  await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown?.());
}

async function testExport(browser) {
  if (!existsSync(BUILD_HTML)) return;
  const only = option("--only");
  const pages = readdirSync(BUILD_HTML)
    .filter((f) => f.endsWith(".html") && (!only || f.includes(only)))
    .sort();
  if (pages.length === 0) fail("build/html", "no exported pages");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const blocked = new Set();
  await context.route("**", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    blocked.add(url.replace(/\?.*$/, ""));
    return route.abort();
  });
  try {
    for (const file of pages) {
      const path = join(BUILD_HTML, file);
      const where = `build/html/${file} (offline)`;
      const html = readFileSync(path, "utf8");
      const bundles = html.split("window.Plotly = Plotly;").length - 1;
      if (bundles > 1) fail(where, `carries the plotly bundle ${bundles} times (at most once expected)`);
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(path).href, { waitUntil: "load", timeout: 120_000 });
      const deadline = Date.now() + CHART_TIMEOUT_MS;
      let charts;
      for (;;) {
        charts = await page.evaluate(() =>
          [...document.querySelectorAll(".ngc-chart")].map((el) => ({
            drawn: el.classList.contains("js-plotly-plot"),
            traces: el.querySelectorAll(".main-svg .trace").length,
            message: el.querySelector(".ngc-chart-message")?.textContent ?? null,
          })),
        );
        if (charts.every((c) => c.drawn && c.traces > 0) || Date.now() > deadline) break;
        await sleep(250);
      }
      const bad = charts.map((c, i) => ({ ...c, i: i + 1 })).filter((c) => !(c.drawn && c.traces > 0 && !c.message));
      if (bad.length) fail(where, bad.map((c) => `chart ${c.i}: ${c.message ? `message "${c.message}"` : "not drawn"}`).join("; "));
      if (charts.length > 0 && bundles === 0) fail(where, "has charts but no inlined plotly bundle");
      // Math offline: MathJax is inlined (scripts/offline-math.mjs); once it has typeset the
      // page, no markdown cell may still show raw TeX ($…$, $$…$$ or a \command).
      if (/<script[^>]*src="[^"]*mathjax/i.test(html)) fail(where, "loads MathJax from a CDN instead of carrying it");
      await withTimeout(page.evaluate(() => window.MathJax?.startup?.promise ?? Promise.reject(new Error("no MathJax on the page"))), 120_000, `typesetting ${file}`).catch((e) => fail(where, `MathJax did not typeset: ${e.message}`));
      const math = await page.evaluate(() => {
        const raw = [];
        for (const el of document.querySelectorAll(".jp-MarkdownOutput")) {
          const visible = el.cloneNode(true);
          visible.querySelectorAll("mjx-container, code, pre, script, style").forEach((n) => n.remove());
          for (const m of visible.textContent.matchAll(/\$\$?[^$]+\$\$?|\\[a-zA-Z]+/g)) raw.push(m[0].replace(/\s+/g, " ").slice(0, 60));
        }
        return { typeset: document.querySelectorAll("mjx-container").length, raw };
      });
      if (math.raw.length) fail(where, `raw TeX visible after MathJax ran: ${math.raw.slice(0, 5).join(" | ")}${math.raw.length > 5 ? ` (and ${math.raw.length - 5} more)` : ""}`);
      const ngcErrors = errors.filter((e) => /Plotly|ngc/i.test(e));
      if (ngcErrors.length) fail(where, `page errors: ${ngcErrors.join(" | ")}`);
      mkdirSync(join(RESULTS, "export"), { recursive: true });
      await page.screenshot({ path: join(RESULTS, "export", `${basename(file, ".html")}.png`), fullPage: true });
      log(`${where}: ${charts.length} chart(s) drawn${bad.length ? `, ${bad.length} NOT` : ""}; bundle inlined ${bundles}x; ${math.typeset} formula(s) typeset offline, no raw TeX`);
      await page.close();
    }
  } finally {
    await context.close();
  }
  log(`offline pages: blocked ${blocked.size} network request(s) (CDN scripts of nbconvert's template)`);
}

// ---------------------------------------------------------------- main

async function main() {
  checkPreconditions();
  const only = option("--only");
  const notebooks = readdirSync(NOTEBOOKS)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith(".") && (!only || f.includes(only)))
    .sort();
  if (notebooks.length === 0) {
    console.error(`browser test: no notebooks under notebooks/${only ? ` matching '${only}'` : ""}`);
    process.exit(1);
  }
  mkdirSync(RESULTS, { recursive: true });
  // Remove this test's screenshots from earlier runs (only its own files), so none is stale.
  for (const f of readdirSync(RESULTS)) {
    const stem = f.replace(/(-after-reload)?\.png$/, "");
    const ours = ["export", "untrusted"].includes(f) || /^\d\d-/.test(stem) || existsSync(join(NOTEBOOKS, `${stem}.ipynb`));
    if (ours && (!only || f.includes(only) || ["export", "untrusted"].includes(f))) {
      rmSync(join(RESULTS, f), { recursive: true, force: true });
    }
  }
  log(`${notebooks.length} notebook(s) to test: ${notebooks.join(", ")}`);
  let server;
  let browser;
  const browserTmp = mkdtempSync(join(tmpdir(), "ngc-chromium-"));
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    rmSync(browserTmp, { recursive: true, force: true });
  };
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping JupyterLab`);
      cleanup().finally(() => process.exit(130));
    });
  }
  const exportPages = !flag("--no-export");
  try {
    // The workbook first (it runs the notebooks with nbclient): its executed notebooks
    // also serve the untrusted-notebook check in JupyterLab below.
    if (exportPages) buildWorkbook();
    server = await startJupyterLab();
    log(`JupyterLab is up at ${server.url} (pid ${server.pid})`);
    await checkQuietSettings(server);
    // Chromium's own files (crash reports, caches) go to a temporary folder, not ~/.config.
    const browserHome = { XDG_CONFIG_HOME: join(browserTmp, "config"), XDG_CACHE_HOME: join(browserTmp, "cache") };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: BROWSER_ARGS,
      headless: !flag("--headed"),
      env: { ...process.env, ...browserHome },
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The test must never change a file: any write through the contents API (save,
    // rename, delete, new file) is blocked and reported.
    const writes = [];
    await context.route(/\/api\/contents\//, (route) => {
      const req = route.request();
      const path = new URL(req.url()).pathname;
      // Reading is fine; so is a checkpoint (the server keeps them in its temporary folder).
      if (req.method() === "GET" || (req.method() === "POST" && /\/checkpoints$/.test(path))) return route.continue();
      writes.push(`${req.method()} ${path}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on("dialog", (d) => d.accept().catch(() => {}));
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));

    const results = {};
    for (const name of notebooks) {
      try {
        results[name] = await testNotebook(page, server, name);
      } catch (e) {
        fail(name, e.message);
      }
    }
    const withCharts = notebooks.filter((n) => results[n]?.chartCells.length);
    const target = withCharts.find((n) => /perturbation/.test(n)) ?? withCharts[0];
    if (target) {
      try {
        await openNotebook(page, server, target);
        await runCommand(page, target, "notebook:run-all-cells");
        const { chartCells } = await checkNotebook(page, target, "Run All, before the tangent/secant screenshot");
        if (/perturbation/.test(target) && !(await saveTangentSecant(page, chartCells))) {
          fail(target, "has no chart with a slider (the tangent/secant figure) for docs/tangent-secant.png");
        }
        await testRestartAndReload(page, server, target, chartCells);
      } catch (e) {
        fail(`${target} (restart / reload scenarios)`, e.message);
      }
    } else {
      log("no notebook calls plot(: skipping the restart and reload scenarios");
    }
    const plotErrors = pageErrors.filter((e) => /Plotly|ngc-chart/i.test(e));
    if (plotErrors.length) fail("JupyterLab page", `chart errors in the page: ${plotErrors.join(" | ")}`);
    if (exportPages && target) {
      try {
        await testUntrusted(page, server, target);
      } catch (e) {
        fail(`build/notebooks/${target} (untrusted)`, e.message);
      }
    }
    if (writes.length) fail("JupyterLab page", `tried to change files (blocked): ${[...new Set(writes)].join(", ")}`);
    await context.close();
    // The server is not needed for the offline pages: stop it first (frees a core).
    await server.stop();
    if (exportPages) await testExport(browser);
  } catch (e) {
    fail("browser test", e.stack ?? e.message);
  } finally {
    await cleanup();
  }
  console.log("");
  if (failures.length) {
    console.error(`browser test FAILED (${failures.length} problem(s)) in ${elapsed()}:`);
    for (const f of failures) console.error(`  - ${f.split("\n")[0]}`);
    console.error(`screenshots: test-results/`);
    process.exit(1);
  }
  console.log(`browser test passed in ${elapsed()}: ${notebooks.length} notebook(s); screenshots in test-results/`);
}

await main();
