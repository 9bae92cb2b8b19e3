// Benchmark 3: cold start.
//
// What: how long a fresh process takes to get a start request out (process start → request sent) and to finish
// (process start → exit), for each client's program and for the graphsync CLI, relative to `node -e 0`.
// How: every case is a new `node` process spawned by this one; "process start" is just before spawn(), "exit" is
// the child's 'exit' event, and "request sent" is when a server in this process sees the start request's headers,
// all on this process's performance.now() clock. The client programs (bench/src/programs/*.mjs) address
// https://graph.microsoft.com exactly as a user's would; a preload (src/preload/redirect-graph.mjs, given to every
// program alike) sends their requests to a loopback server here that answers 204. `graphsync jobs start` runs against
// the emulator in its own process (GRAPHSYNC_TOKEN, --base-url) through a recording forwarder here; it reads the job
// (GET) then starts it (POST), and the job is paused again, untimed, before each run. Cases run round-robin (one run of
// each per round, after warm-up rounds that fill the file cache), so drift on the machine falls on all alike.
import { CLIENTS } from "../clients.mjs";
import { startBenchEmulator } from "../emulator.mjs";
import { ms, spread, times } from "../format.mjs";
import { startForwarder } from "../forwarder.mjs";
import { startLoopback } from "../loopback.mjs";
import { cliBin, preload, programsDir } from "../paths.mjs";
import { expectSuccess, runTimed } from "../processes.mjs";
import { summarize } from "../stats.mjs";

const GOAL_VERSION = 1.3;
const GOAL_START = 2;
const SP = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const JOB = "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da";
const TOKEN = "bench-token";
const isStart = (method, url) => method === "POST" && url.split("?")[0].endsWith("/start");

const ID = "cold-start";
const TITLE = "3. Cold start";

/** Pauses the demo job again (untimed) so that the next `graphsync jobs start` has something to start. */
async function pauseJob(emulator) {
  const response = await fetch(
    `${emulator.graphUrl}/servicePrincipals/${SP}/synchronization/jobs/${encodeURIComponent(JOB)}/pause`,
    { method: "POST", headers: { authorization: `Bearer ${emulator.token}` } },
  );
  await response.text();
  if (response.status !== 204) throw new Error(`cold-start: pausing the job answered ${response.status}`);
}

/** The reference program: the same POST with node:http, inline. */
const NODE_HTTP_PROGRAM = [
  'import { request } from "node:http";',
  "await new Promise((resolve, reject) => {",
  `  const req = request(process.env.BENCH_GRAPH_ORIGIN + "/v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}/start",`,
  '    { method: "POST", headers: { authorization: "Bearer " + process.env.GRAPH_TOKEN } },',
  '    (res) => { res.resume(); res.on("end", resolve); });',
  '  req.on("error", reject); req.end();',
  "});",
].join("\n");

/** Every case timed: the baselines, the reference, each client's program, and the CLI. */
function cases({ loopback, emulator, forwarder }) {
  const programEnv = { ...process.env, BENCH_GRAPH_ORIGIN: loopback.origin, GRAPH_TOKEN: TOKEN };
  const cliEnv = { ...process.env, GRAPHSYNC_TOKEN: emulator.token, NO_COLOR: "1" };
  const node = process.execPath;
  return [
    { id: "node", label: "`node -e 0` (baseline)", argv: [node, "-e", "0"] },
    {
      id: "preload",
      label: "`node --import redirect-graph.mjs -e 0` (the programs' harness alone)",
      argv: [node, "--import", preload("redirect-graph"), "-e", "0"],
      env: programEnv,
    },
    {
      id: "node-http",
      label: "reference: the same POST with `node:http` (no fetch), inline program",
      argv: [node, "--input-type=module", "-e", NODE_HTTP_PROGRAM],
      env: programEnv,
      request: true,
    },
    ...CLIENTS.map((client) => ({
      id: client.id,
      label: `${client.label}: bench/src/programs/${client.program}`,
      argv: [node, "--import", preload("redirect-graph"), `${programsDir}${client.program}`],
      env: programEnv,
      request: true,
    })),
    { id: "cli-version", label: "`graphsync --version`", argv: [node, cliBin, "--version"], env: cliEnv },
    {
      id: "cli-start",
      label: "`graphsync jobs start` (emulator: GET the job, then POST start)",
      argv: [
        node,
        cliBin,
        "jobs",
        "start",
        "--sp",
        SP,
        "--job",
        JOB,
        "--base-url",
        `${forwarder.origin}/v1.0`,
        "--quiet",
      ],
      env: cliEnv,
      request: true,
      before: () => pauseJob(emulator),
    },
  ];
}

