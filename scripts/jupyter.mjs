#!/usr/bin/env node
// Runs a program from the project-local .venv/ with the workbook's Jupyter
// environment (see paths.mjs). Usage: node scripts/jupyter.mjs <program> [args...]
//   e.g. node scripts/jupyter.mjs python scripts/run_notebooks.py notebooks
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { ROOT, jupyterEnv, venvBin } from "./paths.mjs";

const [program, ...args] = process.argv.slice(2);
if (!program) {
  console.error("usage: node scripts/jupyter.mjs <program in .venv/bin> [args...]");
  process.exit(2);
}
const exe = venvBin(program);
if (!existsSync(exe)) {
  console.error(`${exe} is missing: the project's Python environment is not set up. Run 'npm install' first.`);
  process.exit(1);
}
const result = spawnSync(exe, args, { cwd: ROOT, stdio: "inherit", env: jupyterEnv() });
if (result.error) {
  console.error(`could not run ${exe}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
