// The checker as a real package, `gradcheck`, tested the way a new user meets it.
//   1. A fresh copy of lib/check/ alone (no dist/, no version.ts, outside this project, so
//      nothing of the workbook is in reach) installs its devDependencies, then `npm pack`
//      builds and packs it, and `npm publish --dry-run` is clean.
//   2. One consumer project installs that tarball, with Jest and Vitest from the registry
//      (once, for all the tests below). There: require and import of every entry, instanceof
//      across the two, tsc under node10, node16, nodenext and bundler without @types/node,
//      esbuild bundles (one function against the whole, and a browser bundle that runs
//      where neither require nor process exists), and the README's test for each of Vitest,
//      Jest and node:test, each of which must print the verdict and the failing entry.
import { execFileSync, spawnSync } from "child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { createRequire } from "module";
import { runInNewContext } from "vm";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { gzipSync } from "zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const CHECK = join(ROOT, "lib", "check");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const ESBUILD = join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "esbuild.cmd" : "esbuild");
const README = readFileSync(join(CHECK, "README.md"), "utf8");
const PKG = JSON.parse(readFileSync(join(CHECK, "package.json"), "utf8"));
const NPM_QUIET = ["--no-audit", "--no-fund", "--prefer-offline"];

let tmp = "";
let source = "";
let project = "";
let tarball = "";
let packed: { files: Array<{ path: string }>; entryCount: number };
let publish = { status: -1 as number | null, stderr: "" };

function npm(args: string[], cwd: string): string {
  return execFileSync(NPM, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: project, encoding: "utf8" });
}

/** Runs a command in the consumer project and returns its exit code and all its output. */
function run(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd: project, encoding: "utf8", env: { ...process.env, CI: "1", NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** The README's code block whose first line is `// <file>: <runner> ...`. */
function readmeTest(file: string): string {
  const block = [...README.matchAll(/```(?:ts|js)\n(\/\/ ([^:\n]+): [^\n]*\n[\s\S]*?)```/g)].find((m) => m[2] === file);
  if (!block) throw new Error(`lib/check/README.md has no code block that starts with "// ${file}:"`);
  return block[1];
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "gradcheck-pack-"));
  // 1. The package's folder as a fresh clone has it: its sources and files, no build output.
  source = join(tmp, "gradcheck");
  cpSync(CHECK, source, {
    recursive: true,
    filter: (from) => !/[\\/](dist|node_modules)([\\/]|$)|[\\/]version\.ts$|\.tgz$/.test(from.slice(CHECK.length)),
  });
  npm(["install", ...NPM_QUIET, "--silent"], source);
  const out = npm(["pack", "--json", "--pack-destination", tmp], source);
  // The prepare script's own lines come first on stdout; the JSON report follows.
  packed = JSON.parse(out.slice(out.indexOf("\n[") + 1))[0];
  tarball = join(tmp, (packed as unknown as { filename: string }).filename);
  const r = spawnSync(NPM, ["publish", "--dry-run"], { cwd: source, encoding: "utf8" });
  publish = { status: r.status, stderr: r.stderr };

  // 2. One consumer project for every test below.
  project = join(tmp, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  npm(["install", tarball, "jest@30", "vitest@4.1.12", ...NPM_QUIET, "--silent"], project);
}, 600_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("gradcheck, built from a fresh copy of lib/check/ alone", () => {
  it("npm pack built it there (its prepare script, with its own devDependency typescript)", () => {
    expect(existsSync(join(source, "node_modules", "typescript", "package.json"))).toBe(true);
    for (const f of ["dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/esm/index.mjs", "dist/esm/index.d.mts", "version.ts"]) {
      expect(existsSync(join(source, f)), f).toBe(true);
    }
    expect(PKG.dependencies ?? {}).toEqual({});
    expect(Object.keys(PKG.devDependencies)).toEqual(["typescript"]);
  });

  it("the tarball holds only the checker: its builds, types, source maps, README, LICENSE, CHANGELOG", () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const f of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/cjs/index.js.map", "dist/esm/index.mjs", "dist/esm/index.d.mts", "dist/esm/index.mjs.map"]) {
      expect(files).toContain(f);
    }
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/cjs\/[a-z0-9]+\.(js|d\.ts|js\.map)|dist\/esm\/[a-z0-9]+\.(mjs|d\.mts|mjs\.map))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    // Every built file comes from a source file of the checker; none from the workbook.
    const sources = new Set(readdirSync(CHECK).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, "")));
    const built = new Set(files.filter((f) => f.startsWith("dist/")).map((f) => f.replace(/^dist\/(cjs|esm)\//, "").replace(/\..*$/, "")));
    expect([...built].filter((b) => !sources.has(b))).toEqual([]);
    for (const workbookFile of ["figures", "plot", "capstone", "bughunt", "data", "display", "network", "model"]) expect(built.has(workbookFile)).toBe(false);
  });

  it("npm publish --dry-run is clean: exit 0, and no warning but the one that nobody is logged in", () => {
    expect(publish.status).toBe(0);
    const warnings = publish.stderr.split("\n").filter((l) => /npm (warn|error)/i.test(l) && !/requires you to be logged in/.test(l));
    expect(warnings).toEqual([]);
    for (const field of ["repository", "keywords", "engines", "license", "sideEffects"]) expect(PKG[field], field).toBeDefined();
    expect(PKG.sideEffects).toBe(false);
  });
});