/**
 * Runs every case round-robin; `watch.seen` is where the servers record when the start request arrived.
 * Returns each case's exit and request times (ms).
 */
async function measure(list, watch, { rounds, warmup }) {
  const samples = Object.fromEntries(list.map((c) => [c.id, { exit: [], request: [] }]));
  for (let round = -warmup; round < rounds; round++) {
    for (const c of list) {
      if (c.before) await c.before();
      watch.seen = { at: undefined };
      const run = expectSuccess(await runTimed(c.argv, { env: c.env ?? process.env }), c.label);
      if (c.request && watch.seen.at === undefined) throw new Error(`cold-start: ${c.label} sent no start request`);
      if (round < 0) continue;
      samples[c.id].exit.push(run.ms);
      if (c.request) samples[c.id].request.push(watch.seen.at - run.startedAt);
    }
  }
  watch.seen = undefined;
  return samples;
}

function table(list, samples) {
  const base = summarize(samples.node.exit).median;
  const stats = {};
  const rows = list.map((c) => {
    const exit = summarize(samples[c.id].exit);
    const request = c.request ? summarize(samples[c.id].request) : undefined;
    stats[c.id] = { exit, request };
    return [
      c.label,
      String(exit.n),
      request ? spread(request) : "no request",
      spread(exit),
      request ? times(request.median / base) : "no request",
      c.id === "node" ? "×1.00 (baseline)" : times(exit.median / base),
    ];
  });
  const header = ["case", "runs", "spawn → start request", "spawn → exit", "request ÷ node -e 0", "exit ÷ node -e 0"];
  return { base, stats, table: { header, rows } };
}

function goals(stats, base) {
  const versionRatio = stats["cli-version"].exit.median / base;
  const startRatio = stats["cli-start"].exit.median / base;
  return [
    {
      goal: `\`graphsync --version\` ≤ ${GOAL_VERSION}× \`node -e 0\``,
      measured: `${times(versionRatio)} (${ms(stats["cli-version"].exit.median)} vs ${ms(base)})`,
      met: versionRatio <= GOAL_VERSION,
    },
    {
      goal: `\`graphsync jobs start\` (emulator) ≤ ${GOAL_START}× \`node -e 0\`, spawn to exit`,
      measured: `${times(startRatio)} (${ms(stats["cli-start"].exit.median)} vs ${ms(base)})`,
      met: startRatio <= GOAL_START,
    },
  ];
}

const method = ({ rounds, warmup }) => `
**What:** how long a fresh process takes to send its start request and to exit, per client program and for the
graphsync CLI, relative to \`node -e 0\`.
**How:** each case is a new \`node\` process; "process start" is just before \`spawn()\`, "exit" the child's \`exit\`
event, "request sent" the moment a server in the benchmark's process sees the start request's headers, all on one
clock. The programs in [\`bench/src/programs/\`](src/programs/) address \`https://graph.microsoft.com\` as a user's would; a
preload given to every one of them alike sends their requests to a loopback server that answers 204 (its own cost is
the second row). \`graphsync jobs start\` runs against the emulator in its own process (\`GRAPHSYNC_TOKEN\`,
\`--base-url\`) through a recording forwarder (one extra loopback hop per request, included); it reads the job, then
starts it, and the job is paused again, untimed, before each run. ${rounds} round(s), one run of every case per
round, after ${warmup} warm-up round(s). Medians with p10–p90.`;

const NOTE =
  "The gap between the two time columns is what a process does after its request: reading the answer, and tearing down. Node's `fetch` (undici) accounts for most of it here, with or without `process.exit()`: compare the `node:http` reference row.";

export const coldStart = {
  id: ID,
  title: TITLE,
  async run(context) {
    const sizes = context.smoke ? { rounds: 1, warmup: 0 } : { rounds: 20, warmup: 3 };
    const watch = { seen: undefined };
    const onRequest = (method, url, at) => {
      if (isStart(method, url) && watch.seen && watch.seen.at === undefined) watch.seen.at = at;
    };
    const loopback = await startLoopback({ onRequest });
    // The demo tenant: its paused job is the one bench/programs start too.
    const emulator = await startBenchEmulator({});
    const forwarder = await startForwarder(emulator.url, { onRequest });
    try {
      const list = cases({ loopback, emulator, forwarder });
      const samples = await measure(list, watch, sizes);
      const { base, stats, table: t } = table(list, samples);
      return {
        id: ID,
        title: TITLE,
        method: method(sizes),
        tables: [t],
        goals: goals(stats, base),
        notes: [NOTE],
        data: { ...sizes, stats },
      };
    } finally {
      await forwarder.close();
      await emulator.stop();
      await loopback.close();
    }
  },
};
