// The transport against real node:http servers on 127.0.0.1: retries, Retry-After, resets, refused connections,
// timeouts, aborts, redirects, bodies and tokens. Waits are recorded by an injected sleep (or tiny), never timed.
import { getEventListeners, setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  AbortError,
  createGraphSyncClient,
  GraphError,
  type GraphSyncClientOptions,
  NetworkError,
  type RetryEvent,
  TimeoutError,
  VERSION,
} from "../src/index.js";
import {
  GUID,
  graphErrorBody,
  JOB,
  rejection,
  reply,
  resetFirstThen,
  SP,
  startServer,
  type TestOptions,
  type TestServer,
  TOKEN,
} from "./helpers.js";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]) {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/** A client on the server with the real global fetch; waits are recorded and skipped unless `realSleep`. */
function clientFor(server: { base: string }, options: TestOptions & { realSleep?: boolean } = {}) {
  const delays: number[] = [];
  const events: RetryEvent[] = [];
  const { realSleep, retry, ...rest } = options;
  const client = createGraphSyncClient({
    accessToken: TOKEN,
    baseUrl: server.base,
    retry:
      retry === false
        ? false
        : {
            onRetry: (event) => events.push(event),
            ...(realSleep
              ? {}
              : {
                  sleep: async (ms) => {
                    delays.push(ms);
                  },
                }),
            ...retry,
          },
    ...rest,
  } as GraphSyncClientOptions);
  return { client, delays, events };
}

const throttled = (retryAfter: string) => (_: unknown, res: import("node:http").ServerResponse) =>
  reply(res, 429, graphErrorBody("TooManyRequests", "Too many requests."), { "retry-after": retryAfter });

describe("every request", () => {
  it("carries Authorization, one client-request-id across its retries, and graphsync's User-Agent", async () => {
    const server = await serve((_, res, __, i) => (i < 2 ? throttled("0")(_, res) : reply(res, 204)));
    const { client } = clientFor(server, { userAgent: "ci-job/7" });
    const result = await client.startJob(SP, JOB);
    expect(server.requests).toHaveLength(3);
    const ids = server.requests.map((r) => r.headers["client-request-id"]);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(GUID);
    expect(result.clientRequestId).toBe(ids[0]);
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers["user-agent"]).toBe(`graphsync/${VERSION} ci-job/7`);
      expect(r.url).toBe(`/v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}/start`);
      expect(r.body).toBe("");
      expect(r.headers["content-length"] ?? "0").toBe("0");
    }
  });
});

