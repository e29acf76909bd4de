/**
 * `npm run bench`: what a gradient check costs, how close it gets to the cost of
 * the loss itself, how it grows with model size, and how long the workbook takes.
 * Prints tables, writes bench/results.json and bench/results.html (a log-log chart).
 * See bench/README.md for what each number means.
 *
 *   npm run bench                 everything (a few minutes)
 *   npm run bench -- --quick      fewer repetitions, smaller sizes (a smoke run)
 *   npm run bench -- --no-workbook  skip the notebook timings
 *   npm run bench -- --only overhead,flops   run only some sections (overhead, large, async, localize, refinement, flops, growth, article, workbook)
 */
import { spawnSync } from "child_process";
import { writeFileSync } from "fs";
import { cpus, totalmem } from "os";
import { join, resolve } from "path";
import {
  Matrix,
  NetworkSpec,
  articleProblem,
  cost,
  directionalCheck,
  findWrongEntries,
  gradCheck,
  gradCheckAsync,
  gradient,
  initNetwork,
  networkGradient,
  networkLoss,
  parameterCount,
  seededRandom,
} from "../lib/dist/index";
// The built packages (lib/dist, and through it the checker gradcheck in lib/check/dist), as a project that installs gradcheck runs them (npm run bench builds them first).
import { costNaive, costNested, costTensor, costUnrolled } from "./kernels";

const ROOT = resolve(__dirname, "..");
const QUICK = process.argv.includes("--quick");
const WORKBOOK = !process.argv.includes("--no-workbook");
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1].split(",") : null;
const wanted = (section: string) => ONLY === null || ONLY.includes(section);
const M = 400;

// ---------------------------------------------------------------- timing helpers

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6; // milliseconds
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * Median time in ms of one call of `fn`, over `samples` samples. Each sample times
 * a batch of calls long enough (≥ minMs) to be above the timer's resolution.
 */
function timeIt(fn: () => void, options: { samples?: number; minMs?: number } = {}): number {
  const samples = options.samples ?? (QUICK ? 5 : 11);
  const minMs = options.minMs ?? 20;
  fn(); // warm up (JIT)
  let batch = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < batch; i++) fn();
    if (now() - t0 >= minMs || batch >= 1 << 20) break;
    batch *= 2;
  }
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    for (let i = 0; i < batch; i++) fn();
    times.push((now() - t0) / batch);
  }
  return median(times);
}

function progress(message: string): void {
  process.stdout.write(`  … ${message}\n`);
}

