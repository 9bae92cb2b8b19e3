// Unit tests of the convenience methods and options, on an injected fetch (one client per test).
import { openapiDocument } from "@graphsync/types/spec";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  createGraphSyncClient,
  GRAPH_ROOTS,
  GraphError,
  type GraphSyncClientOptions,
  NetworkError,
  ValidationError,
  VERSION,
} from "../src/index.js";
import { GUID, JOB, json, recordingFetch, rejection, SP, TOKEN, testClient } from "./helpers.js";

const examples = openapiDocument.components.examples as Record<string, { value: unknown }>;
const example = (name: string) => examples[name]?.value as Record<string, unknown>;
const noContent = () => new Response(null, { status: 204 });
const base = "https://graph.example.test/v1.0";
const GUID_A = "1a4721b3-e57f-4451-ae87-ef078703ec94";
const jobPath = `${base}/servicePrincipals/${SP}/synchronization/jobs/${JOB}`;

describe("requests", () => {
  it("startJob POSTs to the start path with no body, the token, a GUID client-request-id and the User-Agent", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const { client } = testClient(fetch, { userAgent: "my-tool/1.2" });
    const result = await client.startJob(SP, JOB);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe(`${jobPath}/start`);
    expect(call?.init.method).toBe("POST");
    expect(call?.init.body).toBeUndefined();
    expect(call?.init.headers["content-type"]).toBeUndefined();
    expect(call?.init.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call?.init.headers["client-request-id"]).toMatch(GUID);
    expect(call?.init.headers["user-agent"]).toBe(`graphsync/${VERSION} my-tool/1.2`);
    expect(call?.init.redirect).toBe("manual");
    expect(result).toEqual({
      status: 204,
      requestId: undefined,
      clientRequestId: call?.init.headers["client-request-id"],
    });
  });

  it("every call gets its own client-request-id", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const { client } = testClient(fetch);
    await client.startJob(SP, JOB);
    await client.startJob(SP, JOB);
    expect(calls[0]?.init.headers["client-request-id"]).not.toBe(calls[1]?.init.headers["client-request-id"]);
  });

  it("startJob sends the seed's parameters when given, and reads a 200 with the request-id", async () => {
    const { fetch, calls } = recordingFetch(() =>
      json(200, example("seedStartResponse"), { "request-id": "11111111-2222-4333-8444-555555555555" }),
    );
    const { client } = testClient(fetch);
    const parameters = [{ ruleId: "r", subjects: [{ objectId: "o", objectTypeName: "User" }] }];
    const result = await client.startJob(SP, JOB, { parameters });
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ parameters });
    expect(calls[0]?.init.headers["content-type"]).toBe("application/json");
    expect(result).toMatchObject({
      status: 200,
      value: { "@odata.type": "microsoft.graph.stringKeyStringValuePair" },
      requestId: "11111111-2222-4333-8444-555555555555",
    });
  });

  it("startJob: a 200 with an empty body, or without value, is success with value null", async () => {
    for (const response of [() => new Response("", { status: 200 }), () => json(200, { "@odata.context": "x" })]) {
      const { client } = testClient(recordingFetch(response).fetch);
      expect(await client.startJob(SP, JOB)).toMatchObject({ status: 200, value: null });
    }
  });

  it("startJob: an undocumented 2xx is a GraphError that says the request was accepted", async () => {
    const { client } = testClient(recordingFetch(() => new Response(null, { status: 202 })).fetch);
    const error = (await rejection(client.startJob(SP, JOB))) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 202, code: "UnexpectedStatus" });
  });

  it("getJob parses the spec's examples, messy values, unknown properties and annotations included", async () => {
    for (const name of ["activeJob", "quarantinedJob", "messyJob"]) {
      const { client } = testClient(recordingFetch(() => json(200, example(name))).fetch);
      const job = await client.getJob(SP, JOB);
      expect(job).toEqual(example(name));
    }
    const { client } = testClient(
      recordingFetch(() => json(200, { id: "x", status: { code: "SomeFutureCode" } })).fetch,
    );
    expect((await client.getJob(SP, JOB)).status?.code).toBe("SomeFutureCode");

    // Reference §5: empty strings where a timestamp or an enum member is declared.
    const emptied = {
      id: "x",
      schedule: { expiration: "", interval: "", state: "" },
      status: { code: "", steadyStateLastAchievedTime: "", lastExecution: { state: "", timeBegan: "" } },
    };
    const messy = testClient(recordingFetch(() => json(200, emptied)).fetch).client;
    expect(await messy.getJob(SP, JOB)).toEqual(emptied);
  });

  it("getJob: an empty, non-JSON or non-object 200 is a GraphError", async () => {
    const cases: [() => Response, string][] = [
      [() => new Response("", { status: 200 }), "EmptyResponse"],
      [
        () => new Response('{"id": "x"', { status: 200, headers: { "content-type": "application/json" } }),
        "InvalidJson",
      ],
      [() => json(200, ["not", "an", "object"]), "UnexpectedBody"],
    ];
    for (const [response, code] of cases) {
      const { client } = testClient(recordingFetch(response).fetch);
      const error = (await rejection(client.getJob(SP, JOB))) as GraphError;
      expect(error).toBeInstanceOf(GraphError);
      expect(error).toMatchObject({ status: 200, code, operation: "getSynchronizationJob", method: "GET" });
    }
  });

  it("pauseJob POSTs with no body; restartJob writes resetScope comma-separated", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const { client } = testClient(fetch);
    expect(await client.pauseJob(SP, JOB)).toMatchObject({ status: 204 });
    await client.restartJob(SP, JOB, { resetScope: ["Watermark", "Escrows", "QuarantineState"] });
    await client.restartJob(SP, JOB, { resetScope: " Full ,ForceDeletes" });
    await client.restartJob(SP, JOB);
    expect(calls.map((c) => [c.url.slice(jobPath.length), c.init.method, c.init.body])).toEqual([
      ["/pause", "POST", undefined],
      ["/restart", "POST", '{"criteria":{"resetScope":"Watermark, Escrows, QuarantineState"}}'],
      ["/restart", "POST", '{"criteria":{"resetScope":"Full, ForceDeletes"}}'],
      ["/restart", "POST", "{}"],
    ]);
  });

  it("restartJob refuses an unknown or empty resetScope before any request, listing the members", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const { client } = testClient(fetch);
    for (const resetScope of ["Watermark, Everything", "", [], ["watermark"], "Watermark,,Escrows", [undefined]]) {
      const error = (await rejection(
        client.restartJob(SP, JOB, { resetScope: resetScope as string }),
      )) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe("resetScope");
      expect(error.allowed).toContain("QuarantineState");
      expect(error.message).toContain("ForceDeletes");
    }
    expect(calls).toHaveLength(0);
  });

  it("provisionOnDemand sends the parameters and decodes the JSON inside key and value", async () => {
    const answer = example("provisionOnDemandResponse");
    const { fetch, calls } = recordingFetch(() => json(200, answer));
    const { client } = testClient(fetch);
    const parameters = example("provisionOnDemandRequest").parameters as [];
    const result = await client.provisionOnDemand(SP, JOB, { parameters });
    expect(calls[0]?.url).toBe(`${jobPath}/provisionOnDemand`);
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ parameters });
    expect(result.value).toEqual(answer);
    expect(result.decoded).toEqual({
      key: JSON.parse(answer.key as string),
      value: JSON.parse(answer.value as string),
    });
    expect((result.decoded.key as { result: string }).result).toBe("Skipped");
  });

  it("provisionOnDemand: key and value that are not JSON stay strings; null stays null", async () => {
    const { client } = testClient(recordingFetch(() => json(200, { key: "not json", value: null })).fetch);
    const result = await client.provisionOnDemand(SP, JOB, { parameters: [{ ruleId: "r" }] });
    expect(result.decoded).toEqual({ key: "not json", value: null });
  });

  it("provisionOnDemand refuses missing or empty parameters before any request", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const { client } = testClient(fetch);
    for (const parameters of [undefined, [], "x", [1]]) {
      const error = await rejection(client.provisionOnDemand(SP, JOB, { parameters: parameters as [] }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe("parameters");
    }
    expect(calls).toHaveLength(0);
  });
});

