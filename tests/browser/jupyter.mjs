// A throwaway JupyterLab for the browser test: the project's .venv/ JupyterLab on
// 127.0.0.1, a free port, a random token, and every file it writes (runtime files,
// settings, workspaces, notebook signatures) in a temporary folder, so nothing in the
// user's home changes. Autosave is off, so the notebooks under test are never saved.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, jupyterEnv, venvBin } from "../../scripts/paths.mjs";

/** A free TCP port on 127.0.0.1 (asks the OS for one, then releases it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * JupyterLab settings for the test: no autosave. The news prompt and the update check
 * are NOT turned off here: the project's own override in .venv/ (scripts/setup.mjs)
 * must do that, and the browser test checks that it does.
 */
const SETTINGS = {
  "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": { autosave: false },
};

/**
 * Starts JupyterLab and resolves when its API answers. Returns
 * { url, token, baseUrl, api(path, init), stop(), log() }.
 */
export async function startJupyterLab({ timeoutMs = 90_000 } = {}) {
  const jupyter = venvBin("jupyter");
  if (!existsSync(jupyter)) throw new Error(`${jupyter} is missing: run 'npm install' first.`);
  const tmp = mkdtempSync(join(tmpdir(), "ngc-browser-"));
  const dirs = Object.fromEntries(
    ["runtime", "config", "data", "settings", "workspaces", "checkpoints"].map((d) => [d, join(tmp, d)]),
  );
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  for (const [file, value] of Object.entries(SETTINGS)) {
    const path = join(dirs.settings, file);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, JSON.stringify(value, null, 2));
  }
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const args = [
    "lab",
    "--no-browser",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${ROOT}`,
    "--LabApp.expose_app_in_browser=True",
    `--LabApp.user_settings_dir=${dirs.settings}`,
    `--LabApp.workspaces_dir=${dirs.workspaces}`,
    // Checkpoints (JupyterLab makes one when it opens a notebook) go to the temporary
    // folder too, not to notebooks/.ipynb_checkpoints/.
    `--FileCheckpoints.checkpoint_dir=${dirs.checkpoints}`,
    "--MappingKernelManager.default_kernel_name=tslab",
  ];
  if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");
  const logPath = join(tmp, "jupyterlab.log");
  const logStream = createWriteStream(logPath);
  const child = spawn(jupyter, args, {
    cwd: ROOT,
    env: jupyterEnv({
      JUPYTER_RUNTIME_DIR: dirs.runtime,
      JUPYTER_CONFIG_DIR: dirs.config,
      JUPYTER_DATA_DIR: dirs.data,
      JUPYTERLAB_WORKSPACES_DIR: dirs.workspaces,
      JUPYTERLAB_SETTINGS_DIR: dirs.settings,
    }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() also reaches the kernels it started
  });
  child.stdout.pipe(logStream);
  child.stderr.pipe(logStream);
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));
  // Last resort: if this process dies before stop() finished, take the server with it.
  const killOnExit = () => {
    if (exited === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  };
  process.on("exit", killOnExit);

  const url = `http://127.0.0.1:${port}/`;
  const log = () => (existsSync(logPath) ? readFileSync(logPath, "utf8") : "");
  const api = async (path, init = {}) => {
    const res = await fetch(url + path, { ...init, headers: { Authorization: `token ${token}`, ...(init.headers ?? {}) } });
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${res.status}`);
    return res.status === 204 ? null : res.json();
  };

  let stopping = null;
  const stop = () => (stopping ??= stopNow());
  const stopNow = async () => {
    if (exited === null) {
      // Shut the kernels down through the API, then stop the server.
      try {
        for (const k of await api("api/kernels")) await api(`api/kernels/${k.id}`, { method: "DELETE" }).catch(() => {});
      } catch {
        /* the server may already be gone */
      }
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
      if (exited === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    }
    logStream.end();
    process.off("exit", killOnExit);
    if (!process.env.NGC_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      const text = log();
      await stop();
      throw new Error(`JupyterLab exited (code ${exited.code}, signal ${exited.signal}) before it was ready:\n${text.slice(-3000)}`);
    }
    try {
      await api("api/status");
      break;
    } catch {
      if (Date.now() > deadline) {
        const text = log();
        await stop();
        throw new Error(`JupyterLab did not answer on ${url} within ${timeoutMs / 1000} s:\n${text.slice(-3000)}`);
      }
      await sleep(300);
    }
  }
  return { url, token, port, api, stop, log, pid: child.pid, tmp };
}
