// Benchmark 5: throttled bulk.
//
// What: `graphsync jobs start --from` with 1,000 jobs while the emulator answers 20 % of all Graph calls (reads and
// starts, retries included) with 429 and a Retry-After of 0.1, 0.2, 0.3, 0.4 or 0.5 s (equally likely): every job
// must start, none twice, and the run must take at most 1.5× the ideal implied by the delays.
// How: the emulator (own process, seeded with 1,000 Paused jobs, a fixed seed for its fault draws, a request log big
// enough to keep every request) gets five throttle rules through its control endpoint, one per Retry-After value,
// chained so that each fires on 4 % of calls (rule k fires with probability 0.04 ÷ (1 − 0.04 (k − 1)) when the rules
// before it did not). The CLI runs at its default concurrency, 4. The same 1,000 starts are first run without faults
// (T_clean, same emulator, reset in between). Afterwards: the summary must say 1,000 started and none failed; the
// emulator's counters must show every job started exactly once (a throttled start is answered before it is
// applied, so a retried start that landed twice would show); and from the emulator's request log, every retry of a
// throttled call (same client-request-id) must have arrived no earlier than its Retry-After allowed.
//
// The ideal: Graph throttles per application and tenant, so a Retry-After tells the whole client to wait, not one
// request: an ideal client stops sending while any Retry-After it was given is still running, and otherwise works
// as fast as without throttling. Its total time is therefore
//     ideal = T_clean + |⋃ᵢ [tᵢ, tᵢ + dᵢ]|
// where tᵢ is when the emulator answered the i-th 429 (its request log) and dᵢ that answer's Retry-After: the clean
// run's time plus the time during which at least one Retry-After was running. Goal: T_throttled ≤ 1.5 × ideal.
// For comparison the table also gives T_clean + Σ dᵢ ÷ 4, the time if each of the 4 lanes waited only for its own
// 429s (what a client would get by ignoring that throttling is shared), and Σ dᵢ.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bulkStart, checkStartedOnce } from "../cli-run.mjs";
import { startBenchEmulator } from "../emulator.mjs";
import { percent, seconds, times } from "../format.mjs";
import { benchJobs, writeJobsCsv } from "../tenant.mjs";

const RETRY_AFTER_SECONDS = [0.1, 0.2, 0.3, 0.4, 0.5];
const SHARE = 0.2;
const CONCURRENCY = 4;
const GOAL = 1.5;
/** The request log records answer times to the millisecond: allow that much for "no earlier than". */
const CLOCK_SLACK_MS = 2;

/** The fault rules: each Retry-After value on SHARE ÷ 5 of all calls. */
export function throttleRules() {
  const each = SHARE / RETRY_AFTER_SECONDS.length;
  return RETRY_AFTER_SECONDS.map((retryAfter, k) => ({
    id: `throttle-${retryAfter}`,
    type: "throttle",
    retryAfter,
    probability: each / (1 - each * k),
  }));
}

