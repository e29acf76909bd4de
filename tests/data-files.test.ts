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

  it("auto-mpg.csv's origin column: USA 254, Japan 79, Europe 73; 245, 79, 68 in the 392 complete rows", () => {
    const rows = readFileSync(join(ROOT, "data/auto-mpg.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    const count = (rs: string[][]) => Object.fromEntries(["USA", "Japan", "Europe"].map((o) => [o, rs.filter((r) => r[r.length - 1] === o).length]));
    expect(count(rows)).toEqual({ USA: 254, Japan: 79, Europe: 73 });
    expect(count(rows.filter((r) => !r.includes("")))).toEqual({ USA: 245, Japan: 79, Europe: 68 });
  });
});
