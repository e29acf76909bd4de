/**
 * bench/results.html: time against P on log-log axes for the full and the
 * directional checks, with the 2·P·evaluation floor drawn as a line. The plotly
 * bundle is inlined, so the page works offline (and is about 10 MB; not committed).
 */
import { readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";

interface Row {
  P: number;
  ms: number;
  floorMs?: number;
}

export function writeChart(path: string, results: Record<string, any>): void {
  const growth = results.growth as { full: Row[]; directional: Row[] };
  // The floor: 2·P evaluations at the measured cost of one evaluation at that size.
  const Ps = growth.full.map((r) => r.P);
  const floor = growth.full.map((r) => r.floorMs ?? NaN);
  const figure = {
    data: [
      { x: growth.full.map((r) => r.P), y: growth.full.map((r) => r.ms), mode: "lines+markers", name: "full central check (2·P evaluations)" },
      { x: growth.directional.map((r) => r.P), y: growth.directional.map((r) => r.ms), mode: "lines+markers", name: "directional check, k = 10 (20 evaluations)" },
      { x: Ps, y: floor, mode: "lines", name: "floor: 2·P × one evaluation", line: { dash: "dash" } },
    ],
    layout: {
      title: { text: "Gradient-check time against model size (linear regression, m = 400)" },
      xaxis: { type: "log", title: { text: "parameters P" } },
      yaxis: { type: "log", title: { text: "median wall time (ms)" } },
      legend: { x: 0.02, y: 0.98 },
      width: 900,
      height: 560,
    },
  };
  const bundle = readFileSync(join(resolve(__dirname, ".."), "node_modules", "plotly.js-dist", "plotly.js"), "utf8");
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>ngc benchmark</title>` +
    `<script>${bundle.replace(/<\/script/gi, "<\\/script")}</script></head><body>` +
    `<div id="chart"></div><p>Numbers: results.json, from ${results.date} on ${results.machine.cpus} × ${results.machine.cpuModel}.</p>` +
    `<script>Plotly.newPlot("chart", ${JSON.stringify(figure.data)}, ${JSON.stringify(figure.layout)});</script></body></html>`;
  writeFileSync(path, html);
}
