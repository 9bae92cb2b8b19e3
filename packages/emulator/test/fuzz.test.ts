/**
 * The emulator fuzzed on every route with random methods, headers, paths and bodies (fast-check): only well-formed
 * Graph errors or spec-valid successes come back, it never crashes, and its state stays valid against the spec.
 */
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEMO_TENANT, type Emulator } from "../src/index.js";
import { call, GUID, JOBS, specErrors, start } from "./helpers.js";

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

function send(
  emulator: Emulator,
  request: Sent,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

const jobIds = Object.values(JOBS).map((ref) => ref.jobId);
const segment = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "servicePrincipals",
      "synchronization",
      "jobs",
      "start",
      "pause",
      "restart",
      "provisionOnDemand",
      "bulkUpload",
      "users",
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...Object.values(DEMO_TENANT.servicePrincipals), "11111111-2222-4333-8444-555555555555"),
  },
  { weight: 3, arbitrary: fc.constantFrom(...jobIds, "scim.00000000000000000000000000000000") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "..",
      ".",
      "%",
      "%ZZ",
      "%2F",
      "%00",
      "~",
      "SERVICEPRINCIPALS",
      "$metadata",
      "v1.0",
      "beta",
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)) },
);
const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant("") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "?$top=2",
      "?$top=1",
      "?$top=0",
      "?$top=abc",
      "?$top=999999999999",
      "?$skiptoken=X'4453707402000000FF'",
      "?$skiptoken=X'445370740200000001'",
      "?$filter=x",
      "?$top=1&$top=2",
      "?a=b",
    ),
  },
  { weight: 1, arbitrary: fc.webQueryParameters().map((q) => `?${q}`) },
);
/** Mostly the spec's own routes with random pieces, so successes are fuzzed as much as errors. */
const target = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(...Object.values(JOBS)).map((ref) => [ref.servicePrincipalId, ref.jobId] as const),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...Object.values(DEMO_TENANT.servicePrincipals)).map((sp) => [sp, undefined] as const),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(segment, fc.oneof(fc.constant(undefined), segment, fc.constantFrom(...jobIds))),
  },
);
const structuredPath = fc
  .tuple(
    fc.constantFrom("/v1.0", "/beta"),
    target,
    fc.constantFrom(
      "",
      "",
      "/start",
      "/start",
      "/pause",
      "/restart",
      "/provisionOnDemand",
      "/bogus",
      "/start/again",
      "/bulkUpload",
      "/bulkUpload",
    ),
    query,
  )
  .map(
    ([root, [sp, job], action, q]) =>
      `${root}/servicePrincipals/${sp}/synchronization/jobs${job === undefined ? "" : `/${encodeURIComponent(job)}${action}`}${q}`,
  );
const randomPath = fc
  .tuple(
    fc.constantFrom("/v1.0", "/beta", "/v1.0", "/beta", "/v2.0", "", "/common"),
    fc.array(segment, { maxLength: 7 }),
    query,
  )
  .map(([root, segments, q]) => `${root}/${segments.join("/")}${q}`);
/** The users inbound provisioning writes, with the query options they take (and some they do not). */
const usersPath = fc
  .tuple(
    fc.constantFrom("/v1.0", "/beta"),
    fc.constantFrom("", "/megan.bowen@contoso.com", "/0f3c2b1a-6e5d-4c7b-9a8f-1e2d3c4b5a60", "/nobody", "/%2F"),
    fc.constantFrom(
      "",
      "?$filter=employeeId eq '100001'",
      "?$filter=employeeId eq 'x' or accountEnabled eq false",
      "?$filter=startswith(displayName,'a')",
      "?$expand=manager",
      "?$expand=manager($select=employeeId)",
      "?$expand=memberOf",
      "?$select=id,nope",
      "?$top=1",
    ),
    query,
  )
  .map(([root, id, own, q]) => `${root}/users${id}${own.replaceAll(" ", "%20")}${own && q ? q.replace("?", "&") : q}`);
const graphPath = fc.oneof(
  { weight: 4, arbitrary: structuredPath },
  { weight: 1, arbitrary: randomPath },
  { weight: 1, arbitrary: usersPath },
);

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 300,
});
const optional = <T>(arbitrary: fc.Arbitrary<T>, weight = 1) =>
  fc.oneof({ weight, arbitrary }, { weight: 1, arbitrary: fc.constant(undefined) });