function table(title: string, headers: string[], rows: Array<Array<string | number>>): void {
  const text = rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)));
  const widths = headers.map((h, j) => Math.max(h.length, ...text.map((r) => r[j].length)));
  console.log(`\n${title}`);
  console.log(headers.map((h, j) => h.padStart(widths[j])).join("  "));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of text) console.log(r.map((c, j) => c.padStart(widths[j])).join("  "));
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** Least-squares slope of log(y) against log(x): the growth exponent. */
function exponent(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

// ---------------------------------------------------------------- problems

/** A random linear-regression problem with m rows and P parameters. */
function linearProblem(m: number, P: number, seed = 1) {
  const rand = seededRandom(seed);
  const X: Matrix = { rows: m, cols: P, data: Float64Array.from({ length: m * P }, () => rand() * 2 - 1) };
  const y = Float64Array.from({ length: m }, () => rand() * 2 - 1);
  const w = Float64Array.from({ length: P }, () => (rand() - 0.5) * 0.2);
  return { X, y, w, f: (v: Float64Array) => cost(X, y, v), g: (v: Float64Array) => gradient(X, y, v) };
}

// ---------------------------------------------------------------- benchmarks

const results: Record<string, unknown> = {};

/**
 * Per-pair ratios of two timed functions, run alternately (a, b, a, b, …), each sample a
 * batch of calls of at least `minMs`: the median of the ratios a/b cancels a shared
 * machine's drift, which separate medians do not.
 */
function pairedRatio(a: () => void, b: () => void, pairs: number, minMs = 30): { ratio: number; aMs: number; bMs: number } {
  const time = (fn: () => void, n: number) => {
    const t0 = now();
    for (let i = 0; i < n; i++) fn();
    return (now() - t0) / n;
  };
  // Warm each up for at least minMs (the JIT), which also sizes its batches.
  const warm = (fn: () => void) => {
    const t0 = now();
    let calls = 0;
    do {
      fn();
      calls++;
    } while (now() - t0 < minMs);
    return Math.max(1, Math.ceil(minMs / ((now() - t0) / calls)));
  };
  const [na, nb] = [warm(a), warm(b)];
  const ratios: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  for (let k = 0; k < pairs; k++) {
    const ta = time(a, na);
    const tb = time(b, nb);
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  return { ratio: median(ratios), aMs: median(as), bMs: median(bs) };
}

/** The floor: a bare loop of central differences, 2·P calls of f on one working array, nothing else. */
function bareLoop(f: (v: Float64Array) => number, w: Float64Array, eps = 1e-4): Float64Array {
  const x = w.slice();
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const h = eps * Math.max(1, Math.abs(w[i]));
    x[i] = w[i] + h;
    const plus = f(x);
    x[i] = w[i] - h;
    const minus = f(x);
    x[i] = w[i];
    out[i] = (plus - minus) / (2 * h);
  }
  return out;
}

/** A cheap O(P) loss of P parameters: Σ (w_i − c_i)², with its gradient. */
function cheapProblem(P: number, seed = 5) {
  const rand = seededRandom(seed);
  const c = Float64Array.from({ length: P }, () => rand() * 2 - 1);
  // w − c between 0.5 and 1.5 in size: every entry of the gradient is well away from 0, so the first step decides it.
  const w = Float64Array.from(c, (ci) => ci + (rand() < 0.5 ? -1 : 1) * (0.5 + rand()));
  const f = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < P; i++) s += (v[i] - c[i]) * (v[i] - c[i]);
    return s;
  };
  const g = Float64Array.from(w, (v, i) => 2 * (v - c[i]));
  return { f, g, w };
}

function overhead() {
  console.log("\n[1/7] The overhead: gradCheck time / a bare loop of 2·P central differences, measured in alternating pairs");
  const cases: Array<{ P: number; loss: string; problem: { f: (v: Float64Array) => number; g: Float64Array; w: Float64Array } }> = [];
  for (const P of QUICK ? [6, 100] : [6, 100, 1000]) {
    const { f, g, w } = linearProblem(M, P);
    cases.push({ P, loss: "linear regression, m = 400", problem: { f, g: g(w), w } });
  }
  for (const P of QUICK ? [2000] : [2000, 20000]) cases.push({ P, loss: "cheap O(P): Σ (w − c)²", problem: cheapProblem(P) });
  const rows: Array<Array<string | number>> = [];
  const out = [];
  for (const { P, loss, problem } of cases) {
    progress(`overhead, P = ${P}`);
    const { f, g, w } = problem;
    // The analytic gradient is passed precomputed: the ratio measures the checker, not the back-pass.
    const report = gradCheck({ f, gradient: g, w });
    const { ratio, aMs, bMs } = pairedRatio(() => gradCheck({ f, gradient: g, w }), () => bareLoop(f, w), QUICK ? 3 : P >= 1000 ? 5 : 9);
    // Per evaluation: the check's time over its own evaluations, against the bare loop's over its 2·P.
    const perEvaluation = (ratio * 2 * P) / report.evaluations;
    rows.push([P, loss, report.evaluations, aMs, bMs, ratio, perEvaluation]);
    out.push({ P, loss, evaluations: report.evaluations, gradCheckMs: aMs, bareLoopMs: bMs, ratio, perEvaluation });
  }
  table("", ["P", "loss", "evaluations", "gradCheck (ms)", "bare loop (ms)", "ratio (median of pairs)", "per evaluation"], rows);
  results.overhead = out;
}

