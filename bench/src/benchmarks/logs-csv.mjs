// Benchmark 8: `graphsync logs --output csv` over many entries.
//
// What: the CLI reads 10,000 and 100,000 provisioning log entries (every page, 500 a page) and writes one CSV row per
// entry to a file. Goals (issue 17): peak RSS at 100,000 entries ≤ 150 MiB, and flat from 10,000 up (the CSV is
// streamed: the 100,000-entry peak within 1.2× of the 10,000-entry one); throughput bounded only by the service's
// pacing, i.e. the CLI's own time per page well under the 2 s a page costs at the service's 5 requests per 10 s.
// How: an emulator in this process holds the entries (its `logSeed` option: one job's synthetic history, one entry a
// second up to now) with its log limits raised (entries kept, and reads per 10 s) and response validation off (it
// would check every entry against the spec, which measures the emulator, not the CLI). The CLI runs as its own
// process with GRAPHSYNC_LOGS_RATE raised to match, `--job <the seeded job> --top N`, stdout to a file; its peak RSS
// comes from getrusage at exit (src/preload/peak-rss.mjs). The file must hold the header and exactly N rows.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DEMO_TENANT, startEmulator } from "@graphsync/emulator";
import { mebibytes, perSecond, seconds, times } from "../format.mjs";
import { cliBin, preload } from "../paths.mjs";

const ID = "logs-csv";
const TITLE = "9. Provisioning logs as CSV";
/** The CLI's page size (apps/cli/src/commands/logs.ts). */
const PAGE = 500;
const RSS_GOAL_MIB = 150;
const FLAT_GOAL = 1.2;
/** The service's pacing: 5 requests per 10 s, so one page per 2 s in a long read. */
const SERVICE_MS_PER_PAGE = 2000;
const { servicePrincipalId, jobId } = DEMO_TENANT.jobs.active;

/** CRLF-terminated records in a file, counted as it streams (the file can be tens of MiB). */
async function countRows(file) {
  let rows = 0;
  let previous = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = previous + chunk;
    rows += text.split("\r\n").length - 1;
    previous = text.endsWith("\r") ? "\r" : "";
  }
  return rows;
}

async function runLogs(emulator, entries, scratch) {
  const out = join(scratch, `logs-${entries}.csv`);
  const usageFile = join(scratch, `usage-${entries}.json`);
  const handle = await open(out, "w");
  const argv = [
    "--import",
    preload("peak-rss"),
    cliBin,
    "logs",
    ...["--sp", servicePrincipalId, "--job", jobId, "--top", String(entries), "--output", "csv"],
    ...["--base-url", emulator.graphUrl()],
  ];
  const env = {
    ...process.env,
    GRAPHSYNC_TOKEN: emulator.token,
    GRAPHSYNC_LOGS_RATE: "100000",
    BENCH_USAGE_FILE: usageFile,
    NO_COLOR: "1",
  };
  const started = performance.now();
  const child = spawn(process.execPath, argv, { env, stdio: ["ignore", handle.fd, "pipe"] });
  const stderr = [];
  child.stderr.on("data", (chunk) => stderr.push(chunk));
  const [code] = await once(child, "exit");
  const wallMs = performance.now() - started;
  await handle.close();
  if (code !== 0) throw new Error(`graphsync logs --output csv exited ${code}:\n${Buffer.concat(stderr).toString()}`);
  const rows = (await countRows(out)) - 1;
  if (rows !== entries) throw new Error(`graphsync logs --output csv wrote ${rows} rows for ${entries} entries`);
  const usage = JSON.parse(await readFile(usageFile, "utf8"));
  await rm(out, { force: true });
  return { entries, rows, wallMs, maxRssKiB: usage.maxRssKiB, cpuMs: usage.userMs + usage.systemMs };
}