describe("Retry-After", () => {
  it("fractional seconds are honoured to the millisecond", async () => {
    const server = await serve((_, res, __, i) => (i === 0 ? throttled("2.128")(_, res) : reply(res, 204)));
    const { client, delays, events } = clientFor(server);
    await client.startJob(SP, JOB);
    expect(delays).toEqual([2128]);
    expect(events[0]).toMatchObject({ attempt: 1, delayMs: 2128, operation: "startSynchronizationJob" });
    expect(events[0]?.error).toMatchObject({ status: 429, code: "TooManyRequests", retryAfterMs: 2128 });
  });

  it("an HTTP date is honoured", async () => {
    const server = await serve((_, res, __, i) =>
      i === 0 ? throttled(new Date(Date.now() + 3000).toUTCString())(_, res) : reply(res, 204),
    );
    const { client, delays } = clientFor(server);
    await client.startJob(SP, JOB);
    expect(delays).toHaveLength(1);
    // HTTP dates have whole seconds: three seconds ahead, less the part of the second already gone.
    expect(delays[0]).toBeGreaterThan(1000);
    expect(delays[0]).toBeLessThanOrEqual(3000);
  });

  it("a small Retry-After is really waited for with the default sleep", async () => {
    const server = await serve((_, res, __, i) => (i === 0 ? throttled("0.01")(_, res) : reply(res, 204)));
    const { client, events } = clientFor(server, { realSleep: true });
    expect(await client.startJob(SP, JOB)).toMatchObject({ status: 204 });
    expect(events.map((e) => e.delayMs)).toEqual([10]);
  });

  it("a 429 storm ends after maxAttempts with the last 429 as a GraphError", async () => {
    const server = await serve(throttled("1"));
    const { client, delays } = clientFor(server, { retry: { maxAttempts: 4 } });
    const error = (await rejection(client.startJob(SP, JOB))) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 429, code: "TooManyRequests", attempts: 4, retryAfterMs: 1000 });
    expect(server.requests).toHaveLength(4);
    expect(delays).toEqual([1000, 1000, 1000]);
  });

  it("a Retry-After beyond maxRetryAfterMs, or past maxElapsedMs, ends the call at once", async () => {
    const server = await serve(throttled("600"));
    const { client, delays } = clientFor(server, { retry: { maxRetryAfterMs: 60_000 } });
    const error = (await rejection(client.getJob(SP, JOB))) as GraphError;
    expect(error).toMatchObject({ status: 429, retryAfterMs: 600_000, attempts: 1 });
    expect(delays).toEqual([]);

    const second = await serve(throttled("2"));
    const capped = clientFor(second, { retry: { maxElapsedMs: 1500 } });
    expect(await rejection(capped.client.getJob(SP, JOB))).toMatchObject({ status: 429, attempts: 1 });
    expect(second.requests).toHaveLength(1);
  });

  it("without Retry-After, backoff is exponential with full jitter, within the caps", async () => {
    const server = await serve((_, res) => reply(res, 503, graphErrorBody("serviceNotAvailable", "down")));
    const { client, delays } = clientFor(server, { retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500 } });
    expect(await rejection(client.getJob(SP, JOB))).toMatchObject({ status: 503, attempts: 6 });
    expect(delays).toHaveLength(5);
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(500, 100 * 2 ** i));
    });
  });
});

