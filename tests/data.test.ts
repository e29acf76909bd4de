// Tests for lib/workbook/data.ts: loadCsv with its missing-value policies, dropMissing,
// standardize, the x0 bias trick and parameter names. CSV fixtures are written to
// a fresh temporary folder, never into the repository.
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Dataset, addBiasColumn, dropMissing, loadCsv, parameterNames, parseCell, standardize } from "../lib/workbook/data";
import { DataError } from "../lib/check/errors";
import { column, matrix } from "../lib/models/matrix";

fc.configureGlobal({ seed: 42, numRuns: 100 });

let dir = "";
const files: Record<string, string> = {
  "good.csv": "name,a,b,y\ncar one,1,2,3\ncar two,4.5,-5e-1,+6\ncar three,.5,7.,8\n",
  "empty.csv": "",
  "header-only.csv": "a,b,y\n",
  "not-a-number.csv": "a,b,y\n1,2,3\n4,5,6\nx7,8,9\n",
  "missing.csv": "a,b,y\n1,2,3\n4,,6\n7,8,NA\n10,11,12\n?,nan,null\n",
};
const path = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ngc-data-test-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path(name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadCsv", () => {
  it("reads the named columns, in the order asked, as Float64Arrays with 1-based row ids", async () => {
    const d = await loadCsv(path("good.csv"), { features: ["b", "a"], target: "y" });
    expect(d.X).toMatchObject({ rows: 3, cols: 2 });
    // Row by row: (b, a) = (2, 1), (−0.5, 4.5), (7, 0.5); y = 3, 6, 8.
    expect(Array.from(d.X.data)).toEqual([2, 1, -0.5, 4.5, 7, 0.5]);
    expect(Array.from(d.y)).toEqual([3, 6, 8]);
    expect(d.featureNames).toEqual(["b", "a"]);
    expect(d.targetName).toBe("y");
    expect(d.rowIds).toEqual([1, 2, 3]);
  });

  it("a missing file: DataError naming the resolved path", async () => {
    const p = path("nope.csv");
    await expect(loadCsv(p, { features: ["a"], target: "y" })).rejects.toThrow(DataError);
    await expect(loadCsv(p, { features: ["a"], target: "y" })).rejects.toThrow(`CSV file not found: ${p}`);
  });

  it("an empty file: DataError saying so", async () => {
    await expect(loadCsv(path("empty.csv"), { features: ["a"], target: "y" })).rejects.toThrow(DataError);
    await expect(loadCsv(path("empty.csv"), { features: ["a"], target: "y" })).rejects.toThrow(/empty\.csv: the file is empty/);
  });

  it("a header but no rows: DataError naming the file and saying there is no data", async () => {
    const load = () => loadCsv(path("header-only.csv"), { features: ["a"], target: "y" });
    await expect(load()).rejects.toThrow(DataError);
    await expect(load()).rejects.toThrow(/header-only\.csv: .*no data/i);
  });

  it("no feature columns named: DataError", async () => {
    await expect(loadCsv(path("good.csv"), { features: [], target: "y" })).rejects.toThrow(/no feature columns were named/);
  });

  it("a missing column: DataError naming it and listing the columns there are", async () => {
    const load = () => loadCsv(path("good.csv"), { features: ["a", "weight"], target: "y" });
    await expect(load()).rejects.toThrow(DataError);
    await expect(load()).rejects.toThrow('there is no column "weight". The columns are: name, a, b, y');
    await expect(loadCsv(path("good.csv"), { features: ["a"], target: "mpg" })).rejects.toThrow('no column "mpg"');
  });

  it("a non-numeric value: DataError naming the column, the row, the line and the value", async () => {
    const load = () => loadCsv(path("not-a-number.csv"), { features: ["a", "b"], target: "y" });
    await expect(load()).rejects.toThrow(DataError);
    await expect(load()).rejects.toThrow('column "a", row 3 (line 4 of the file) holds "x7", which is not a number');
    // A text column used as a feature is the same error.
    await expect(loadCsv(path("good.csv"), { features: ["name"], target: "y" })).rejects.toThrow(
      'column "name", row 1 (line 2 of the file) holds "car one"',
    );
  });

  it("missing values with the default policy: DataError listing each row and its empty columns", async () => {
    const load = () => loadCsv(path("missing.csv"), { features: ["a", "b"], target: "y" });
    await expect(load()).rejects.toThrow(DataError);
    await expect(load()).rejects.toThrow("row 2 (b); row 3 (y); row 5 (a, b, y)");
    await expect(load()).rejects.toThrow(/3 of 5 rows/);
    await expect(load()).rejects.toThrow(/missing: "drop"/);
  });

  it('missing: "keep" keeps NaN; dropMissing then says how many rows and which, with their columns', async () => {
    const kept = await loadCsv(path("missing.csv"), { features: ["a", "b"], target: "y", missing: "keep" });
    expect(kept.X.rows).toBe(5);
    expect(Number.isNaN(kept.X.data[3])).toBe(true); // row 2, column b
    expect(Number.isNaN(kept.y[2])).toBe(true); // row 3, y ("NA")
    const report = dropMissing(kept);
    expect(report.dropped).toEqual([
      { row: 2, columns: ["b"] },
      { row: 3, columns: ["y"] },
      { row: 5, columns: ["a", "b", "y"] },
    ]);
    expect(report.summary).toBe("Dropped 3 of 5 rows with missing values: row 2 (b); row 3 (y); row 5 (a, b, y).");
    expect(Array.from(report.data.X.data)).toEqual([1, 2, 10, 11]);
    expect(Array.from(report.data.y)).toEqual([3, 12]);
    expect(report.data.rowIds).toEqual([1, 4]);
  });

  it('missing: "drop" gives the same clean data as keep + dropMissing', async () => {
    const dropped = await loadCsv(path("missing.csv"), { features: ["a", "b"], target: "y", missing: "drop" });
    expect(Array.from(dropped.X.data)).toEqual([1, 2, 10, 11]);
    expect(Array.from(dropped.y)).toEqual([3, 12]);
    expect(dropped.rowIds).toEqual([1, 4]);
  });
});

