// Benchmark 9: `graphsync health` over many jobs under a read rate limit.
//
// What: `graphsync health --from targets.csv` over 500 jobs on 100 service principals (5 each: mostly Active, some
// Paused and Quarantine), through a read limit of LIMIT requests per WINDOW_MS. Goal (issue 17): within 1.2× of the
// ideal that the limit sets, with every job read.
// How: an emulator in this process holds the tenant; a forwarder in front of it enforces the limit as a sliding
// window (every request counts), answering 429 with a fractional Retry-After (the seconds until a slot frees) and
// Graph's error body, as the service does. The CLI reads one job list per service principal (100 requests), 8
// service principals at a time, with the client's retry rules. The same run without the limit gives T_free.
// The ideal: a client that never wastes a slot sends its k-th request (0-based) at ⌊k ÷ LIMIT⌋ × WINDOW after its
// first, so the last of Q requests starts ⌊(Q − 1) ÷ LIMIT⌋ × WINDOW after the first; ideal = the unlimited run's
// time before its first request (start-up) + that + its time after its last request began (the answer, the
// output): a lower bound no client can beat. Goal: T_limited ≤ 1.2 × ideal.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildJob, startEmulator } from "@graphsync/emulator";
import { seconds, times } from "../format.mjs";
import { startForwarder } from "../forwarder.mjs";
import { cliBin } from "../paths.mjs";
import { runTimed } from "../processes.mjs";

const ID = "health-scale";
const TITLE = "10. Health over many jobs";
const LIMIT = 10;
const WINDOW_MS = 1000;
const GOAL = 1.2;
const PER_PRINCIPAL = 5;

const hex = (value, width) => value.toString(16).padStart(width, "0");

/** `principals` service principals with PER_PRINCIPAL jobs each; every 10th job Paused, every 25th quarantined. */
function tenant(principals, now) {
  const servicePrincipals = [];
  const targets = [];
  for (let p = 0; p < principals; p++) {
    const id = `4ea17400-0000-4000-8000-${hex(p, 12)}`;
    const jobs = [];
    for (let j = 0; j < PER_PRINCIPAL; j++) {
      const n = p * PER_PRINCIPAL + j;
      const jobId = `scim.${hex(n, 32)}`;
      const code = n % 25 === 0 ? "Quarantine" : n % 10 === 0 ? "Paused" : "Active";
      const ended = new Date(now - 3_600_000).toISOString();
      const status = {
        code,
        lastSuccessfulExecution: { state: "Succeeded", timeBegan: ended, timeEnded: ended },
        lastSuccessfulExecutionWithExports: { state: "Succeeded", timeBegan: ended, timeEnded: ended },
        ...(code === "Quarantine"
          ? {
              quarantine: {
                reason: "EncounteredQuarantineException",
                currentBegan: ended,
                seriesBegan: ended,
                nextAttempt: ended,
              },
            }
          : {}),
      };
      jobs.push(buildJob({ id: jobId, templateId: "scim", status }));
      targets.push(`${id},${jobId}`);
    }
    servicePrincipals.push({ id, displayName: `health bench ${p}`, jobs });
  }
  return { state: { servicePrincipals }, csv: `servicePrincipalId,jobId\n${targets.join("\n")}\n` };
}

/** A forwarder holding every request to `limit` per `windowMs` (sliding), else 429 with Retry-After. */
async function startLimiter(target, { limit }) {
  let times = [];
  const counts = { forwarded: 0, throttled: 0, firstAt: undefined, lastAt: undefined };
  const intercept = (req, res, now) => {
    times = times.filter((t) => t > now - WINDOW_MS);
    if (limit !== undefined && times.length >= limit) {
      counts.throttled++;
      const wait = Math.max(0.001, Math.round(times[0] + WINDOW_MS - now) / 1000);
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(wait) });
      req.resume();
      res.end(JSON.stringify({ error: { code: "TooManyRequests", message: "Too many requests.", innerError: {} } }));
      return true;
    }
    times.push(now);
    counts.forwarded++;
    counts.firstAt ??= now;
    counts.lastAt = now;
    return false;
  };
  const forwarder = await startForwarder(target, { intercept });
  return { url: `${forwarder.origin}${new URL(target).pathname}`, counts, close: () => forwarder.close() };
}