describe("gradcheck, installed from the tarball in an empty project", () => {
  const entries = (): string[] =>
    Object.keys(JSON.parse(readFileSync(join(project, "node_modules", "gradcheck", "package.json"), "utf8")).exports)
      .filter((k) => k !== "./package.json")
      .map((k) => (k === "." ? "gradcheck" : `gradcheck/${k.slice(2)}`));

  it("require and import of every entry give the same names, no default export, and the version of package.json", () => {
    writeFileSync(
      join(project, "entries.mjs"),
      [
        'import { createRequire } from "node:module";',
        "const require = createRequire(import.meta.url);",
        "const out = {};",
        `for (const entry of ${JSON.stringify(entries())}) {`,
        "  const esm = await import(entry);",
        "  const cjs = require(entry);",
        "  const names = (o) => Object.keys(o).filter((k) => k !== '__esModule').sort();",
        "  const layers = ['judgeProbes', 'flatten', 'unflatten', 'selectIndices', 'vjpCheck', 'jvpCheck', 'hvpCheck', 'gradCheckAsync', 'vjpCheckAsync', 'jvpCheckAsync', 'hvpCheckAsync', 'findWrongEntries', 'findWrongEntriesAsync'];",
        "  out[entry] = { same: JSON.stringify(names(esm)) === JSON.stringify(names(cjs)), count: names(esm).length, esmDefault: 'default' in esm, cjsDefault: 'default' in cjs, version: esm.version, cjsVersion: cjs.version, layers: layers.every((n) => typeof esm[n] === 'function' && typeof cjs[n] === 'function') };",
        "}",
        "console.log(JSON.stringify(out));",
      ].join("\n"),
    );
    const out = JSON.parse(node(["entries.mjs"]));
    expect(Object.keys(out)).toEqual(["gradcheck", "gradcheck/tfjs"]);
    // The engine and the layer checks are functions in both formats.
    expect(out.gradcheck).toMatchObject({ same: true, esmDefault: false, cjsDefault: false, version: PKG.version, cjsVersion: PKG.version, layers: true });
    expect(out.gradcheck.count).toBeGreaterThan(40);
    // The TensorFlow.js adapter: its own names only, loaded without tfjs installed (it imports none).
    expect(out["gradcheck/tfjs"]).toMatchObject({ same: true, esmDefault: false, cjsDefault: false, count: 5 });
  });

  it("gradcheck/tfjs loads by require and by import, and checks with the tf the caller passes (the workbook's tfjs 4)", () => {
    // The workbook's @tensorflow/tfjs 4 (its Node bundle registers the op gradients), loaded by its path:
    // the consumer project has no tfjs of its own.
    const tfjs = createRequire(join(ROOT, "package.json")).resolve("@tensorflow/tfjs");
    writeFileSync(
      join(project, "tfjs.mjs"),
      [
        'import { createRequire } from "node:module";',
        "const require = createRequire(import.meta.url);",
        `const tf = require(${JSON.stringify(tfjs)});`,
        "tf.enableProdMode();",
        "await tf.setBackend('cpu');",
        "const esm = await import('gradcheck/tfjs');",
        "const cjs = require('gradcheck/tfjs');",
        "const x = tf.tensor1d([0.3, -1.2, 0.8]);",
        "const out = {};",
        "for (const [name, m] of [['esm', esm], ['cjs', cjs]]) {",
        "  const before = tf.memory().numTensors;",
        "  const ok = m.tfGradCheck(tf, { f: (t) => tf.tanh(t), x });",
        "  const wrong = m.tfGradCheck(tf, { f: (t) => tf.tanh(t), x, vjp: ([t], dy) => [tf.mul(1.01, tf.grads((u) => tf.tanh(u))([t], dy)[0])] });",
        "  out[name] = [ok.status, wrong.status, tf.memory().numTensors - before];",
        "}",
        "console.log(JSON.stringify(out));",
      ].join("\n"),
    );
    expect(JSON.parse(node(["tfjs.mjs"]))).toEqual({ esm: ["passed", "failed", 0], cjs: ["passed", "failed", 0] });
    // tfjs is an optional peer: installing the tarball did not install it.
    expect(existsSync(join(project, "node_modules", "@tensorflow"))).toBe(false);
    expect(PKG.peerDependenciesMeta["@tensorflow/tfjs-core"].optional).toBe(true);
  });

  it("the layer checks and the async forms run in CommonJS and in ES modules, with the same reports", () => {
    const script = (load: string) =>
      [
        load,
        "const x = { x: [0.4, -1.2, 0.9], W: { data: [0.5, -0.2, 0.1, 0.7, 0.3, -0.9], shape: [2, 3] } };",
        "const f = (p) => [0, 1].map((i) => Math.tanh(p.x.reduce((s, v, j) => s + p.W.data[i * 3 + j] * v, 0)));",
        "const vjp = (p, dy) => { const y = f(p); const dz = y.map((v, i) => dy[i] * (1 - v * v)); return { x: p.x.map((_, j) => dz.reduce((s, d, i) => s + d * p.W.data[i * 3 + j], 0)), W: { data: dz.flatMap((d) => p.x.map((v) => d * v)), shape: [2, 3] } }; };",
        "const bug = (p, dy) => { const g = vjp(p, dy); return { ...g, W: { data: g.W.data.map((v, k) => (k === 4 ? -v : v)), shape: [2, 3] } }; };",
        "const jvp = (p, d) => f(p).map((v, i) => (1 - v * v) * p.x.reduce((s, xj, j) => s + p.W.data[i * 3 + j] * d.x[j] + d.W.data[i * 3 + j] * xj, 0));",
        "const hvp = g.hvpCheck({ gradient: (w) => [w[1], w[0] + 2 * w[1]], hvp: (_w, u) => [u[1], u[0] + 2 * u[1]], w: [0.5, -0.7] });",
        "(async () => {",
        "  const a = await g.vjpCheckAsync({ f: async (p) => f(p), vjp: async (p, dy) => bug(p, dy), x });",
        "  const b = await g.gradCheckAsync({ f: async (w) => w[0] * w[0], gradient: [1.2], w: [0.6] });",
        "  const quad = (w) => w.reduce((s, v, i) => s + (i + 1) * v * v, 0);",
        "  const wq = Array.from({ length: 64 }, (_, i) => Math.sin(i));",
        "  const gq = wq.map((v, i) => 2 * (i + 1) * v * (i === 37 ? 1.01 : 1));",
        "  const c = g.findWrongEntries({ f: quad, gradient: gq, w: wq, seed: 1 });",
        "  const d = await g.findWrongEntriesAsync({ f: async (w) => quad(w), gradient: gq, w: wq, seed: 1 });",
        "  console.log(JSON.stringify({ flat: g.flatten(x).names, vjp: g.vjpCheck({ f, vjp, x }).status, bug: g.vjpCheck({ f, vjp: bug, x }).failures.map((e) => e.name), jvp: g.jvpCheck({ f, jvp, x }).status, hvp: hvp.status, async: a.failures.map((e) => e.name), gradAsync: b.status, found: c.found.map((e) => e.name), foundAsync: d.found.map((e) => e.name) }));",
        "})();",
      ].join("\n");
    writeFileSync(join(project, "layers.cjs"), script('const g = require("gradcheck");'));
    writeFileSync(join(project, "layers.mjs"), script('import * as g from "gradcheck";'));
    const cjs = JSON.parse(node(["layers.cjs"]));
    expect(JSON.parse(node(["layers.mjs"]))).toEqual(cjs);
    expect(cjs).toEqual({ flat: ["x[0]", "x[1]", "x[2]", "W[0,0]", "W[0,1]", "W[0,2]", "W[1,0]", "W[1,1]", "W[1,2]"], vjp: "passed", bug: ["W[1,1]"], jvp: "passed", hvp: "passed", async: ["W[1,1]"], gradAsync: "passed", found: ["w37"], foundAsync: ["w37"] });
  });

  it("the ES-module entry is a real ES-module build, not a facade over the CommonJS one", () => {
    const index = readFileSync(join(project, "node_modules", "gradcheck", "dist", "esm", "index.mjs"), "utf8");
    expect(index).not.toMatch(/\.js["']|require\(/);
    expect(index).toMatch(/from "\.\/gradcheck\.mjs"/);
  });

  it("instanceof of GradCheckError, DataError and GradientAssertionError holds across import and require, both ways", () => {
    writeFileSync(
      join(project, "errors.mjs"),
      [
        'import * as esm from "gradcheck";',
        'import { createRequire } from "node:module";',
        "const cjs = createRequire(import.meta.url)('gradcheck');",
        "const caught = (fn) => { try { fn(); } catch (e) { return e; } throw new Error('did not throw'); };",
        "const out = {};",
        "for (const [from, other] of [[esm, cjs], [cjs, esm]]) {",
        "  const side = from === esm ? 'thrown by import' : 'thrown by require';",
        "  const grad = caught(() => from.numericalGradient((w) => w[0], [1], { eps: 0 }));",
        "  const data = caught(() => from.subtract([1], [1, 2]));",
        "  const assertion = caught(() => from.assertGradients({ f: (w) => w[0] ** 2, gradient: () => [5], w: [1] }));",
        "  out[side] = [grad instanceof other.GradCheckError, data instanceof other.DataError, assertion instanceof other.GradientAssertionError, assertion.name];",
        "}",
        "console.log(JSON.stringify(out));",
      ].join("\n"),
    );
    expect(JSON.parse(node(["errors.mjs"]))).toEqual({
      "thrown by import": [true, true, true, "GradientAssertionError"],
      "thrown by require": [true, true, true, "GradientAssertionError"],
    });
  });

  it("a consumer type-checks without @types/node (types: [], skipLibCheck: false) under node10, node16, nodenext and bundler", () => {
    const code = [
      'import { gradCheck, assertGradients, numericalGradient, cexp, csin, Complex, complexStepDerivative, GradientAssertionError, version } from "gradcheck";',
      'import type { GradCheckReport, Status, ReasonCode, Loss } from "gradcheck";',
      "// The adapter's subpath resolves under every setting (node10 through typesVersions).",
      'import { tfGradCheck, TFJS_RTOL } from "gradcheck/tfjs";',
      'import type { TfNamespace, TfGradCheckOptions } from "gradcheck/tfjs";',
      "const adapter: [typeof tfGradCheck, number, TfNamespace | undefined, TfGradCheckOptions | undefined] = [tfGradCheck, TFJS_RTOL, undefined, undefined];",
      "const report: GradCheckReport = gradCheck({ f: (w) => w[0] ** 2, gradient: (w) => [2 * w[0]], w: [1] });",
      "const status: Status = report.status;",
      "const codes: (ReasonCode | undefined)[] = report.entries.map((e) => e.reason?.code);",
      "assertGradients({ f: (w) => w.reduce((s, x) => s + x * x, 0), gradient: (w) => w.map((x) => 2 * x), w: new Float32Array([1, 2]), allowInconclusive: true });",
      "// A loss declared on ArrayLike<number> is a Loss; the checker passes it a Float64Array.",
      "const arrayLike: Loss = (w: ArrayLike<number>) => w[0] * w[1];",
      "numericalGradient(arrayLike, [1, 2]);",
      "// A loss declared on number[] is not: w is a Float64Array, which has no push or concat.",
      "// @ts-expect-error",
      "const array: Loss = (w: number[]) => w.concat([1])[0];",
      "const slope: number = complexStepDerivative((z: Complex) => cexp(csin(z)), 0.5);",
      "const e: GradientAssertionError | undefined = undefined;",
      "export { status, codes, array, slope, e, version, adapter };",
    ].join("\n");
    // No default export in the types (as in the code): a default import must be an error.
    const noDefault = '// @ts-expect-error: gradcheck has no default export\nimport gradcheck from "gradcheck";\nexport { gradcheck };\n';
    for (const ext of ["ts", "mts"]) {
      writeFileSync(join(project, `consumer.${ext}`), code);
      writeFileSync(join(project, `no-default.${ext}`), noDefault);
    }
    const settings: Array<[string, Record<string, unknown>, string]> = [
      ["node10", { module: "commonjs", moduleResolution: "node10" }, "ts"],
      ["node16 (CommonJS)", { module: "node16", moduleResolution: "node16" }, "ts"],
      ["node16 (ES module)", { module: "node16", moduleResolution: "node16" }, "mts"],
      ["nodenext (CommonJS)", { module: "nodenext", moduleResolution: "nodenext" }, "ts"],
      ["nodenext (ES module)", { module: "nodenext", moduleResolution: "nodenext" }, "mts"],
      ["bundler", { module: "esnext", moduleResolution: "bundler" }, "ts"],
    ];
    // Where TypeScript models the module format as Node runs it, a default import is an error.
    // Under bundler and in a CommonJS file under node16/nodenext, esModuleInterop's synthetic
    // default lets it compile (TypeScript cannot rule it out from a .d.ts); the README says so.
    const strictDefault = new Set(["node10", "node16 (ES module)", "nodenext (ES module)"]);
    for (const [name, options, ext] of settings) {
      const files = [`consumer.${ext}`, ...(strictDefault.has(name) ? [`no-default.${ext}`] : [])];
      const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ["ES2020"], target: "ES2020", ...options }, files };
      writeFileSync(join(project, "tsconfig.json"), JSON.stringify(config));
      const r = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: project, encoding: "utf8" });
      expect(r.stdout + r.stderr, name).toBe("");
    }
  });

  it("tree-shakes: a bundle of numericalGradient alone is well under the whole, and the README gives both sizes", () => {
    const bundle = (name: string, code: string) => {
      writeFileSync(join(project, `${name}.mjs`), code);
      execFileSync(ESBUILD, [`${name}.mjs`, "--bundle", "--minify", "--format=esm", "--platform=browser", `--outfile=${name}.bundle.js`, "--log-level=error"], { cwd: project });
      const bytes = readFileSync(join(project, `${name}.bundle.js`));
      return { min: bytes.length, gzip: gzipSync(bytes).length };
    };
    const one = bundle("one", 'import { numericalGradient } from "gradcheck";\nconsole.log(numericalGradient((w) => w[0] ** 2, [1]));\n');
    const all = bundle("all", 'import * as gradcheck from "gradcheck";\nconsole.log(gradcheck);\n');
    console.log(`bundle sizes: numericalGradient ${one.min} B (${one.gzip} B gzip), everything ${all.min} B (${all.gzip} B gzip)`);
    // The core bundle holds nothing of the TensorFlow.js adapter (a subpath of its own).
    const everything = readFileSync(join(project, "all.bundle.js"), "utf8");
    expect(everything).not.toMatch(/tfGradCheck|tfVariablesCheck|variableGrads/);
    expect(one.min).toBeLessThan(all.min / 5);
    expect(one.gzip).toBeLessThan(all.gzip / 3);
    // The README's table: the sizes it states must be near what is measured now.
    for (const [label, size] of [["`numericalGradient` alone", one], ["everything (`import * as`)", all]] as const) {
      const row = README.match(new RegExp(`\\| ${label.replace(/[()*`]/g, "\\$&")} \\| ([\\d.]+) kB \\| ([\\d.]+) kB \\|`));
      expect(row, `README row for ${label}`).not.toBeNull();
      const [min, gzip] = [Number(row![1]) * 1000, Number(row![2]) * 1000];
      expect(Math.abs(min - size.min) / size.min, `${label}: README says ${min} B minified, measured ${size.min} B`).toBeLessThan(0.25);
      expect(Math.abs(gzip - size.gzip) / size.gzip, `${label}: README says ${gzip} B gzip, measured ${size.gzip} B`).toBeLessThan(0.25);
    }
  });

  it("bundles for the browser (no Node built-in), and the bundle runs where neither require nor process exists", () => {
    writeFileSync(
      join(project, "entry.mjs"),
      'import { gradCheck } from "gradcheck";\nconsole.log(gradCheck({ f: (w) => Math.max(0, w[0]) + w[1] ** 2, gradient: (w) => [0, 2 * w[1]], w: [0, 1] }).verdict);\n',
    );
    execFileSync(ESBUILD, ["entry.mjs", "--bundle", "--platform=browser", "--format=iife", "--outfile=bundle.js", "--log-level=error"], { cwd: project });
    // A fresh V8 context holds only what we give it: console, as a browser page has.
    const lines: string[] = [];
    runInNewContext(readFileSync(join(project, "bundle.js"), "utf8"), { console: { log: (line: string) => lines.push(line) } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Gradient check INCONCLUSIVE: 1 of 2 parameters cannot be decided \(kink\)/);
  });

  it("the layer checks and an abortable async check run from a browser bundle, with a browser's setTimeout and AbortController only", async () => {
    writeFileSync(
      join(project, "layers-entry.mjs"),
      [
        'import { flatten, unflatten, vjpCheck, jvpCheck, hvpCheck, gradCheckAsync } from "gradcheck";',
        "const p = flatten({ W: { data: [1, 2, 3, 4], shape: [2, 2] }, b: [5] });",
        "const tanh = (v) => v.map(Math.tanh);",
        "const d = (v, dy) => v.map((a, i) => dy[i] * (1 - Math.tanh(a) ** 2));",
        "console.log(p.names.join(' '), JSON.stringify(unflatten([0, 0, 0, 0, 9], { W: { data: [0, 0, 0, 0], shape: [2, 2] }, b: [0] }).b));",
        "console.log(vjpCheck({ f: tanh, vjp: d, x: [0.3, -1] }).status, jvpCheck({ f: tanh, jvp: d, x: [0.3, -1] }).status, hvpCheck({ gradient: (w) => [2 * w[0]], hvp: (_w, u) => [2 * u[0]], w: [1] }).status);",
        "const ac = new AbortController();",
        "let calls = 0;",
        "globalThis.done = gradCheckAsync({ f: async (w) => { if (++calls === 3) ac.abort(new Error('aborted at 3')); return w[0] * w[1]; }, gradient: [1, 1], w: [1, 1], signal: ac.signal, onProgress: () => {} })",
        "  .catch((e) => console.log(e.message, calls));",
      ].join("\n"),
    );
    execFileSync(ESBUILD, ["layers-entry.mjs", "--bundle", "--platform=browser", "--format=iife", "--outfile=layers-bundle.js", "--log-level=error"], { cwd: project });
    const lines: string[] = [];
    const context: Record<string, unknown> = { console: { log: (...a: unknown[]) => lines.push(a.join(" ")) }, setTimeout, AbortController };
    context.globalThis = context;
    runInNewContext(readFileSync(join(project, "layers-bundle.js"), "utf8"), context);
    await context.done;
    expect(lines).toEqual(["W[0,0] W[0,1] W[1,0] W[1,1] b[0] [9]", "passed passed passed", "aborted at 3 3"]);
  });

  describe("the README's test for each runner fails with the verdict and the failing entry", () => {
    const VERDICT = "Gradient check FAILED: 1 of 2 parameters off: b. Worst: b, relative error 0.5.";
    const ROW = /✗ b: \|a − n\| = 3 > tolerance 6\.00e-6 \(relative error 0\.5\); analytic -3, numeric -6 ± /;
    const runners: Array<[string, string, () => { status: number | null; out: string }]> = [
      ["Vitest", "loss.test.ts", () => run(process.execPath, [join(project, "node_modules", "vitest", "vitest.mjs"), "run", "vitest/loss.test.ts"])],
      ["Jest", "loss.test.js", () => run(process.execPath, [join(project, "node_modules", "jest", "bin", "jest.js"), "--ci", "jest/loss.test.js"])],
      ["node:test", "loss.test.mjs", () => run(process.execPath, ["--test", "node-test/loss.test.mjs"])],
    ];
    for (const [runner, file, go] of runners) {
      it(runner, () => {
        const dir = { Vitest: "vitest", Jest: "jest", "node:test": "node-test" }[runner]!;
        mkdirSync(join(project, dir), { recursive: true });
        writeFileSync(join(project, dir, file), readmeTest(file));
        const { status, out } = go();
        // SHOW_RUNNER_OUTPUT=1 prints what each runner printed (the README quotes Jest's).
        if (process.env.SHOW_RUNNER_OUTPUT) console.log(`=== ${runner}\n${out}`);
        expect(status, out).not.toBe(0);
        expect(out, out).toContain("GradientAssertionError");
        expect(out, out).toContain(VERDICT);
        expect(out, out).toMatch(ROW);
        expect(out, out).not.toMatch(/Expected value|Compared values have no visual difference/);
      });
    }
  });
});
