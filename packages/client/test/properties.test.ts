// Property-based tests (fast-check): ids and path encoding, and error parsing for any answer.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AbortError,
  AuthenticationError,
  createGraphSyncClient,
  GraphError,
  type GraphSyncClient,
  GraphSyncError,
  isGraphSyncError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from "../src/index.js";
import { createRawClient } from "../src/raw.js";
import { JOB, type Recorded, recordingFetch, reply, SP, startServer, type TestServer, TOKEN } from "./helpers.js";

const base = "https://graph.example.test/v1.0";

/** Strings made to break URLs: separators, dot segments, encodings, controls, unpaired surrogates, anything. */
const nasty = fc.oneof(
  fc.string({
    unit: fc.oneof(
      fc.constantFrom("/", "?", "#", "%", ".", "..", "%2e", "%2E%2e", "%2F", "\\", ":", "@", ";", "&", "=", "+", "$"),
      fc.constantFrom(" ", "\t", "\u0000", "\n", "\r", "\u007f", "\u0085", "\u00a0", "\u2028", "{", "}", "[", "]", "'"),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 300,
  }),
  fc.constantFrom("", ".", "..", "../users", "a/b?x", "%2e%2e", "#", "..%2F..%2Fusers", "\u{1f431}".repeat(256)),
  fc.string({ unit: "grapheme-ascii", minLength: 250, maxLength: 260 }),
);
const spIds = fc.oneof(fc.uuid(), nasty);
const jobIds = fc.oneof(fc.constant(JOB), nasty);

/** What the spec allows, written independently of the client's code. */
const validSp = (s: string) => /^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$/.test(s);
const validJob = (s: string) =>
  (s as string & { isWellFormed(): boolean }).isWellFormed() &&
  [...s].length >= 1 &&
  [...s].length <= 256 &&
  s !== "." &&
  s !== ".." &&
  !/[/\\?#%]/.test(s) &&
  ![...s].some((c) => {
    const n = c.codePointAt(0) as number;
    return n < 0x20 || (n >= 0x7f && n < 0xa0);
  });

/** The path segments a server sees for a URL, as the WHATWG URL parser (fetch's) normalises it. */
function segmentsOf(url: string): string[] {
  const parsed = new URL(url);
  expect(parsed.search).toBe("");
  expect(parsed.hash).toBe("");
  return parsed.pathname.split("/").slice(1);
}

describe("ids and path encoding", () => {
  it("any spId/jobId: a ValidationError before any request, or exactly the expected path segments", async () => {
    await fc.assert(
      fc.asyncProperty(spIds, jobIds, async (sp, job) => {
        const { fetch, calls } = recordingFetch(() => new Response(null, { status: 204 }));
        const client = createGraphSyncClient({ accessToken: TOKEN, baseUrl: base, fetch });
        let error: unknown;
        try {
          await client.startJob(sp, job);
        } catch (e) {
          error = e;
        }
        if (!validSp(sp) || !validJob(job)) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).field).toBe(validSp(sp) ? "synchronizationJobId" : "servicePrincipalId");
          expect(calls).toHaveLength(0);
          return;
        }
        expect(error).toBeUndefined();
        expect(calls).toHaveLength(1);
        const segments = segmentsOf((calls[0] as Recorded).url);
        expect(segments).toHaveLength(7);
        expect(segments.slice(0, 5)).toEqual(["v1.0", "servicePrincipals", sp, "synchronization", "jobs"]);
        expect(decodeURIComponent(segments[5] as string)).toBe(job);
        expect(segments[6]).toBe("start");
      }),
      { numRuns: 500 },
    );
  });

  it("the raw client's path parameters obey the same rule", async () => {
    await fc.assert(
      fc.asyncProperty(spIds, jobIds, async (sp, job) => {
        const { fetch, calls } = recordingFetch(() => new Response(null, { status: 204 }));
        const raw = createRawClient(createGraphSyncClient({ accessToken: TOKEN, baseUrl: base, fetch }));
        const path = { servicePrincipalId: sp, synchronizationJobId: job };
        let error: unknown;
        try {
          await raw.POST("/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/pause", {
            params: { path },
          });
        } catch (e) {
          error = e;
        }
        if (!validSp(sp) || !validJob(job)) {
          expect(error).toBeInstanceOf(ValidationError);
          expect(calls).toHaveLength(0);
          return;
        }
        expect(error).toBeUndefined();
        const segments = segmentsOf((calls[0] as Recorded).url);
        expect(segments).toHaveLength(7);
        expect(segments[2]).toBe(sp);
        expect(decodeURIComponent(segments[5] as string)).toBe(job);
        expect(segments[6]).toBe("pause");
      }),
      { numRuns: 300 },
    );
  });

  describe("on the wire (a real server reads the request line)", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer((_, res) => reply(res, 204));
    });
    afterAll(() => server.close());

    it("the request target has exactly the expected segments", async () => {
      const client = createGraphSyncClient({ accessToken: TOKEN, baseUrl: server.base });
      await fc.assert(
        fc.asyncProperty(jobIds.filter(validJob), async (job) => {
          const before = server.requests.length;
          await client.pauseJob(SP, job);
          const target = server.requests[before]?.url as string;
          const segments = target.split("/").slice(1);
          expect(segments).toHaveLength(7);
          expect(decodeURIComponent(segments[5] as string)).toBe(job);
          expect(segments[6]).toBe("pause");
        }),
        { numRuns: 150 },
      );
    });
  });
});