/**
 * The panel's large model (tests/panel/large.ts): a 20-400-30 tanh MLP with softmax
 * cross-entropy, P = 20,430, checked at the defaults: the correct back-pass, and a sign
 * flip on its smallest nonzero gradient entry.
 */
async function large() {
  console.log("\n[2/7] A correct MLP of P = 20,430 at the defaults, and a sign flip on its smallest-gradient entry");
  const { largeCase } = await import("../tests/panel/large");
  const c = largeCase();
  const rows: Array<Array<string | number>> = [];
  const out = [];
  for (const [variant, gradientFn] of [["correct", c.gradient], [c.bugs[0].name, c.bugs[0].gradient]] as const) {
    progress(`large MLP, ${variant}`);
    const t0 = now();
    const report = gradCheck({ f: c.f, gradient: gradientFn, w: c.w, names: c.names });
    const seconds = (now() - t0) / 1000;
    const counts = { passed: 0, failed: 0, inconclusive: 0 };
    for (const e of report.entries) counts[e.status]++;
    const noted = report.entries.filter((e) => e.reason && e.status === "passed").length;
    rows.push([variant, report.status, `${counts.passed}/${counts.failed}/${counts.inconclusive}`, noted, report.evaluations, report.evaluations / (2 * c.w.length), seconds]);
    out.push({ variant, status: report.status, ...counts, passedWithNote: noted, evaluations: report.evaluations, evaluationRatio: report.evaluations / (2 * c.w.length), seconds, failures: report.failures.map((e) => e.name) });
  }
  table("", ["gradient", "status", "passed/failed/inconclusive", "passed with a note", "evaluations", "evaluations / 2P", "seconds"], rows);
  results.large = out;
}

/**
 * Finding the wrong entry (issue 20): findWrongEntries on the localizer's 16-500-3 tanh
 * MLP (tests/panel/localize-cases.ts, P = 10,003) with 0, 1, 3 and 10 wrong entries at 1%
 * of the median |gradient entry| and with a whole tensor scaled by the batch size, beside
 * the full gradCheck and the plain directional check (10 directions) on the one-bug case.
 * Evaluations are exact counts; times are medians.
 */
