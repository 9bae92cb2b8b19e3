import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The load test measures heap growth after forced collections.
    execArgv: ["--expose-gc"],
    testTimeout: 60_000,
  },
});