const headers = fc
  .record({
    authorization: optional(
      fc.oneof(
        { weight: 12, arbitrary: fc.constant("Bearer fuzz-token") },
        { weight: 1, arbitrary: fc.constant("Bearer") },
        { weight: 1, arbitrary: printable },
        { weight: 1, arbitrary: printable.map((t) => `Bearer ${t}`) },
      ),
      12,
    ),
    "content-type": optional(
      fc.oneof(
        {
          weight: 8,
          arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8", "application/scim+json"),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/merge-patch+json",
            "",
          ),
        },
      ),
      6,
    ),
    "client-request-id": optional(fc.oneof(fc.uuid(), printable)),
    accept: optional(fc.constantFrom("application/json", "*/*", "text/html")),
    "x-fuzz": optional(printable),
  })
  .map(
    (record) =>
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<string, string>,
  );
const jsonBodies = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      criteria: fc.record(
        {
          resetScope: fc.oneof(
            fc.constantFrom("Watermark", "Full", "Escrows, QuarantineState", "None", " Watermark ,ForceDeletes "),
            fc.string(),
            fc.constant(null),
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    parameters: fc.array(
      fc.record(
        {
          ruleId: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)),
          subjects: fc.array(
            fc.record(
              {
                objectId: fc.oneof(fc.uuid(), fc.string()),
                objectTypeName: fc.constantFrom("User", "Group", "Worker", "user"),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  }),
);
/** SCIM bulk requests: well-formed ones (so processing is fuzzed too), and ones with the mistakes people make. */
const goodRecord = fc.record({
  schemas: fc.constant(["urn:ietf:params:scim:schemas:core:2.0:User"]),
  externalId: fc.oneof(fc.constantFrom("100001", "100002", "E1", "E2"), fc.string({ minLength: 1, maxLength: 6 })),
  userName: fc.oneof(fc.constantFrom("a@contoso.com", "megan.bowen@contoso.com"), fc.string({ maxLength: 10 })),
  displayName: fc.string({ maxLength: 10 }),
  active: fc.boolean(),
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": fc.record({
    manager: fc.record({ value: fc.constantFrom("100001", "E1", "E2", "GHOST") }),
  }),
});
const goodScim = fc.record({
  schemas: fc.constant(["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]),
  Operations: fc
    .array(goodRecord, { minLength: 1, maxLength: 5 })
    .map((records) => records.map((data, i) => ({ method: "POST", bulkId: `b${i}`, path: "/Users", data }))),
  failOnErrors: fc.constant(null),
});
const messyScim = fc.record(
  {
    schemas: fc.constantFrom(["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], [], ["x"]),
    Operations: fc.array(
      fc.record(
        {
          method: fc.constantFrom("POST", "PATCH"),
          bulkId: fc.oneof(fc.uuid(), fc.string({ maxLength: 8 })),
          path: fc.constantFrom("/Users", "/users", "/Groups"),
          data: fc.record(
            { schemas: fc.constantFrom(["nope"], []), externalId: fc.string(), active: fc.string({ maxLength: 3 }) },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ["method", "bulkId"] },
      ),
      { maxLength: 55 },
    ),
    failOnErrors: fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 3 })),
  },
  { requiredKeys: ["Operations"] },
);
const scimBodies = fc.oneof({ weight: 3, arbitrary: goodScim }, { weight: 1, arbitrary: messyScim });
const body = fc.oneof(
  { weight: 2, arbitrary: scimBodies.map((value) => Buffer.from(JSON.stringify(value))) },
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: jsonBodies.map((value) => Buffer.from(JSON.stringify(value) ?? "null")) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)) },
  {
    weight: 1,
    arbitrary: fc.nat({ max: 300 }).map((depth) => Buffer.from(`${"[".repeat(depth)}${"]".repeat(depth)}`)),
  },
);
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("GET", "POST") },
  { weight: 1, arbitrary: fc.constantFrom("PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "get") },
);

/** A well-formed upload to a running job now and then, so that processing (and what it writes) is fuzzed too. */
const upload = fc
  .tuple(fc.constantFrom(JOBS.inbound, JOBS.active), goodScim)
  .map(
    ([job, scim]) =>
      [
        "POST",
        `/v1.0/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(job.jobId)}/bulkUpload`,
        { authorization: "Bearer fuzz-token", "content-type": "application/scim+json" },
        Buffer.from(JSON.stringify(scim)),
      ] as const,
  );
const anyRequest = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(method, graphPath, headers, body) },
  { weight: 1, arbitrary: upload },
);

