// Benchmark 6: bulk start under faults, then a rerun (issue 21).
//
// What: `graphsync jobs start --from` with 1,000 jobs at concurrency 16 while the emulator throttles 15 % of Graph
// calls (429), answers 503 to 5 %, drops 3 % of connections before answering (not applied), drops 2 % of starts after
// applying them, and slows 10 % down by 50 ms; then, once the faults are cleared, the same file again with
// --skip-running. The first run must report every record truthfully (a lost start answer resolved by reading the job
// back: no "unknown" left), the second must exit 0, and the emulator's counters must show every job started exactly
// once across both runs.
// The ideal for 1,000 jobs at that fault rate: one run, as fast as without faults, plus the time during which any
// Retry-After it was given was running (a Retry-After holds the whole client back, see benchmark 5), plus the slow
// answers' extra time spread over the lanes: ideal = T_clean + |⋃ᵢ [tᵢ, tᵢ + dᵢ]| + Σ latency ÷ concurrency.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bulkStart, checkStartedOnce } from "../cli-run.mjs";
import { startBenchEmulator } from "../emulator.mjs";
import { seconds, times } from "../format.mjs";
import { benchJobs, writeJobsCsv } from "../tenant.mjs";
import { unionLength } from "./throttled-bulk.mjs";

const CONCURRENCY = 16;
const RETRY_AFTER_SECONDS = 0.2;
const LATENCY_MS = 50;

/** The fault mix of issue 21, chained so that each share is of all calls (rule k fires when those before did not). */
export function faultMix() {
  const shares = [
    { id: "throttle", type: "throttle", retryAfter: RETRY_AFTER_SECONDS, share: 0.15 },
    { id: "unavailable", type: "unavailable", retryAfter: RETRY_AFTER_SECONDS, share: 0.05 },
    { id: "drop-before", type: "drop", when: "before-body", share: 0.03 },
    { id: "drop-after-apply", type: "drop", when: "after-apply", operation: "startSynchronizationJob", share: 0.02 },
  ];
  let left = 1;
  const rules = shares.map(({ share, ...rule }) => {
    const probability = Math.min(1, share / left);
    left -= share;
    return { ...rule, probability };
  });
  // Latency combines with the other rules: its share is of all calls on its own.
  return [{ id: "latency", type: "latency", ms: LATENCY_MS, probability: 0.1 }, ...rules];
}

function analyse(log) {
  const holds = [];
  let latencies = 0;
  for (const record of log.value) {
    if (record.kind !== "graph") continue;
    const faults = record.faults ?? [];
    if (faults.includes("latency")) latencies++;
    if (faults.includes("throttle") || faults.includes("unavailable")) {
      const at = Date.parse(record.at);
      holds.push([at, at + RETRY_AFTER_SECONDS * 1000]);
    }
  }
  return { holds, latencies, union: unionLength(holds) };
}

const ID = "faulty-bulk";
const TITLE = "6. Bulk under faults, then a rerun";

/** A clean run, then the faulty run and its rerun, then the start counters; all against one emulator. */
async function measure(context, emulator, { input, jobs }) {
  context.log(`${jobs} jobs without faults`);
  await emulator.reset();
  const clean = await bulkStart(emulator, { input, concurrency: CONCURRENCY });

  context.log(`${jobs} jobs with the fault mix, then a --skip-running rerun`);
  await emulator.reset();
  await emulator.control("POST", "faults", faultMix());
  const first = await bulkStart(emulator, { input, concurrency: CONCURRENCY, allowFailedJobs: true });
  const { holds, latencies, union } = analyse(await emulator.control("GET", "requests"));
  await emulator.control("DELETE", "faults");
  const second = await bulkStart(emulator, { input, concurrency: CONCURRENCY, args: ["--skip-running"] });
  const check = await checkStartedOnce(emulator, jobs);
  const ideal = clean.wallMs + union + (latencies * LATENCY_MS) / CONCURRENCY;
  return { clean, first, second, check, holds, latencies, union, ideal };
}

