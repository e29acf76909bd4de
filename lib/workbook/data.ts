/**
 * Step 1 of the article: the data. Load a CSV (with danfojs-node), deal with
 * missing values in the open, and standardize the features.
 * Introduced in notebook 01-data.
 */
import { existsSync, statSync } from "fs";
import { resolve } from "path";
import { DataError } from "gradcheck";
import { Matrix } from "../models/matrix";

/** Features X (one row per example), target y, and where each row came from. */
export interface Dataset {
  X: Matrix;
  y: Float64Array;
  featureNames: string[];
  targetName: string;
  /** For each row of X: its 1-based data row in the source file (the header is not a row). */
  rowIds: number[];
}

/** What to do with rows that have an empty or NaN cell in a used column. */
export type MissingPolicy = "error" | "keep" | "drop";

export interface LoadCsvOptions {
  features: string[];
  target: string;
  /**
   * "error" (default): throw a DataError that lists the rows with missing values.
   * "keep": keep them as NaN; call `dropMissing` to report and drop them.
   * "drop": drop them now (same as `dropMissing`).
   */
  missing?: MissingPolicy;
}

/** The parts of a danfojs DataFrame that loadCsv reads. */
interface Frame {
  columns: string[];
  values: unknown[][];
  shape: number[];
}

/** Cells read as missing. Anything else that is not a number is an error. */
const MISSING = new Set(["", "na", "nan", "null", "none", "?"]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses one CSV cell: a number, NaN for a missing cell, or a DataError that
 * names the column and the row.
 * @example
 *   parseCell("3.5", "weight", 1, "cars.csv"); // 3.5
 *   parseCell("", "weight", 2, "cars.csv");    // NaN (missing)
 */
export function parseCell(text: unknown, columnName: string, row: number, file: string): number {
  if (text === null || text === undefined) return NaN;
  if (typeof text === "number") return text;
  const s = String(text).trim();
  if (MISSING.has(s.toLowerCase())) return NaN;
  if (!NUMBER.test(s)) {
    throw new DataError(
      `${file}: column "${columnName}", row ${row} (line ${row + 1} of the file) holds "${s}", which is not a number`,
    );
  }
  return Number(s);
}

/**
 * Reads a CSV file with danfojs-node into a Dataset of Float64Arrays. Every value
 * is parsed strictly: a non-numeric cell is an error naming its column and row;
 * an empty or NaN cell is missing, and `missing` says what happens to its row.
 * Relative paths are resolved from the working directory (in a notebook: its folder).
 * @example
 *   const cars = await loadCsv("../data/auto-mpg.csv", {
 *     features: ["cylinders", "displacement", "horsepower", "weight", "acceleration"],
 *     target: "mpg", missing: "keep" });
 */
export async function loadCsv(path: string, options: LoadCsvOptions): Promise<Dataset> {
  const { features, target } = options;
  const missing = options.missing ?? "error";
  const file = resolve(path);
  if (!existsSync(file)) {
    throw new DataError(`CSV file not found: ${file} (relative paths start from ${process.cwd()})`);
  }
  if (statSync(file).size === 0) throw new DataError(`${path}: the file is empty`);
  if (features.length === 0) throw new DataError(`${path}: no feature columns were named`);

  // danfojs-node is loaded here, not at the top, so the checker works without it.
  let dfd: { readCSV(p: string, o?: object): Promise<Frame> };
  try {
    dfd = require("danfojs-node");
  } catch {
    throw new DataError("loadCsv reads CSV files with danfojs-node, which is not installed. Run 'npm install danfojs-node'.");
  }
  let df: Frame;
  try {
    // dynamicTyping off: we parse every cell ourselves, so nothing is coerced silently.
    df = await dfd.readCSV(file, { dynamicTyping: false, skipEmptyLines: true });
  } catch (e) {
    const message = (e as Error).message;
    if (/no data found/i.test(message)) throw new DataError(`${path}: the file has a header but no data rows`);
    throw new DataError(`${path}: could not be read as CSV (${message})`);
  }
  if (df.shape[0] === 0) throw new DataError(`${path}: the file has a header but no data rows`);
  const wanted = [...features, target];
  const index = wanted.map((name) => {
    const j = df.columns.indexOf(name);
    if (j < 0) {
      throw new DataError(`${path}: there is no column "${name}". The columns are: ${df.columns.join(", ")}`);
    }
    return j;
  });
  const values = df.values;
  const m = values.length;
  const n = features.length;
  const X = new Float64Array(m * n);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const cells = values[i];
    for (let j = 0; j < n; j++) X[i * n + j] = parseCell(cells[index[j]], features[j], i + 1, path);
    y[i] = parseCell(cells[index[n]], target, i + 1, path);
  }
  const data: Dataset = {
    X: { rows: m, cols: n, data: X },
    y,
    featureNames: [...features],
    targetName: target,
    rowIds: Array.from({ length: m }, (_, i) => i + 1),
  };
  if (missing === "keep") return data;
  const report = dropMissing(data);
  if (report.dropped.length > 0 && missing === "error") {
    throw new DataError(
      `${path}: ${report.dropped.length} of ${data.X.rows} rows have missing values: ` +
        `${describeDropped(report.dropped)}. Pass { missing: "drop" } to drop them, ` +
        `or { missing: "keep" } and call dropMissing() to see them first.`,
    );
  }
  return report.data;
}