describe("which failures are retried", () => {
  it("an onRetry hook that throws changes nothing", async () => {
    const server = await serve((_, res, __, i) => (i === 0 ? throttled("0")(_, res) : reply(res, 204)));
    const { client } = clientFor(server, {
      retry: {
        onRetry: () => {
          throw new Error("logger broke");
        },
      },
    });
    expect(await client.startJob(SP, JOB)).toMatchObject({ status: 204 });
    expect(server.requests).toHaveLength(2);
  });

  it("503 then success: retried, even for start (the service refused without applying)", async () => {
    const server = await serve((_, res, __, i) =>
      i === 0 ? reply(res, 503, graphErrorBody("serviceNotAvailable", "busy")) : reply(res, 204),
    );
    const { client } = clientFor(server);
    expect(await client.startJob(SP, JOB)).toMatchObject({ status: 204 });
    expect(server.requests).toHaveLength(2);
  });

  it("504 is retried for get (idempotent) but not for start", async () => {
    const gateway = (_: unknown, res: import("node:http").ServerResponse, __: unknown, i: number) =>
      i === 0 ? reply(res, 504, "<html>Gateway Timeout</html>") : reply(res, 200, { id: JOB });
    const getServer = await serve(gateway);
    expect(await clientFor(getServer).client.getJob(SP, JOB)).toEqual({ id: JOB });
    expect(getServer.requests).toHaveLength(2);

    const startServer_ = await serve(gateway);
    const error = (await rejection(clientFor(startServer_).client.startJob(SP, JOB))) as GraphError;
    expect(error).toMatchObject({ status: 504, code: "NonJsonResponse", attempts: 1 });
    expect(startServer_.requests).toHaveLength(1);
  });

  it("other 4xx and 500 are never retried", async () => {
    for (const status of [400, 401, 403, 404, 409, 500, 502]) {
      const server = await serve((_, res) => reply(res, status, graphErrorBody("Some_Error", "no")));
      const error = (await rejection(clientFor(server).client.getJob(SP, JOB))) as GraphError;
      expect(error).toMatchObject({ status, attempts: 1 });
      expect(server.requests).toHaveLength(1);
    }
  });

  it("a connection reset after the request was read: start is NOT retried, get is", async () => {
    const resetFirst = resetFirstThen(200, { id: JOB });

    const startSrv = await serve(resetFirst);
    const error = (await rejection(clientFor(startSrv).client.startJob(SP, JOB))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ sent: true, attempts: 1, operation: "startSynchronizationJob" });
    expect(error.message).toContain("(may have been sent)");
    expect(startSrv.requests).toHaveLength(1);

    const getSrv = await serve(resetFirst);
    const { client, events } = clientFor(getSrv);
    expect(await client.getJob(SP, JOB)).toEqual({ id: JOB });
    expect(getSrv.requests).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]?.error).toMatchObject({ name: "NetworkError", sent: true });
  });

  it("a success whose body is cut short is a NetworkError (retried only when idempotent)", async () => {
    const truncated = (_: unknown, res: import("node:http").ServerResponse) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"id": "AD2AAD');
      res.socket?.destroy();
    };
    const server = await serve(truncated);
    const error = (await rejection(
      clientFor(server, { retry: { maxAttempts: 2 } }).client.getJob(SP, JOB),
    )) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ sent: true, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it("tells failures before sending (Node, Deno, Bun) from those after, whatever the runtime's wording", async () => {
    const withCause = (message: string, code: string) =>
      Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(message), { code }) });
    const notSent = [
      withCause("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"),
      withCause("getaddrinfo ENOTFOUND graph.invalid", "ENOTFOUND"),
      withCause("getaddrinfo EAI_AGAIN graph.example", "EAI_AGAIN"),
      withCause("connect EHOSTUNREACH 10.0.0.1:443", "EHOSTUNREACH"),
      withCause("connect ENETUNREACH 10.0.0.1:443", "ENETUNREACH"),
      withCause("Connect Timeout Error", "UND_ERR_CONNECT_TIMEOUT"),
      new TypeError("error sending request for url (https://x/): client error (Connect): tcp connect error: refused"),
      new TypeError("error sending request for url (https://x/): client error (Connect): dns error: no record"),
      Object.assign(new Error("Unable to connect. Is the computer able to access the url?"), {
        code: "ConnectionRefused",
      }),
    ];
    const sent = [
      withCause("read ECONNRESET", "ECONNRESET"),
      withCause("other side closed", "UND_ERR_SOCKET"),
      new TypeError("error sending request: connection closed before message completed"),
      new TypeError("Failed to fetch"),
      undefined,
    ];
    for (const [failures, expected] of [
      [notSent, false],
      [sent, true],
    ] as const) {
      for (const failure of failures) {
        const client = createGraphSyncClient({
          accessToken: TOKEN,
          fetch: () => Promise.reject(failure),
          retry: false,
        });
        const error = (await rejection(client.startJob(SP, JOB))) as NetworkError;
        expect(error, String(failure)).toBeInstanceOf(NetworkError);
        expect(error.sent, error.message).toBe(expected);
      }
    }
  });

  it("connection refused before anything was sent: retried, even for start", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { client, events } = clientFor({ base: `http://127.0.0.1:${port}/v1.0` }, { retry: { maxAttempts: 3 } });
    const error = (await rejection(client.startJob(SP, JOB))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ sent: false, code: "ECONNREFUSED", attempts: 3 });
    expect(error.message).toContain("not sent");
    expect(events.map((e) => e.attempt)).toEqual([1, 2]);
    expect(events.every((e) => e.error instanceof NetworkError)).toBe(true);
  });

  it("an attempt that outlives timeoutMs is a TimeoutError; get retries it, start does not", async () => {
    const hold = () => {
      // Never answers; the server's close destroys the socket.
    };
    const startSrv = await serve(hold);
    const error = (await rejection(clientFor(startSrv, { timeoutMs: 50 }).client.startJob(SP, JOB))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "Timeout", timeoutMs: 50, attempts: 1, method: "POST" });
    expect(startSrv.requests).toHaveLength(1);

    const getSrv = await serve(hold);
    const { client } = clientFor(getSrv, { retry: { maxAttempts: 2 } });
    const getError = await rejection(client.getJob(SP, JOB, { timeoutMs: 50 }));
    expect(getError).toMatchObject({ name: "TimeoutError", attempts: 2 });
    expect(getSrv.requests).toHaveLength(2);
  });
});

