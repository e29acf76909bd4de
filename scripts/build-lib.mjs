// Builds lib/ (the package `ngc`) into lib/dist/ from scratch: the CommonJS build and
// its .d.ts files with this project's TypeScript, then the ES-module wrappers
// (lib/esm.mjs). `npm run build:lib` and `npm install` (scripts/setup.mjs) call it.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./paths.mjs";

export function buildLib() {
  rmSync(join(ROOT, "lib", "dist"), { recursive: true, force: true });
  for (const [what, args] of [
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
