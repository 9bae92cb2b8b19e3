// Preloaded (`node --import`) into a measured process: at exit, writes its peak resident set size (getrusage's
// ru_maxrss, what /usr/bin/time reports as "Maximum resident set size") and CPU time to BENCH_USAGE_FILE as JSON.
// With --expose-gc it also runs a full GC first and records the heap still in use: what the process retained, as
// opposed to garbage the collector had not yet reclaimed when the peak was reached. The 'exit' event also fires on
// process.exit(), which is how the graphsync CLI ends.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_USAGE_FILE;
if (!file) throw new Error("peak-rss: BENCH_USAGE_FILE is not set");
process.on("exit", () => {
  const usage = process.resourceUsage();
  let retainedHeapBytes = null;
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    retainedHeapBytes = process.memoryUsage().heapUsed;
  }
  writeFileSync(
    file,
    JSON.stringify({
      maxRssKiB: usage.maxRSS,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      retainedHeapBytes,
    }),
  );
});
