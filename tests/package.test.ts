// ngc as a real package: `npm pack`, install the tarball into an empty project, and
// there require it, import it, import ngc/check, type-check a consumer under three
// module resolutions without @types/node, and bundle ngc/check for the browser.
import { execFileSync } from "child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { runInNewContext } from "vm";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const ESBUILD = join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "esbuild.cmd" : "esbuild");
let tmp = "";
let project = "";
let source = "";

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: project, encoding: "utf8" });
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "ngc-pack-"));
  // Pack a copy of lib/ without dist/, as a fresh clone has it, so that npm pack's
  // prepare script must build dist/ itself; the copy sits inside the project (in the
  // git-ignored test-results/) so that its build finds the project's TypeScript, and
  // the tests that use lib/dist meanwhile are left alone.
  source = join(ROOT, "test-results", `pack-src-${process.pid}`);
  rmSync(source, { recursive: true, force: true });
  cpSync(join(ROOT, "lib"), source, { recursive: true, filter: (from) => !from.includes(`${join(ROOT, "lib", "dist")}`) });
  execFileSync(NPM, ["pack", "--pack-destination", tmp, "--silent"], { cwd: source, encoding: "utf8" });
  const tarball = readdirSync(tmp).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${tmp}`);
  project = join(tmp, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  execFileSync(NPM, ["install", join(tmp, tarball), "--no-audit", "--no-fund", "--silent"], { cwd: project, encoding: "utf8" });
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (source) rmSync(source, { recursive: true, force: true });
});

describe("the packed ngc, installed in an empty project", () => {
  it("require('ngc') and require('ngc/check') give the same checker", () => {
    const out = node(["-e", "const n = require('ngc'); const c = require('ngc/check'); console.log(JSON.stringify([typeof c.gradCheck, n.gradCheck === c.gradCheck, n.GradCheckError === c.GradCheckError]))"]);
    expect(JSON.parse(out)).toEqual(["function", true, true]);
  });

  it("import works for ngc and ngc/check, and instanceof GradCheckError holds across import and require", () => {
    writeFileSync(
      join(project, "both.mjs"),
      [
        'import { gradCheck, GradCheckError, assertGradients } from "ngc/check";',
        'import * as ngc from "ngc";',
        'import { createRequire } from "node:module";',
        "const cjs = createRequire(import.meta.url)('ngc/check');",
        "let error;",
        "try { gradCheck({ f: (w) => w[0], gradient: [1, 2], w: [1] }); } catch (e) { error = e; }",
        "const report = gradCheck({ f: (w) => w[0] ** 2, gradient: (w) => [2 * w[0]], w: [1] });",
        "console.log(JSON.stringify([error instanceof cjs.GradCheckError, error instanceof GradCheckError, ngc.gradCheck === gradCheck, report.status, typeof assertGradients]));",
      ].join("\n"),
    );
    expect(JSON.parse(node(["both.mjs"]))).toEqual([true, true, true, "passed", "function"]);
  });

  it("a consumer of ngc/check type-checks without @types/node (types: [], skipLibCheck: false) under node10, node16 and bundler", () => {
    const source = [
      'import { gradCheck, assertGradients, GradCheckReport, Status, ReasonCode } from "ngc/check";',
      "const report: GradCheckReport = gradCheck({ f: (w) => w[0] ** 2, gradient: (w) => [2 * w[0]], w: [1] });",
      "const status: Status = report.status;",
      "const codes: (ReasonCode | undefined)[] = report.entries.map((e) => e.reason?.code);",
      "assertGradients({ f: (w) => w[0] ** 2, gradient: (w) => [2 * w[0]], w: [1], allowInconclusive: true });",
      "export { status, codes };",
    ].join("\n");
    writeFileSync(join(project, "consumer.ts"), source);
    writeFileSync(join(project, "consumer.mts"), source);
    const settings: Array<[string, Record<string, unknown>, string]> = [
      ["node10", { module: "commonjs", moduleResolution: "node10" }, "consumer.ts"],
      ["node16 (CommonJS)", { module: "node16", moduleResolution: "node16" }, "consumer.ts"],
      ["node16 (ES module)", { module: "node16", moduleResolution: "node16" }, "consumer.mts"],
      ["bundler", { module: "esnext", moduleResolution: "bundler" }, "consumer.ts"],
    ];
    for (const [name, options, file] of settings) {
      const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ["ES2020"], target: "ES2020", ...options }, files: [file] };
      writeFileSync(join(project, "tsconfig.json"), JSON.stringify(config));
      let out = "";
      try {
        out = execFileSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: project, encoding: "utf8" });
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? e);
      }
      expect(out, name).toBe("");
    }
  });

  it("ngc/check bundles for the browser (no Node built-in), and the bundle runs where neither require nor process exists", () => {
    writeFileSync(
      join(project, "entry.mjs"),
      'import { gradCheck } from "ngc/check";\nconsole.log(gradCheck({ f: (w) => Math.max(0, w[0]) + w[1] ** 2, gradient: (w) => [0, 2 * w[1]], w: [0, 1] }).verdict);\n',
    );
    execFileSync(ESBUILD, ["entry.mjs", "--bundle", "--platform=browser", "--format=iife", "--outfile=bundle.js", "--log-level=error"], { cwd: project });
    // A fresh V8 context holds only what we give it: console, as a browser page has.
    const lines: string[] = [];
    runInNewContext(readFileSync(join(project, "bundle.js"), "utf8"), { console: { log: (line: string) => lines.push(line) } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Gradient check INCONCLUSIVE: 1 of 2 parameters cannot be decided \(kink\)/);
  });
});
