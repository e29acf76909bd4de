// Where the workbook keeps its project-local tools. Shared by the npm scripts.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const VENV = join(ROOT, ".venv");
export const VENV_BIN = join(VENV, process.platform === "win32" ? "Scripts" : "bin");
export const JUPYTER_DATA = join(VENV, "share", "jupyter");
export const KERNELS_DIR = join(JUPYTER_DATA, "kernels");
/** The project's JupyterLab settings overrides (written by scripts/setup.mjs): no news prompt, no update check. */
export const LAB_OVERRIDES = join(JUPYTER_DATA, "lab", "settings", "overrides.d", "ngc-workbook.json");

/** The path of an executable inside .venv/ (adds .exe on Windows). */
export function venvBin(name) {
  return join(VENV_BIN, process.platform === "win32" ? `${name}.exe` : name);
}

/**
 * The environment for running Jupyter from .venv/: the project's kernelspecs come
 * first (JUPYTER_PATH), so a `tslab` kernel installed elsewhere cannot shadow ours,
 * and .venv/bin and node_modules/.bin come first on PATH.
 */
export function jupyterEnv(extra = {}) {
  const sep = process.platform === "win32" ? ";" : ":";
  return {
    ...process.env,
    JUPYTER_PATH: [JUPYTER_DATA, process.env.JUPYTER_PATH].filter(Boolean).join(sep),
    PATH: [VENV_BIN, join(ROOT, "node_modules", ".bin"), process.env.PATH].join(sep),
    ...extra,
  };
}
