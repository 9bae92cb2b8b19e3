import { openapiDocument } from "@graphsync/types/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { ROUTES } from "../src/route-table.js";
import { call, control, expectGraphError, GUID, JOBS, jobPath, rawRequest, SP, specErrors, start } from "./helpers.js";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

/** A request for every operation of the spec, built from its paths. */
function exampleCall(template: string, method: string) {
  const path = template
    .replace("{servicePrincipalId}", JOBS.active.servicePrincipalId)
    .replace("{synchronizationJobId}", encodeURIComponent(JOBS.active.jobId))
    .replace("{userId}", "0f3c2b1a-6e5d-4c7b-9a8f-1e2d3c4b5a60");
  const bodies: Record<string, unknown> = {
    "/provisionOnDemand": {
      parameters: [
        { ruleId: "r1", subjects: [{ objectId: "9bb0f679-a883-4a6f-8260-35b491b8b8c8", objectTypeName: "User" }] },
      ],
    },
    "/restart": { criteria: { resetScope: "Watermark" } },
    "/bulkUpload": {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      Operations: [
        {
          method: "POST",
          bulkId: "1",
          path: "/Users",
          data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], externalId: "S1" },
        },
      ],
    },
  };
  const body = Object.entries(bodies).find(([suffix]) => template.endsWith(suffix))?.[1];
  // bulkUpload's body is SCIM JSON (its only media type).
  const headers: Record<string, string> = template.endsWith("/bulkUpload")
    ? { "content-type": "application/scim+json" }
    : {};
  return { path, method: method.toUpperCase(), body, headers };
}

