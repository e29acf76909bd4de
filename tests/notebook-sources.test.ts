// Every notebook cell's source is plain text: no control character other than a
// newline. A JSON "\t" typed by hand where "\\t" was meant turns MathJax's \text
// into a TAB followed by "ext" (issue 22: 05's tolerance formula showed "exttol").
import { readFileSync, readdirSync } from "fs";
import { join, resolve } from "path";
import { describe, expect, it } from "vitest";

const NOTEBOOKS = resolve(__dirname, "..", "notebooks");
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
}

/** Where each control character sits: notebook, cell, and a few characters around it. */
export function controlCharacters(cells: Cell[]): string[] {
  const found: string[] = [];
  cells.forEach((cell, i) => {
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    for (const m of source.matchAll(CONTROL)) {
      const at = m.index ?? 0;
      const code = m[0].charCodeAt(0).toString(16).padStart(4, "0");
      const around = JSON.stringify(source.slice(Math.max(0, at - 12), at + 12));
      found.push(`cell ${i + 1} (${cell.id ?? cell.cell_type}): U+${code} in ${around}`);
    }
  });
  return found;
}

const notebooks = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();

describe("notebook sources", () => {
  it("finds a TAB where \\text was meant", () => {
    expect(controlCharacters([{ cell_type: "markdown", source: "$$\text{tol}$$" }])).toHaveLength(1);
    expect(controlCharacters([{ cell_type: "markdown", source: ["$$\\text{tol}$$\n", "next line\n"] }])).toEqual([]);
  });

  it.each(notebooks)("%s has no control character other than newline in any cell", (name) => {
    const nb = JSON.parse(readFileSync(join(NOTEBOOKS, name), "utf8")) as { cells: Cell[] };
    expect(controlCharacters(nb.cells)).toEqual([]);
  });
});
