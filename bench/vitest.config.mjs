import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // The smoke test spawns every benchmark at tiny sizes (about 15 s on 2 cores); a loaded machine gets headroom.
    testTimeout: 120_000,
  },
});
