// `npm start` (scripts/start.mjs): JupyterLab from .venv/ on 127.0.0.1 with a token,
// opened at the first notebook, with tslab as the default kernel. The test starts it
// without a browser, asks the server, and stops it.
import { ChildProcess, spawn } from "child_process";
import { resolve } from "path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((done) => child!.once("exit", done));
  }
});

describe("npm start", () => {
  it("serves JupyterLab on 127.0.0.1 with a token, at notebook 00, with the TypeScript kernel", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    child = spawn(process.execPath, ["scripts/start.mjs", "--no-browser", `--port=${port}`], { cwd: ROOT });
    const url = await new Promise<string>((found, failed) => {
      let log = "";
      const timer = setTimeout(() => failed(new Error(`no URL within 60 s:\n${log}`)), 60_000);
      const read = (chunk: Buffer) => {
        log += chunk.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/\S+\?token=[0-9a-f]+/.exec(log);
        if (m) {
          clearTimeout(timer);
          found(m[0]);
        }
      };
      child!.stdout!.on("data", read);
      child!.stderr!.on("data", read);
      child!.once("exit", (code) => failed(new Error(`npm start exited with ${code}:\n${log}`)));
    });
    expect(url).toContain(`http://127.0.0.1:${port}/lab/tree/notebooks/00-start-here.ipynb?token=`);
    const token = new URL(url).searchParams.get("token");
    const specs = await (await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`)).json();
    expect(specs.default).toBe("tslab");
    expect(specs.kernelspecs.tslab.spec.display_name).toBe("TypeScript");
    expect(specs.kernelspecs.tslab.spec.argv[0]).toBe(resolve(ROOT, "node_modules", ".bin", "tslab"));
    // Token auth is on: without the token the API refuses.
    expect((await fetch(`http://127.0.0.1:${port}/api/kernelspecs`)).status).toBe(403);
  });
});
