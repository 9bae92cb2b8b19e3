// The measuring process of benchmark 2 (per-call overhead). Usage:
//   node per-call.mjs <origin> <calls per client> <block size> <warm-up calls per client>
// Builds the four clients against the loopback server at <origin>, warms each up, then times <calls> sequential
// start calls per client in interleaved blocks, and prints one JSON line: per client, every sample in ms.
import { performance } from "node:perf_hooks";
import { createGraphSyncClient } from "@graphsync/client";
import { Client, MiddlewareFactory } from "@microsoft/microsoft-graph-client";
import createClient from "openapi-fetch";

const [origin, callsText, blockText, warmupText] = process.argv.slice(2);
const calls = Number(callsText);
const block = Number(blockText);
const warmup = Number(warmupText);
if (!origin || ![calls, block, warmup].every((n) => Number.isInteger(n) && n > 0) || calls % block !== 0) {
  throw new Error("usage: per-call.mjs <origin> <calls> <block> <warmup> (calls a multiple of block)");
}

const SP = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const JOB = "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da";
const TOKEN = "bench-token";
const base = `${origin}/v1.0`;
const path = `/servicePrincipals/${SP}/synchronization/jobs/${encodeURIComponent(JOB)}/start`;

const openapi = createClient({ baseUrl: base, headers: { authorization: `Bearer ${TOKEN}` } });
const graphsync = createGraphSyncClient({ accessToken: TOKEN, baseUrl: base });

// The Graph SDK attaches the token only to https Graph hosts (or https custom hosts), so it keeps its default
// https://graph.microsoft.com root and its whole default middleware chain (auth, retry, telemetry); only the last
// handler, which would call fetch, is swapped for one that calls fetch on the same path at the loopback origin.
const GRAPH = "https://graph.microsoft.com";
const chain = MiddlewareFactory.getDefaultMiddlewareChain({ getAccessToken: async () => TOKEN });
chain[chain.length - 1] = {
  async execute(context) {
    context.response = await fetch(origin + context.request.slice(GRAPH.length), context.options);
  },
};
const msgraph = Client.initWithMiddleware({ middleware: chain });

const expectNoContent = (name, status) => {
  if (status !== 204) throw new Error(`${name}: expected 204, got ${status}`);
};

/** The same start call, four ways: POST …/start with a bearer token and a client-request-id, 204 expected. */
const contenders = {
  fetch: async () => {
    const response = await fetch(base + path, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "client-request-id": crypto.randomUUID() },
    });
    await response.text();
    expectNoContent("fetch", response.status);
  },
  "openapi-fetch": async () => {
    const { response } = await openapi.POST(
      "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/start",
      {
        params: { path: { servicePrincipalId: SP, synchronizationJobId: JOB } },
        headers: { "client-request-id": crypto.randomUUID() },
      },
    );
    expectNoContent("openapi-fetch", response.status);
  },
  graphsync: async () => {
    const result = await graphsync.startJob(SP, JOB);
    expectNoContent("graphsync", result.status);
  },
  "msgraph-client": async () => {
    // The SDK resolves a 204 as undefined/null and throws a GraphError for anything else.
    const body = await msgraph.api(path).post(undefined);
    if (body !== undefined && body !== null && body !== "") throw new Error("msgraph-client: unexpected body");
  },
};
const names = Object.keys(contenders);

for (let i = 0; i < warmup; i++) {
  for (const name of names) await contenders[name]();
}

const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < calls / block; round++) {
  // Each round runs one block per client, starting with a different client each round, so that slow drift of the
  // machine and the order within a round fall on every client alike.
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length];
    const call = contenders[name];
    const into = samples[name];
    for (let i = 0; i < block; i++) {
      const t0 = performance.now();
      await call();
      into.push(performance.now() - t0);
    }
  }
}
process.stdout.write(`${JSON.stringify(samples)}\n`);