function rows(jobs, { clean, first, second, check, holds, latencies, union, ideal }) {
  const both = first.wallMs + second.wallMs;
  const s1 = first.summary;
  const s2 = second.summary;
  return [
    [
      "without faults (T_clean)",
      seconds(clean.wallMs),
      "the ideal's first term",
      `${clean.summary.started}/${jobs} started`,
    ],
    [
      "first run, with the fault mix",
      seconds(first.wallMs),
      times(first.wallMs / ideal),
      `${s1.started} started (${s1.confirmedByReading} confirmed by reading the job), ${s1.failed} not started`,
    ],
    [
      "second run, --skip-running, faults cleared",
      seconds(second.wallMs),
      times(second.wallMs / ideal),
      `${s2.started} started, ${s2.alreadyRunning} already running, ${s2.failed} failed`,
    ],
    ["both runs", seconds(both), `${times(both / ideal)} of the ideal`, `${check.starts} starts over ${jobs} jobs`],
    [
      "ideal: T_clean + union of Retry-After intervals + Σ latency ÷ lanes",
      seconds(ideal),
      "×1.00 (baseline)",
      `union ${seconds(union)} (${holds.length} 429/503), ${latencies} slow answers`,
    ],
  ];
}

function goals(jobs, { first, second, check }) {
  const unknown = first.notStarted.filter(
    (r) => r.outcome !== "failed" || !/^not started \(the job is still /.test(r.message ?? ""),
  );
  const s1 = first.summary;
  const s2 = second.summary;
  return [
    {
      goal: "bulk under faults: every record reported truthfully (no unknown outcome left)",
      measured: `${unknown.length} unknown of ${first.notStarted.length} not started`,
      met: unknown.length === 0 && s1.started + s1.failed === jobs,
    },
    {
      goal: "bulk under faults: the --skip-running rerun exits 0",
      measured: `${s2.started + s2.alreadyRunning}/${jobs} running`,
      met: s2.started + s2.alreadyRunning === jobs && s2.failed === 0,
    },
    {
      goal: "bulk under faults: every job started exactly once across both runs",
      measured: `${check.starts} starts, ${check.twice} twice, ${check.never} never`,
      met: check.ok,
    },
  ];
}

const method = (jobs) => `
**What:** \`graphsync jobs start --from\` with ${jobs.toLocaleString("en-US")} jobs at concurrency ${CONCURRENCY} while
the emulator throttles 15 % of Graph calls, answers 503 to 5 % (\`Retry-After\` ${RETRY_AFTER_SECONDS} s), drops 3 % of
connections before answering, drops 2 % of starts after applying them, and slows 10 % of calls by ${LATENCY_MS} ms; then
the same file again with \`--skip-running\` once the faults are cleared (issue 21).
**How:** the emulator in its own process, fixed seed, chained fault rules through its control endpoint, the request
log for the Retry-After intervals; wall times, spawn to exit. Checked: no record of the first run left with an unknown
outcome, the second run exits 0, the emulator's counters show every job started exactly once across both runs.
**The ideal:** one run at the clean speed, plus the time any \`Retry-After\` was running (it holds the whole client),
plus the slow answers' extra time spread over the ${CONCURRENCY} lanes.`;

export const faultyBulk = {
  id: ID,
  title: TITLE,
  async run(context) {
    const jobs = context.smoke ? 20 : 1000;
    const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-faulty-"));
    const input = join(scratch, "jobs.csv");
    await writeJobsCsv(input, benchJobs(jobs));
    const emulator = await startBenchEmulator({ jobs, seed: "faulty-bulk", requestLog: 1_000_000 });
    try {
      const m = await measure(context, emulator, { input, jobs });
      return {
        id: ID,
        title: TITLE,
        method: method(jobs),
        tables: [{ header: ["run", "time", "ratio", "outcome"], rows: rows(jobs, m) }],
        goals: goals(jobs, m),
        notes: [],
        data: {
          jobs,
          concurrency: CONCURRENCY,
          cleanMs: m.clean.wallMs,
          firstMs: m.first.wallMs,
          secondMs: m.second.wallMs,
          idealMs: m.ideal,
          check: m.check,
        },
      };
    } finally {
      await emulator.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
