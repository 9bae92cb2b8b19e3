// Bulk start memory check: the memory of `graphsync jobs start --from` for 100, 10,000 and 100,000 records (SIZES to
// change), against an emulator running in this process (the CLI is a child: only its memory is measured). Streaming
// input and a bounded in-flight queue keep the retained heap flat. Prints peak RSS and the heap after a final GC;
// `--check` exits 1 when the retained heap of the largest run exceeds the smallest's by more than 1.5x.
// Usage: pnpm --filter @graphsync/cli build && pnpm --filter @graphsync/cli bench:bulk [--check]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@graphsync/emulator";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const check = process.argv.includes("--check");
const sizes = (process.env.SIZES ?? "100,10000,100000").split(",").map(Number);
const dir = await mkdtemp(join(tmpdir(), "graphsync-bulk-memory-"));

function tenant(count) {
  const servicePrincipals = [];
  const records = [];
  for (let i = 0; i < count; i++) {
    const p = Math.floor(i / 100);
    const id = `${String(p).padStart(8, "0")}-0000-4000-8000-${String(p).padStart(12, "0")}`;
    servicePrincipals[p] ??= { id, jobs: [] };
    const jobId = `scim.${i.toString(16).padStart(32, "0")}`;
    servicePrincipals[p].jobs.push({
      id: jobId,
      templateId: "scim",
      schedule: { interval: "PT40M", state: "Paused" },
      status: { code: "Paused", progress: [], quarantine: null },
      synchronizationJobSettings: [],
    });
    records.push(`${id},${jobId}`);
  }
  return { tenant: { servicePrincipals }, csv: `servicePrincipalId,jobId\n${records.join("\n")}\n` };
}

// Reports the process's peak resident set size when it exits (read by this script, not part of the CLI).
const probe = join(dir, "probe.mjs");
await writeFile(
  probe,
  `import { writeFileSync } from "node:fs";
process.on("exit", () => {
  globalThis.gc();
  writeFileSync(process.env.PROBE_OUT, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, heapUsed: process.memoryUsage().heapUsed }));
});
`,
);

const results = [];
for (const size of sizes) {
  const { tenant: state, csv } = tenant(size);
  const input = join(dir, `jobs-${size}.csv`);
  await writeFile(input, csv);
  // The emulator runs in this process (the CLI is a child, so only its own memory is measured).
  const emulator = await startEmulator({ state, log: "silent" });
  const info = { graphUrl: emulator.graphUrl(), token: emulator.token };
  const out = join(dir, `rss-${size}`);
  const started = process.hrtime.bigint();
  const cli = spawn(
    process.execPath,
    [
      "--expose-gc",
      "--import",
      probe,
      bin,
      "jobs",
      "start",
      "--from",
      input,
      "--concurrency",
      "16",
      "--quiet",
      "--base-url",
      info.graphUrl,
    ],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, GRAPHSYNC_TOKEN: info.token, PROBE_OUT: out } },
  );
  const [code] = await once(cli, "exit");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await emulator.close();
  if (code !== 0) throw new Error(`bulk start of ${size} exited ${code}`);
  const { maxRssKb, heapUsed } = JSON.parse(await readFile(out, "utf8"));
  results.push({ size, rssMb: maxRssKb / 1024, heapMb: heapUsed / 1048576, seconds });
}
await rm(dir, { recursive: true, force: true });

console.log("records   peak RSS   heap after GC    time   starts/s");
for (const r of results) {
  console.log(
    `${String(r.size).padStart(7)}  ${`${r.rssMb.toFixed(1)} MB`.padStart(9)}  ${`${r.heapMb.toFixed(1)} MB`.padStart(13)}  ${`${r.seconds.toFixed(1)}s`.padStart(6)}  ${(r.size / r.seconds).toFixed(0).padStart(8)}`,
  );
}
const first = results[0];
const last = results[results.length - 1];
const heapRatio = last.heapMb / first.heapMb;
console.log(
  `\n${last.size} vs ${first.size} records: retained heap ${heapRatio.toFixed(2)}x, peak RSS ${(last.rssMb / first.rssMb).toFixed(2)}x`,
);
// Retained memory is what grows with a leak or a buffered input; peak RSS also reflects V8 sizing its young
// generation to the allocation rate, which levels off (compare 10,000 with 100,000: SIZES=100,10000,100000).
if (check && heapRatio > 1.5) process.exit(1);
