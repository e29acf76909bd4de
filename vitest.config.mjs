import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The workbook's lib imports the checker by its package name, `gradcheck`, which
  // resolves to the built lib/check/dist/. The unit tests import the checker's source
  // (lib/check/*.ts); so that both see the very same classes (`instanceof DataError`)
  // and the tests never run a stale build, `gradcheck` means the source here too.
  // tests/package.test.ts tests the built package, packed and installed.
  resolve: {
    alias: [{ find: /^gradcheck$/, replacement: fileURLToPath(new URL("./lib/check/index.ts", import.meta.url)) }],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "node_modules/**"],
    testTimeout: 60_000,
  },
});
