#!/usr/bin/env node
// `npm start`: JupyterLab from .venv/, on 127.0.0.1 with token auth (JupyterLab's
// default), opened at the workbook's first notebook, with tslab as the default kernel.
// Extra arguments go to JupyterLab: npm start -- --no-browser --port 8890
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { KERNELS_DIR, ROOT, jupyterEnv, venvBin } from "./paths.mjs";

const jupyter = venvBin("jupyter");
if (!existsSync(jupyter) || !existsSync(join(KERNELS_DIR, "tslab", "kernel.json"))) {
  console.error("JupyterLab or the tslab kernel is not set up in .venv/. Run 'npm install' first.");
  process.exit(1);
}
if (!existsSync(join(ROOT, "lib", "dist", "index.js"))) {
  console.error("lib/ is not built (lib/dist/index.js is missing). Run 'npm run build:lib' or 'npm install'.");
  process.exit(1);
}
const first = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort()[0];
const args = [
  "lab",
  "--ServerApp.ip=127.0.0.1",
  `--ServerApp.root_dir=${ROOT}`,
  "--MappingKernelManager.default_kernel_name=tslab",
];
// JupyterLab refuses to run as root without this flag. A learner's laptop is not
// root; containers and CI machines often are.
if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");
// Open at the first notebook: both the URL JupyterLab prints and the page the browser opens.
if (first) args.push(`--LabApp.default_url=/lab/tree/notebooks/${first}`);
args.push(...process.argv.slice(2));
console.log(`Starting JupyterLab at notebooks/${first ?? ""} (stop it with Ctrl+C) ...`);
const child = spawn(jupyter, args, { cwd: ROOT, stdio: "inherit", env: jupyterEnv() });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