/** The Sets and Maps an object keeps under its own symbols (Node's internal bookkeeping on an AbortSignal). */
function collections(target: object): { size: number }[] {
  return Object.getOwnPropertySymbols(target)
    .map((key) => (target as Record<symbol, unknown>)[key])
    .filter((value): value is { size: number } => typeof (value as { size?: unknown } | undefined)?.size === "number");
}

describe("abort", () => {
  it("stops a pending backoff at once", async () => {
    const server = await serve(throttled("30"));
    const controller = new AbortController();
    const { client } = clientFor(server, {
      realSleep: true,
      retry: { onRetry: () => queueMicrotask(() => controller.abort(new Error("user pressed Ctrl-C"))) },
    });
    const error = (await rejection(client.startJob(SP, JOB, { signal: controller.signal }))) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ name: "AbortError", code: "Aborted", operation: "startSynchronizationJob" });
    expect((error.cause as Error).message).toBe("user pressed Ctrl-C");
    expect(server.requests).toHaveLength(1);
  });

  it("stops a request in flight, from the call's signal or the client's", async () => {
    for (const where of ["call", "client"] as const) {
      const controller = new AbortController();
      const server = await serve(() => controller.abort());
      const { client } = clientFor(server, where === "client" ? { signal: controller.signal } : {});
      const error = await rejection(client.getJob(SP, JOB, where === "call" ? { signal: controller.signal } : {}));
      expect(error).toBeInstanceOf(AbortError);
      expect(server.requests).toHaveLength(1);
    }
  });

  it("with both a client and a call signal, either aborts, and no listener outlives its call", async () => {
    const server = await serve((_, res) => reply(res, 204));
    const clientController = new AbortController();
    // 200 calls in flight listen to it at once (each removes its listener when it ends, as checked below).
    setMaxListeners(0, clientController.signal);
    const { client } = clientFor(server, { signal: clientController.signal });
    const callSignals = Array.from({ length: 200 }, () => new AbortController().signal);
    await Promise.all(callSignals.map((signal) => client.startJob(SP, JOB, { signal })));
    // A listener left on the client's signal per call is the leak a long-running bulk job would grow by.
    expect(getEventListeners(clientController.signal, "abort")).toHaveLength(0);
    // Node 20's AbortSignal.any keeps a set of every signal derived from the client's one, even after GC.
    expect(collections(clientController.signal).length).toBeGreaterThan(0);
    expect(collections(clientController.signal).every((c) => c.size === 0)).toBe(true);
    expect(callSignals.every((signal) => getEventListeners(signal, "abort").length === 0)).toBe(true);

    for (const which of ["call", "client"] as const) {
      const callController = new AbortController();
      const ownController = new AbortController();
      const held = await serve(() => (which === "call" ? callController : ownController).abort());
      const own = clientFor(held, { signal: ownController.signal }).client;
      const error = await rejection(own.getJob(SP, JOB, { signal: callController.signal }));
      expect(error, which).toBeInstanceOf(AbortError);
      expect(getEventListeners(ownController.signal, "abort")).toHaveLength(0);
      expect(getEventListeners(callController.signal, "abort")).toHaveLength(0);
    }
  });

  it("an already aborted signal sends nothing", async () => {
    const server = await serve((_, res) => reply(res, 204));
    const { client } = clientFor(server);
    expect(await rejection(client.startJob(SP, JOB, { signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("bodies", () => {
  it("a retried POST re-sends its body", async () => {
    const answer = { key: '{"result":"Success"}', value: '{"action":"Create"}' };
    const server = await serve((_, res, __, i) =>
      i === 0 ? reply(res, 503, graphErrorBody("serviceNotAvailable", "busy")) : reply(res, 200, answer),
    );
    const parameters = [{ ruleId: "r1", subjects: [{ objectId: "o1", objectTypeName: "User" }] }];
    const result = await clientFor(server).client.provisionOnDemand(SP, JOB, { parameters });
    expect(result.decoded).toEqual({ key: { result: "Success" }, value: { action: "Create" } });
    expect(server.requests.map((r) => r.body)).toEqual([
      JSON.stringify({ parameters }),
      JSON.stringify({ parameters }),
    ]);
    expect(server.requests.every((r) => r.headers["content-type"] === "application/json")).toBe(true);
  });

  it("start answered 204 and answered 200 are both success", async () => {
    const noContent = await serve((_, res) => reply(res, 204));
    expect(await clientFor(noContent).client.startJob(SP, JOB)).toMatchObject({ status: 204 });
    const seed = { value: { "@odata.type": "microsoft.graph.stringKeyStringValuePair", key: "k", value: "v" } };
    const ok = await serve((_, res) => reply(res, 200, seed));
    expect(await clientFor(ok).client.startJob(SP, JOB)).toMatchObject({ status: 200, value: seed.value });
    const empty = await serve((_, res) => reply(res, 200));
    expect(await clientFor(empty).client.startJob(SP, JOB)).toMatchObject({ status: 200, value: null });
  });

  it("401, 403 and 404 from the server are parsed GraphErrors", async () => {
    for (const [status, code] of [
      [401, "InvalidAuthenticationToken"],
      [403, "Authorization_RequestDenied"],
      [404, "Request_ResourceNotFound"],
    ] as const) {
      const server = await serve((_, res) => reply(res, status, graphErrorBody(code, "m"), { "request-id": "rid" }));
      const error = (await rejection(clientFor(server).client.startJob(SP, JOB))) as GraphError;
      expect(error).toMatchObject({ name: "GraphError", status, code, requestId: "rid", date: "2026-11-28T10:00:00" });
    }
  });

  it("an HTML 502, an empty 200 and invalid JSON are GraphErrors with a clear message", async () => {
    const html = await serve((_, res) =>
      reply(res, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { "content-type": "text/html" }),
    );
    const htmlError = (await rejection(clientFor(html).client.getJob(SP, JOB))) as GraphError;
    expect(htmlError).toMatchObject({ status: 502, code: "NonJsonResponse" });
    expect(htmlError.message).toMatch(/text\/html.*502 Bad Gateway/);

    const empty = await serve((_, res) => reply(res, 200));
    expect(await rejection(clientFor(empty).client.getJob(SP, JOB))).toMatchObject({
      status: 200,
      code: "EmptyResponse",
    });

    const invalid = await serve((_, res) => reply(res, 200, '{"id": ', { "content-type": "application/json" }));
    expect(await rejection(clientFor(invalid).client.getJob(SP, JOB))).toMatchObject({
      status: 200,
      code: "InvalidJson",
    });
  });
});

describe("tokens", () => {
  it("50 concurrent calls against a server make one getToken call", async () => {
    const server = await serve((_, res) => reply(res, 204));
    let calls = 0;
    const credential = {
      getToken: async () => {
        calls++;
        await new Promise((resolve) => setImmediate(resolve));
        return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const client = createGraphSyncClient({ credential, baseUrl: server.base });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.startJob(SP, JOB)));
    expect(results.every((r) => r.status === 204)).toBe(true);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(50);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});

describe("redirects", () => {
  it("a 307 to another origin is not followed: that origin never sees the request or the token", async () => {
    const other = await serve((_, res) => reply(res, 204));
    const server = await serve((_, res, received) =>
      reply(res, 307, "", { location: `${other.origin}${received.url}` }),
    );
    const error = (await rejection(clientFor(server).client.startJob(SP, JOB))) as GraphError;
    expect(error).toMatchObject({ name: "GraphError", status: 307, code: "Redirect", attempts: 1 });
    expect(error.message).toContain(other.origin);
    expect(server.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });
});