async function localize() {
  console.log("\n[2d/7] Finding the wrong entry among P = 10,003: findWrongEntries beside the full check and the directional check");
  const { localizeModel, plantEntries, plantTensor } = await import("../tests/panel/localize-cases");
  const model = localizeModel();
  const f = (v: Float64Array) => model.m.loss(v);
  const names = model.m.names;
  const P = model.m.P;
  const cases: { label: string; gradient: Float64Array; wrong: number[]; seed: number }[] = [
    { label: "correct", gradient: model.g, wrong: [], seed: 1 },
    ...[1, 2, 3, 4, 5].map((seed) => ({ label: `1 wrong entry (seed ${seed})`, ...plantEntries(model, 1, seed), seed })),
    ...[4, 5].map((seed) => ({ label: `3 wrong entries (seed ${seed})`, ...plantEntries(model, 3, seed), seed })),
    { label: "10 wrong entries (seed 6)", ...plantEntries(model, 10, 6), seed: 6 },
    { label: "W2 × 8 (1/m forgotten)", gradient: plantTensor(model, "W2"), wrong: [], seed: 1 },
  ];
  const rows: Array<Array<string | number>> = [];
  const out = [];
  for (const c of cases) {
    progress(`findWrongEntries, ${c.label}`);
    const run = () => findWrongEntries({ f, gradient: c.gradient, w: model.w, names, seed: c.seed });
    const report = run();
    const ms = timeIt(run, { samples: QUICK ? 3 : 5, minMs: 0 });
    const got = report.found.map((e) => e.index);
    const allFound = c.wrong.every((i) => got.includes(i)) && got.length === c.wrong.length;
    const listed = [...report.found.map((e) => e.name), ...report.groups.map((g) => `${g.name} as a group`)];
    const what = listed.length === 0 ? "nothing" : listed.length <= 3 ? listed.join(", ") : `${listed.slice(0, 2).join(", ")} and ${listed.length - 2} more`;
    rows.push([c.label, report.status, what, allFound ? "yes" : "NO", report.evaluations, `${fmt((100 * report.evaluations) / (2 * P))}%`, ms / 1000]);
    out.push({ label: c.label, status: report.status, found: report.found.map((e) => e.name), groups: report.groups.map((g) => g.name), allFound, evaluations: report.evaluations, shareOfFullCheck: report.evaluations / (2 * P), seconds: ms / 1000, missProbability: report.miss.probability, directions: report.directions });
  }
  const one = cases[1];
  progress("the full gradCheck, 1 wrong entry");
  let t0 = now();
  const full = gradCheck({ f, gradient: one.gradient, w: model.w, names });
  const fullSeconds = (now() - t0) / 1000;
  rows.push([`gradCheck, ${one.label}`, full.status, full.failures.map((e) => e.name).join(", "), "yes", full.evaluations, `${fmt((100 * full.evaluations) / (2 * P))}%`, fullSeconds]);
  progress("directionalCheck (10 directions), 1 wrong entry");
  const dirRun = () => directionalCheck({ f, gradient: one.gradient, w: model.w, directions: 10, seed: 1 });
  const dir = dirRun();
  const dirMs = timeIt(dirRun, { samples: QUICK ? 3 : 5, minMs: 0 });
  rows.push([`directionalCheck, ${one.label}`, dir.status, "(says whether, not where)", "-", dir.evaluations, `${fmt((100 * dir.evaluations) / (2 * P))}%`, dirMs / 1000]);
  table("", ["gradient", "status", "found", "all planted found", "evaluations", "of the full check's 2P", "seconds"], rows);
  const single = out.filter((o) => o.label.startsWith("1 wrong"));
  const triple = out.filter((o) => o.label.startsWith("3 wrong"));
  const targets = {
    oneBug: { target: 0.02, worst: Math.max(...single.map((o) => o.shareOfFullCheck)), met: single.every((o) => o.allFound && o.shareOfFullCheck <= 0.02) },
    threeBugs: { target: 0.06, worst: Math.max(...triple.map((o) => o.shareOfFullCheck)), met: triple.every((o) => o.allFound && o.shareOfFullCheck <= 0.06) },
  };
  console.log(`\ntargets: 1 wrong entry ≤ 2% of 2P: worst ${fmt(100 * targets.oneBug.worst)}% (${targets.oneBug.met ? "met" : "NOT met"}); 3 wrong entries ≤ 6%: worst ${fmt(100 * targets.threeBugs.worst)}% (${targets.threeBugs.met ? "met" : "NOT met"})`);
  console.log(`time: full check ${fmt(fullSeconds)} s, findWrongEntries (1 wrong entry, median) ${fmt(median(single.map((o) => o.seconds)))} s, directional check ${fmt(dirMs / 1000)} s`);
  results.localize = { P, cases: out, fullCheck: { status: full.status, evaluations: full.evaluations, seconds: fullSeconds }, directional: { status: dir.status, evaluations: dir.evaluations, seconds: dirMs / 1000 }, targets };
}

/**
 * gradCheckAsync against gradCheck at P = 1000, the same loss with its value returned
 * through a Promise (async (v) => f(v)): the async check runs the sync check's own steps
 * with each value awaited (lib/check/steps.ts), so its evaluations and verdicts are the
 * same and its extra cost is one await per call. Measured in alternating pairs (sync,
 * async, sync, …) like section 1; the median of the per-pair ratios, and each side's median.
 */