async function measure(context, entries, scratch) {
  context.log(`${entries} entries: seeding the emulator`);
  const emulator = await startEmulator({
    port: 0,
    strict: false,
    limits: { provisioningLogEntries: entries + 10_000, provisioningLogRequests: 100_000 },
    logSeed: { count: entries, servicePrincipalId, jobId },
  });
  try {
    context.log(`${entries} entries: graphsync logs --output csv`);
    return await runLogs(emulator, entries, scratch);
  } finally {
    await emulator.close();
  }
}

const pagesOf = (entries) => Math.ceil(entries / PAGE);

function rows(runs) {
  const [first] = runs;
  return runs.map((run, i) => [
    run.entries.toLocaleString("en-US"),
    String(pagesOf(run.entries)),
    seconds(run.wallMs),
    perSecond(run.entries / (run.wallMs / 1000)),
    `${(run.wallMs / pagesOf(run.entries)).toFixed(0)} ms`,
    mebibytes(run.maxRssKiB),
    i === 0 ? "×1.00 (baseline)" : times(run.maxRssKiB / first.maxRssKiB),
  ]);
}

function goals(small, large) {
  const flat = large.maxRssKiB / small.maxRssKiB;
  const perPage = large.wallMs / pagesOf(large.entries);
  return [
    {
      goal: `logs --output csv: peak RSS at ${large.entries.toLocaleString("en-US")} entries ≤ ${RSS_GOAL_MIB} MiB`,
      measured: mebibytes(large.maxRssKiB),
      met: large.maxRssKiB / 1024 <= RSS_GOAL_MIB,
    },
    {
      goal: `logs --output csv: peak RSS flat from ${small.entries.toLocaleString("en-US")} up (≤ ${FLAT_GOAL}×)`,
      measured: times(flat),
      met: flat <= FLAT_GOAL,
    },
    {
      goal: `logs --output csv: the CLI's time per page well under the ${SERVICE_MS_PER_PAGE / 1000} s the service's pacing allows (≤ ${SERVICE_MS_PER_PAGE / 4} ms)`,
      measured: `${perPage.toFixed(0)} ms a page`,
      met: perPage <= SERVICE_MS_PER_PAGE / 4,
    },
  ];
}

const method = (sizes) => `
**What:** \`graphsync logs --output csv\` reads ${sizes.map((n) => n.toLocaleString("en-US")).join(" and ")}
provisioning log entries (every page, ${PAGE} a page) and writes one CSV row per entry to a file. Goals: peak RSS at
the largest size ≤ ${RSS_GOAL_MIB} MiB and flat from the smallest up (≤ ${FLAT_GOAL}×); throughput bounded only by the
service's pacing (5 requests per 10 s, one page per ${SERVICE_MS_PER_PAGE / 1000} s in a long read).
**How:** an emulator in the benchmark's process holds one job's synthetic history (its \`logSeed\` option) with its
log limits raised and response validation off; the CLI runs as its own process with \`GRAPHSYNC_LOGS_RATE\` raised to
match, stdout to a file that must hold the header and exactly N rows. Peak RSS is getrusage's at exit.`;

export const logsCsv = {
  id: ID,
  title: TITLE,
  async run(context) {
    const sizes = context.smoke ? [100, 1_000] : [10_000, 100_000];
    const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-logs-"));
    try {
      const runs = [];
      for (const entries of sizes) runs.push(await measure(context, entries, scratch));
      const [small, large] = runs;
      return {
        id: ID,
        title: TITLE,
        method: method(sizes),
        tables: [
          {
            header: ["entries", "pages", "time", "entries/s", "per page", "peak RSS", "peak RSS ratio"],
            rows: rows(runs),
          },
        ],
        goals: goals(small, large),
        notes: [
          `At the service's own pacing the ${pagesOf(large.entries)} pages of ${large.entries.toLocaleString("en-US")} entries take at least ${seconds((Math.ceil(pagesOf(large.entries) / 5) - 1) * 10_000)}; the CLI needed ${seconds(large.wallMs)} in all with the pacing lifted.`,
        ],
        data: { runs },
      };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