describe("fuzz", () => {
  it("random requests on every route get only well-formed Graph errors or valid answers; state stays valid", async () => {
    // Uploads are processed soon after they are accepted, so processing is fuzzed too.
    const emulator = await start({ seed: "fuzz", uploadDelayMs: 1000 });
    await fc.assert(
      fc.asyncProperty(anyRequest, fc.nat({ max: 20 * 60_000 }), async ([m, path, h, b], advance) => {
        emulator.clock.advance(advance);
        // Framed with Content-Length: node:http sends a GET/HEAD/DELETE body unframed otherwise.
        const framing: Record<string, string> = b === undefined ? {} : { "content-length": String(b.length) };
        const request: Sent = { method: m, path, headers: { ...h, ...framing }, body: b };
        const reply = await send(emulator, request);
        expect(reply.status).toBeGreaterThanOrEqual(200);
        expect(reply.status).toBeLessThan(600);
        expect(reply.headers["request-id"]).toMatch(GUID);
        if (m === "HEAD" || reply.status === 204 || reply.status === 202) {
          expect(reply.body).toBe("");
          return;
        }
        const json = JSON.parse(reply.body);
        if (reply.status >= 400) {
          expect(specErrors("odataError", json)).toEqual([]);
          expect(json.error.innerError["request-id"]).toBe(reply.headers["request-id"]);
          expect(reply.status).not.toBe(500);
        } else if (/\/users[/?]|\/users$/.test(path)) {
          expect(specErrors(Array.isArray(json.value) ? "userCollectionResponse" : "user", json)).toEqual([]);
        } else if (json.value && Array.isArray(json.value)) {
          expect(specErrors("synchronizationJobCollectionResponse", json)).toEqual([]);
        } else if (json.id) {
          expect(specErrors("synchronizationJob", json)).toEqual([]);
        } else {
          expect(specErrors("stringKeyStringValuePair", json)).toEqual([]);
        }
      }),
      { numRuns: 400, seed: 4242 },
    );
    expect(emulator.contract.violationCount).toBe(0);
    // The fuzz reached bulkUpload's success path and its processing, not only its errors.
    const uploads = (await call(emulator, "GET", `${emulator.url}/_emulator/uploads`, { token: null })).json;
    expect(uploads.value.reduce((sum: number, c: { processed: number }) => sum + c.processed, 0)).toBeGreaterThan(0);
    expect((await call(emulator, "GET", `${emulator.url}/_emulator/health`, { token: null })).status).toBe(200);
    const tenant = emulator.state.export();
    for (const sp of tenant.servicePrincipals)
      for (const job of sp.jobs) expect(specErrors("synchronizationJob", job)).toEqual([]);
    // The saved form reloads into a working emulator.
    const reloaded = await start({ state: emulator.state.serialize() });
    expect(reloaded.state.export()).toEqual(tenant);
    for (const user of tenant.users ?? []) expect(specErrors("user", user)).toEqual([]);
  });

  it("jwt mode: random token requests, JWTs and control calls get well-formed OAuth or Graph errors, never a 500", async () => {
    const emulator = await start({
      auth: "jwt",
      clients: [
        { clientId: "fuzz-client", clientSecret: "fuzz-secret-0123456789", roles: ["Synchronization.ReadWrite.All"] },
      ],
    });
    const b64 = fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString("base64url"));
    const jwtLike = fc.tuple(b64, b64, b64).map((parts) => parts.join("."));
    const tenant = fc.oneof(fc.constantFrom(DEMO_TENANT.tenantId, "common", "organizations"), fc.uuid(), segment);
    const authorityPath = fc
      .tuple(
        tenant,
        fc.constantFrom(
          "oauth2/v2.0/token",
          "v2.0/.well-known/openid-configuration",
          "discovery/v2.0/keys",
          "discovery/keys",
          "discovery/instance",
          "oauth2/v2.0/authorize",
        ),
        fc.constantFrom("", "?api-version=1.1", "?authorization_endpoint=x"),
      )
      .map(([t, rest, query]) => `/${encodeURIComponent(t)}/${rest}${query}`);
    const controlPath = fc
      .constantFrom(
        "health",
        "state",
        "reset",
        "clock",
        "clock/advance",
        "faults",
        "faults/1",
        "counters",
        "requests",
        "ca.pem",
        "nope",
      )
      .map((rest) => `/_emulator/${rest}`);
    const form = fc
      .record(
        {
          grant_type: fc.constantFrom("client_credentials", "password", "authorization_code", "", "refresh_token"),
          client_id: fc.oneof(fc.constant("fuzz-client"), fc.uuid(), fc.string({ maxLength: 40 })),
          client_secret: fc.oneof(fc.constant("fuzz-secret-0123456789"), fc.string({ maxLength: 40 })),
          scope: fc.oneof(
            fc.constantFrom("https://graph.microsoft.com/.default", "openid", ""),
            fc.string({ maxLength: 60 }),
          ),
          client_assertion: jwtLike,
        },
        { requiredKeys: [] },
      )
      .map((fields) => Buffer.from(new URLSearchParams(fields).toString()));
    const anyBody = fc.oneof(form, body);
    const seen = new Set<string>();
    const authorization = optional(
      fc.oneof(
        jwtLike.map((t) => `Bearer ${t}`),
        fc.constant("Bearer fuzz-token"),
        printable,
      ),
      6,
    );
    const contentType = fc.constantFrom("application/x-www-form-urlencoded", "application/json", "text/plain");
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc.tuple(
              method,
              fc.oneof(
                { weight: 3, arbitrary: authorityPath },
                { weight: 2, arbitrary: graphPath },
                { weight: 1, arbitrary: controlPath },
              ),
              authorization,
              contentType,
              anyBody,
            ),
          },
          // A well-formed client-credentials request, so that issuing a token is exercised too.
          {
            weight: 1,
            arbitrary: fc.constant([
              "POST",
              `/${DEMO_TENANT.tenantId}/oauth2/v2.0/token`,
              undefined,
              "application/x-www-form-urlencoded",
              Buffer.from(
                new URLSearchParams({
                  grant_type: "client_credentials",
                  client_id: "fuzz-client",
                  client_secret: "fuzz-secret-0123456789",
                  scope: "https://graph.microsoft.com/.default",
                }).toString(),
              ),
            ] as [string, string, string | undefined, string, Buffer | undefined]),
          },
        ),
        async ([m, path, auth, type, b]) => {
          const requestHeaders: Record<string, string> = { "content-type": type };
          if (auth !== undefined) requestHeaders.authorization = auth;
          if (b !== undefined) requestHeaders["content-length"] = String(b.length);
          const reply = await send(emulator, { method: m, path, headers: requestHeaders, body: b });
          expect(reply.status).toBeGreaterThanOrEqual(200);
          expect(reply.status).toBeLessThan(600);
          expect(reply.status).not.toBe(500);
          if (m === "HEAD" || reply.status === 204 || path.startsWith("/_emulator/ca.pem")) return;
          const json = JSON.parse(reply.body);
          if (reply.status < 400) {
            seen.add(path.includes("/oauth2/v2.0/token") ? "token issued" : "answer");
            return;
          }
          if (path.startsWith("/_emulator/")) {
            expect(typeof json.error?.message).toBe("string");
            seen.add("control error");
          } else if (typeof json.error === "string") {
            // The authority's OAuth 2.0 error form.
            expect(typeof json.error_description).toBe("string");
            seen.add("oauth error");
          } else {
            expect(specErrors("odataError", json)).toEqual([]);
            seen.add("graph error");
          }
        },
      ),
      { numRuns: 300, seed: 777 },
    );
    // The runs reached every kind of answer, a token among them (not only refusals).
    expect([...seen].sort()).toEqual(["answer", "control error", "graph error", "oauth error", "token issued"]);
    expect(emulator.contract.violationCount).toBe(0);
    expect((await call(emulator, "GET", `${emulator.url}/_emulator/health`, { token: null })).status).toBe(200);
  });

  it("random bytes on a raw socket never crash it: a Graph error, an answer, or a closed connection", async () => {
    const emulator = await start({ limits: { headersTimeoutMs: 2000, keepAliveTimeoutMs: 200 } });
    const { hostname, port } = new URL(emulator.url);
    const prefix = fc.constantFrom(
      "",
      "GET / HTTP/1.1\r\n",
      "POST /v1.0/servicePrincipals HTTP/1.1\r\nHost: x\r\n",
      "GET /v1.0 HTTP/1.0\r\n\r\n",
    );
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 300 }), async (start, bytes) => {
        const text = await new Promise<string>((resolve) => {
          const socket = connect({ host: hostname, port: Number(port) }, () => {
            socket.end(Buffer.concat([Buffer.from(start), Buffer.from(bytes), Buffer.from("\r\n\r\n")]));
          });
          let out = "";
          socket.setEncoding("latin1");
          socket.on("data", (chunk: string) => {
            out += chunk;
          });
          socket.on("error", () => {});
          socket.on("close", () => resolve(out));
        });
        if (text.length > 0) expect(text).toMatch(/^HTTP\/1\.[01] [1-5]\d\d /);
      }),
      { numRuns: 150, seed: 99 },
    );
    expect(
      (await call(emulator, "GET", `/servicePrincipals/${DEMO_TENANT.servicePrincipalId}/synchronization/jobs`)).status,
    ).toBe(200);
  });
});