async function asyncCheck() {
  console.log("\n[2c] gradCheckAsync against gradCheck at P = 1000, in alternating pairs");
  const P = 1000;
  const cases: Array<{ loss: string; f: (v: Float64Array) => number; g: Float64Array; w: Float64Array }> = [];
  const lin = linearProblem(M, P);
  cases.push({ loss: "linear regression, m = 400", f: lin.f, g: lin.g(lin.w), w: lin.w });
  const cheap = cheapProblem(P);
  cases.push({ loss: "cheap O(P): Σ (w − c)²", f: cheap.f, g: cheap.g, w: cheap.w });
  const rows: Array<Array<string | number>> = [];
  const out = [];
  for (const { loss, f, g, w } of cases) {
    progress(`async, ${loss}`);
    const fAsync = async (v: Float64Array) => f(v);
    const sync = gradCheck({ f, gradient: g, w });
    const asyncReport = await gradCheckAsync({ f: fAsync, gradient: g, w });
    const same = JSON.stringify(asyncReport.entries) === JSON.stringify(sync.entries) && asyncReport.evaluations === sync.evaluations;
    const runSync = () => {
      const t0 = now();
      gradCheck({ f, gradient: g, w });
      return now() - t0;
    };
    const runAsync = async () => {
      const t0 = now();
      await gradCheckAsync({ f: fAsync, gradient: g, w });
      return now() - t0;
    };
    // Warm-up of at least 30 ms each (the JIT); batches of at least 30 ms for the cheap loss.
    const batch = Math.max(1, Math.ceil(30 / Math.max(runSync(), 0.01)));
    for (let t0 = now(); now() - t0 < 30; ) await runAsync();
    const ratios: number[] = [];
    const syncMs: number[] = [];
    const asyncMs: number[] = [];
    for (let k = 0; k < (QUICK ? 3 : 7); k++) {
      let a = 0;
      let b = 0;
      for (let j = 0; j < batch; j++) a += runSync();
      for (let j = 0; j < batch; j++) b += await runAsync();
      syncMs.push(a / batch);
      asyncMs.push(b / batch);
      ratios.push(b / a);
    }
    const ratio = median(ratios);
    const [sMs, aMs] = [median(syncMs), median(asyncMs)];
    rows.push([loss, sync.evaluations, asyncReport.evaluations, same ? "yes" : "NO", sMs, aMs, ratio, ((aMs - sMs) * 1000) / sync.evaluations]);
    out.push({ P, loss, syncEvaluations: sync.evaluations, asyncEvaluations: asyncReport.evaluations, sameEntries: same, syncMs: sMs, asyncMs: aMs, ratio, extraMicrosecondsPerEvaluation: ((aMs - sMs) * 1000) / sync.evaluations });
  }
  table("", ["loss", "evaluations (sync)", "evaluations (async)", "same entries", "gradCheck (ms)", "gradCheckAsync (ms)", "ratio (median of pairs)", "extra µs per evaluation"], rows);
  results.async = out;
}

/**
 * What refinement costs: loss evaluations beyond the 2·P of the first step, on a
 * passing problem, a failing one (a back-pass with a flipped sign everywhere, and one
 * with a single entry off by 1%) and undecided ones (the same loss plus a constant
 * 1e8, whose rounding needs longer steps; the loss rounded to float32). Evaluation
 * counts are exact and do not vary between runs; times are medians.
 */
