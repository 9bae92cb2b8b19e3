// Every benchmark, in the order RESULTS.md lists them (numbered in that order).
import { build } from "./build.mjs";
import { bulkScaling } from "./bulk-scaling.mjs";
import { bundleSize } from "./bundle-size.mjs";
import { coldStart } from "./cold-start.mjs";
import { faultyBulk } from "./faulty-bulk.mjs";
import { healthScale } from "./health-scale.mjs";
import { logsCsv } from "./logs-csv.mjs";
import { perCall } from "./per-call.mjs";
import { throttledBulk } from "./throttled-bulk.mjs";
import { uploadScale } from "./upload-scale.mjs";

export const BENCHMARKS = [
  bundleSize,
  perCall,
  coldStart,
  bulkScaling,
  throttledBulk,
  faultyBulk,
  build,
  uploadScale,
  logsCsv,
  healthScale,
];
