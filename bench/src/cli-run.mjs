// Runs `graphsync jobs start --from <file>` against an emulator and reads back what happened: its wall time, its
// NDJSON summary, its peak RSS and CPU time (src/preload/peak-rss.mjs), and the emulator's CPU time during the run.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { machineBusy } from "./cpu.mjs";
import { cliBin, preload } from "./paths.mjs";
import { expectSuccess, runTimed } from "./processes.mjs";

/**
 * `retained`: also measure the heap the CLI still holds at exit, after a full GC (runs node with --expose-gc).
 * `allowFailedJobs`: exit code 1 (some jobs not started) is a result to report, not a broken run; the records that
 * were not started come back in `notStarted`. Any other non-zero exit, or no summary, always throws.
 */
export async function bulkStart(
  emulator,
  { input, concurrency, retained = false, allowFailedJobs = false, args = [] },
) {
  const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-usage-"));
  const usageFile = join(scratch, "usage.json");
  try {
    const before = await emulator.usage();
    const busy = machineBusy();
    const run = await runTimed(
      [
        process.execPath,
        ...(retained ? ["--expose-gc"] : []),
        "--import",
        preload("peak-rss"),
        cliBin,
        "jobs",
        "start",
        "--from",
        input,
        "--concurrency",
        String(concurrency),
        "--base-url",
        emulator.graphUrl,
        "--output",
        "json",
        ...args,
      ],
      { env: { ...process.env, GRAPHSYNC_TOKEN: emulator.token, BENCH_USAGE_FILE: usageFile, NO_COLOR: "1" } },
    );
    if (!(allowFailedJobs && run.code === 1))
      expectSuccess(run, `graphsync jobs start --from (concurrency ${concurrency})`);
    const machine = busy();
    const after = await emulator.usage();
    const records = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    const summary = records.at(-1);
    if (summary?.type !== "summary") {
      expectSuccess({ ...run, code: run.code || "without a summary" }, "graphsync jobs start --from");
    }
    const usage = JSON.parse(await readFile(usageFile, "utf8"));
    return {
      wallMs: run.ms,
      summary,
      cli: {
        maxRssKiB: usage.maxRssKiB,
        cpuMs: usage.userMs + usage.systemMs,
        retainedHeapBytes: usage.retainedHeapBytes,
      },
      machineBusy: machine,
      emulatorCpuMs: after.cpuMs - before.cpuMs,
      notStarted: records.filter((record) => record.type === "result" && record.outcome !== "started"),
      stderr: run.stderr,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Checks the emulator's start counters: every job of the input started exactly once, nothing else started. */
export async function checkStartedOnce(emulator, expected) {
  const counters = await emulator.control("GET", "counters");
  let starts = 0;
  let twice = 0;
  let never = 0;
  let repeated = 0;
  for (const job of counters.jobs) {
    starts += job.starts;
    repeated += job.repeatedStarts;
    if (job.starts > 1) twice++;
    if (job.starts === 0) never++;
  }
  return {
    starts,
    twice,
    never,
    repeated,
    /** Nothing started twice (whatever was not started). */
    once: twice === 0 && repeated === 0,
    /** Every job started exactly once. */
    ok: starts === expected && never === 0 && twice === 0 && repeated === 0,
  };
}