function refinement() {
  console.log("\n[3/7] What refinement costs: loss evaluations beyond the first step's 2·P, m = 400");
  const sizes = QUICK ? [6, 100] : [6, 100, 1000];
  const rows: Array<Array<string | number>> = [];
  const out = [];
  for (const P of sizes) {
    progress(`refinement, P = ${P}`);
    const { f, g, w } = linearProblem(M, P);
    const a = g(w);
    const flipped = a.map((x) => -x);
    const oneOff = Float64Array.from(a);
    oneOff[P >> 1] *= 1.01;
    const problems: Array<[string, (v: Float64Array) => number, Float64Array]> = [
      ["correct", f, a],
      ["sign flipped everywhere", f, flipped],
      ["one entry 1% off", f, oneOff],
      ["correct, loss + 1e8", (v) => 1e8 + f(v), a],
      ["correct, loss in float32", (v) => Math.fround(f(v)), a],
    ];
    const evalMs = timeIt(() => f(w));
    for (const [name, loss, gradientValue] of problems) {
      const t0 = now();
      const report = gradCheck({ f: loss, gradient: gradientValue, w });
      // At P = 1000 one run is seconds long: its own time is the figure (the counts are exact either way).
      const ms = P >= 1000 ? now() - t0 : timeIt(() => gradCheck({ f: loss, gradient: gradientValue, w }), { samples: QUICK ? 3 : 7, minMs: 30 });
      const refined = report.entries.filter((e) => e.numeric !== e.numericAtFirstStep || e.status !== "passed").length;
      const perEntry = refined > 0 ? (report.extraEvaluations - (report.noise?.evaluations ?? 0)) / refined : 0;
      const counts = { passed: 0, failed: 0, inconclusive: 0 };
      for (const e of report.entries) counts[e.status]++;
      const statuses = `${counts.passed}/${counts.failed}/${counts.inconclusive}`;
      rows.push([P, name, statuses, report.evaluations, report.extraEvaluations, report.noise?.evaluations ?? 0, perEntry, report.evaluations / (2 * P), ms / (2 * P * evalMs)]);
      out.push({ P, problem: name, status: report.status, passed: counts.passed, failed: counts.failed, inconclusive: counts.inconclusive, evaluations: report.evaluations, extraEvaluations: report.extraEvaluations, noiseEvaluations: report.noise?.evaluations ?? 0, extraPerRefinedEntry: perEntry, evaluationRatio: report.evaluations / (2 * P), timeRatio: ms / (2 * P * evalMs) });
    }
  }
  table("", ["P", "problem", "passed/failed/inconclusive", "evaluations", "extra", "of them noise", "extra per refined entry", "evaluations / 2P", "time / (2P·eval)"], rows);
  results.refinement = out;
}

function flops() {
  console.log("\n[4/7] The loss evaluation itself: GFlop/s of the linear-regression cost (2·m·P flops), m = 400");
  const sizes = QUICK ? [6, 100, 1000] : [6, 100, 1000, 10000];
  const rows: Array<Array<string | number>> = [];
  const out = [];
  for (const P of sizes) {
    progress(`loss evaluation, P = ${P}`);
    const { X, y, w } = linearProblem(M, P);
    const nested = Array.from({ length: M }, (_, i) => Array.from(X.data.subarray(i * P, (i + 1) * P)));
    const yArr = Array.from(y);
    const wArr = Array.from(w);
    const gflops = (ms: number) => (2 * M * P) / (ms * 1e6);
    const lib = timeIt(() => cost(X, y, w));
    const naive = timeIt(() => costNaive(X, y, w));
    const unrolled = timeIt(() => costUnrolled(X, y, w));
    const plain = timeIt(() => costNested(nested, yArr, wArr));
    const tensor = costTensor(X, y);
    const tf = timeIt(() => tensor.evaluate(w), { samples: QUICK ? 3 : 7 });
    tensor.dispose();
    rows.push([P, gflops(lib), gflops(naive), gflops(unrolled), gflops(plain), gflops(tf)]);
    out.push({
      P,
      gflops: { lib: gflops(lib), dependentChain: gflops(naive), fourAccumulators: gflops(unrolled), numberArrays: gflops(plain), tfjsTensor: gflops(tf) },
      microseconds: { lib: lib * 1000, dependentChain: naive * 1000, fourAccumulators: unrolled * 1000, numberArrays: plain * 1000, tfjsTensor: tf * 1000 },
    });
  }
  table("GFlop/s", ["P", "lib cost", "1 accumulator", "4 accumulators", "number[][]", "tfjs (float32)"], rows);
  results.lossEvaluation = out;
}

