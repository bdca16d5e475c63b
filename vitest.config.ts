import { defineConfig } from "vitest/config";

// "eventsmith-source" makes `eventsmith/*` imports (as in generated code) resolve to the
// TypeScript sources, so tests never run against a stale dist/. Vitest also hands these to
// Node as --conditions, which Node applies to require() as well: so no "import" or "module"
// here (Vite adds import/require by itself), or CommonJS packages would get their ESM builds.
const conditions = ["eventsmith-source", "node"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["eventsmith-source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Type-level tests (*.test-d.ts) are checked by tsc, never run: each counts only when it type-checks.
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "tsconfig.type-tests.json",
    },
  },
});