/** One row that `dropMissing` removed. */
export interface DroppedRow {
  /** The row's 1-based data row in the source file. */
  row: number;
  /** The columns whose cell was empty or NaN. */
  columns: string[];
}

function describeDropped(dropped: DroppedRow[]): string {
  return dropped.map((d) => `row ${d.row} (${d.columns.join(", ")})`).join("; ");
}

/** The result of `dropMissing`: the clean data, and what was dropped. */
export interface DropReport {
  data: Dataset;
  dropped: DroppedRow[];
  /** One sentence: how many rows were dropped, and which. */
  summary: string;
}

/**
 * Removes the rows that have a missing (NaN) feature or target, and says which.
 * The input is not changed.
 * @example
 *   const { data, dropped, summary } = dropMissing(cars);
 *   summary; // "Dropped 14 of 406 rows with missing values: row 11 (mpg), ..."
 */
export function dropMissing(data: Dataset): DropReport {
  const { X, y, featureNames, targetName, rowIds } = data;
  const keep: number[] = [];
  const dropped: DroppedRow[] = [];
  for (let i = 0; i < X.rows; i++) {
    const columns: string[] = [];
    for (let j = 0; j < X.cols; j++) if (Number.isNaN(X.data[i * X.cols + j])) columns.push(featureNames[j]);
    if (Number.isNaN(y[i])) columns.push(targetName);
    if (columns.length > 0) dropped.push({ row: rowIds[i], columns });
    else keep.push(i);
  }
  const Xk = new Float64Array(keep.length * X.cols);
  const yk = new Float64Array(keep.length);
  keep.forEach((i, r) => {
    Xk.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols);
    yk[r] = y[i];
  });
  const listed = describeDropped(dropped);
  const summary =
    dropped.length === 0
      ? `No rows with missing values among ${X.rows} rows.`
      : `Dropped ${dropped.length} of ${X.rows} rows with missing values: ${listed}.`;
  return {
    data: {
      X: { rows: keep.length, cols: X.cols, data: Xk },
      y: yk,
      featureNames: [...featureNames],
      targetName,
      rowIds: keep.map((i) => rowIds[i]),
    },
    dropped,
    summary,
  };
}

/** The result of `standardize`: the scaled matrix and the statistics used. */
export interface Standardized {
  X: Matrix;
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Rescales each column to mean 0 and standard deviation 1 (population std,
 * dividing by m). A constant column cannot be scaled and gets a DataError that
 * names it; NaN values must be dropped first.
 * @example
 *   const { X, mean, std } = standardize(matrix([[1, 10], [3, 30]]));
 *   Array.from(X.data); // [-1, -1, 1, 1]
 */
export function standardize(X: Matrix, names?: string[]): Standardized {
  const { rows, cols, data } = X;
  if (rows === 0) throw new DataError("standardize: the matrix has no rows");
  const label = (j: number) => (names?.[j] !== undefined ? `column ${j} ("${names[j]}")` : `column ${j}`);
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += data[i * cols + j];
    mean[j] = s / rows;
    let v = 0;
    for (let i = 0; i < rows; i++) v += (data[i * cols + j] - mean[j]) ** 2;
    std[j] = Math.sqrt(v / rows);
    if (Number.isNaN(std[j])) {
      throw new DataError(`standardize: ${label(j)} has missing (NaN) values; drop them first with dropMissing()`);
    }
    if (std[j] <= rows * Number.EPSILON * Math.abs(mean[j])) {
      throw new DataError(
        `standardize: ${label(j)} is constant (every value is ${data[j]}), so it cannot be scaled to std 1. ` +
          `Standardize before addBiasColumn, or leave that column out.`,
      );
    }
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = (data[i * cols + j] - mean[j]) / std[j];
  }
  return { X: { rows, cols, data: out }, mean, std };
}

/**
 * The x0 bias trick: prepends a column of ones (x0 = 1), so that w0 plays the
 * role of the bias b and the model is just X·w. Introduced in notebook 02-bias-trick.
 * @example
 *   addBiasColumn(matrix([[2], [3]])); // rows [1, 2] and [1, 3]
 */
export function addBiasColumn(X: Matrix): Matrix {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows * (cols + 1));
  for (let i = 0; i < rows; i++) {
    out[i * (cols + 1)] = 1;
    out.set(data.subarray(i * cols, (i + 1) * cols), i * (cols + 1) + 1);
  }
  return { rows, cols: cols + 1, data: out };
}

/**
 * The parameter names for a design matrix built by `addBiasColumn`: w0 is the bias,
 * w1.. follow the features. Pass them to `gradCheck` so its report names each one.
 * @example
 *   parameterNames(["cylinders", "weight"]); // ["w0 (bias)", "w1 (cylinders)", "w2 (weight)"]
 */
export function parameterNames(featureNames: string[]): string[] {
  return ["w0 (bias)", ...featureNames.map((name, j) => `w${j + 1} (${name})`)];
}
