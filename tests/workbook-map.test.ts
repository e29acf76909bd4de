// The workbook's maps stay true as notebooks are added, split or renamed: the
// README's notebook table and 00's map list every notebook, every notebook names
// lib files that exist ("Library code used here"), and every notebook but the
// last links onward to one that exists.
import { existsSync, readFileSync, readdirSync } from "fs";
import { join, resolve } from "path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const NOTEBOOKS = join(ROOT, "notebooks");
const names = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();
const text = (name: string) =>
  (JSON.parse(readFileSync(join(NOTEBOOKS, name), "utf8")) as { cells: Array<{ cell_type: string; source: string | string[] }> }).cells
    .filter((c) => c.cell_type === "markdown")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .join("\n");

describe("the workbook's maps", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = text("00-start-here.ipynb");

  it.each(names)("%s is in the README's table and in 00's map", (name) => {
    const stem = name.replace(/\.ipynb$/, "");
    expect(readme).toContain(`| \`${stem}\` |`);
    if (name !== "00-start-here.ipynb") expect(start).toContain(`](${name})`);
  });

  it.each(names)("%s names lib files that exist, and links onward", (name) => {
    const md = text(name);
    const used = md.match(/Library code used here: ([^\n]*)/);
    expect(used, "a 'Library code used here' line").not.toBeNull();
    for (const m of used![1].matchAll(/`(lib\/[^`]+\.ts)`/g)) expect(existsSync(join(ROOT, m[1])), m[1]).toBe(true);
    for (const m of md.matchAll(/\]\(([0-9][^)#]*\.ipynb)\)/g)) expect(names, `link to ${m[1]}`).toContain(m[1]);
    if (name !== names[names.length - 1]) expect(md).toMatch(/\*\*(Next|Back to):\*\*/);
  });
});
