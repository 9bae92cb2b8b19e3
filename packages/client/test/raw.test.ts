// @graphsync/client/raw: openapi-fetch's typed client through the client's transport, on real loopback servers.
import { afterEach, describe, expect, it } from "vitest";
import { createGraphSyncClient, GraphError, NetworkError, ValidationError } from "../src/index.js";
import { createRawClient } from "../src/raw.js";
import * as helpers from "./helpers.js";
import { GUID, graphErrorBody, JOB, rejection, reply, SP, startServer, type TestServer, TOKEN } from "./helpers.js";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function rawOn(handler: Parameters<typeof startServer>[0], maxAttempts = 3) {
  const server = await startServer(handler);
  servers.push(server);
  const client = createGraphSyncClient({
    accessToken: TOKEN,
    baseUrl: server.base,
    retry: { maxAttempts, sleep: async () => {} },
  });
  return { server, raw: createRawClient(client) };
}

const jobPath = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}";
const path = { servicePrincipalId: SP, synchronizationJobId: JOB };

describe("raw client", () => {
  it("GET goes through the transport: token, client-request-id, typed data", async () => {
    const { server, raw } = await rawOn((_, res) => reply(res, 200, { id: JOB, status: { code: "Paused" } }));
    const { data, response } = await raw.GET(jobPath, { params: { path } });
    expect(data?.status?.code).toBe("Paused");
    expect(response.status).toBe(200);
    expect(server.requests[0]?.url).toBe(`/v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}`);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]?.headers["client-request-id"]).toMatch(GUID);
  });

  it("a POST with a body is re-sent whole when a 503 is retried, with the same client-request-id", async () => {
    const { server, raw } = await rawOn((_, res, __, i) =>
      i === 0 ? reply(res, 503, graphErrorBody("serviceNotAvailable", "busy")) : reply(res, 204),
    );
    const body = { parameters: [{ ruleId: "r", subjects: [{ objectId: "o", objectTypeName: "Group" }] }] };
    const { response } = await raw.POST(`${jobPath}/start`, { params: { path }, body });
    expect(response.status).toBe(204);
    expect(server.requests.map((r) => r.body)).toEqual([JSON.stringify(body), JSON.stringify(body)]);
    expect(server.requests[0]?.headers["client-request-id"]).toBe(server.requests[1]?.headers["client-request-id"]);
    expect(server.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("knows which operations are idempotent: a reset start is not retried, a reset pause is", async () => {
    const resetFirst = helpers.resetFirstThen(204);
    const start = await rawOn(resetFirst);
    expect(await rejection(start.raw.POST(`${jobPath}/start`, { params: { path } }))).toMatchObject({
      name: "NetworkError",
      sent: true,
      operation: "startSynchronizationJob",
    });
    expect(start.server.requests).toHaveLength(1);
    const pause = await rawOn(resetFirst);
    expect((await pause.raw.POST(`${jobPath}/pause`, { params: { path } })).response.status).toBe(204);
    expect(pause.server.requests).toHaveLength(2);
  });

  it("a non-2xx rejects with a GraphError; the error member is never used", async () => {
    const { raw } = await rawOn((_, res) => reply(res, 404, graphErrorBody("Request_ResourceNotFound", "gone")));
    const error = (await rejection(raw.GET(jobPath, { params: { path } }))) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 404, code: "Request_ResourceNotFound", operation: "getSynchronizationJob" });
  });

  it("invalid JSON in a 2xx is a GraphError, a cut-short body a NetworkError", async () => {
    const invalid = await rawOn((_, res) => reply(res, 200, '{"id":', { "content-type": "application/json" }));
    expect(await rejection(invalid.raw.GET(jobPath, { params: { path } }))).toMatchObject({
      name: "GraphError",
      status: 200,
      code: "InvalidJson",
    });
    const cut = await rawOn((_, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"id":');
      res.socket?.destroy();
    }, 1);
    expect(await rejection(cut.raw.GET(jobPath, { params: { path } }))).toBeInstanceOf(NetworkError);
  });

  it("path parameters get the client's checks; a missing one is refused, never sent as {name}", async () => {
    const { server, raw } = await rawOn((_, res) => reply(res, 204));
    const bad = [
      { servicePrincipalId: "../../users", synchronizationJobId: JOB },
      { servicePrincipalId: SP, synchronizationJobId: ".." },
      { servicePrincipalId: SP, synchronizationJobId: "" },
      { servicePrincipalId: SP, synchronizationJobId: "a/b?x#y" },
      { servicePrincipalId: SP },
    ];
    for (const p of bad) {
      const error = await rejection(raw.POST(`${jobPath}/start`, { params: { path: p as typeof path } }));
      expect(error).toBeInstanceOf(ValidationError);
    }
    await raw.POST(`${jobPath}/start`, {
      params: { path: { servicePrincipalId: SP, synchronizationJobId: "a b:c@d" } },
    });
    expect(server.requests.map((r) => r.url)).toEqual([
      `/v1.0/servicePrincipals/${SP}/synchronization/jobs/a%20b%3Ac%40d/start`,
    ]);
  });

  it("a minimal fetch (status, headers.get, text) serves methods and raw calls alike", async () => {
    const pairs: [string, string][] = [
      ["content-type", "application/json"],
      ["request-id", "rid-1"],
    ];
    const fetch = async () => ({
      status: 200,
      headers: { get: (name: string) => new Map(pairs).get(name) ?? null },
      text: async () => JSON.stringify({ id: JOB, status: { code: "Paused" } }),
    });
    const client = createGraphSyncClient({ accessToken: TOKEN, baseUrl: "https://graph.example.test/v1.0", fetch });
    expect((await client.getJob(SP, JOB)).id).toBe(JOB);
    const { data, response } = await createRawClient(client).GET(jobPath, { params: { path } });
    expect(data?.id).toBe(JOB);
    expect(response.status).toBe(200);
  });

  it("middleware added with use() runs on raw calls, before the transport (it never sees the token)", async () => {
    const { server, raw } = await rawOn((_, res) => reply(res, 204));
    const seen: string[] = [];
    const middleware = {
      onRequest({ request }: { request: Request }) {
        seen.push(`${request.method} ${request.headers.get("authorization")}`);
        request.headers.set("x-trace", "t1");
      },
    };
    raw.use(middleware);
    await raw.POST(`${jobPath}/start`, { params: { path } });
    raw.eject(middleware);
    await raw.POST(`${jobPath}/start`, { params: { path } });
    expect(seen).toEqual(["POST null"]);
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["t1", undefined]);
    expect(() => raw.use({} as never)).toThrow(ValidationError);
  });

  it("never sends the token to another origin, even when a call overrides baseUrl", async () => {
    const other = await startServer((_, res) => reply(res, 204));
    servers.push(other);
    const { raw } = await rawOn((_, res) => reply(res, 204));
    const error = await rejection(raw.POST(`${jobPath}/start`, { params: { path }, baseUrl: other.base }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(other.requests).toHaveLength(0);
  });

  it("takes timeoutMs per call; request() and the lower-case method form work", async () => {
    const { raw } = await rawOn(() => {
      // never answers
    }, 1);
    expect(await rejection(raw.GET(jobPath, { params: { path }, timeoutMs: 30 }))).toMatchObject({
      name: "TimeoutError",
      timeoutMs: 30,
    });
    const ok = await rawOn((_, res) => reply(res, 204));
    expect((await ok.raw.request("post", `${jobPath}/pause`, { params: { path } })).response.status).toBe(204);
  });

  it("a query openapi-fetch cannot serialise is a ValidationError, before any request", async () => {
    const { server, raw } = await rawOn((_, res) => reply(res, 200, { value: [] }));
    const query = { $top: { nested: { deeper: 1 } } } as unknown as { $top: number };
    const error = await rejection(
      raw.GET("/servicePrincipals/{servicePrincipalId}/synchronization/jobs", {
        params: { path: { servicePrincipalId: SP }, query },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses an object that is not a GraphSyncClient", () => {
    expect(() => createRawClient({} as never)).toThrow(ValidationError);
  });
});