describe("parseCell", () => {
  it("parses numbers strictly, reads the usual missing markers as NaN, and names column and row otherwise", () => {
    expect(parseCell(" 3.5 ", "w", 1, "f.csv")).toBe(3.5);
    expect(parseCell("-1e3", "w", 1, "f.csv")).toBe(-1000);
    expect(parseCell(7, "w", 1, "f.csv")).toBe(7);
    for (const m of ["", "NA", "nan", "NULL", "None", "?", null, undefined]) expect(parseCell(m, "w", 1, "f.csv")).toBeNaN();
    for (const bad of ["1,5", "0x10", "1e", "--1", "Infinity", "3 kg"]) {
      expect(() => parseCell(bad, "weight", 4, "cars.csv")).toThrow(DataError);
    }
    expect(() => parseCell("3 kg", "weight", 4, "cars.csv")).toThrow('cars.csv: column "weight", row 4 (line 5 of the file) holds "3 kg"');
  });
});

describe("dropMissing", () => {
  const data: Dataset = {
    X: matrix([
      [1, NaN],
      [2, 3],
      [4, 5],
    ]),
    y: Float64Array.of(1, 2, NaN),
    featureNames: ["p", "q"],
    targetName: "t",
    rowIds: [10, 11, 12],
  };

  it("keeps the source row ids and says when nothing was dropped", () => {
    const once = dropMissing(data);
    expect(once.dropped).toEqual([
      { row: 10, columns: ["q"] },
      { row: 12, columns: ["t"] },
    ]);
    expect(once.data.rowIds).toEqual([11]);
    const twice = dropMissing(once.data);
    expect(twice.dropped).toEqual([]);
    expect(twice.summary).toBe("No rows with missing values among 1 rows.");
  });

  it("does not change its input", () => {
    const before = [Array.from(data.X.data), Array.from(data.y), [...data.rowIds], [...data.featureNames]];
    dropMissing(data);
    expect([Array.from(data.X.data), Array.from(data.y), [...data.rowIds], [...data.featureNames]]).toEqual(before);
  });
});