/** Total length of the union of [start, end) intervals. */
export function unionLength(intervals) {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let currentStart = Number.NEGATIVE_INFINITY;
  let currentEnd = Number.NEGATIVE_INFINITY;
  for (const [start, end] of sorted) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else if (end > currentEnd) {
      currentEnd = end;
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart;
  return total;
}

const ID = "throttled-bulk";
const TITLE = "5. Throttled bulk";

/** A clean run (checked), then the throttled run; returns both, the start counters and the request log. */
async function measure(context, emulator, { input, jobs, rules }) {
  context.log(`${jobs} jobs without faults`);
  await emulator.reset();
  const clean = await bulkStart(emulator, { input, concurrency: CONCURRENCY });
  const cleanCheck = await checkStartedOnce(emulator, jobs);
  if (clean.summary.started !== jobs || !cleanCheck.ok) {
    throw new Error(`throttled-bulk: the clean run did not start every job once: ${JSON.stringify(cleanCheck)}`);
  }

  context.log(`${jobs} jobs with ${percent(SHARE)} of calls throttled`);
  await emulator.reset();
  await emulator.control("POST", "faults", rules);
  const throttled = await bulkStart(emulator, { input, concurrency: CONCURRENCY, allowFailedJobs: true });
  const check = await checkStartedOnce(emulator, jobs);
  const log = await emulator.control("GET", "requests");
  if (log.value.length !== log.count) {
    throw new Error(`throttled-bulk: the request log kept ${log.value.length} of ${log.count} requests`);
  }
  return { clean, throttled, check, log };
}

/** The 429s' Retry-After intervals, and every Graph call's attempts grouped by client-request-id. */
function readLog(log, rules) {
  const retryAfterOf = new Map(rules.map((rule) => [rule.id, rule.retryAfter * 1000]));
  const holds = [];
  const byClientRequest = new Map();
  for (const record of log.value) {
    if (record.kind !== "graph") continue;
    const at = Date.parse(record.at);
    const list = byClientRequest.get(record.clientRequestId) ?? [];
    list.push({ at, status: record.status, delayMs: retryAfterOf.get(record.faults[0]) });
    byClientRequest.set(record.clientRequestId, list);
    if (record.status === 429) {
      const delayMs = retryAfterOf.get(record.faults[0]);
      if (delayMs === undefined) throw new Error(`throttled-bulk: a 429 from no known rule: ${JSON.stringify(record)}`);
      holds.push([at, at + delayMs]);
    }
  }
  return { holds, byClientRequest };
}

/** How the client retried its 429s: early retries, retried and unretried ones, the longest streaks. */
function retryStats(byClientRequest) {
  let early = 0;
  let retried = 0;
  let unretried = 0;
  let longestStreak = 0;
  const givenUpAfter = [];
  for (const attempts of byClientRequest.values()) {
    let streak = 0;
    for (let i = 0; i < attempts.length; i++) {
      streak = attempts[i].status === 429 ? streak + 1 : 0;
      longestStreak = Math.max(longestStreak, streak);
      if (attempts[i].status !== 429) continue;
      const next = attempts[i + 1];
      if (!next) {
        unretried++;
        givenUpAfter.push(streak);
        continue;
      }
      retried++;
      if (next.at - attempts[i].at < attempts[i].delayMs - CLOCK_SLACK_MS) early++;
    }
  }
  return { early, retried, unretried, longestStreak, givenUpAfter };
}

function analyse(jobs, { clean, throttled, check, log }, rules) {
  const { holds, byClientRequest } = readLog(log, rules);
  const graphCalls = [...byClientRequest.values()].reduce((n, list) => n + list.length, 0);
  const sumDelays = holds.reduce((sum, [start, end]) => sum + (end - start), 0);
  const union = unionLength(holds);
  const ideal = clean.wallMs + union;
  return {
    jobs,
    clean,
    throttled,
    check,
    holds,
    graphCalls,
    sumDelays,
    union,
    ideal,
    perLane: clean.wallMs + sumDelays / CONCURRENCY,
    ratio: throttled.wallMs / ideal,
    ...retryStats(byClientRequest),
  };
}

function rows({ jobs, clean, throttled, ratio, ideal, union, perLane, sumDelays }) {
  return [
    [
      "without faults (T_clean)",
      seconds(clean.wallMs),
      "the ideal's first term",
      `${clean.summary.started}/${jobs} started`,
    ],
    [
      `with ${percent(SHARE)} of calls throttled (T_throttled)`,
      seconds(throttled.wallMs),
      `${times(ratio)} of the ideal`,
      `${throttled.summary.started}/${jobs} started, ${throttled.summary.failed} failed`,
    ],
    ["ideal: T_clean + union of Retry-After intervals", seconds(ideal), "×1.00 (baseline)", `union ${seconds(union)}`],
    [
      "if each lane waited only for its own 429s: T_clean + Σd ÷ 4",
      seconds(perLane),
      times(perLane / ideal),
      `Σd ${seconds(sumDelays)}`,
    ],
  ];
}

function facts(a) {
  const { jobs, throttled, check, holds, graphCalls, givenUpAfter } = a;
  return [
    ["Graph calls the emulator received", String(graphCalls)],
    ["answered 429", `${holds.length} (${percent(holds.length / graphCalls)})`],
    ["429s retried with the same client-request-id", `${a.retried} (${a.unretried} not retried)`],
    ["longest run of 429s for one call", String(a.longestStreak)],
    [
      "calls given up while still throttled",
      givenUpAfter.length === 0 ? "0" : `${givenUpAfter.length}, after ${givenUpAfter.join(", ")} consecutive 429s`,
    ],
    [
      "jobs not started",
      throttled.notStarted.length === 0
        ? "0"
        : throttled.notStarted
            .slice(0, 3)
            .map((r) => `line ${r.line}: ${r.outcome}, ${r.message}`)
            .join("; "),
    ],
    ["retries that came before their Retry-After had passed", String(a.early)],
    [
      "start counters",
      `${check.starts} starts over ${jobs} jobs; started twice: ${check.twice}; never: ${check.never}; repeated starts: ${check.repeated}`,
    ],
  ];
}

function goals({ jobs, throttled, check, early, retried, ratio, ideal }) {
  return [
    {
      goal: "throttled bulk: every job started",
      measured: `${throttled.summary.started}/${jobs}`,
      met: throttled.summary.started === jobs && throttled.summary.failed === 0,
    },
    {
      goal: "throttled bulk: no job started twice (emulator counters)",
      measured: `${check.twice} started twice, ${check.repeated} repeated starts`,
      met: check.once,
    },
    {
      goal: "throttled bulk: every retry honoured its Retry-After",
      measured: `${early} early of ${retried}`,
      met: early === 0,
    },
    {
      goal: `throttled bulk: total time ≤ ${GOAL}× the ideal`,
      measured: `${times(ratio)} (${seconds(throttled.wallMs)} vs ${seconds(ideal)})`,
      met: ratio <= GOAL,
    },
  ];
}

function notes({ givenUpAfter, graphCalls }) {
  if (givenUpAfter.length === 0) return [];
  const most = Math.max(...givenUpAfter);
  return [
    `A call throttled on every attempt fails once the client's retries run out. With ${percent(SHARE)} of calls throttled independently, ${most} 429s in a row happen with probability ${SHARE}^${most} = ${(SHARE ** most * 100).toPrecision(2)} %: about ${(graphCalls * SHARE ** most).toFixed(1)} expected over this run's ${graphCalls} calls. Retrying a 429 for as long as a time budget allows, rather than a fixed number of attempts, would let such a call through.`,
  ];
}

const method = (jobs) => `
**What:** \`graphsync jobs start --from\` with ${jobs.toLocaleString("en-US")} jobs while the emulator answers
${percent(SHARE)} of all Graph calls (reads and starts, retries included) with 429 and \`Retry-After\`
${RETRY_AFTER_SECONDS.join(", ")} s (equally likely). Every job must start, none twice, and the run must take at most
${GOAL}× the ideal.
**How:** the emulator (own process, fixed seed for its fault draws, a request log that keeps every request) gets five
chained throttle rules through its control endpoint. The CLI runs at its default concurrency, ${CONCURRENCY}. The same
starts run first without faults (T_clean). Checked afterwards: the summary, the emulator's start counters (a throttled
start is answered before it is applied, so a start that landed twice would show), and, from the request log, that
every retry came no earlier than its \`Retry-After\` allowed. Times are wall times, spawn to exit.
**The ideal:** Graph throttles per application and tenant, so a \`Retry-After\` tells the whole client to wait. An
ideal client sends nothing while any \`Retry-After\` it was given is running, and otherwise works as fast as without
throttling: **ideal = T_clean + |⋃ᵢ [tᵢ, tᵢ + dᵢ]|**, with tᵢ the time the emulator answered the i-th 429 and dᵢ its
\`Retry-After\`. For comparison, T_clean + Σdᵢ ÷ ${CONCURRENCY} is what a client would take if each lane waited only
for its own 429s (ignoring that throttling is shared).`;

export const throttledBulk = {
  id: ID,
  title: TITLE,
  async run(context) {
    const jobs = context.smoke ? 10 : 1000;
    const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-throttled-"));
    const input = join(scratch, "jobs.csv");
    await writeJobsCsv(input, benchJobs(jobs));
    const emulator = await startBenchEmulator({ jobs, seed: "throttled-bulk", requestLog: 1_000_000 });
    try {
      const rules = throttleRules();
      const a = analyse(jobs, await measure(context, emulator, { input, jobs, rules }), rules);
      return {
        id: ID,
        title: TITLE,
        method: method(jobs),
        tables: [
          { header: ["run", "time", "ratio", "outcome"], rows: rows(a) },
          { title: "What the emulator saw", header: ["fact", "value"], rows: facts(a) },
        ],
        goals: goals(a),
        notes: notes(a),
        data: {
          jobs,
          concurrency: CONCURRENCY,
          cleanMs: a.clean.wallMs,
          throttledMs: a.throttled.wallMs,
          unionMs: a.union,
          sumDelaysMs: a.sumDelays,
          throttles: a.holds.length,
          graphCalls: a.graphCalls,
          early: a.early,
          retried: a.retried,
          check: a.check,
        },
      };
    } finally {
      await emulator.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
