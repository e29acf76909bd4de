// The layout of lib/ by audience. The checker (lib/check/, the package `gradcheck`)
// imports nothing outside its folder and no Node built-in. The models (lib/models/)
// import the checker by its package name and nothing of the workbook. No file outside
// lib/check/ reaches into it by a path: the workbook's library uses the checker as any
// project that installs it does.
import { readdirSync, readFileSync } from "fs";
import { builtinModules } from "module";
import { join, resolve } from "path";
import { describe, expect, it } from "vitest";

const LIB = resolve(__dirname, "..", "lib");

/** Every module specifier a file imports or requires, with the file's name. */
function imports(folder: string): Array<{ file: string; spec: string }> {
  const out: Array<{ file: string; spec: string }> = [];
  for (const file of readdirSync(join(LIB, folder)).filter((f) => f.endsWith(".ts"))) {
    // Comments hold examples such as `import { x } from "gradcheck"`: strip them first.
    const code = readFileSync(join(LIB, folder, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    for (const m of code.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)["']([^"']+)["']/g)) out.push({ file: `${folder}/${file}`, spec: m[1] });
  }
  return out;
}

const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe("lib/ by audience", () => {
  it("the checker imports only files of its own folder, and no Node built-in", () => {
    const found = imports("check");
    expect(found.length).toBeGreaterThan(20);
    const outside = found.filter(({ spec }) => !/^\.\/[a-z0-9-]+$/.test(spec));
    expect(outside).toEqual([]);
    expect(found.filter(({ spec }) => NODE.has(spec))).toEqual([]);
  });

  it("the models import the checker by its package name, or each other, never the workbook", () => {
    const found = imports("models");
    expect(found.some(({ spec }) => spec === "gradcheck")).toBe(true);
    const bad = found.filter(({ spec }) => !/^\.\/[a-z]+$/.test(spec) && spec !== "gradcheck");
    expect(bad).toEqual([]);
  });

  it("nothing outside lib/check/ imports a checker file by its path: only by the name gradcheck", () => {
    const found = [".", "models", "workbook", "examples"].flatMap((folder) => imports(folder));
    expect(found.filter(({ spec }) => /(^|\/)check(\/|$)/.test(spec))).toEqual([]);
    expect(found.filter(({ spec }) => spec === "gradcheck").length).toBeGreaterThan(10);
  });

  it("the checker's report prints itself in Node without util: through Symbol.for('nodejs.util.inspect.custom')", async () => {
    const { gradCheck } = await import("../lib/check/gradcheck");
    const { inspect } = await import("util");
    const r = gradCheck({ f: (w) => w[0] ** 2, gradient: (w) => [2 * w[0]], w: [1] });
    expect(inspect(r)).toBe(r.toString());
  });
});