describe("serving", () => {
  const operations = Object.entries(openapiDocument.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((key) => ["get", "post", "put", "patch", "delete"].includes(key))
      .map((method) => ({ template, method, operationId: (item[method] as { operationId: string }).operationId })),
  );

  it("knows every operation of the spec: one route each", () => {
    expect(operations.map((op) => op.operationId).sort()).toEqual(ROUTES.map((route) => route.operationId).sort());
    expect(operations.length).toBeGreaterThanOrEqual(8);
  });

  for (const version of ["v1.0", "beta"] as const) {
    for (const op of operations) {
      it(`serves ${op.operationId} under /${version}`, async () => {
        const example = exampleCall(op.template, op.method);
        const reply = await call(emulator, example.method, example.path, {
          body: example.body,
          headers: example.headers,
          version,
        });
        expect(reply.status, reply.text).toBeLessThan(300);
        expect(reply.headers.get("request-id")).toMatch(GUID);
        expect(Date.parse(reply.headers.get("date") ?? "")).toBe(emulator.clock.now() - (emulator.clock.now() % 1000));
      });
    }
  }

  it("echoes client-request-id, and uses the request id when none was sent", async () => {
    const mine = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
    const echoed = await call(emulator, "GET", jobPath(JOBS.active), { headers: { "client-request-id": mine } });
    expect(echoed.headers.get("client-request-id")).toBe(mine);
    const missing = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs/nope.0`, {
      headers: { "client-request-id": mine },
    });
    expect(missing.json.error.innerError["client-request-id"]).toBe(mine);
    const without = await call(emulator, "GET", jobPath(JOBS.active));
    expect(without.headers.get("client-request-id")).toBe(without.headers.get("request-id"));
  });

  it("answers a job with its @odata.context, and the job matches the spec", async () => {
    const reply = await call(emulator, "GET", jobPath(JOBS.quarantine));
    expect(reply.status).toBe(200);
    expect(reply.json["@odata.context"]).toBe(
      `${emulator.url}/v1.0/$metadata#servicePrincipals('${JOBS.quarantine.servicePrincipalId}')/synchronization/jobs/$entity`,
    );
    expect(specErrors("synchronizationJob", reply.json)).toEqual([]);
    expect(reply.json.status.quarantine.reason).toBe("EncounteredQuarantineException");
  });

  it("finds a job id whatever the case of the fixed segments, and with its dot percent-encoded", async () => {
    const encoded = JOBS.active.jobId.replace(".", "%2E");
    const reply = await call(
      emulator,
      "GET",
      `/SERVICEPRINCIPALS/${JOBS.active.servicePrincipalId}/Synchronization/Jobs/${encoded}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.json.id).toBe(JOBS.active.jobId);
  });

  describe("errors", () => {
    it("404 for an unknown route, naming the segment", async () => {
      const reply = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/templates`);
      expect(reply.status).toBe(404);
      expectGraphError(reply, "ResourceNotFound");
      expect(reply.json.error.message).toContain("'templates'");
      const root = await call(emulator, "GET", `${emulator.url}/v2/servicePrincipals`);
      expect(root.status).toBe(404);
      expectGraphError(root, "ResourceNotFound");
      expect(root.json.error.message).toContain("/v1.0 or /beta");
    });

    it("reads the request target as a path: '//' is not a host, an absolute-form target is accepted", async () => {
      const doubled = await rawRequest(emulator, "GET", `//v1.0${jobPath(JOBS.active)}`, { authorization: "Bearer t" });
      expect(doubled.status).toBe(404);
      expect(JSON.parse(doubled.body).error.target).toBe("");
      const absolute = await rawRequest(emulator, "GET", `http://graph.example/v1.0${jobPath(JOBS.active)}`, {
        authorization: "Bearer t",
      });
      expect(absolute.status).toBe(200);
      const star = await rawRequest(emulator, "OPTIONS", "*", {});
      expect(star.status).toBe(400);
      expect(JSON.parse(star.body).error.message).toContain("must be a path");
    });

    it("405 with Allow for a wrong method", async () => {
      const get = await call(emulator, "POST", `/servicePrincipals/${SP}/synchronization/jobs`, { body: {} });
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("GET");
      expectGraphError(get, "MethodNotAllowed");
      const start = await call(emulator, "GET", jobPath(JOBS.paused, "start"));
      expect(start.status).toBe(405);
      expect(start.headers.get("allow")).toBe("POST");
      const head = await rawRequest(emulator, "DELETE", `/v1.0${jobPath(JOBS.paused)}`, {
        authorization: `Bearer ${emulator.token}`,
      });
      expect(head.status).toBe(405);
      expect(head.headers.allow).toBe("GET");
    });

    it("400 for a service principal id that is not a GUID", async () => {
      const reply = await call(emulator, "GET", "/servicePrincipals/my-app/synchronization/jobs");
      expect(reply.status).toBe(400);
      expectGraphError(reply, "BadRequest");
      expect(reply.json.error.message).toContain("'my-app'");
      expect(reply.json.error.target).toBe("servicePrincipalId");
    });

    it("404 naming an unknown service principal or job", async () => {
      const sp = "11111111-2222-4333-8444-555555555555";
      const unknownSp = await call(emulator, "GET", `/servicePrincipals/${sp}/synchronization/jobs`);
      expect(unknownSp.status).toBe(404);
      expectGraphError(unknownSp, "Request_ResourceNotFound");
      expect(unknownSp.json.error.message).toContain(sp);
      const jobId = "AD2AADProvisioning.00000000000000000000000000000000";
      for (const action of [undefined, "start", "pause", "restart"]) {
        const reply = await call(emulator, action ? "POST" : "GET", jobPath({ servicePrincipalId: SP, jobId }, action));
        expect(reply.status).toBe(404);
        expectGraphError(reply, "Request_ResourceNotFound");
        expect(reply.json.error.message).toBe(
          `Resource '${jobId}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
    });

    it("400 for a job id longer than the spec allows", async () => {
      const reply = await call(emulator, "GET", jobPath({ servicePrincipalId: SP, jobId: `scim.${"a".repeat(300)}` }));
      expect(reply.status).toBe(400);
      expectGraphError(reply, "BadRequest");
      expect(reply.json.error.target).toBe("synchronizationJobId");
    });

    it("400 naming the field for a body that breaks the spec", async () => {
      const restart = await call(emulator, "POST", jobPath(JOBS.paused, "restart"), {
        body: { criteria: { resetScope: "Watermark, Escrow" } },
      });
      expect(restart.status).toBe(400);
      expectGraphError(restart, "BadRequest");
      expect(restart.json.error.target).toBe("criteria.resetScope");
      expect(restart.json.error.message).toContain("'Escrow' is not a restart scope");
      expect(restart.json.error.message).toContain("QuarantineState");

      const unknown = await call(emulator, "POST", jobPath(JOBS.paused, "restart"), {
        body: { criteria: {}, force: true },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.target).toBe("force");
      expect(unknown.json.error.message).toContain("is not a known property (allowed: criteria)");

      const provision = await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), {
        body: { parameters: [{ ruleId: 7, subjects: [{ objectId: "x", objectTypeName: "User", extra: 1 }] }] },
      });
      expect(provision.status).toBe(400);
      expect(provision.json.error.details.map((d: { target: string }) => d.target)).toEqual([
        "parameters[0].ruleId",
        "parameters[0].subjects[0].extra",
      ]);
      expect(provision.json.error.message).toContain(
        "parameters[0].ruleId: 7 (an integer) is not allowed: use a string or null",
      );

      const empty = await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), {
        body: { parameters: [] },
      });
      expect(empty.status).toBe(400);
      expect(empty.json.error.message).toContain("parameters");

      const missing = await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"));
      expect(missing.status).toBe(400);
      expect(missing.json.error.message).toContain("needs a JSON request body");

      const start = await call(emulator, "POST", jobPath(JOBS.paused, "start"), {
        body: { parameters: [{ nope: 1 }] },
      });
      expect(start.status).toBe(400);
      expect(start.json.error.target).toBe("parameters[0].nope");
    });

    it("400 for malformed JSON, 415 for a body that is not JSON", async () => {
      const malformed = await call(emulator, "POST", jobPath(JOBS.paused, "restart"), {
        rawBody: '{"criteria": {',
        headers: { "content-type": "application/json" },
      });
      expect(malformed.status).toBe(400);
      expectGraphError(malformed, "BadRequest");
      expect(malformed.json.error.message).toContain("Unable to read JSON request payload");
      const text = await call(emulator, "POST", jobPath(JOBS.paused, "restart"), {
        rawBody: "criteria=1",
        headers: { "content-type": "text/plain" },
      });
      expect(text.status).toBe(415);
      expectGraphError(text, "UnsupportedMediaType");
      const deep = await call(emulator, "POST", jobPath(JOBS.paused, "restart"), {
        rawBody: `${"[".repeat(5000)}${"]".repeat(5000)}`,
        headers: { "content-type": "application/json" },
      });
      expect(deep.status).toBe(400);
      expect(deep.json.error.message).toContain("nests deeper");
      expect(emulator.state.counters(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)?.restarts).toBe(0);
    });

    it("pause takes no body, or an empty object", async () => {
      const withBody = await call(emulator, "POST", jobPath(JOBS.active, "pause"), { body: { now: true } });
      expect(withBody.status).toBe(400);
      expect(withBody.json.error.message).toContain("takes no request body");
      const empty = await call(emulator, "POST", jobPath(JOBS.active, "pause"), { body: {} });
      expect(empty.status).toBe(204);
      expect(empty.text).toBe("");
    });

    it("413 for a body over the limit, and the connection closes", async () => {
      const small = await start({ limits: { bodyBytes: 1000 } });
      const reply = await rawRequest(
        small,
        "POST",
        `/v1.0${jobPath(JOBS.paused, "restart")}`,
        { authorization: `Bearer ${small.token}`, "content-type": "application/json" },
        JSON.stringify({ criteria: { resetScope: "Watermark" }, pad: "x".repeat(5000) }),
      );
      expect(reply.status).toBe(413);
      expect(reply.headers.connection).toBe("close");
      expectGraphError({ ...reply, json: JSON.parse(reply.body) }, "RequestEntityTooLarge");
      expect(small.state.counters(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)?.restarts).toBe(0);
    });
  });

  describe("list", () => {
    it("pages with $top and an absolute @odata.nextLink carrying $skiptoken", async () => {
      const first = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs?$top=2`);
      expect(first.status).toBe(200);
      expect(specErrors("synchronizationJobCollectionResponse", first.json)).toEqual([]);
      expect(first.json.value).toHaveLength(2);
      const next = new URL(first.json["@odata.nextLink"]);
      expect(next.origin).toBe(emulator.url);
      expect(next.searchParams.get("$top")).toBe("2");
      expect(next.searchParams.get("$skiptoken")).toMatch(/^X'[0-9A-F]+'$/);
      const second = await call(emulator, "GET", first.json["@odata.nextLink"]);
      expect(second.json.value.map((job: { id: string }) => job.id)).toEqual([JOBS.notConfigured.jobId]);
      expect(second.json["@odata.nextLink"]).toBeUndefined();
      const all = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs`);
      expect(all.json.value.map((job: { id: string }) => job.id)).toEqual([
        ...first.json.value.map((job: { id: string }) => job.id),
        JOBS.notConfigured.jobId,
      ]);
    });

    it("an empty list for a service principal without jobs", async () => {
      const reply = await call(
        emulator,
        "GET",
        "/servicePrincipals/0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a00/synchronization/jobs",
      );
      expect(reply.status).toBe(200);
      expect(reply.json.value).toEqual([]);
    });

    it("400 for a bad $top, a made-up $skiptoken or an unsupported query option", async () => {
      for (const top of ["0", "1000", "two", "-1", "1.5"]) {
        const reply = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs?$top=${top}`);
        expect(reply.status, top).toBe(400);
        expect(reply.json.error.target).toBe("$top");
        expect(reply.json.error.message).toContain("from 1 to 999");
      }
      const token = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs?$skiptoken=abc`);
      expect(token.status).toBe(400);
      expect(token.json.error.target).toBe("$skiptoken");
      const filter = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs?$filter=id eq 'x'`);
      expect(filter.status).toBe(400);
      expect(filter.json.error.message).toContain("'$filter' is not supported");
      const twice = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs?$top=1&$top=2`);
      expect(twice.status).toBe(400);
      const getTop = await call(emulator, "GET", `${jobPath(JOBS.active)}?$top=1`);
      expect(getTop.status).toBe(400);
      expect(getTop.json.error.message).toContain("supported: $select");
    });
  });

  describe("control endpoint", () => {
    it("health, clock, counters and requests", async () => {
      const health = await control(emulator, "GET", "health");
      expect(health.json).toMatchObject({
        status: "ok",
        url: emulator.url,
        graphUrl: `${emulator.url}/v1.0`,
        auth: "bearer",
      });
      const before = emulator.clock.now();
      const advanced = await control(emulator, "POST", "clock/advance", { ms: 60_000 });
      expect(advanced.json.nowMs).toBe(before + 60_000);
      expect(emulator.clock.now()).toBe(before + 60_000);
      const bad = await control(emulator, "POST", "clock/advance", { ms: -5 });
      expect(bad.status).toBe(400);
      expect(bad.json.error.target).toBe("ms");
      const counters = await control(emulator, "GET", "counters");
      expect(counters.json.requests.graph).toBe(emulator.requests.count);
      expect(counters.json.contract.violationCount).toBe(0);
      const requests = await control(emulator, "GET", "requests");
      expect(requests.json.value.length).toBeGreaterThan(0);
      expect(requests.json.value.every((r: { requestId: string }) => GUID.test(r.requestId))).toBe(true);
      const unknown = await control(emulator, "GET", "nope");
      expect(unknown.status).toBe(404);
      const wrong = await control(emulator, "DELETE", "health");
      expect(wrong.status).toBe(405);
    });

    it("control calls are not Graph requests", async () => {
      const count = emulator.requests.count;
      await control(emulator, "GET", "health");
      await control(emulator, "GET", "state");
      expect(emulator.requests.count).toBe(count);
    });
  });
});
