// createGraphSyncCore and the standalone functions: the smallest bundle, the same calls as the methods.
import { describe, expect, it } from "vitest";
import {
  createGraphSyncClient,
  createGraphSyncCore,
  type GraphSyncCore,
  getJob,
  IDEMPOTENT,
  listJobs,
  NetworkError,
  pauseJob,
  provisionOnDemand,
  restartJob,
  startJob,
  ValidationError,
} from "../src/index.js";
import { createRawClient } from "../src/raw.js";
import { JOB, json, recordingFetch, rejection, reply, SP, startServer, TOKEN } from "./helpers.js";

const noContent = () => new Response(null, { status: 204 });
const job = { id: JOB, templateId: "AD2AADProvisioning", status: { code: "Active" } };

describe("createGraphSyncCore", () => {
  it("makes a client the functions take: same requests as the methods", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const core = createGraphSyncCore({ accessToken: TOKEN, fetch });
    expect(core).toEqual({
      baseUrl: "https://graph.microsoft.com/v1.0",
      scope: "https://graph.microsoft.com/.default",
    });
    expect(await startJob(core, SP, JOB)).toMatchObject({ status: 204 });
    const client = createGraphSyncClient({ accessToken: TOKEN, fetch });
    await client.startJob(SP, JOB);
    const [viaFunction, viaMethod] = calls;
    expect(viaFunction?.url).toBe(viaMethod?.url);
    expect(viaFunction?.init.method).toBe("POST");
    expect(viaFunction?.init.body).toBeUndefined();
    expect(viaFunction?.init.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(viaFunction?.init.headers["user-agent"]).toBe(viaMethod?.init.headers["user-agent"]);
  });

  it("takes a token function, and every function works on it", async () => {
    let n = 0;
    const { fetch, calls } = recordingFetch((call) =>
      call.init.method === "GET"
        ? json(200, /\/jobs(\?|$)/.test(call.url) ? { value: [job] } : job)
        : call.url.endsWith("/provisionOnDemand")
          ? json(200, { key: "{}", value: "null" })
          : noContent(),
    );
    const core = createGraphSyncCore({ accessToken: async () => `fn-${++n}`, fetch });
    expect(await getJob(core, SP, JOB)).toEqual(job);
    const listed = [];
    for await (const item of listJobs(core, SP, { top: 5 })) listed.push(item);
    expect(listed).toEqual([job]);
    expect(await pauseJob(core, SP, JOB)).toMatchObject({ status: 204 });
    expect(await restartJob(core, SP, JOB, { resetScope: ["Watermark"] })).toMatchObject({ status: 204 });
    const parameters = [{ ruleId: "r", subjects: [{ objectId: "o", objectTypeName: "User" }] }];
    expect(await provisionOnDemand(core, SP, JOB, { parameters })).toMatchObject({ decoded: { key: {}, value: null } });
    expect(calls.map((c) => c.init.headers.authorization)).toEqual(
      ["fn-1", "fn-2", "fn-3", "fn-4", "fn-5"].map((t) => `Bearer ${t}`),
    );
    expect(calls[1]?.url).toContain("?$top=5");
    expect(calls[3]?.init.body).toBe(JSON.stringify({ criteria: { resetScope: "Watermark" } }));
  });

  it("refuses what only createGraphSyncClient takes, naming it and never quoting a secret", () => {
    const { fetch } = recordingFetch(noContent);
    const credential = { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const cases: [Record<string, unknown>, string][] = [
      [{ accessToken: TOKEN, signal: new AbortController().signal }, "signal"],
      [{ accessToken: TOKEN, userAgent: "my-tool/1.0" }, "userAgent"],
      [{ credential }, "accessToken"],
      [{}, "accessToken"],
    ];
    for (const [options, field] of cases) {
      let error: unknown;
      try {
        createGraphSyncCore({ fetch, ...options } as never);
      } catch (e) {
        error = e;
      }
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect(String(error)).not.toContain(TOKEN);
    }
    // Not an options object at all: what is missing is the token.
    expect(() => createGraphSyncCore(undefined as never)).toThrow(/Invalid accessToken/);
  });

  it("needs crypto.randomUUID, which a browser has only in a secure context", () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, "crypto");
    Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true });
    try {
      expect(() => createGraphSyncCore({ accessToken: TOKEN })).toThrow(/Invalid context: expected a secure one/);
    } finally {
      Object.defineProperty(globalThis, "crypto", descriptor as PropertyDescriptor);
    }
    expect(createGraphSyncCore({ accessToken: TOKEN }).scope).toContain(".default");
  });
});

describe("the standalone functions", () => {
  it("refuse anything but a client, before any request", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    createGraphSyncClient({ accessToken: TOKEN, fetch });
    const fakes = [undefined, null, {}, { baseUrl: "https://graph.microsoft.com/v1.0", scope: "s" }];
    for (const fake of fakes) {
      const error = await rejection(startJob(fake as GraphSyncCore, SP, JOB));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: "client" });
      expect(() => listJobs(fake as GraphSyncCore, SP)).toThrow(ValidationError);
      expect(() => createRawClient(fake as GraphSyncCore)).toThrow(ValidationError);
    }
    expect(calls).toHaveLength(0);
  });

  it("send to the URL the core was made with, even if its baseUrl property is changed", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const core = createGraphSyncCore({ accessToken: TOKEN, fetch }) as { baseUrl: string; scope: string };
    core.baseUrl = "https://attacker.example.test/v1.0";
    await startJob(core, SP, JOB);
    expect(calls[0]?.url.startsWith("https://graph.microsoft.com/v1.0/")).toBe(true);
  });

  it("repeat a request that may have arrived exactly when the spec marks the operation x-idempotent", async () => {
    const server = await startServer((req, res, received, i) =>
      i === 0 ? req.socket.destroy() : reply(res, received.method === "GET" ? 200 : 204, job),
    );
    try {
      const core = createGraphSyncCore({ accessToken: TOKEN, baseUrl: server.base, retry: { baseDelayMs: 1 } });
      const parameters = [{ ruleId: "r", subjects: [{ objectId: "o", objectTypeName: "User" }] }];
      const calls = {
        getSynchronizationJob: () => getJob(core, SP, JOB),
        startSynchronizationJob: () => startJob(core, SP, JOB),
        pauseSynchronizationJob: () => pauseJob(core, SP, JOB),
        restartSynchronizationJob: () => restartJob(core, SP, JOB),
        provisionOnDemand: () => provisionOnDemand(core, SP, JOB, { parameters }),
      };
      for (const [operation, call] of Object.entries(calls)) {
        server.requests.length = 0;
        const outcome = await call().then(
          () => "answered",
          (e: unknown) => e,
        );
        const idempotent = IDEMPOTENT[operation as keyof typeof IDEMPOTENT];
        expect(server.requests.length, operation).toBe(idempotent ? 2 : 1);
        if (idempotent) expect(outcome, operation).toBe("answered");
        else expect(outcome, operation).toBeInstanceOf(NetworkError);
        // The next operation's first request is reset again.
        server.requests.length = 0;
      }
    } finally {
      await server.close();
    }
  });
});
