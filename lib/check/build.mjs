// Builds the package `gradcheck` into dist/ from scratch. `npm run build` and `npm pack`
// (the `prepare` script) run it in this folder; the workbook's scripts/build-lib.mjs
// runs it too. It needs only Node and the devDependency typescript.
//
//   1. version.ts from package.json: the version lives in package.json only.
//   2. dist/cjs/: the CommonJS build and its .d.ts (tsconfig.json).
//   3. dist/esm/: the ES-module build and its .d.mts (tsconfig.esm.json, then renamed
//      to .mjs / .d.mts with "./x" imports written as "./x.mjs", as Node's ESM needs).
//   4. dist/esm/errors.mjs re-exports the CommonJS error classes instead of defining
//      its own, so `instanceof GradCheckError` holds across `import` and `require`.
//   5. The entries: index (`gradcheck`) and tfjs (`gradcheck/tfjs`, the TensorFlow.js
//      adapter). Each is checked to be built; the core entry must not reach tfjs.js.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));

writeFileSync(
  join(here, "version.ts"),
  [
    "/** The version of the package `gradcheck`. Written by build.mjs from package.json: edit that, not this file. */",
    `export const version: string = ${JSON.stringify(version)};`,
    "",
  ].join("\n"),
);

rmSync(join(here, "dist"), { recursive: true, force: true });
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc");
} catch {
  console.error("gradcheck's build needs TypeScript: run `npm install` in this folder first.");
  process.exit(1);
}
for (const config of ["tsconfig.json", "tsconfig.esm.json"]) {
  const r = spawnSync(process.execPath, [tsc, "-p", config], { cwd: here, stdio: "inherit" });
  if (r.error || r.status !== 0) {
    console.error(`gradcheck: tsc -p ${config} failed (exit code ${r.status ?? r.error?.message}).`);
    process.exit(1);
  }
}

// "./gradcheck" -> "./gradcheck.mjs" in import/export ... from and import() specifiers.
const withMjs = (code) =>
  code.replace(/((?:from|import)\s*\(?\s*["'])(\.\.?\/[^"']+?)(["'])/g, (_, a, spec, b) => `${a}${spec}.mjs${b}`);

const esm = join(here, "dist", "esm");
for (const file of readdirSync(esm)) {
  const path = join(esm, file);
  if (file.endsWith(".js")) {
    const base = file.slice(0, -3);
    const code = withMjs(readFileSync(path, "utf8")).replace(`//# sourceMappingURL=${base}.js.map`, `//# sourceMappingURL=${base}.mjs.map`);
    writeFileSync(join(esm, `${base}.mjs`), code);
    rmSync(path);
    const map = JSON.parse(readFileSync(`${path}.map`, "utf8"));
    map.file = `${base}.mjs`;
    writeFileSync(join(esm, `${base}.mjs.map`), JSON.stringify(map));
    rmSync(`${path}.map`);
  } else if (file.endsWith(".d.ts")) {
    const base = file.slice(0, -5);
    writeFileSync(join(esm, `${base}.d.mts`), withMjs(readFileSync(path, "utf8")));
    rmSync(path);
  }
}

// The error classes: one definition, the CommonJS one, for both builds.
const errorNames = Object.keys(require(join(here, "dist", "cjs", "errors.js"))).filter((k) => k !== "__esModule");
writeFileSync(
  join(esm, "errors.mjs"),
  [
    "// Written by build.mjs: the ES-module build shares the CommonJS build's error classes,",
    "// so that `instanceof` holds across `import` and `require`.",
    `export { ${errorNames.join(", ")} } from "../cjs/errors.js";`,
    "",
  ].join("\n"),
);
rmSync(join(esm, "errors.mjs.map"), { force: true });
writeFileSync(join(esm, "errors.d.mts"), `export { ${errorNames.join(", ")} } from "../cjs/errors.js";\n`);
// The entries of package.json's "exports": each built in both formats, and the core free of the adapter.
const ENTRIES = ["index", "tfjs"];
for (const entry of ENTRIES) {
  for (const file of [join("cjs", `${entry}.js`), join("cjs", `${entry}.d.ts`), join("esm", `${entry}.mjs`), join("esm", `${entry}.d.mts`)]) {
    try {
      readFileSync(join(here, "dist", file));
    } catch {
      console.error(`gradcheck: the entry ${entry} was not built (dist/${file} is missing).`);
      process.exit(1);
    }
  }
}
const reached = new Set();
const visit = (file) => {
  if (reached.has(file)) return;
  reached.add(file);
  for (const m of readFileSync(join(here, "dist", "cjs", file), "utf8").matchAll(/require\("\.\/([^"]+)"\)/g)) visit(`${m[1]}.js`);
};
visit("index.js");
if (reached.has("tfjs.js")) {
  console.error("gradcheck: the core entry (index) reaches tfjs.js: the TensorFlow.js adapter must stay a subpath of its own.");
  process.exit(1);
}
console.log(`gradcheck ${version}: dist/cjs (CommonJS, .d.ts) and dist/esm (ES modules, .d.mts) written, entries ${ENTRIES.join(", ")}`);
