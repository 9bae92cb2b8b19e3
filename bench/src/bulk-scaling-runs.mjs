// The runs of benchmark 4 (bulk scaling): every job count at every concurrency, each run checked, and the medians of
// each cell; then one larger run for the plateau of peak RSS. The tables and verdicts are in benchmarks/bulk-scaling.mjs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bulkStart, checkStartedOnce } from "./cli-run.mjs";
import { startBenchEmulator } from "./emulator.mjs";
import { summarize } from "./stats.mjs";
import { benchJobs, writeJobsCsv } from "./tenant.mjs";

/** One bulk run, checked: all started, and each job started exactly once. */
async function checkedRun(emulator, { input, jobs, concurrency }) {
  const run = await bulkStart(emulator, { input, concurrency, retained: true });
  if (run.summary.started !== jobs || run.summary.total !== jobs) {
    throw new Error(`bulk-scaling: ${JSON.stringify(run.summary)} for ${jobs} jobs\n${run.stderr}`);
  }
  const check = await checkStartedOnce(emulator, jobs);
  if (!check.ok) throw new Error(`bulk-scaling: start counters ${JSON.stringify(check)} for ${jobs} jobs`);
  return run;
}

/** The medians of one (job count, concurrency) cell over its runs. */
function summarizeCell(jobs, concurrency, list) {
  return {
    jobs,
    concurrency,
    runs: list.length,
    throughput: summarize(list.map((r) => jobs / (r.summary.elapsedMs / 1000))),
    wall: summarize(list.map((r) => r.wallMs)),
    elapsed: summarize(list.map((r) => r.summary.elapsedMs)),
    rss: summarize(list.map((r) => r.cli.maxRssKiB)),
    retained: summarize(list.map((r) => r.cli.retainedHeapBytes / 1024)),
    cliBusy: summarize(list.map((r) => r.cli.cpuMs / r.wallMs)),
    cliCpuPerJob: summarize(list.map((r) => r.cli.cpuMs / jobs)),
    emulatorCpuPerJob: summarize(list.map((r) => r.emulatorCpuMs / jobs)),
    emulatorBusy: summarize(list.map((r) => r.emulatorCpuMs / r.wallMs)),
    machineBusy: summarize(list.map((r) => r.machineBusy)),
  };
}

/** Starts an emulator seeded with `jobs` jobs and a CSV of them, runs `body`, and stops the emulator. */
async function withTenant(scratch, jobs, body) {
  const input = join(scratch, `jobs-${jobs}.csv`);
  await writeJobsCsv(input, benchJobs(jobs));
  const emulator = await startBenchEmulator({ jobs, seed: "bulk-scaling" });
  try {
    return await body(emulator, input);
  } finally {
    await emulator.stop();
  }
}

/** Every concurrency for one job count, interleaved over the rounds; returns one cell per concurrency. */
function measureSize(context, scratch, { jobs, rounds, concurrencies }) {
  return withTenant(scratch, jobs, async (emulator, input) => {
    const runs = Object.fromEntries(concurrencies.map((c) => [c, []]));
    for (let round = 0; round < rounds; round++) {
      for (const concurrency of concurrencies) {
        context.log(`${jobs} jobs, concurrency ${concurrency}, round ${round + 1}/${rounds}`);
        await emulator.reset();
        runs[concurrency].push(await checkedRun(emulator, { input, jobs, concurrency }));
      }
    }
    return concurrencies.map((concurrency) => summarizeCell(jobs, concurrency, runs[concurrency]));
  });
}

/** The single run past the largest size; returns its peak RSS, retained heap (KiB) and throughput. */
function measurePlateau(context, scratch, { jobs, concurrency }) {
  return withTenant(scratch, jobs, async (emulator, input) => {
    context.log(`${jobs} jobs, concurrency ${concurrency} (plateau check)`);
    const run = await checkedRun(emulator, { input, jobs, concurrency });
    return {
      rss: run.cli.maxRssKiB,
      retained: run.cli.retainedHeapBytes / 1024,
      throughput: jobs / (run.summary.elapsedMs / 1000),
    };
  });
}

/**
 * Every (job count, concurrency) cell of the plan, then the plateau run (its figures are added to `plateau`).
 * @returns {Promise<object[]>} one cell of medians per job count and concurrency
 */
export async function measureBulkScaling(context, { plan, plateau, concurrencies }) {
  const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-bulk-"));
  try {
    const cells = [];
    for (const size of plan) cells.push(...(await measureSize(context, scratch, { ...size, concurrencies })));
    Object.assign(plateau, await measurePlateau(context, scratch, plateau));
    return cells;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
