// lib/check/README.md's (gradcheck's) example is lib/examples/logistic-regression.ts verbatim,
// and it runs, importing the checker by its package name.
import { execFileSync } from "child_process";
import { readFileSync } from "fs";
import { join, resolve } from "path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const example = readFileSync(join(ROOT, "lib/examples/logistic-regression.ts"), "utf8");

describe("lib/check/README.md", () => {
  it("shows the example file verbatim", () => {
    const readme = readFileSync(join(ROOT, "lib/check/README.md"), "utf8");
    expect(readme).toContain("```ts\n" + example.trimEnd() + "\n```");
  });

  it("the example runs and prints the verdicts the README quotes", () => {
    const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
    const out = execFileSync(process.execPath, [tsx, "lib/examples/logistic-regression.ts"], { cwd: ROOT, encoding: "utf8" });
    const readme = readFileSync(join(ROOT, "lib/check/README.md"), "utf8");
    const verdicts = out.split("\n").filter((l) => /^(Gradient|Directional) check/.test(l));
    expect(verdicts).toHaveLength(3);
    expect(verdicts[0]).toMatch(/^Gradient check PASSED/);
    expect(verdicts[1]).toMatch(/^Directional check PASSED/);
    expect(verdicts[2]).toMatch(/^Gradient check FAILED: 1 of 4 parameters off: b\./);
    for (const line of verdicts) expect(readme).toContain(line);
  });
});

// The 2-layer MLP checked from its record of tensors (issue 19): lib/examples/mlp-record.ts, shown verbatim,
// against lib/examples/mlp-flat.ts, the same check on a flat vector packed by hand.
describe("lib/check/README.md's MLP checked from its record of tensors", () => {
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const readme = readFileSync(join(ROOT, "lib/check/README.md"), "utf8");
  const source = (file: string) => readFileSync(join(ROOT, "lib/examples", file), "utf8");
  const run = (file: string) => execFileSync(process.execPath, [tsx, join("lib/examples", file)], { cwd: ROOT, encoding: "utf8" });
  const nonBlank = (text: string) => text.split("\n").filter((l) => l.trim() !== "").length;

  it("shows mlp-record.ts verbatim", () => {
    expect(readme).toContain("```ts\n" + source("mlp-record.ts").trimEnd() + "\n```");
  });

  it("runs, prints the verdicts the README quotes, and names W1 and b1 for the wrong tanh derivative", () => {
    const out = run("mlp-record.ts").trimEnd();
    const lines = out.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Gradient check PASSED: all 57 parameters/);
    expect(lines[1]).toMatch(/^Gradient check FAILED: 48 of 57 parameters off in W1, b1:/);
    expect(lines[2]).toBe("[ 'W1', 'b1' ]");
    expect(readme).toContain("```\n" + out + "\n```");
  });

  it("is shorter than the flat version, which prints the same, and the README counts both honestly", () => {
    expect(run("mlp-flat.ts")).toBe(run("mlp-record.ts"));
    const record = nonBlank(source("mlp-record.ts"));
    const flat = nonBlank(source("mlp-flat.ts"));
    expect(record).toBeLessThan(flat);
    expect(readme).toContain(`${flat} non-blank lines to this file's ${record}`);
  });
});

describe("lib/README.md", () => {
  it("counts the MLP examples' lines as they are", () => {
    const readme = readFileSync(join(ROOT, "lib/README.md"), "utf8");
    const nonBlank = (file: string) => readFileSync(join(ROOT, "lib/examples", file), "utf8").split("\n").filter((l) => l.trim() !== "").length;
    expect(readme).toContain(`(\`mlp-record.ts\`, ${nonBlank("mlp-record.ts")} non-blank lines)`);
    expect(readme).toContain(`(\`mlp-flat.ts\`, ${nonBlank("mlp-flat.ts")})`);
  });
});
