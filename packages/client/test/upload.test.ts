// Inbound provisioning: bulkUpload and the users reads against a real loopback server, and the pure
// toBulkRequests helper.
import { afterEach, describe, expect, it } from "vitest";
import {
  type BulkRequest,
  bulkUpload,
  createGraphSyncClient,
  createGraphSyncCore,
  GraphError,
  type ScimUser,
  toBulkRequests,
  ValidationError,
} from "../src/index.js";
import { graphErrorBody, rejection, reply, startServer, type TestServer, TOKEN } from "./helpers.js";

const SP = "d2c1b0a9-f8e7-4d6c-b5a4-93827160f5e4";
const JOB = "API2AAD.0c5a3e7f9b1d4c2a8e6f0a1b2c3d4e5f";
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const user = (externalId: string, extra: Partial<ScimUser> = {}): ScimUser => ({
  schemas: [CORE],
  externalId,
  ...extra,
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientOn = (base: string) =>
  createGraphSyncClient({ accessToken: TOKEN, baseUrl: base, retry: { sleep: async () => {} } });

describe("toBulkRequests", () => {
  it("cuts users into requests of at most 50 operations, bulkIds from externalIds", () => {
    const users = Array.from({ length: 120 }, (_, i) => user(`E${i}`));
    const requests = [...toBulkRequests(users)];
    expect(requests.map((r) => r.Operations.length)).toEqual([50, 50, 20]);
    expect(requests[0]).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      failOnErrors: null,
    });
    expect(requests[2]?.Operations[19]).toEqual({ method: "POST", bulkId: "E119", path: "/Users", data: users[119] });
  });

  it("is stable: the same input gives the same bulkIds, by externalId or by position", () => {
    const users = [user("b"), user("a"), user("c")];
    const ids = (o?: Parameters<typeof toBulkRequests>[1]) =>
      [...toBulkRequests(users, o)].flatMap((r) => r.Operations.map((op) => op.bulkId));
    expect(ids()).toEqual(["b", "a", "c"]);
    expect(ids()).toEqual(ids());
    expect(ids({ bulkId: "position", size: 2 })).toEqual(["0", "1", "2"]);
    expect([...toBulkRequests(users, { size: 2, path: "/users", failOnErrors: 3 })][1]).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      Operations: [{ method: "POST", bulkId: "c", path: "/users", data: users[2] }],
      failOnErrors: 3,
    });
  });

  it("is lazy: a request is made only when asked for (a stream is never held whole)", () => {
    let read = 0;
    function* endless(): Generator<ScimUser> {
      for (let i = 0; ; i++) {
        read++;
        yield user(`E${i}`);
      }
    }
    const first = toBulkRequests(endless(), { size: 10 }).next();
    expect(first.value?.Operations).toHaveLength(10);
    expect(read).toBe(10);
  });

  it("names the record and field of bad input", () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => [...toBulkRequests([user("a"), { schemas: [CORE] } as never])], "users[1].externalId", /non-empty/],
      [() => [...toBulkRequests([user("a"), user("a")])], "users[1].externalId", /not already in the same request/],
      [() => [...toBulkRequests([], { size: 51 })], "size", /1 to 50/],
      [() => [...toBulkRequests([], { bulkId: "uuid" as never })], "bulkId", /externalId, position/],
      [() => [...toBulkRequests([], { failOnErrors: -1 })], "failOnErrors", /whole number/],
      [() => [...toBulkRequests([user("x".repeat(257))])], "users[0].externalId", /position/],
    ];
    for (const [run, field, message] of cases) {
      let error: unknown;
      try {
        run();
      } catch (caught) {
        error = caught;
      }
      expect(error, field).toBeInstanceOf(ValidationError);
      expect(error, field).toMatchObject({ field });
      expect((error as Error).message, field).toMatch(message);
    }
    // The same externalId in two requests is no conflict: bulkIds are unique per request.
    expect([...toBulkRequests([user("a"), user("a")], { size: 1 })]).toHaveLength(2);
  });
});