describe("listJobs", () => {
  const page = (ids: string[], next?: string) => ({
    "@odata.context": "x",
    value: ids.map((id) => ({ id, status: { code: "Paused" } })),
    ...(next === undefined ? {} : { "@odata.nextLink": next }),
  });

  it("yields every job of every page, following @odata.nextLink on the same origin", async () => {
    const next1 = `${base}/servicePrincipals/${SP}/synchronization/jobs?$top=2&$skiptoken=X%27abc%27`;
    const next2 = `${base}/servicePrincipals/${SP}/synchronization/jobs?$top=2&$skiptoken=X%27def%27`;
    const { fetch, calls } = recordingFetch((_, i) =>
      json(200, [page(["a", "b"], next1), page(["c", "d"], next2), page(["e"], undefined)][i]),
    );
    const { client } = testClient(fetch);
    const ids: string[] = [];
    for await (const job of client.listJobs(SP, { top: 2 })) ids.push(job.id);
    expect(ids).toEqual(["a", "b", "c", "d", "e"]);
    expect(calls.map((c) => c.url)).toEqual([
      `${base}/servicePrincipals/${SP}/synchronization/jobs?$top=2`,
      next1,
      next2,
    ]);
    expect(calls.every((c) => c.init.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("an @odata.nextLink of null ends the listing", async () => {
    const { client } = testClient(
      recordingFetch(() => json(200, { value: [{ id: "a" }], "@odata.nextLink": null })).fetch,
    );
    const ids: string[] = [];
    for await (const job of client.listJobs(SP)) ids.push(job.id);
    expect(ids).toEqual(["a"]);
  });

  it("never follows a nextLink to another origin (the token would go with it), nor a repeated one", async () => {
    for (const next of [
      "https://evil.example.test/v1.0/steal",
      "http://graph.example.test/v1.0/downgrade",
      "https://user:pw@graph.example.test/v1.0/x",
      "/relative/path",
      42,
      `${base}/servicePrincipals/${SP}/synchronization/jobs`,
    ]) {
      const { fetch, calls } = recordingFetch(() => json(200, page(["a"], next as string)));
      const { client } = testClient(fetch);
      const seen: string[] = [];
      const error = (await rejection(
        (async () => {
          for await (const job of client.listJobs(SP)) seen.push(job.id);
        })(),
      )) as GraphError;
      expect(error).toBeInstanceOf(GraphError);
      expect(error.code).toBe("InvalidNextLink");
      expect(seen).toEqual(["a"]);
      expect(calls).toHaveLength(1);
    }
  });

  it("stops with TooManyPages after maxPages distinct links (a server that pages for ever)", async () => {
    const { fetch, calls } = recordingFetch((_, i) =>
      json(200, page([`j${i}`], `${base}/servicePrincipals/${SP}/synchronization/jobs?$skiptoken=${i}`)),
    );
    const { client } = testClient(fetch);
    const seen: string[] = [];
    const error = (await rejection(
      (async () => {
        for await (const job of client.listJobs(SP, { maxPages: 3 })) seen.push(job.id);
      })(),
    )) as GraphError;
    expect(error).toMatchObject({ name: "GraphError", code: "TooManyPages" });
    expect(error.message).toContain("maxPages");
    expect(seen).toEqual(["j0", "j1", "j2"]);
    expect(calls).toHaveLength(3);
    expect(() => client.listJobs(SP, { maxPages: 0 })).toThrow(ValidationError);
  });

  it("reads 1,000 pages by default, and no more", async () => {
    const { fetch, calls } = recordingFetch((_, i) =>
      json(200, page([], `${base}/servicePrincipals/${SP}/synchronization/jobs?$skiptoken=${i}`)),
    );
    const { client } = testClient(fetch);
    const error = (await rejection(
      (async () => {
        for await (const _ of client.listJobs(SP));
      })(),
    )) as GraphError;
    expect(error.code).toBe("TooManyPages");
    expect(calls).toHaveLength(1000);
  });

  it("checks the ids and $top when called, before iterating", () => {
    const { fetch } = recordingFetch(noContent);
    const { client } = testClient(fetch);
    expect(() => client.listJobs("not-a-guid")).toThrow(ValidationError);
    for (const top of [0, 1000, 1.5, Number.NaN]) expect(() => client.listJobs(SP, { top })).toThrow(ValidationError);
    expect(() => client.listJobs(SP, { timeoutMs: -1 })).toThrow(ValidationError);
  });

  it("a page without a value array is a GraphError", async () => {
    const { client } = testClient(recordingFetch(() => json(200, { value: "nope" })).fetch);
    const error = await rejection(client.listJobs(SP).next());
    expect(error).toMatchObject({ name: "GraphError", code: "UnexpectedBody" });
  });
});

describe("errors from the service", () => {
  it("401, 403 and 404 are GraphErrors with Graph's code, message, request ids and date; the rest is in body", async () => {
    const cases = [
      [401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid."],
      [403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."],
      [404, "Request_ResourceNotFound", "Resource 'x' does not exist."],
    ] as const;
    for (const [status, code, message] of cases) {
      const body = {
        error: {
          code,
          message,
          target: null,
          details: [{ code: "Inner", message: "detail", target: "jobId" }],
          innerError: {
            date: "2026-11-28T10:00:00",
            "request-id": "rid-body",
            "client-request-id": "c",
            extra: { a: 1 },
          },
        },
      };
      const { fetch, calls } = recordingFetch(() => json(status, body, { "request-id": "rid-header" }));
      const { client } = testClient(fetch);
      const error = (await rejection(client.startJob(SP, JOB))) as GraphError;
      expect(error).toBeInstanceOf(GraphError);
      expect(error).toMatchObject({
        name: "GraphError",
        status,
        code,
        requestId: "rid-header",
        clientRequestId: calls[0]?.init.headers["client-request-id"],
        date: "2026-11-28T10:00:00",
        operation: "startSynchronizationJob",
        method: "POST",
        url: `${jobPath}/start`,
        attempts: 1,
        body: JSON.stringify(body),
      });
      expect(error.message).toContain(code);
      expect(error.message).toContain(message);
      expect(error.message).toContain("rid-header");
      expect(calls).toHaveLength(1);
    }
  });

  it("the request-id falls back to innerError's; the date to the Date header", async () => {
    const body = { error: { code: "X", message: "m", innerError: { "request-id": "from-body" } } };
    const { client } = testClient(
      recordingFetch(() => json(400, body, { date: "Sat, 28 Nov 2026 10:00:00 GMT" })).fetch,
    );
    const error = (await rejection(client.getJob(SP, JOB))) as GraphError;
    expect(error).toMatchObject({ requestId: "from-body", date: "Sat, 28 Nov 2026 10:00:00 GMT" });
  });

  it("an HTML 502 page, an empty body, invalid JSON and a foreign JSON body each say what they are", async () => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    const cases: [() => Response, number, string, string][] = [
      [
        () => new Response(html, { status: 502, headers: { "content-type": "text/html" } }),
        502,
        "NonJsonResponse",
        "text/html",
      ],
      [() => new Response(null, { status: 500 }), 500, "EmptyResponse", "no body"],
      [
        () => new Response('{"error": {"code": "X"', { status: 500, headers: { "content-type": "application/json" } }),
        500,
        "InvalidJson",
        "not a Graph error",
      ],
      [() => json(400, { message: "not graph" }), 400, "UnexpectedBody", "not a Graph error"],
      [() => json(400, { error: "a string" }), 400, "UnexpectedBody", "not a Graph error"],
    ];
    for (const [response, status, code, text] of cases) {
      const { client } = testClient(recordingFetch(response).fetch, { retry: false });
      const error = (await rejection(client.getJob(SP, JOB))) as GraphError;
      expect(error).toBeInstanceOf(GraphError);
      expect(error).toMatchObject({ status, code });
      expect(error.message).toContain(text);
    }
    const { client } = testClient(recordingFetch(() => new Response(html, { status: 502 })).fetch);
    expect(((await rejection(client.getJob(SP, JOB))) as GraphError).body).toBe(html);
  });

  it("a redirect is never followed: a GraphError naming where it pointed", async () => {
    const { fetch, calls } = recordingFetch(
      () => new Response(null, { status: 307, headers: { location: "https://elsewhere.example.test/x" } }),
    );
    const { client } = testClient(fetch);
    const error = (await rejection(client.startJob(SP, JOB))) as GraphError;
    expect(error).toMatchObject({ status: 307, code: "Redirect" });
    expect(error.message).toContain("https://elsewhere.example.test/x");
    expect(calls).toHaveLength(1);
  });

  it("a token echoed back by the service is redacted from the error", async () => {
    const { client } = testClient(
      recordingFetch(() => json(400, { error: { code: "Bad", message: `you sent Bearer ${TOKEN}` } })).fetch,
    );
    const error = (await rejection(client.getJob(SP, JOB))) as GraphError;
    for (const text of [error.message, error.body, String(error), JSON.stringify(error), error.stack ?? ""]) {
      expect(text).not.toContain(TOKEN);
    }
    expect(error.message).toContain("[redacted]");
  });

  it("a fetch that throws becomes a NetworkError; a TypeError naming the token is redacted", async () => {
    const { client } = testClient(
      recordingFetch(() => {
        throw new TypeError(`fetch failed`, {
          cause: Object.assign(new Error(`boom ${TOKEN}`), { code: "ECONNRESET" }),
        });
      }).fetch,
      { retry: false },
    );
    const error = (await rejection(client.getJob(SP, JOB))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ECONNRESET", sent: true, attempts: 1 });
    for (const text of [error.message, String(error), JSON.stringify(error)]) expect(text).not.toContain(TOKEN);
  });
});

describe("options", () => {
  const fetch = recordingFetch(noContent).fetch;

  it("each cloud has its Graph root and .default scope; apiVersion picks the version", async () => {
    for (const [cloud, root] of Object.entries(GRAPH_ROOTS)) {
      const scopes: unknown[] = [];
      const credential = {
        getToken: async (scope: string | string[]) => {
          scopes.push(scope);
          return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      };
      const { fetch: f, calls } = recordingFetch(noContent);
      const client = createGraphSyncClient({
        credential,
        cloud: cloud as keyof typeof GRAPH_ROOTS,
        fetch: f,
        apiVersion: "beta",
      });
      expect(client.baseUrl).toBe(`${root}/beta`);
      expect(client.scope).toBe(`${root}/.default`);
      await client.pauseJob(SP, JOB);
      expect(calls[0]?.url.startsWith(`${root}/beta/servicePrincipals/`)).toBe(true);
      expect(scopes).toEqual([`${root}/.default`]);
    }
    expect(createGraphSyncClient({ accessToken: TOKEN, fetch }).baseUrl).toBe("https://graph.microsoft.com/v1.0");
    expect(GRAPH_ROOTS).toEqual({
      global: "https://graph.microsoft.com",
      usgov: "https://graph.microsoft.us",
      usgovdod: "https://dod-graph.microsoft.us",
      china: "https://microsoftgraph.chinacloudapi.cn",
    });
  });

  it("baseUrl: https anywhere, plain http only to loopback; never user info, query or fragment", () => {
    for (const ok of [
      "https://proxy.example.test/graph/v1.0/",
      "http://127.0.0.1:4000/v1.0",
      "http://127.8.9.10/beta",
      "http://localhost:1234/v1.0",
      "http://[::1]:4000/v1.0",
    ]) {
      expect(createGraphSyncClient({ accessToken: TOKEN, fetch, baseUrl: ok }).baseUrl).toBe(ok.replace(/\/$/, ""));
    }
    for (const bad of [
      "http://graph.microsoft.com/v1.0",
      "http://10.0.0.1/v1.0",
      "http://128.0.0.1/v1.0",
      "http://localhost.evil.test/v1.0",
      "http://[::2]/v1.0",
      "ftp://127.0.0.1/v1.0",
      "https://user:secret-pw@graph.example.test/v1.0",
      "https://graph.example.test/v1.0?x=1",
      "https://graph.example.test/v1.0#frag",
      "not a url",
      "",
    ]) {
      const error = (() => {
        try {
          createGraphSyncClient({ accessToken: TOKEN, fetch, baseUrl: bad });
        } catch (e) {
          return e as ValidationError;
        }
        throw new Error(`accepted ${bad}`);
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe("baseUrl");
      expect(error.message).not.toContain("secret-pw");
      expect(JSON.stringify(error)).not.toContain("secret-pw");
    }
  });

  it("refuses bad options with the field, the value and what is allowed", () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ cloud: "mars" }, "cloud", /global, usgov, usgovdod, china/],
      [{ apiVersion: "v2" }, "apiVersion", /v1\.0, beta/],
      [{ apiVersion: "beta", baseUrl: "https://x.test/v1.0" }, "apiVersion", /none with baseUrl/],
      [{ timeoutMs: 0 }, "timeoutMs", /milliseconds/],
      [{ timeoutMs: Number.POSITIVE_INFINITY }, "timeoutMs", /milliseconds/],
      [{ retry: { maxAttempts: 0 } }, "retry.maxAttempts", /whole number/],
      [{ retry: { maxAttempts: 2.5 } }, "retry.maxAttempts", /whole number/],
      [{ retry: { baseDelayMs: -1 } }, "retry.baseDelayMs", /milliseconds/],
      [{ retry: { maxDelayMs: "5" } }, "retry.maxDelayMs", /milliseconds/],
      [{ retry: "often" }, "retry", /retry options/],
      [{ userAgent: "bad\r\nX-Injected: 1" }, "userAgent", /printable ASCII/],
      [{ fetch: 42 }, "fetch", /fetch function/],
    ];
    for (const [extra, field, expected] of cases) {
      let error: unknown;
      try {
        createGraphSyncClient({ accessToken: TOKEN, fetch, ...extra });
      } catch (e) {
        error = e;
      }
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as ValidationError).message).toMatch(expected);
    }
  });

  it("needs exactly one of credential and accessToken, and never quotes either", () => {
    const credential = { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: 0 }) };
    for (const auth of [
      {},
      { credential, accessToken: TOKEN },
      { credential: { token: TOKEN } },
      { accessToken: 42 },
    ]) {
      let error: unknown;
      try {
        createGraphSyncClient({ fetch, ...(auth as object) } as unknown as GraphSyncClientOptions);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(String(error)).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
    expect(() => createGraphSyncClient({ fetch, accessToken: "" })).toThrow(AuthenticationError);
    expect(() => createGraphSyncClient({ fetch, accessToken: "a b" })).toThrow(AuthenticationError);
  });

  it("missing or null options are a ValidationError or the defaults, never a TypeError", async () => {
    for (const options of [undefined, null, 42]) {
      expect(() => createGraphSyncClient(options as never)).toThrow(ValidationError);
    }
    const { fetch: f, calls } = recordingFetch(noContent);
    const { client } = testClient(f);
    expect(await rejection(client.provisionOnDemand(SP, JOB, undefined as never))).toBeInstanceOf(ValidationError);
    expect(await rejection(client.provisionOnDemand(SP, JOB, null as never))).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
    await client.startJob(SP, JOB, null as never);
    await client.restartJob(SP, JOB, null as never);
    await client.pauseJob(SP, JOB, null as never);
    expect(calls.map((c) => c.init.body)).toEqual([undefined, "{}", undefined]);
  });

  it("per-call timeoutMs is checked before any request", async () => {
    const { fetch: f, calls } = recordingFetch(noContent);
    const { client } = testClient(f);
    const error = await rejection(client.startJob(SP, JOB, { timeoutMs: -5 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });
});

describe("redaction", () => {
  it("leaves a body alone when the token is a short placeholder", async () => {
    const body = { error: { code: "Request_ResourceNotFound", message: "not found" } };
    const { client } = testClient(recordingFetch(() => json(404, body)).fetch, { accessToken: "t" });
    const error = (await rejection(client.getJob(SP, JOB))) as GraphError;
    expect(error.code).toBe("Request_ResourceNotFound");
    expect(error.body).toBe(JSON.stringify(body));
  });
});

describe("edge cases of the shared readers", () => {
  it("a baseUrl with an empty query or fragment is refused: paths would be appended after it", () => {
    for (const bad of ["https://graph.example.test/v1.0?", "https://graph.example.test/v1.0#"]) {
      expect(() => createGraphSyncClient({ accessToken: TOKEN, baseUrl: bad })).toThrow(ValidationError);
    }
  });

  it("a 2xx body that does not parse is InvalidJson when labelled JSON, NonJsonResponse otherwise", async () => {
    const cases: [string | undefined, string][] = [
      ["application/json; charset=utf-8", "InvalidJson"],
      ["text/html", "NonJsonResponse"],
      [undefined, "NonJsonResponse"],
    ];
    for (const [type, code] of cases) {
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const { client } = testClient(recordingFetch(() => new Response("<html>oops", { status: 200, headers })).fetch);
      const error = (await rejection(client.getJob(SP, JOB))) as GraphError;
      expect(error).toMatchObject({ name: "GraphError", status: 200, code });
      expect(error.message).toContain("<html>oops");
    }
  });

  it("a job id with / \\ ? # or % is refused naming the character, before any request", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const { client } = testClient(fetch);
    for (const [job, char] of [
      ["a/b", "/"],
      ["a\\b", "\\"],
      ["x?y", "?"],
      ["x#", "#"],
      ["AD2AAD.%2e%2e", "%"],
    ]) {
      const error = (await rejection(client.getJob(SP, job as string))) as ValidationError;
      expect(error).toMatchObject({ name: "ValidationError", field: "synchronizationJobId", value: job });
      expect(error.message).toContain(`no ${JSON.stringify(char)}`);
    }
    expect(calls).toHaveLength(0);
  });

  it("an undeclared 2xx (pause answers 200, the spec says 204) is UnexpectedStatus naming what is declared", async () => {
    const { client } = testClient(recordingFetch(() => json(200, {})).fetch);
    const error = (await rejection(client.pauseJob(SP, JOB))) as GraphError;
    expect(error).toMatchObject({ name: "GraphError", status: 200, code: "UnexpectedStatus" });
    expect(error.message).toContain("pauseSynchronizationJob answers 204");
  });

  it("an unpaired surrogate in a job id is refused before any request", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const { client } = testClient(fetch);
    for (const job of ["a\ud800b", "\udc00", "x".repeat(257)]) {
      const error = (await rejection(client.startJob(SP, job))) as ValidationError;
      expect(error).toMatchObject({ name: "ValidationError", field: "synchronizationJobId" });
      expect(error.message).toContain("1 to 256 characters");
    }
    expect(calls).toHaveLength(0);
  });
});

describe("service principals", () => {
  const page = (value: unknown[], next?: string) => ({ value, ...(next ? { "@odata.nextLink": next } : {}) });

  it("listServicePrincipals filters by appId or display name (quotes doubled), selects, and follows pages", async () => {
    const next = `${base}/servicePrincipals?$skiptoken=2`;
    const { fetch, calls } = recordingFetch((_, i) =>
      json(200, i === 0 ? page([{ id: SP, appId: GUID_A }], next) : page([{ id: "b" }])),
    );
    const { client } = testClient(fetch);
    const found: string[] = [];
    for await (const sp of client.listServicePrincipals({ appId: GUID_A }, { select: ["id", "appId"], top: 5 })) {
      found.push(sp.id);
    }
    expect(found).toEqual([SP, "b"]);
    const first = new URL(calls[0]?.url as string);
    expect(first.pathname).toBe("/v1.0/servicePrincipals");
    expect(first.searchParams.get("$filter")).toBe(`appId eq '${GUID_A}'`);
    expect(first.searchParams.get("$select")).toBe("id,appId");
    expect(first.searchParams.get("$top")).toBe("5");
    expect(calls[1]?.url).toBe(next);

    const named = recordingFetch(() => json(200, page([])));
    for await (const _ of testClient(named.fetch).client.listServicePrincipals({ displayName: "O'Brien Ltd" }));
    expect(new URL(named.calls[0]?.url as string).searchParams.get("$filter")).toBe("displayName eq 'O''Brien Ltd'");
  });

  it("refuses a bad query before any request, naming the field", () => {
    const { fetch, calls } = recordingFetch(() => json(200, page([])));
    const { client } = testClient(fetch);
    const cases: [unknown, string][] = [
      [{ appId: "not-a-guid" }, "appId"],
      [{ displayName: " " }, "displayName"],
      [{ appId: GUID_A, displayName: "x" }, "query"],
    ];
    for (const [query, field] of cases) {
      expect(() => client.listServicePrincipals(query as never)).toThrow(expect.objectContaining({ field }));
    }
    expect(() => client.listServicePrincipals({}, { select: ["id", "a b"] })).toThrow(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it("getServicePrincipal reads one by object id; an answer without an id is a GraphError", async () => {
    const { fetch, calls } = recordingFetch((_, i) =>
      json(200, i === 0 ? { id: SP, displayName: "x" } : { displayName: "y" }),
    );
    const { client } = testClient(fetch);
    expect(await client.getServicePrincipal(SP, { select: ["displayName"] })).toEqual({ id: SP, displayName: "x" });
    expect(calls[0]?.url).toBe(`${base}/servicePrincipals/${SP}?$select=displayName`);
    const error = (await rejection(client.getServicePrincipal(SP))) as GraphError;
    expect(error).toMatchObject({ name: "GraphError", code: "UnexpectedBody" });
  });
});

describe("answers with and without a Content-Length", () => {
  it("getJob reads the JSON either way, and a body that does not parse is InvalidJson either way", async () => {
    const body = JSON.stringify({ id: JOB, status: { code: "Paused" } });
    for (const length of [String(body.length), undefined]) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (length) headers["content-length"] = length;
      const { client } = testClient(recordingFetch(() => new Response(body, { status: 200, headers })).fetch);
      expect((await client.getJob(SP, JOB)).id).toBe(JOB);
      const broken = testClient(
        recordingFetch(() => new Response('{"id":', { status: 200, headers: { ...headers, "content-length": "6" } }))
          .fetch,
      ).client;
      expect(await rejection(broken.getJob(SP, JOB))).toMatchObject({ name: "GraphError", code: "InvalidJson" });
    }
  });
});
