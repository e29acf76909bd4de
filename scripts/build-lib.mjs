// Builds lib/ from scratch, in the order the imports need:
//   1. the checker, the package `gradcheck` (lib/check/ -> lib/check/dist/), with its own
//      build script (lib/check/build.mjs: CommonJS, ES modules and their types);
//   2. the workbook's library `ngc-workbook-lib` (lib/ -> lib/dist/), which imports the
//      checker by its package name: the CommonJS build and its .d.ts files, then the
//      ES-module wrapper (lib/esm.mjs).
// Both use this project's TypeScript. `npm run build:lib` and `npm install`
// (scripts/setup.mjs) call it.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./paths.mjs";

export function buildLib() {
  rmSync(join(ROOT, "lib", "dist"), { recursive: true, force: true });
  for (const [what, args] of [
    ["the checker (lib/check/build.mjs)", [join(ROOT, "lib", "check", "build.mjs")]],
    ["tsc", [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "lib/tsconfig.json"]],
    ["the ES-module wrappers", [join(ROOT, "lib", "esm.mjs")]],
  ]) {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
    if (r.error || r.status !== 0) {
      console.error(`Building lib/ failed at ${what} (exit code ${r.status ?? r.error?.message}).`);
      process.exit(1);
    }
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) buildLib();
