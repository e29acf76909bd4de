// The notebook test must fail loudly and usefully: a broken cell names the
// notebook and the cell and prints tslab's stderr (where type errors appear).
// These tests run scripts/run_notebooks.py on throwaway notebooks through the
// real tslab kernel, so they need `npm install` to have set up .venv/.
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");

type Cell = string | { markdown: string };

function notebook(cells: Cell[], outputs = false): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: cells.map((source, i) =>
      typeof source === "string"
        ? {
            id: `c${i}`,
            cell_type: "code",
            metadata: {},
            source,
            execution_count: outputs ? 1 : null,
            outputs: outputs ? [{ output_type: "stream", name: "stdout", text: "old\n" }] : [],
          }
        : { id: `c${i}`, cell_type: "markdown", metadata: {}, source: source.markdown },
    ),
  });
}

function runNotebook(name: string, cells: Cell[], outputs = false, extra: string[] = []) {
  // Inside the repo (build/ is git-ignored) so that `import ... from "ngc-workbook-lib"` resolves
  // through node_modules, as it does for the real notebooks.
  mkdirSync(join(ROOT, "build"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, "build", "runner-"));
  const path = join(dir, name);
  writeFileSync(path, notebook(cells, outputs));
  const result = spawnSync(process.execPath, ["scripts/jupyter.mjs", "python", "scripts/run_notebooks.py", path, ...extra], {
    cwd: ROOT,
    encoding: "utf8",
  });
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status, out: result.stdout + result.stderr };
}

describe("scripts/run_notebooks.py", () => {
  it("passes a clean notebook that imports lib", () => {
    const r = runNotebook("fine.ipynb", ['import { version } from "ngc-workbook-lib";', "version"]);
    expect(r.out).toContain("1 of 1 notebooks passed");
    expect(r.status).toBe(0);
  });

  it("fails on a type error and names the notebook, the cell and tslab's message", () => {
    const r = runNotebook("broken.ipynb", ["const a = 1;", 'const b: number = "two";', "a"]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/broken\.ipynb, cell 2 \(const b: number = "two";\)/);
    expect(r.out).toContain("Type 'string' is not assignable to type 'number'");
  });

  it("fails on a cell that writes to stderr", () => {
    const r = runNotebook("noisy.ipynb", ['console.error("something went wrong")']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/noisy\.ipynb, cell 1/);
    expect(r.out).toContain("something went wrong");
  });

  it("fails on a run-time error and prints it", () => {
    const r = runNotebook("throws.ipynb", ['throw new Error("boom in cell one")']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/throws\.ipynb, cell 1/);
    expect(r.out).toContain("boom in cell one");
  });

  it("refuses a notebook committed with outputs", () => {
    const r = runNotebook("dirty.ipynb", ["1 + 1"], true);
    expect(r.status).toBe(1);
    expect(r.out).toContain("committed with outputs");
    expect(r.out).toContain("npm run strip");
  });

  describe("--solutions", () => {
    const exercise = (solution: string): Cell[] => [
      'import { checkAnswer } from "ngc-workbook-lib";',
      'const myAnswer: number | undefined = undefined; // ← your answer here\ncheckAnswer("two plus two", myAnswer, 4);',
      { markdown: "<details><summary>Solution</summary>\n\n```typescript\n" + solution + "\n```\n</details>" },
    ];

    it("fills in the hidden solution and passes when it is right", () => {
      const r = runNotebook("solved.ipynb", exercise("const myAnswer: number | undefined = 2 + 2;"), false, ["--solutions"]);
      expect(r.out).toContain("1 exercise checks ✓");
      expect(r.status).toBe(0);
    });

    describe("injected mistakes", () => {
      // A self-check that names one mistake: 5 is "off by one".
      const named = (mistakes: string): Cell[] => [
        'import { checkAnswer } from "ngc-workbook-lib";',
        'const myAnswer: number | undefined = undefined; // ← your answer here\ncheckAnswer("two plus two", myAnswer, 4, { hint: myAnswer === 5 ? "off by one" : "add the numbers" });',
        { markdown: "<details><summary>Solution</summary>\n\n```typescript\nconst myAnswer: number | undefined = 2 + 2;\n```\n\n" + mistakes + "\n</details>" },
        "const after = 1; // cells after the exercise do not run for a mistake",
      ];
      const block = (name: string, code: string) => "```typescript mistake: " + name + "\n" + code + "\n```\n";

      it("runs each mistake and passes when the self-check names it", () => {
        const r = runNotebook("named.ipynb", named(block("off by one", "const myAnswer: number | undefined = 5;")), false, ["--solutions"]);
        expect(r.out).toContain("1 exercise checks ✓, 1 injected mistakes named");
        expect(r.status).toBe(0);
      });

      it("fails, quoting the cell's output, when a mistake is not named", () => {
        const r = runNotebook("unnamed.ipynb", named(block("off by two", "const myAnswer: number | undefined = 6;")), false, ["--solutions"]);
        expect(r.status).toBe(1);
        expect(r.out).toContain('the injected mistake "off by two" was not named');
        expect(r.out).toContain("✗ two plus two: 6 is not right. Hint: add the numbers");
      });

      it("fails when the self-check accepts a mistake", () => {
        const r = runNotebook("accepted.ipynb", named(block("off by one", "const myAnswer: number | undefined = 4;")), false, ["--solutions"]);
        expect(r.status).toBe(1);
        expect(r.out).toContain('the injected mistake "off by one" was not named');
      });
    });

    it("fails, quoting the ✗ line, when the hidden solution no longer passes", () => {
      const r = runNotebook("stale.ipynb", exercise("const myAnswer: number | undefined = 2 + 3;"), false, ["--solutions"]);
      expect(r.status).toBe(1);
      expect(r.out).toContain("a hidden solution does not pass its check: ✗ two plus two");
    });
  });
});