function growth() {
  console.log("\n[5/7] Cost against size (m = 400)");
  const full = QUICK ? [6, 20, 50, 100, 200] : [6, 20, 50, 100, 200, 500, 1000];
  const directional = QUICK ? [6, 100, 200, 1000] : [6, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
  const fullOut: Array<{ P: number; ms: number; evaluations: number; msPerEvaluation: number; floorMs: number }> = [];
  const dirOut: Array<{ P: number; ms: number; evaluations: number; msPerEvaluation: number }> = [];
  for (const P of full) {
    progress(`full check, P = ${P}`);
    const { f, g, w } = linearProblem(M, P);
    const ms = timeIt(() => gradCheck({ f, gradient: g, w }), { samples: QUICK ? 3 : P >= 1000 ? 3 : 7, minMs: 30 });
    const evalMs = timeIt(() => f(w));
    fullOut.push({ P, ms, evaluations: 2 * P, msPerEvaluation: ms / (2 * P), floorMs: 2 * P * evalMs });
  }
  for (const P of directional) {
    progress(`directional check (k = 10), P = ${P}`);
    const { f, g, w } = linearProblem(M, P);
    const ms = timeIt(() => directionalCheck({ f, gradient: g, w, directions: 10, seed: 1 }), { samples: QUICK ? 3 : 7, minMs: 30 });
    dirOut.push({ P, ms, evaluations: 20, msPerEvaluation: ms / 20 });
  }
  // The network: 5 → h → 1 (tanh), P = 7h + 1, on 400 rows.
  const hidden = QUICK ? [7, 30, 140] : [7, 30, 70, 140, 300, 700, 1428];
  const netOut = [];
  const rand = seededRandom(3);
  const X: Matrix = { rows: M, cols: 5, data: Float64Array.from({ length: M * 5 }, () => rand() * 2 - 1) };
  const y = Float64Array.from({ length: M }, () => rand());
  for (const h of hidden) {
    const spec: NetworkSpec = { sizes: [5, h, 1], activations: ["tanh", "identity"], loss: "mse" };
    const P = parameterCount(spec);
    progress(`network 5→${h}→1, P = ${P}`);
    const theta = initNetwork(spec, 1);
    const f = (t: Float64Array) => networkLoss(spec, t, X, y);
    const g = (t: Float64Array) => networkGradient(spec, t, X, y);
    const evalMs = timeIt(() => f(theta), { samples: QUICK ? 3 : 7 });
    const dirMs = timeIt(() => directionalCheck({ f, gradient: g, w: theta, directions: 10, seed: 1 }), { samples: QUICK ? 3 : 5, minMs: 30 });
    const fullMs = P <= 300 ? timeIt(() => gradCheck({ f, gradient: g, w: theta }), { samples: 3, minMs: 10 }) : NaN;
    netOut.push({ P, hidden: h, evalMs, directionalMs: dirMs, fullMs: Number.isNaN(fullMs) ? null : fullMs });
  }
  table("Full central check (linear regression)", ["P", "median ms", "evaluations", "ms / evaluation", "floor 2P·eval (ms)"], fullOut.map((r) => [r.P, r.ms, r.evaluations, r.msPerEvaluation, r.floorMs]));
  table("Directional check, k = 10 (linear regression)", ["P", "median ms", "evaluations", "ms / evaluation"], dirOut.map((r) => [r.P, r.ms, r.evaluations, r.msPerEvaluation]));
  table("Network 5→h→1", ["P", "one eval (ms)", "directional (ms)", "full (ms)"], netOut.map((r) => [r.P, r.evalMs, r.directionalMs, r.fullMs ?? "-"]));
  const exponents = {
    full: { fitted: exponent(fullOut.slice(-4).map((r) => r.P), fullOut.slice(-4).map((r) => r.ms)), expected: 2 },
    directional: { fitted: exponent(dirOut.slice(-5).map((r) => r.P), dirOut.slice(-5).map((r) => r.ms)), expected: 1 },
    networkDirectional: { fitted: exponent(netOut.slice(-4).map((r) => r.P), netOut.slice(-4).map((r) => r.directionalMs)), expected: 1 },
  };
  table("Growth exponents (slope of log time against log P)", ["check", "fitted", "expected"], [
    ["full, 4 largest P", exponents.full.fitted, 2],
    ["directional, 5 largest P", exponents.directional.fitted, 1],
    ["network directional, 4 largest P", exponents.networkDirectional.fitted, 1],
  ]);
  const both = fullOut.filter((r) => dirOut.some((d) => d.P === r.P));
  const largest = both[both.length - 1].P;
  const ratio = (both[both.length - 1].ms) / (dirOut.find((d) => d.P === largest) as { ms: number }).ms;
  console.log(`\nFull / directional time at P = ${largest}: ${fmt(ratio)} (evaluations: ${2 * largest} / 20 = ${(2 * largest) / 20})`);
  results.growth = { full: fullOut, directional: dirOut, network: netOut, exponents, fullOverDirectional: { P: largest, ratio } };
}

async function article() {
  console.log("\n[6/7] The article's own problem: Auto MPG, 5 features + bias, INIT, e = 1e-4");
  const { X, y, INIT, names } = await articleProblem(join(ROOT, "data", "auto-mpg.csv"));
  const f = (w: Float64Array) => cost(X, y, w);
  const g = (w: Float64Array) => gradient(X, y, w);
  const ms = timeIt(() => gradCheck({ f, gradient: g, w: INIT, names }), { samples: 21 });
  console.log(`full gradCheck: median ${fmt(ms * 1000)} µs (12 loss evaluations on ${X.rows} rows)`);
  results.article = { microseconds: ms * 1000, rows: X.rows, parameters: INIT.length };
}

function workbook() {
  console.log("\n[7/7] The workbook through the real tslab kernel (nbclient)");
  const py = spawnSync(process.execPath, [join(ROOT, "scripts", "jupyter.mjs"), "python", "bench/workbook.py", ...(QUICK ? ["--quick"] : [])], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (py.status !== 0) throw new Error(`bench/workbook.py failed with exit code ${py.status}`);
  const data = JSON.parse(py.stdout.trim().split("\n").pop() as string);
  table("Notebooks", ["notebook", "code cells", "seconds"], data.notebooks.map((n: { name: string; cells: number; seconds: number }) => [n.name, n.cells, n.seconds]));
  console.log(`\nkernel start-up: median ${fmt(data.kernelStartSeconds)} s`);
  console.log(`trivial cell, warm kernel: median ${fmt(data.trivialCellMs)} ms (tslab's per-cell compile)`);
  console.log(`gradCheck cell on the article's problem: median ${fmt(data.gradCheckCellMs)} ms`);
  console.log(`whole workbook: ${fmt(data.totalSeconds)} s for ${data.notebooks.length} notebooks`);
  results.workbook = data;
}

async function main() {
  const started = now();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  console.log(`npm run bench${QUICK ? " (quick)" : ""}: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  results.machine = machine;
  results.date = new Date().toISOString();
  results.quick = QUICK;
  if (wanted("overhead")) overhead();
  if (wanted("large")) await large();
  if (wanted("async")) await asyncCheck();
  if (wanted("localize")) await localize();
  if (wanted("refinement")) refinement();
  if (wanted("flops")) flops();
  if (wanted("growth")) growth();
  if (wanted("article")) await article();
  if (WORKBOOK && wanted("workbook")) workbook();
  results.totalSeconds = (now() - started) / 1000;
  if (ONLY !== null) {
    console.log(`\n--only ${ONLY.join(",")}: done in ${fmt(results.totalSeconds as number)} s; results.json not written`);
    return;
  }
  // A quick run never replaces the committed full results.
  const stem = QUICK ? "results-quick" : "results";
  writeFileSync(join(ROOT, "bench", `${stem}.json`), JSON.stringify(results, null, 2) + "\n");
  const { writeChart } = await import("./chart");
  writeChart(join(ROOT, "bench", `${stem}.html`), results);
  console.log(`\nwrote bench/${stem}.json and bench/${stem}.html in ${fmt(results.totalSeconds as number)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
