/**
 * Regenerates the workbook's data files from their sources:
 *   data/auto-mpg.csv    from cars.json in the npm package vega-datasets (BSD-3-Clause)
 *   data/synthetic.csv   from lib's syntheticLinear with a fixed seed
 *   data/synthetic.json  the true parameters behind synthetic.csv
 *
 *   npm run data              write missing files; report files that are unchanged or differ
 *   npm run data -- --force   also overwrite files that differ
 *
 * Nothing is overwritten silently: a committed file whose regenerated content
 * differs is left alone unless --force is given, and the difference is reported.
 */
import { existsSync, readFileSync, writeFileSync } from "fs";
import { join, relative, resolve } from "path";
import { syntheticLinear } from "../lib/index";

export const ROOT = resolve(__dirname, "..");

/** The columns of data/auto-mpg.csv: a label, the five features x1..x5, the target, and the origin (USA, Europe, Japan: notebook 12's classes). */
export const AUTO_MPG_COLUMNS = ["name", "cylinders", "displacement", "horsepower", "weight", "acceleration", "mpg", "origin"];

/** The fixed recipe of data/synthetic.csv. */
export const SYNTHETIC = { m: 200, weights: [2, -3, 1.5, 0.5, -1], bias: 4, noise: 0.5, seed: 2026 };

interface Car {
  Name: string;
  Miles_per_Gallon: number | null;
  Cylinders: number | null;
  Displacement: number | null;
  Horsepower: number | null;
  Weight_in_lbs: number | null;
  Acceleration: number | null;
  Origin: string;
}

function csvField(value: string | number | null): string {
  if (value === null || value === undefined) return ""; // a missing value stays an empty cell
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** data/auto-mpg.csv's text, from vega-datasets' cars.json. Missing values stay empty. */
export function autoMpgCsv(): string {
  const source = join(ROOT, "node_modules", "vega-datasets", "data", "cars.json");
  const cars = JSON.parse(readFileSync(source, "utf8")) as Car[];
  const lines = [AUTO_MPG_COLUMNS.join(",")];
  for (const c of cars) {
    lines.push(
      [c.Name, c.Cylinders, c.Displacement, c.Horsepower, c.Weight_in_lbs, c.Acceleration, c.Miles_per_Gallon, c.Origin]
        .map(csvField)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** Six decimals keep the file readable; the rounding is far below the noise (0.5). */
function round6(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

/** data/synthetic.csv's text and data/synthetic.json's, from syntheticLinear(SYNTHETIC). */
export function syntheticFiles(): { csv: string; json: string } {
  const d = syntheticLinear(SYNTHETIC);
  const k = d.X.cols;
  const lines = [[...d.featureNames, d.targetName].join(",")];
  for (let i = 0; i < d.X.rows; i++) {
    const row = Array.from(d.X.data.subarray(i * k, (i + 1) * k), round6);
    lines.push([...row, round6(d.y[i])].join(","));
  }
  const json = {
    description: "True parameters of data/synthetic.csv: y = bias + sum_j weights[j]*x_(j+1) + noise*N(0,1)",
    generator: "syntheticLinear in lib/workbook/synthetic.ts, values rounded to 6 decimals",
    ...SYNTHETIC,
  };
  return { csv: lines.join("\n") + "\n", json: JSON.stringify(json, null, 2) + "\n" };
}

/** Every data file and its regenerated content. */
export function dataFiles(): Record<string, string> {
  const synthetic = syntheticFiles();
  return {
    "data/auto-mpg.csv": autoMpgCsv(),
    "data/synthetic.csv": synthetic.csv,
    "data/synthetic.json": synthetic.json,
  };
}

function firstDifference(a: string, b: string): string {
  const x = a.split("\n");
  const y = b.split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}: committed "${x[i] ?? "(none)"}", regenerated "${y[i] ?? "(none)"}"`;
  }
  return "";
}

function main(): number {
  const force = process.argv.includes("--force");
  let differing = 0;
  for (const [path, content] of Object.entries(dataFiles())) {
    const file = join(ROOT, path);
    const shown = relative(process.cwd(), file) || path;
    if (!existsSync(file)) {
      writeFileSync(file, content);
      console.log(`wrote      ${shown}`);
      continue;
    }
    const current = readFileSync(file, "utf8");
    if (current === content) {
      console.log(`unchanged  ${shown}`);
    } else if (force) {
      writeFileSync(file, content);
      console.log(`OVERWROTE  ${shown} (--force); it differed at ${firstDifference(current, content)}`);
    } else {
      differing++;
      console.log(`DIFFERS    ${shown}: ${firstDifference(current, content)}. Left as it is; rerun with --force to replace it.`);
    }
  }
  return differing > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main());
