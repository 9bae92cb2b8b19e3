import { defineConfig } from "vitest/config";

// `pnpm test:soak`: the load test at full size (10,000 starts, memory watched); the normal suite runs 1,000.
export default defineConfig({
  test: {
    include: ["test/load.test.ts"],
    env: { GRAPHSYNC_LOAD_CALLS: "10000" },
  },
});
