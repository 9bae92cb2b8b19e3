#!/usr/bin/env node
// `pnpm --filter @graphsync/bench bench`: runs the benchmarks of issue 7 one after another and writes RESULTS.md.
//
//   --smoke          tiny sizes, one pass of everything (seconds); what the smoke test runs
//   --only <names>   comma-separated benchmark ids (bundle-size, per-call, cold-start, bulk-scaling,
//                    throttled-bulk, faulty-bulk, build, upload-scale); repeatable
//   --out <file>     where to write the Markdown (default bench/RESULTS.md)
//   --json <file>    also write every raw figure as JSON
//
// Benchmarks never assert: they measure, compute ratios to a baseline from the same run, and say whether each goal
// was met. A benchmark that cannot run (a failed build, a command that exits non-zero) stops the run with its error:
// a failed run is never reported as a time.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { BENCHMARKS } from "./benchmarks/index.mjs";
import { describeMachine, gitRevision, loadAverage, packageVersions } from "./machine.mjs";
import { benchDir } from "./paths.mjs";
import { CHART_DIR, checkChartFile, renderResults } from "./report.mjs";
import { lineChart } from "./svg-chart.mjs";

const USAGE = `usage: node src/run.mjs [--smoke] [--only <${BENCHMARKS.map((b) => b.id).join("|")}>[,…]] [--out <file>] [--json <file>]`;

function fail(message) {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      out: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  }));
} catch (error) {
  fail(error.message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const known = new Set(BENCHMARKS.map((b) => b.id));
const only = values.only?.flatMap((list) => list.split(",").map((name) => name.trim())).filter(Boolean);
for (const name of only ?? []) {
  if (!known.has(name)) fail(`--only: unknown benchmark ${JSON.stringify(name)}; known: ${[...known].join(", ")}`);
}
const selected = BENCHMARKS.filter((b) => !only || only.includes(b.id));
const out = resolve(values.out ?? join(benchDir, "RESULTS.md"));

const context = {
  smoke: values.smoke,
  log: (message) => console.error(`  ${message}`),
};

const startedAt = new Date();
const began = performance.now();
const loadBefore = loadAverage();
const results = [];
for (const benchmark of selected) {
  console.error(`bench: ${benchmark.title}${context.smoke ? " (smoke)" : ""}`);
  const t0 = performance.now();
  const result = await benchmark.run(context);
  console.error(`bench: ${benchmark.title} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  results.push(result);
}

const markdown = renderResults({
  machine: describeMachine(),
  versions: packageVersions(),
  revision: gitRevision(),
  options: { smoke: context.smoke, argv: process.argv.slice(2) },
  startedAt: startedAt.toISOString().replace(/\.\d+Z$/, "Z"),
  elapsedMs: performance.now() - began,
  load: { before: loadBefore, after: loadAverage() },
  results,
});
// A missing folder must not throw away a run of many minutes.
await mkdir(dirname(out), { recursive: true });
await writeFile(out, markdown);
for (const chart of results.flatMap((result) => result.charts ?? [])) {
  const dir = join(dirname(out), CHART_DIR);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, checkChartFile(chart.file)), lineChart(chart));
}
if (values.json) {
  await mkdir(dirname(resolve(values.json)), { recursive: true });
  await writeFile(resolve(values.json), `${JSON.stringify({ smoke: context.smoke, results }, null, 2)}\n`);
}
console.error(`bench: wrote ${out}`);
for (const result of results) {
  for (const goal of result.goals) console.log(`${goal.met ? "met    " : "NOT MET"}  ${goal.goal}: ${goal.measured}`);
}
