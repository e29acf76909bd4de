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
