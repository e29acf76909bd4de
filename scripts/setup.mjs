#!/usr/bin/env node
// Set-up that `npm install` runs after the npm packages are in place (the
// `postinstall` script). It is safe to run again: each step checks before it acts.
//
//   1. Build lib/: the checker `gradcheck` (lib/check/dist/) and the workbook's library
//      (lib/dist/), so notebooks can import them.
//   2. Create the project-local Python environment .venv/ (never a global one).
//   3. Install the pinned JupyterLab and nbclient from requirements.txt into it.
//   4. Register tslab's TypeScript kernel inside .venv/, pointing at this
//      project's node_modules/.bin/tslab.
//   5. Quiet the project's JupyterLab: a settings override inside .venv/ (never the
//      user's home) turns off the "get notified about official Jupyter news?" prompt,
//      the news feed and the update check, so the lab opens on the notebook and does
//      not poll the network.
//
// Environment variables:
//   PYTHON=/path/to/python3   use this interpreter to create .venv/
//   NGC_SKIP_PYTHON=1         only build lib/ (for using the library without the notebooks)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, VENV, venvBin, KERNELS_DIR, LAB_OVERRIDES } from "./paths.mjs";

const MIN_PYTHON = [3, 10];

function step(message) {
  console.log(`[setup] ${message}`);
}

function fail(message) {
  console.error(`\n[setup] ERROR: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, what) {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit" });
  if (result.error) fail(`${what} could not start (${cmd}): ${result.error.message}`);
  if (result.status !== 0) fail(`${what} failed (exit code ${result.status}): ${cmd} ${args.join(" ")}`);
}

function buildLib() {
  step("building lib/: the checker gradcheck -> lib/check/dist/, the workbook library -> lib/dist/");
  run(process.execPath, [join(ROOT, "scripts", "build-lib.mjs")], "Building lib/");
}

/** Finds a Python >= 3.10 that has the venv module and pip's bootstrapper. */
function findPython() {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ["python3", "python"];
  const problems = [];
  for (const cmd of candidates) {
    const probe = spawnSync(
      cmd,
      ["-c", "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])"],
      { encoding: "utf8" },
    );
    if (probe.error) {
      problems.push(`${cmd}: not found`);
      continue;
    }
    if (probe.status !== 0) {
      problems.push(`${cmd}: has no working 'venv'/'ensurepip' module`);
      continue;
    }
    const [major, minor] = probe.stdout.trim().split(".").map(Number);
    if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
      problems.push(`${cmd}: version ${major}.${minor} is older than ${MIN_PYTHON.join(".")}`);
      continue;
    }
    return cmd;
  }
  fail(
    `The notebooks need Python ${MIN_PYTHON.join(".")} or newer with the 'venv' module, and none was found.\n` +
      `  Tried: ${problems.join("; ")}.\n` +
      `  Install it, then run 'npm install' again:\n` +
      `    Debian/Ubuntu: sudo apt-get install python3 python3-venv python3-pip\n` +
      `    macOS:         brew install python\n` +
      `    Windows:       https://www.python.org/downloads/ (tick "Add python.exe to PATH")\n` +
      `  Or point PYTHON at an interpreter: PYTHON=/path/to/python3 npm install`,
  );
}

function ensureVenv() {
  const python = venvBin("python");
  if (existsSync(python)) {
    const ok = spawnSync(python, ["-c", "import sys"], { stdio: "ignore" });
    if (ok.status === 0) {
      step(".venv/ exists");
      return python;
    }
    fail(`.venv/ exists but its Python does not run (${python}). Delete the .venv/ folder and run 'npm install' again.`);
  }
  const system = findPython();
  step(`creating the project-local Python environment .venv/ with ${system}`);
  run(system, ["-m", "venv", VENV], "Creating .venv/");
  return python;
}

function ensureRequirements(python) {
  const requirements = readFileSync(join(ROOT, "requirements.txt"));
  const stamp = join(VENV, ".ngc-requirements.sha256");
  const digest = createHash("sha256").update(requirements).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === digest) {
    step("Python packages already match requirements.txt");
    return;
  }
  step("installing JupyterLab and nbclient from requirements.txt into .venv/ (about a minute)");
  run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", "requirements.txt"], "pip install");
  writeFileSync(stamp, digest + "\n");
}

function registerKernel(python) {
  const tslabBin = join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "tslab.cmd" : "tslab");
  if (!existsSync(tslabBin)) fail(`tslab is not installed at ${tslabBin}. Run 'npm install' first.`);
  step("registering the tslab TypeScript kernel in .venv/share/jupyter/kernels/");
  run(
    process.execPath,
    [join(ROOT, "node_modules", "tslab", "bin", "tslab"), "install", `--python=${python}`, `--binary=${tslabBin}`, `--prefix=${VENV}`],
    "Registering the tslab kernel",
  );
  const spec = join(KERNELS_DIR, "tslab", "kernel.json");
  if (!existsSync(spec)) fail(`the tslab kernelspec was not written to ${spec}`);
  const argv = JSON.parse(readFileSync(spec, "utf8")).argv;
  if (argv[0] !== tslabBin) fail(`the tslab kernelspec points at ${argv[0]}, not at ${tslabBin}`);
}

/**
 * JupyterLab reads default overrides from <sys.prefix>/share/jupyter/lab/settings/:
 * overrides.d/*.json (one file per package, so a learner's own overrides.json is left
 * alone) and overrides.json. A user's own settings still win over these defaults.
 */
const QUIET_LAB_SETTINGS = {
  "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false },
};

function quietLab() {
  step(`turning off JupyterLab's news prompt and update check (${LAB_OVERRIDES.slice(ROOT.length + 1)})`);
  mkdirSync(join(LAB_OVERRIDES, ".."), { recursive: true });
  writeFileSync(LAB_OVERRIDES, JSON.stringify(QUIET_LAB_SETTINGS, null, 2) + "\n");
}

buildLib();
if (process.env.NGC_SKIP_PYTHON) {
  step("NGC_SKIP_PYTHON is set: skipping .venv/, JupyterLab and the kernel");
} else {
  const python = ensureVenv();
  ensureRequirements(python);
  registerKernel(python);
  quietLab();
  step("done. Open the workbook with: npm start    Run every test with: npm test");
}
