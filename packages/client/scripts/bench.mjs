#!/usr/bin/env node
// `pnpm --filter @graphsync/client bench`: the two performance figures of issue 3, measured, never asserted.
//
// 1. Bundle size: tiny programs calling start (scripts/bundle-size.mjs), bundled by esbuild for the browser
//    (minified, ESM), gzip -9; the smallest against the 6.5 kB.
// 2. Per-call overhead: sequential start calls against a node:http server on 127.0.0.1 in this process, raw
//    fetch and the client interleaved in alternating blocks after a warm-up; median and p90 of each, and ratios.
//
// Usage: node scripts/bench.mjs [--calls 4000] [--block 50] [--warmup 500] [--json] [--analyze]
// Needs dist/ (the `bench` script builds it first): it measures what the package ships. `--analyze` also prints
// where the startJob program's minified bytes come from (esbuild's metafile), module by module.
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { BUDGET, measure, programs, SMALLEST } from "./bundle-size.mjs";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "4000" },
    block: { type: "string", default: "50" },
    warmup: { type: "string", default: "500" },
    json: { type: "boolean", default: false },
    analyze: { type: "boolean", default: false },
  },
});
const calls = Number(values.calls);
const block = Number(values.block);
const warmup = Number(values.warmup);
if (![calls, block, warmup].every((n) => Number.isInteger(n) && n > 0) || calls < 2000) {
  console.error("bench: --calls (at least 2000), --block and --warmup must be positive whole numbers");
  process.exit(2);
}

const root = new URL("../", import.meta.url);
const SP = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const JOB = "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da";

// ---- 1. bundle size ---------------------------------------------------------------------------------------------
const sizes = {};
let analysis = "";
for (const name of Object.keys(programs)) {
  const { analysis: account, ...size } = await measure(name, { analyze: values.analyze && name === SMALLEST });
  sizes[name] = size;
  analysis ||= account ?? "";
}

// ---- 2. per-call overhead ---------------------------------------------------------------------------------------
const { createGraphSyncClient } = await import(new URL("dist/index.js", root).href);
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(204, { "request-id": "00000000-0000-4000-8000-000000000000" });
    res.end();
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/v1.0`;
const url = `${base}/servicePrincipals/${SP}/synchronization/jobs/${encodeURIComponent(JOB)}/start`;
const graph = createGraphSyncClient({ accessToken: "token", baseUrl: base });

const contenders = {
  fetch: async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: "Bearer token", "client-request-id": crypto.randomUUID() },
    });
    await response.text();
    if (response.status !== 204) throw new Error(`fetch: unexpected ${response.status}`);
  },
  client: async () => {
    const result = await graph.startJob(SP, JOB);
    if (result.status !== 204) throw new Error(`client: unexpected ${result.status}`);
  },
};

const samples = { fetch: [], client: [] };
for (let i = 0; i < warmup; i++) {
  await contenders.fetch();
  await contenders.client();
}
// Alternating blocks, so that drift (GC, JIT, the machine) falls on both sides alike.
for (let done = 0; done < calls; done += block) {
  for (const name of done % (2 * block) === 0 ? ["fetch", "client"] : ["client", "fetch"]) {
    for (let i = 0; i < block; i++) {
      const t0 = performance.now();
      await contenders[name]();
      samples[name].push(performance.now() - t0);
    }
  }
}
server.close();

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const stats = Object.fromEntries(
  Object.entries(samples).map(([name, s]) => [name, { n: s.length, median: quantile(s, 0.5), p90: quantile(s, 0.9) }]),
);
const ratio = {
  median: stats.client.median / stats.fetch.median,
  p90: stats.client.p90 / stats.fetch.p90,
};

// ---- report -----------------------------------------------------------------------------------------------------
if (values.json) {
  console.log(JSON.stringify({ node: process.version, sizes, stats, ratio }, null, 2));
} else {
  const us = (ms) => `${(ms * 1000).toFixed(0).padStart(5)} µs`;
  console.log(`@graphsync/client bench (Node ${process.version}, ${process.platform}/${process.arch})\n`);
  console.log("Bundle (esbuild --bundle --minify --platform=browser --format=esm; gzip -9):");
  for (const [name, { minified, gzip }] of Object.entries(sizes)) {
    console.log(`  ${name.padEnd(38)} ${String(minified).padStart(6)} B min   ${String(gzip).padStart(5)} B gzip`);
  }
  const smallest = sizes[SMALLEST].gzip;
  const alone = sizes["openapi-fetch alone: POST start"].gzip;
  console.log(
    `  the startJob program (${SMALLEST}) vs the 6.5 kB budget (${BUDGET} B): ${smallest <= BUDGET ? "within" : "OVER"}` +
      ` (${smallest} B, ×${(smallest / alone).toFixed(2)} openapi-fetch alone)\n`,
  );
  if (analysis) console.log(`Where the startJob program's minified bytes come from:${analysis}`);
  console.log(`Per call, POST start answered 204 by node:http on 127.0.0.1 (${calls} calls each, blocks of ${block}):`);
  for (const [name, s] of Object.entries(stats)) {
    console.log(`  ${name.padEnd(8)} median ${us(s.median)}   p90 ${us(s.p90)}`);
  }
  console.log(`  client / fetch: median ×${ratio.median.toFixed(3)}   p90 ×${ratio.p90.toFixed(3)}   (budget ×1.15)`);
}
