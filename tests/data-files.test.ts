// The committed data files are exactly what scripts/make-data.ts regenerates.
import { readFileSync } from "fs";
import { join } from "path";
import { describe, expect, it } from "vitest";
import { ROOT, dataFiles } from "../scripts/make-data";

describe("data/", () => {
  for (const [path, content] of Object.entries(dataFiles())) {
    it(`${path} matches its regeneration byte for byte`, () => {
      expect(readFileSync(join(ROOT, path), "utf8")).toBe(content);
    });
  }

  it("auto-mpg.csv keeps its 14 rows with missing values", () => {
    const lines = readFileSync(join(ROOT, "data/auto-mpg.csv"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(407);
    expect(lines.filter((l) => l.split(",").some((c) => c === "")).length).toBe(14);
  });
});