describe("error parsing", () => {
  const deep = (n: number, open: string, close: string, inner = "1") => open.repeat(n) + inner + close.repeat(n);
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }),
    fc.json(),
    fc.json().chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n))),
    fc.jsonValue().map((error) => JSON.stringify({ error })),
    fc
      .record(
        {
          code: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          message: fc.jsonValue(),
          innerError: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map((error) => JSON.stringify({ error })),
    fc.integer({ min: 1, max: 200_000 }).map((n) => deep(n, "[", "]")),
    fc
      .integer({ min: 1, max: 100_000 })
      .map((n) => `{"error":{"code":"Deep","message":"m","innerError":${deep(n, '{"a":', "}")}}}`),
    fc
      .integer({ min: 1, max: 100_000 })
      .map((n) => `{"error":{"code":"Deep","message":"m","details":${deep(n, "[", "]")}}}`),
    fc.integer({ min: 100_000, max: 3_000_000 }).map((n) => `{"error":{"code":"Huge","message":"${"x".repeat(n)}"}}`),
    fc.integer({ min: 100_000, max: 3_000_000 }).map((n) => "<html>".padEnd(n, "y")),
    fc.string({ unit: "binary" }),
    fc.constant(`{"error":{"code":"Echo","message":"Bearer ${TOKEN}"}}`),
    fc.constant(""),
  );
  const types = fc.constantFrom(
    undefined,
    "application/json",
    "application/json; charset=utf-8",
    "application/problem+json",
    "text/html",
    "text/plain",
    "application/octet-stream",
    "",
  );
  const retryAfter = fc.option(
    fc.oneof(
      fc.string(),
      fc.double().map(String),
      fc.date().map((d) => d.toUTCString()),
    ),
  );
  const operations = fc.constantFrom("start", "get", "list", "pause", "restart", "provision", "raw");

  const call = (client: GraphSyncClient, operation: string): Promise<unknown> => {
    switch (operation) {
      case "start":
        return client.startJob(SP, JOB);
      case "get":
        return client.getJob(SP, JOB);
      case "list":
        return (async () => {
          const jobs = [];
          for await (const job of client.listJobs(SP)) jobs.push(job);
          return jobs;
        })();
      case "pause":
        return client.pauseJob(SP, JOB);
      case "restart":
        return client.restartJob(SP, JOB, { resetScope: ["Watermark"] });
      case "provision":
        return client.provisionOnDemand(SP, JOB, { parameters: [{ ruleId: "r" }] });
      default:
        return createRawClient(client).GET(
          "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}",
          { params: { path: { servicePrincipalId: SP, synchronizationJobId: JOB } } },
        );
    }
  };

  it("any status, content type and body: a result (2xx only) or a GraphError/transport error, nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: 599 }),
        types,
        bodies,
        retryAfter,
        operations,
        async (status, type, body, after, operation) => {
          const headers: Record<string, string> = {};
          if (type !== undefined) headers["content-type"] = type;
          if (after != null) headers["retry-after"] = after;
          const nullBody = [204, 205, 304].includes(status);
          const { fetch } = recordingFetch(() => new Response(nullBody ? null : body, { status, headers }));
          const client = createGraphSyncClient({
            accessToken: TOKEN,
            baseUrl: base,
            fetch,
            retry: { maxAttempts: 2, sleep: async () => {} },
          });
          let error: unknown;
          try {
            await call(client, operation);
          } catch (e) {
            error = e;
          }
          if (error === undefined) {
            expect(status).toBeGreaterThanOrEqual(200);
            expect(status).toBeLessThan(300);
            return;
          }
          expect(error).toBeInstanceOf(GraphSyncError);
          expect(isGraphSyncError(error)).toBe(true);
          expect([GraphError, NetworkError, TimeoutError, AbortError, ValidationError, AuthenticationError]).toContain(
            (error as object).constructor,
          );
          expect(error).toBeInstanceOf(GraphError);
          expect((error as GraphError).status).toBe(status);
          expect(typeof (error as GraphError).code).toBe("string");
          expect((error as GraphError).body.length).toBeLessThanOrEqual(65_536);
          const serialised = JSON.stringify(error);
          for (const text of [(error as Error).message, String(error), serialised]) expect(text).not.toContain(TOKEN);
          expect((error as Error).message.length).toBeLessThan(10_000);
        },
      ),
      { numRuns: 400 },
    );
  });
});
