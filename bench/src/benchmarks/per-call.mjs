// Benchmark 2: per-call overhead.
//
// What: the time one start call takes through each client, against a server that does nothing, relative to raw fetch.
// How: a node:http server in its own process on 127.0.0.1 answers every request with 204 (no emulator logic in the
// way). One measuring process (workers/per-call.mjs) builds the four clients, warms each up, then makes 2,000
// sequential start calls per client, interleaved in blocks of 50: each round runs one block of every client, the
// first client rotating from round to round. Each call is timed alone (performance.now() around the awaited call,
// response body read). Reported: median, p10 and p90 per call, and the median and p90 ratios to raw fetch.
//
// Why one process, interleaved, rather than a process per client: on a shared 2-core machine, the drift over the
// seconds a run takes (other processes, CPU frequency, GC of a long-lived heap) is larger than the differences
// measured. Interleaving blocks puts the same drift on every client; separate processes run one after another
// cannot. What the clients then share (one heap, one JIT, undici's connection pool to the one server) they share
// alike, and each is warmed up before timing. The server runs in another process so that its work and its GC are
// not timed as part of a client's call, as with a real service.
import { CLIENTS } from "../clients.mjs";
import { times, us } from "../format.mjs";
import { worker } from "../paths.mjs";
import { expectSuccess, runTimed, startService } from "../processes.mjs";
import { summarize } from "../stats.mjs";

const GOAL = 1.2;
const GOAL_OPENAPI_FETCH = 1.05;

const ID = "per-call";
const TITLE = "2. Per-call overhead";

/** Runs the measuring worker against a loopback server; returns each client's per-call samples (ms). */
async function measure({ calls, block, warmup }) {
  const server = await startService([process.execPath, worker("loopback-server")], { label: "loopback server" });
  try {
    const run = expectSuccess(
      await runTimed([process.execPath, worker("per-call"), server.info.origin, calls, block, warmup].map(String)),
      "per-call worker",
    );
    const samples = JSON.parse(run.stdout);
    const { requests } = await server.send({ count: true });
    const expected = CLIENTS.length * (calls + warmup);
    if (requests !== expected) throw new Error(`per-call: the server saw ${requests} requests, expected ${expected}`);
    return samples;
  } finally {
    await server.stop();
  }
}

// Each round ran one block of every client back to back: the ratio of a client's block median to raw fetch's in
// the same round is a paired comparison, little moved by drift between rounds. Its spread shows how much the
// overall ratio can be trusted on this machine.
function pairedRatios(samples, { calls, block }) {
  const blockMedian = (id, round) => summarize(samples[id].slice(round * block, (round + 1) * block)).median;
  return Object.fromEntries(
    CLIENTS.map((c) => [
      c.id,
      summarize(
        Array.from({ length: calls / block }, (_, round) => blockMedian(c.id, round) / blockMedian("fetch", round)),
      ),
    ]),
  );
}

function table(stats, paired) {
  const base = stats.fetch;
  const rows = CLIENTS.map((client) => {
    const s = stats[client.id];
    const p = paired[client.id];
    return [
      client.label,
      String(s.n),
      us(s.median),
      `${us(s.p10)} – ${us(s.p90)}`,
      client.id === "fetch" ? "×1.00 (baseline)" : times(s.median / base.median),
      client.id === "fetch" ? "×1.00 (baseline)" : times(s.p90 / base.p90),
      client.id === "fetch" ? "×1.00 (baseline)" : `${times(p.median)} (${times(p.p10)} – ${times(p.p90)})`,
    ];
  });
  return {
    header: [
      "client",
      "calls",
      "median",
      "p10 – p90",
      "median ÷ fetch",
      "p90 ÷ fetch",
      "per round ÷ fetch: median (p10 – p90)",
    ],
    rows,
  };
}

function goals(stats, paired) {
  const base = stats.fetch;
  const ratio = stats.graphsync.median / base.median;
  const toOpenapiFetch = stats.graphsync.median / stats["openapi-fetch"].median;
  return [
    {
      goal: `@graphsync/client per call ≤ ${GOAL}× raw fetch (median)`,
      measured: `${times(ratio)} (p90 ${times(stats.graphsync.p90 / base.p90)}; per round ${times(paired.graphsync.median)})`,
      met: ratio <= GOAL,
    },
    {
      goal: `… and ≤ ${GOAL_OPENAPI_FETCH}× bare openapi-fetch (median), which it is built on`,
      measured: times(toOpenapiFetch),
      met: toOpenapiFetch <= GOAL_OPENAPI_FETCH,
    },
  ];
}

const method = ({ calls, block, warmup }) => `
**What:** the time one start call takes through each client, relative to raw \`fetch\`.
**How:** a \`node:http\` server in its own process on 127.0.0.1 answers every request with 204 (no emulator logic in
the way). One measuring process builds the four clients, makes ${warmup} warm-up calls with each, then ${calls}
sequential \`POST …/start\` calls per client (bearer token, \`client-request-id\`, 204 checked), interleaved in blocks
of ${block}: every round runs one block of each client, the first client rotating each round. Each call is timed
alone. The last column compares each client's block with raw fetch's block of the same round (a paired ratio, little
moved by drift between rounds); its spread shows how far the overall ratio can be trusted on this machine. One
process with interleaving rather than a process per client, because on a shared machine the drift
between runs made one after another is larger than the differences measured; interleaving puts it on every
client alike (the comment at the top of [\`src/benchmarks/per-call.mjs\`](src/benchmarks/per-call.mjs) says more).
The Graph SDK keeps its default \`https://graph.microsoft.com\` root and middleware chain; only its last handler is
pointed at the loopback server, because the SDK sends the token only to https Graph hosts.`;

export const perCall = {
  id: ID,
  title: TITLE,
  async run(context) {
    const sizes = context.smoke ? { calls: 20, block: 10, warmup: 5 } : { calls: 2000, block: 50, warmup: 200 };
    const samples = await measure(sizes);
    const stats = Object.fromEntries(CLIENTS.map((c) => [c.id, summarize(samples[c.id])]));
    const paired = pairedRatios(samples, sizes);
    return {
      id: ID,
      title: TITLE,
      method: method(sizes),
      tables: [table(stats, paired)],
      goals: goals(stats, paired),
      notes: [],
      data: { ...sizes, stats, paired },
    };
  },
};
