/**
 * Inbound provisioning around the edges: bulkUpload's rate limits, the counters that prove no record was lost or
 * sent twice, persistence of users and pending uploads, fault injection, the users' queries, the CLI's flags.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ReadyInfo, runEmulatorCli } from "../src/index.js";
import { call, control, expectGraphError, start } from "./helpers.js";
import { bulk, ENTERPRISE, INBOUND, type Json, RAISED, SCIM, upload, worker } from "./upload-helpers.js";

const folder = mkdtempSync(join(tmpdir(), "graphsync-emulator-upload-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const uploads = async (emulator: Parameters<typeof control>[0]): Promise<Json> =>
  (await control(emulator, "GET", "uploads")).json.value.find((c: Json) => c.jobId === INBOUND.jobId);

describe("bulkUpload limits", () => {
  it("allows 40 requests per 5 s per job, then 429 with Retry-After; a throttled request counts nothing", async () => {
    const emulator = await start({ uploadDelayMs: 0 });
    for (let i = 0; i < 40; i++) {
      emulator.clock.advance(10);
      expect((await upload(emulator, bulk([worker(`R${i}`)]))).status).toBe(202);
    }
    const refused = await upload(emulator, bulk([worker("R40")]));
    expect(refused.status).toBe(429);
    expectGraphError(refused, "TooManyRequests");
    // The first of the 40 leaves the window 10 ms after the 40th was accepted... plus 4.61 s.
    expect(refused.headers.get("retry-after")).toBe("4.61");
    expect(await uploads(emulator)).toMatchObject({ requests: 40, operations: 40, throttled: 1, externalIds: 40 });
    emulator.clock.advance(4610);
    expect((await upload(emulator, bulk([worker("R40")]))).status).toBe(202);
  });

  it("allows 6,000 per 24 h (configurable, here 3), across windows", async () => {
    const emulator = await start({ uploadDelayMs: 0, limits: { bulkUploadDailyRequests: 3 } });
    for (let i = 0; i < 3; i++) {
      expect((await upload(emulator, bulk([worker(`D${i}`)]))).status).toBe(202);
      emulator.clock.advance(60_000);
    }
    const refused = await upload(emulator, bulk([worker("D3")]));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBe(24 * 3600 - 180);
    emulator.clock.advance((24 * 3600 - 180) * 1000);
    expect((await upload(emulator, bulk([worker("D3")]))).status).toBe(202);
  });

  it("keeps limits per job", async () => {
    const emulator = await start({ uploadDelayMs: 0, limits: { bulkUploadRequests: 1 } });
    expect((await upload(emulator, bulk([worker("J1")]))).status).toBe(202);
    expect((await upload(emulator, bulk([worker("J2")]))).status).toBe(429);
    const other = {
      servicePrincipalId: "d2c1b0a9-f8e7-4d6c-b5a4-93827160f5e4",
      jobId: "API2AAD.2e7f1c9b8a6d4f3e9b0c1a2d3e4f5a6b",
    };
    expect((await upload(emulator, bulk([worker("J2")]), other)).status).toBe(202);
  });
});

describe("upload counters", () => {
  it("count accepted requests and operations, each externalId's arrivals, and what was processed", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 1000 });
    await upload(emulator, bulk([worker("C1"), worker("C2")]));
    await upload(emulator, bulk([worker("C2"), worker("C3")]));
    let counters = await uploads(emulator);
    expect(counters).toMatchObject({
      requests: 2,
      operations: 4,
      processed: 0,
      pendingRequests: 2,
      externalIds: 3,
      receivedMoreThanOnce: 1,
    });
    expect(counters.received).toEqual([
      ["C1", 1],
      ["C2", 2],
      ["C3", 1],
    ]);
    emulator.clock.advance(1000);
    counters = await uploads(emulator);
    expect(counters).toMatchObject({ processed: 4, pendingRequests: 0 });
    const summary = (await control(emulator, "GET", "counters")).json.uploads;
    expect(summary.find((c: Json) => c.jobId === INBOUND.jobId)).not.toHaveProperty("received");
  });
});

describe("the processing delay", () => {
  it("is a setting: PATCH /_emulator/settings changes it for later uploads; a bad value is a 400", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 60_000 });
    expect((await control(emulator, "PATCH", "settings", { uploadDelayMs: -1 })).status).toBe(400);
    const patched = await control(emulator, "PATCH", "settings", { uploadDelayMs: 0 });
    expect(patched.json).toMatchObject({ uploadDelayMs: 0 });
    await upload(emulator, bulk([worker("T1")]));
    expect(await uploads(emulator)).toMatchObject({ processed: 1 });
  });
});

describe("persistence", () => {
  it("keeps users, waiting manager references, pending uploads and counters across a restart", async () => {
    const file = join(folder, "inbound.json");
    const first = await start({ ...RAISED, stateFile: file, uploadDelayMs: 5000 });
    await upload(
      first,
      bulk([
        worker("S2", { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: { value: "S1" } } }),
      ]),
    );
    first.clock.advance(5000);
    await upload(first, bulk([worker("S1")]));
    expect((await call(first, "GET", "/users?$filter=employeeId%20eq%20'S2'")).json.value).toHaveLength(1);
    await first.close();
    const second = await start({
      ...RAISED,
      stateFile: file,
      uploadDelayMs: 5000,
      clock: { mode: "manual", start: first.clock.now() },
    });
    expect(await uploads(second)).toMatchObject({ requests: 2, processed: 1, pendingRequests: 1 });
    second.clock.advance(5000);
    const report = (await call(second, "GET", "/users?$filter=employeeId%20eq%20'S2'&$expand=manager")).json.value[0];
    const manager = (await call(second, "GET", "/users?$filter=employeeId%20eq%20'S1'")).json.value[0];
    expect(report.manager.id).toBe(manager.id);
    await second.close();
  });
});

describe("the tenant as plain payloads", () => {
  it("lists the users (a manager as { id }), and a tenant read back gives the same directory", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 0 });
    const exported = (await control(emulator, "GET", "state")).json;
    expect(exported.users.map((u: Json) => [u.employeeId, u.manager?.id ?? null])).toEqual([
      ["100001", null],
      ["100002", "0f3c2b1a-6e5d-4c7b-9a8f-1e2d3c4b5a60"],
    ]);
    // A renamed user frees its old UPN for another record.
    await upload(emulator, bulk([worker("100001", { userName: "megan.b@contoso.com", displayName: "Megan Bowen" })]));
    emulator.clock.advance(1);
    await upload(emulator, bulk([worker("Z1", { userName: "megan.bowen@contoso.com" })]));
    emulator.clock.advance(1);
    const taken = await call(emulator, "GET", "/users/megan.bowen@contoso.com");
    expect(taken.json.employeeId).toBe("Z1");
    const other = await start();
    expect((await control(other, "PUT", "state", (await control(emulator, "GET", "state")).json)).status).toBe(204);
    const alex = await call(other, "GET", "/users/alex.wilber@contoso.com?$expand=manager");
    expect(alex.json.manager.displayName).toBe("Megan Bowen");
    expect((await call(other, "GET", "/users?$filter=employeeId%20eq%20'Z1'")).json.value).toHaveLength(1);
  });
});

describe("fault injection", () => {
  it("covers bulkUpload and the users' reads", async () => {
    const emulator = await start({ uploadDelayMs: 0 });
    emulator.faults.add({ type: "throttle", retryAfter: 1, operation: "bulkUpload", times: 1 });
    emulator.faults.add({ type: "unavailable", operation: ["listUsers", "getUser"], times: 2 });
    const throttled = await upload(emulator, bulk([worker("X1")]));
    expect(throttled.status).toBe(429);
    expect(await uploads(emulator)).toBeUndefined();
    expect((await upload(emulator, bulk([worker("X1")]))).status).toBe(202);
    expect((await call(emulator, "GET", "/users")).status).toBe(503);
    expect((await call(emulator, "GET", "/users/megan.bowen@contoso.com")).status).toBe(503);
    expect((await call(emulator, "GET", "/users")).status).toBe(200);
  });
});

describe("GET /users", () => {
  it("filters, selects, expands the manager and pages; GET /users/{id} by id or UPN; 404 otherwise", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 0 });
    await upload(
      emulator,
      bulk(
        Array.from({ length: 5 }, (_, i) =>
          worker(`P${i}`, {
            [ENTERPRISE]: {
              manager: { value: "100001" },
              department: "Sales",
            },
          }),
        ),
      ),
    );
    emulator.clock.advance(1);
    const page = await call(
      emulator,
      "GET",
      "/users?$filter=department%20eq%20'sales'&$select=id,employeeId&$expand=manager($select=employeeId)&$top=2",
    );
    expect(page.status, page.text).toBe(200);
    expect(page.json.value).toHaveLength(2);
    expect(Object.keys(page.json.value[0]).sort()).toEqual(["employeeId", "id", "manager"]);
    expect(page.json.value[0].manager).toMatchObject({ "@odata.type": "#microsoft.graph.user", employeeId: "100001" });
    const seen: string[] = page.json.value.map((u: Json) => u.employeeId);
    let next: string | undefined = page.json["@odata.nextLink"];
    for (let i = 0; next && i < 5; i++) {
      const more = await call(emulator, "GET", next);
      seen.push(...more.json.value.map((u: Json) => u.employeeId));
      next = more.json["@odata.nextLink"];
    }
    expect(seen).toEqual(["P0", "P1", "P2", "P3", "P4"]);
    const both = await call(
      emulator,
      "GET",
      "/users?$filter=employeeId%20eq%20'P1'%20or%20accountEnabled%20eq%20false",
    );
    expect(both.json.value.map((u: Json) => u.employeeId)).toEqual(["P1"]);
    const byUpn = await call(emulator, "GET", "/users/megan.bowen@contoso.com?$select=displayName");
    expect(byUpn.json).toMatchObject({ id: "0f3c2b1a-6e5d-4c7b-9a8f-1e2d3c4b5a60", displayName: "Megan Bowen" });
    expect(byUpn.json).not.toHaveProperty("jobTitle");
    const missing = await call(emulator, "GET", "/users/nobody@contoso.com");
    expect(missing.status).toBe(404);
    expectGraphError(missing);
    for (const query of ["$filter=startswith(displayName,'M')", "$expand=memberOf", "$select=nope"]) {
      const bad = await call(emulator, "GET", `/users?${query}`);
      expect(bad.status, query).toBe(400);
      expectGraphError(bad);
    }
  });
});

describe("graphsync-emulator flags", () => {
  const sink = () => {
    let text = "";
    return { write: (chunk: string) => (text += chunk), text: () => text };
  };

  it("--upload-delay and --upload-limits configure the running emulator; bad values exit 2", async () => {
    const abort = new AbortController();
    let info: ReadyInfo | undefined;
    const statuses: number[] = [];
    const done = runEmulatorCli(["--port", "0", "--quiet", "--upload-delay", "0", "--upload-limits", "1,10"], {
      stdout: sink(),
      stderr: sink(),
      signal: abort.signal,
      handleSignals: false,
      onReady: (ready) => {
        info = ready;
        const url = `${ready.graphUrl}/servicePrincipals/${INBOUND.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(INBOUND.jobId)}/bulkUpload`;
        const post = () =>
          fetch(url, {
            method: "POST",
            headers: { ...SCIM, authorization: `Bearer ${ready.token}` },
            body: JSON.stringify(bulk([worker("F1")])),
          });
        void post()
          .then((r) => statuses.push(r.status))
          .then(post)
          .then((r) => statuses.push(r.status))
          .finally(() => abort.abort());
      },
    });
    expect(await done).toBe(0);
    expect(info?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(statuses).toEqual([202, 429]);
    for (const args of [
      ["--upload-delay", "soon"],
      ["--upload-limits", "40"],
      ["--upload-limits", "0,5"],
    ]) {
      const stderr = sink();
      expect(await runEmulatorCli(args, { stdout: sink(), stderr, handleSignals: false }), args.join(" ")).toBe(2);
      expect(stderr.text()).toContain(`invalid ${args[0]}`);
    }
  });
});