async function runHealth(emulator, targets, { limit }) {
  const limiter = await startLimiter(emulator.graphUrl(), { limit });
  try {
    const run = await runTimed(
      [process.execPath, cliBin, "health", "--from", targets, "--base-url", limiter.url, "--output", "json"],
      { env: { ...process.env, GRAPHSYNC_TOKEN: emulator.token, NO_COLOR: "1" } },
    );
    // Exit 6: some jobs are (on purpose) not healthy. Anything else is a broken run.
    if (run.code !== 6) throw new Error(`graphsync health exited ${run.code}:\n${run.stderr.slice(-2000)}`);
    const report = JSON.parse(run.stdout);
    const { forwarded, throttled, firstAt, lastAt } = limiter.counts;
    // Before the first read (start-up, reading the file) and after the last one began (its answer, the output).
    const headMs = firstAt - run.startedAt;
    const tailMs = run.startedAt + run.ms - lastAt;
    return { wallMs: run.ms, report, requests: forwarded, throttled, headMs, tailMs };
  } finally {
    await limiter.close();
  }
}

function check(run, jobs) {
  const read = run.report.jobs.filter((row) => row.state !== "error").length;
  if (run.report.jobs.length !== jobs || read !== jobs) {
    throw new Error(`graphsync health read ${read} of ${jobs} jobs (${run.report.jobs.length} rows)`);
  }
}

const method = (jobs, principals) => `
**What:** \`graphsync health --from targets.csv\` over ${jobs} jobs on ${principals} service principals (${PER_PRINCIPAL}
each; every 10th Paused, every 25th in quarantine), through a read limit of ${LIMIT} requests per ${WINDOW_MS / 1000} s.
Goal: within ${GOAL}× of the ideal the limit sets, every job read.
**How:** an emulator in the benchmark's process; a forwarder in front of it enforces the limit as a sliding window
(every request counts) and answers 429 with a fractional \`Retry-After\` (the seconds until a slot frees), as Graph
does. The CLI reads one job list per service principal, 8 at a time, with the client's retry rules. T_free is the
same run without the limit.
**The ideal:** a client that never wastes a slot sends its k-th request ⌊k ÷ ${LIMIT}⌋ × ${WINDOW_MS / 1000} s after
its first, so the last of Q starts ⌊(Q − 1) ÷ ${LIMIT}⌋ × ${WINDOW_MS / 1000} s after the first; ideal = T_free's
start-up (spawn to its first request) + that + T_free's tail (its last request's start to exit).`;

function tableRows(free, limited, ideal) {
  return [
    [
      "no read limit (T_free)",
      seconds(free.wallMs),
      "start-up and tail: the ideal's ends",
      String(free.requests),
      String(free.throttled),
    ],
    [
      `${LIMIT} reads per ${WINDOW_MS / 1000} s (T_limited)`,
      seconds(limited.wallMs),
      `${times(limited.wallMs / ideal)} of the ideal`,
      String(limited.requests),
      String(limited.throttled),
    ],
    [
      "ideal: start-up + ⌊(Q − 1) ÷ limit⌋ × window + tail",
      seconds(ideal),
      "×1.00 (baseline)",
      `Q = ${limited.requests}`,
      "none wasted",
    ],
  ];
}

function result({ jobs, principals, free, limited }) {
  const paced = Math.floor((limited.requests - 1) / LIMIT) * WINDOW_MS;
  const ideal = free.headMs + paced + free.tailMs;
  const ratio = limited.wallMs / ideal;
  return {
    id: ID,
    title: TITLE,
    method: method(jobs, principals),
    tables: [{ header: ["run", "time", "ratio", "requests", "answered 429"], rows: tableRows(free, limited, ideal) }],
    goals: [
      { goal: "health: every job read", measured: `${jobs}/${jobs}`, met: true },
      {
        goal: `health: ${jobs} jobs on ${principals} service principals within ${GOAL}× of the ideal the read limit sets`,
        measured: `${times(ratio)} (${seconds(limited.wallMs)} vs ${seconds(ideal)})`,
        met: ratio <= GOAL,
      },
    ],
    notes: [],
    data: {
      jobs,
      principals,
      limit: LIMIT,
      windowMs: WINDOW_MS,
      free,
      limited: { ...limited, report: undefined },
      ideal,
    },
  };
}

export const healthScale = {
  id: ID,
  title: TITLE,
  async run(context) {
    const principals = context.smoke ? 6 : 100;
    const jobs = principals * PER_PRINCIPAL;
    const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-health-"));
    const emulator = await startEmulator({ port: 0, strict: false });
    try {
      const { state, csv } = tenant(principals, emulator.clock.now());
      await emulator.state.replace(state);
      const targets = join(scratch, "targets.csv");
      await writeFile(targets, csv);
      context.log(`${jobs} jobs on ${principals} service principals, no read limit`);
      const free = await runHealth(emulator, targets, { limit: undefined });
      check(free, jobs);
      context.log(`${jobs} jobs, at most ${LIMIT} reads per ${WINDOW_MS / 1000} s`);
      const limited = await runHealth(emulator, targets, { limit: LIMIT });
      check(limited, jobs);
      return result({ jobs, principals, free, limited });
    } finally {
      await emulator.close();
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