describe("standardize", () => {
  it("by hand: [[1, 10], [3, 30]] has means (2, 20), population stds (1, 10), and becomes ±1", () => {
    const X = matrix([
      [1, 10],
      [3, 30],
    ]);
    const s = standardize(X);
    expect(Array.from(s.mean)).toEqual([2, 20]);
    expect(Array.from(s.std)).toEqual([1, 10]);
    expect(Array.from(s.X.data)).toEqual([-1, -1, 1, 1]);
  });

  it("a constant column is a DataError naming it (by name when given) and its value", () => {
    const X = matrix([
      [1, 5],
      [2, 5],
    ]);
    expect(() => standardize(X)).toThrow(DataError);
    expect(() => standardize(X)).toThrow("standardize: column 1 is constant (every value is 5)");
    expect(() => standardize(X, ["a", "x0"])).toThrow('column 1 ("x0") is constant');
    // The x0 column of addBiasColumn is constant: standardize first.
    expect(() => standardize(addBiasColumn(matrix([[1], [2]])))).toThrow(/column 0 is constant .*Standardize before addBiasColumn/);
  });

  it("a constant column is caught even when its mean is not exact in floating point", () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so the computed mean is 0.10000000000000002
    // and the computed std a round-off 1.4e-17 instead of 0: the column must still be
    // reported as constant, not scaled into [−1, −1, −1].
    expect(() => standardize(matrix([[0.1], [0.1], [0.1]]), ["x"])).toThrow('column 0 ("x") is constant (every value is 0.1)');
  });

  it("NaN values and an empty matrix are DataErrors", () => {
    expect(() => standardize(matrix([[1], [NaN]]), ["hp"])).toThrow('column 0 ("hp") has missing (NaN) values');
    expect(() => standardize({ rows: 0, cols: 1, data: new Float64Array(0) })).toThrow("the matrix has no rows");
  });

  it("gives every column mean 0 and population std 1, and maps back with mean and std", () => {
    const value = fc.integer({ min: -1000, max: 1000 }).map((k) => k / 10);
    const data = fc
      .tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 4 }))
      .chain(([m, n]) => fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }))
      .filter((rows) => rows[0].every((_, j) => new Set(rows.map((r) => r[j])).size > 1));
    fc.assert(
      fc.property(data, (rows) => {
        const X = matrix(rows);
        const before = Array.from(X.data);
        const s = standardize(X);
        expect(Array.from(X.data)).toEqual(before);
        for (let j = 0; j < X.cols; j++) {
          const c = column(s.X, j);
          const mean = c.reduce((a, b) => a + b, 0) / c.length;
          const variance = c.reduce((a, b) => a + (b - mean) ** 2, 0) / c.length;
          expect(Math.abs(mean)).toBeLessThan(1e-12);
          expect(variance).toBeCloseTo(1, 12);
          c.forEach((z, i) => expect(z * s.std[j] + s.mean[j]).toBeCloseTo(rows[i][j], 10));
        }
      }),
    );
  });
});

describe("addBiasColumn and parameterNames", () => {
  it("prepends x0 = 1 to every row, without changing the input", () => {
    const X = matrix([
      [2, 7],
      [3, 8],
    ]);
    const B = addBiasColumn(X);
    expect(B).toMatchObject({ rows: 2, cols: 3 });
    expect(Array.from(B.data)).toEqual([1, 2, 7, 1, 3, 8]);
    expect(Array.from(X.data)).toEqual([2, 7, 3, 8]);
    expect(X.cols).toBe(2);
  });

  it("names w0 the bias and w1.. after the features", () => {
    expect(parameterNames(["cylinders", "weight"])).toEqual(["w0 (bias)", "w1 (cylinders)", "w2 (weight)"]);
    expect(parameterNames([])).toEqual(["w0 (bias)"]);
  });
});
