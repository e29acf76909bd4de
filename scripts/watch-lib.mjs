// `npm run watch:lib`: recompiles lib/ on every change, as two tsc watchers. The checker
// (lib/check/ -> lib/check/dist/cjs/, what the notebooks load) and the workbook's library
// (lib/ -> lib/dist/), which picks up the checker's new .d.ts files. The checker's ES-module
// build is left to `npm run build:lib`: the notebooks do not use it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./paths.mjs";

const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const children = ["lib/check/tsconfig.json", "lib/tsconfig.json"].map((config) =>
  spawn(process.execPath, [tsc, "-p", config, "--watch", "--preserveWatchOutput"], { cwd: ROOT, stdio: "inherit" }),
);
for (const child of children) child.on("exit", (code) => process.exit(code ?? 0));
process.on("SIGINT", () => children.forEach((c) => c.kill("SIGINT")));
