import { defineConfig } from "vitest/config";

export default defineConfig({
  // Classifying a spec change walks the whole (growing) document several times: seconds on a busy 2-core machine.
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