describe("bulkUpload", () => {
  const request = (n = 2): BulkRequest =>
    [...toBulkRequests(Array.from({ length: n }, (_, i) => user(`E${i}`)))][0] as BulkRequest;

  it("POSTs the request as application/scim+json to the job's bulkUpload and returns the Location", async () => {
    server = await startServer((_req, res) =>
      reply(res, 202, undefined, {
        location: "https://graph.example.test/v1.0/auditLogs/provisioning",
        "request-id": "r-1",
      }),
    );
    const sent = request(3);
    const result = await clientOn(server.base).bulkUpload(SP, JOB, sent);
    expect(result).toMatchObject({
      status: 202,
      location: "https://graph.example.test/v1.0/auditLogs/provisioning",
      requestId: "r-1",
    });
    const [received] = server.requests;
    expect(received?.method).toBe("POST");
    expect(received?.url).toBe(
      `/v1.0/servicePrincipals/${SP}/synchronization/jobs/${encodeURIComponent(JOB)}/bulkUpload`,
    );
    expect(received?.headers["content-type"]).toBe("application/scim+json");
    expect(JSON.parse(received?.body ?? "")).toEqual(sent);
  });

  it("works as a function of the core client too, and answers null without a Location", async () => {
    server = await startServer((_req, res) => reply(res, 202));
    const core = createGraphSyncCore({ accessToken: TOKEN, baseUrl: server.base });
    expect(await bulkUpload(core, SP, JOB, request())).toMatchObject({ status: 202, location: null });
  });

  it("retries a 429 (refused, unapplied) after Retry-After, sending the same body", async () => {
    server = await startServer((_req, res, _r, i) =>
      i === 0
        ? reply(res, 429, graphErrorBody("TooManyRequests", "slow down"), { "retry-after": "2" })
        : reply(res, 202, undefined, { location: "https://x.test/logs" }),
    );
    const delays: number[] = [];
    const client = createGraphSyncClient({
      accessToken: TOKEN,
      baseUrl: server.base,
      retry: { sleep: async (ms) => void delays.push(ms) },
    });
    await client.bulkUpload(SP, JOB, request());
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
    expect(delays).toEqual([2000]);
  });

  it("never resends after the request may have arrived (a 500 or a reset is not retried)", async () => {
    server = await startServer((_req, res) => reply(res, 500, graphErrorBody("generalException", "boom")));
    const error = await rejection(clientOn(server.base).bulkUpload(SP, JOB, request()));
    expect(error).toBeInstanceOf(GraphError);
    expect(server.requests).toHaveLength(1);
  });

  it("turns a 400 into a GraphError with the service's code and message", async () => {
    server = await startServer((_req, res) =>
      reply(
        res,
        400,
        graphErrorBody("BadRequest", "Invalid data format: Operations[1] (bulkId 'E1'): active must be boolean"),
      ),
    );
    const error = await rejection(clientOn(server.base).bulkUpload(SP, JOB, request()));
    expect(error).toMatchObject({ status: 400, code: "BadRequest" });
    expect(error.message).toMatch(/Operations\[1\]/);
  });

  it("checks ids and the request before sending anything", async () => {
    server = await startServer((_req, res) => reply(res, 202));
    const client = clientOn(server.base);
    const bad: [() => Promise<unknown>, string][] = [
      [() => client.bulkUpload("not-a-guid", JOB, request()), "servicePrincipalId"],
      [() => client.bulkUpload(SP, "a/b", request()), "synchronizationJobId"],
      [() => client.bulkUpload(SP, JOB, { ...request(), Operations: [] }), "request.Operations"],
      [
        () => client.bulkUpload(SP, JOB, { ...request(), Operations: Array(2).fill(request().Operations[0]) }),
        "request.Operations[1].bulkId",
      ],
      [() => client.bulkUpload(SP, JOB, null as never), "request"],
    ];
    for (const [run, field] of bad)
      expect(await rejection(run()), field).toMatchObject({ name: "ValidationError", field });
    const tooMany = {
      ...request(),
      Operations: Array.from({ length: 51 }, (_, i) => ({ ...request().Operations[0], bulkId: `b${i}` })),
    };
    expect(await rejection(client.bulkUpload(SP, JOB, tooMany as BulkRequest))).toMatchObject({
      field: "request.Operations",
      message: expect.stringMatching(/51 operations.*1 to 50/),
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe("users", () => {
  it("lists by employeeId with $select and $expand, across pages", async () => {
    server = await startServer((_req, res, _received, i) => {
      const next = `${(server as TestServer).base}/users?$skiptoken=p2`;
      reply(
        res,
        200,
        i === 0 ? { value: [{ id: "u1", employeeId: "E1" }], "@odata.nextLink": next } : { value: [{ id: "u2" }] },
      );
    });
    const users = [];
    for await (const u of clientOn(server.base).listUsers(
      { employeeId: "O'Neil" },
      { select: ["id", "employeeId"], expandManager: ["id", "employeeId"], top: 5 },
    )) {
      users.push(u.id);
    }
    expect(users).toEqual(["u1", "u2"]);
    const first = new URL(server.requests[0]?.url ?? "", server.origin);
    expect(first.pathname).toBe("/v1.0/users");
    expect(first.searchParams.get("$filter")).toBe("employeeId eq 'O''Neil'");
    expect(first.searchParams.get("$select")).toBe("id,employeeId");
    expect(first.searchParams.get("$expand")).toBe("manager($select=id,employeeId)");
    expect(first.searchParams.get("$top")).toBe("5");
    expect(server.requests[1]?.url).toBe("/v1.0/users?$skiptoken=p2");
  });

  it("gets one user with its manager", async () => {
    server = await startServer((_req, res) =>
      reply(res, 200, { id: "u1", manager: { id: "m1", displayName: "Boss" } }),
    );
    const got = await clientOn(server.base).getUser("u1@contoso.com", { expandManager: true });
    expect(got.manager?.id).toBe("m1");
    expect(server.requests[0]?.url).toBe("/v1.0/users/u1%40contoso.com?$expand=manager");
  });

  it("refuses bad queries and ids before sending", async () => {
    server = await startServer((_req, res) => reply(res, 200, { value: [] }));
    const client = clientOn(server.base);
    expect(() => client.listUsers({ employeeId: "" })).toThrow(expect.objectContaining({ field: "employeeId" }));
    expect(() => client.listUsers({ employeeId: "a", filter: "x" } as never)).toThrow(
      expect.objectContaining({ field: "query" }),
    );
    expect(() => client.listUsers({}, { select: ["id;drop"] })).toThrow(expect.objectContaining({ field: "select" }));
    expect(() => client.listUsers({}, { expandManager: "yes" as never })).toThrow(
      expect.objectContaining({ field: "expandManager" }),
    );
    expect(await rejection(client.getUser("guest#EXT#@contoso.com"))).toMatchObject({ field: "userId" });
    expect(server.requests).toHaveLength(0);
  });
});
