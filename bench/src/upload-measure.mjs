// The two measurements of benchmark 7 (upload at scale): the scaling runs (both clients at every size, limits
// raised) and the throttled pair (documented limits, injected 429s). Every run is checked against the emulator's
// counters; the tables and verdicts are in benchmarks/upload-scale.mjs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBenchEmulator } from "./emulator.mjs";
import { writeHrCsv } from "./hr-records.mjs";
import { summarize } from "./stats.mjs";
import { pacingIdeal } from "./upload-ideal.mjs";
import { baselineUpload, checkReceivedOnce, cliUpload } from "./upload-runs.mjs";

export const CLIENTS = [
  { id: "graphsync", label: "graphsync upload", run: cliUpload },
  { id: "csv2scim", label: "CSV2SCIM-style (baseline)", run: baselineUpload },
];

/** Limits high enough that nothing is throttled: the scaling runs measure the clients, not the service's limits. */
export const RAISED_LIMITS = { bulkUploadRequests: 1_000_000, bulkUploadDailyRequests: 1_000_000_000 };
/** graphsync's --pace for those raised limits (by default it keeps to the documented ones). */
export const RAISED_PACE = "1000000/1s";
/** The documented limits, as graphsync paces to them. */
export const DOCUMENTED = { limit: 40, windowMs: 5000 };

async function withScratch(prefix, body) {
  const scratch = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await body(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** One run from a reset emulator, with the counters read after it. graphsync must deliver every record once. */
async function checkedRun(emulator, client, { input, records }) {
  await emulator.reset();
  const run = await client.run(emulator, { input, retained: true, pace: RAISED_PACE });
  const received = await checkReceivedOnce(emulator, records);
  if (client.id === "graphsync" && !received.ok) {
    throw new Error(`upload-scale: graphsync upload of ${records} records: counters ${JSON.stringify(received)}`);
  }
  return { ...run, received };
}

function cell(client, records, runs) {
  const last = runs.at(-1);
  return {
    client: client.id,
    records,
    runs: runs.length,
    wallMs: summarize(runs.map((r) => r.wallMs)),
    recordsPerSecond: summarize(runs.map((r) => records / (r.wallMs / 1000))),
    rssKiB: summarize(runs.map((r) => r.maxRssKiB)),
    retainedKiB: summarize(runs.map((r) => r.retainedHeapBytes / 1024)),
    cpuPerThousandMs: summarize(runs.map((r) => r.cpuMs / (records / 1000))),
    requests: last.summary.requests,
    received: last.received,
  };
}

/**
 * Every size, both clients, `rounds` runs each (interleaved): one cell of medians per (client, size).
 * @param plan [{ records, rounds }]
 */
export async function measureScaling(context, plan) {
  const emulator = await startBenchEmulator({ seed: "upload-scale", limits: RAISED_LIMITS });
  try {
    return await withScratch("graphsync-bench-upload-scale-", async (scratch) => {
      const cells = [];
      for (const { records, rounds } of plan) {
        const input = join(scratch, `workers-${records}.csv`);
        await writeHrCsv(input, records);
        const runs = Object.fromEntries(CLIENTS.map((c) => [c.id, []]));
        for (let round = 0; round < rounds; round++) {
          for (const client of CLIENTS) {
            context.log(`${records} records, ${client.label}, round ${round + 1}/${rounds}`);
            runs[client.id].push(await checkedRun(emulator, client, { input, records }));
          }
        }
        for (const client of CLIENTS) cells.push(cell(client, records, runs[client.id]));
        await rm(input, { force: true });
      }
      return cells;
    });
  } finally {
    await emulator.stop();
  }
}

/** The bulkUpload attempts of the request log, in order, each with the Retry-After its 429 carried and its answer time. */
export function attemptsOf(log, rules) {
  const retryAfterOf = new Map(rules.map((rule) => [rule.id, rule.retryAfter * 1000]));
  return log.value
    .filter((record) => record.operation === "bulkUpload")
    .map((record) => {
      const injected = record.status === 429 && record.faults.length > 0;
      const holdMs = injected ? retryAfterOf.get(record.faults[0]) : 0;
      if (holdMs === undefined) throw new Error(`upload-scale: a 429 from no known rule: ${JSON.stringify(record)}`);
      return { at: Date.parse(record.at), status: record.status, injected, holdMs, serviceMs: record.durationMs };
    });
}

/** How the attempts went: injected and rate-limit 429s, retries sooner than their Retry-After (serial client). */
export function attemptStats(attempts, slackMs = 2) {
  let early = 0;
  for (let i = 0; i + 1 < attempts.length; i++) {
    if (attempts[i].injected && attempts[i + 1].at - attempts[i].at < attempts[i].holdMs - slackMs) early++;
  }
  return {
    attempts: attempts.length,
    accepted: attempts.filter((a) => a.status === 202).length,
    injected: attempts.filter((a) => a.injected).length,
    limited: attempts.filter((a) => a.status === 429 && !a.injected).length,
    other: attempts.filter((a) => a.status !== 202 && a.status !== 429).length,
    early,
  };
}

/** One client's throttled run: the run, its counters, and its attempts as the emulator saw them. */
async function throttledRun(emulator, client, { input, records, rules }) {
  await emulator.reset();
  await emulator.control("POST", "faults", rules);
  const run = await client.run(emulator, { input });
  const received = await checkReceivedOnce(emulator, records);
  const log = await emulator.control("GET", "requests");
  if (log.value.length !== log.count) {
    throw new Error(`upload-scale: the request log kept ${log.value.length} of ${log.count} requests`);
  }
  const attempts = attemptsOf(log, rules);
  return { ...run, received, attempts, stats: attemptStats(attempts) };
}

/** graphsync, then the baseline, on the same file, at the documented limits with `rules` injected. */
export async function measureThrottled(context, { records, rules }) {
  const emulator = await startBenchEmulator({ seed: "upload-throttled", requestLog: 1_000_000 });
  try {
    return await withScratch("graphsync-bench-upload-throttled-", async (scratch) => {
      const input = join(scratch, "workers.csv");
      await writeHrCsv(input, records);
      const [graphsync, baseline] = CLIENTS;
      context.log(`${records} records, ${graphsync.label}, documented limits, 429s injected`);
      const cli = await throttledRun(emulator, graphsync, { input, records, rules });
      context.log(`${records} records, ${baseline.label}, documented limits, 429s injected`);
      const csv2scim = await throttledRun(emulator, baseline, { input, records, rules });
      const ideal = pacingIdeal(
        cli.attempts.map(({ holdMs }) => ({ holdMs })),
        DOCUMENTED,
      );
      return { records, cli, csv2scim, ideal, serial: pacingIdeal(cli.attempts, DOCUMENTED) };
    });
  } finally {
    await emulator.stop();
  }
}
