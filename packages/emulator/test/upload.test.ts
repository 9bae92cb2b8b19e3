/**
 * API-driven inbound provisioning: bulkUpload's checks and answer, processing on the emulator's clock (match,
 * create, update, disable, managers in any order), the log entry of each record, the users it writes.
 */
import { describe, expect, it } from "vitest";
import { type Emulator, MANUAL_CLOCK_START } from "../src/index.js";
import { call, control, expectGraphError, GUID, JOBS, specErrors, start } from "./helpers.js";

import { bulk, CORE, ENTERPRISE, INBOUND, type JobRef, type Json, RAISED, upload, worker } from "./upload-helpers.js";

async function entries(emulator: Emulator, job: JobRef = INBOUND): Promise<Json[]> {
  const filter = encodeURIComponent(`jobId eq '${job.jobId}'`);
  const reply = await call(emulator, "GET", `/auditLogs/provisioning?$filter=${filter}&$top=999`);
  expect(reply.status, reply.text).toBe(200);
  return [...reply.json.value].reverse();
}

async function userOf(emulator: Emulator, employeeId: string, expand = false): Promise<Json> {
  const query = `$filter=${encodeURIComponent(`employeeId eq '${employeeId}'`)}${expand ? "&$expand=manager" : ""}`;
  const reply = await call(emulator, "GET", `/users?${query}`);
  expect(reply.status, reply.text).toBe(200);
  expect(specErrors("userCollectionResponse", reply.json)).toEqual([]);
  return reply.json.value[0];
}

describe("bulkUpload: the request", () => {
  it("answers 202 with a Location on the job's provisioning logs, and no body", async () => {
    const emulator = await start(RAISED);
    const reply = await upload(emulator, bulk([worker("E1")]));
    expect(reply.status, reply.text).toBe(202);
    expect(reply.text).toBe("");
    const location = new URL(reply.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(`${emulator.url}/v1.0/auditLogs/provisioning`);
    expect(location.searchParams.get("$filter")).toBe(`jobId eq '${INBOUND.jobId}'`);
    // The Location works as it is.
    expect((await call(emulator, "GET", location.href)).status).toBe(200);
  });

  it("refuses any content type but application/scim+json with 400 Invalid data format", async () => {
    const emulator = await start();
    for (const type of ["application/json", "text/plain"]) {
      const reply = await upload(emulator, bulk([worker("E1")]), INBOUND, { "content-type": type });
      expect(reply.status).toBe(400);
      expectGraphError(reply, "BadRequest");
      expect(reply.json.error.message).toMatch(/^Invalid data format: .*application\/scim\+json \(got '.*'\)/);
    }
  });

  it("refuses more than 50 operations", async () => {
    const emulator = await start();
    const reply = await upload(emulator, bulk(Array.from({ length: 51 }, (_, i) => worker(`E${i}`))));
    expect(reply.status).toBe(400);
    expectGraphError(reply, "BadRequest");
    expect(reply.json.error.message).toMatch(/at most 50 operations \(got 51\)/);
  });

  it("names every malformed operation by index, bulkId and attribute, all at once", async () => {
    const emulator = await start();
    const records = [
      worker("E0"),
      worker("E1", { active: "yes" }),
      worker("E2", { nickname: "typo" }),
      { schemas: [CORE], userName: "no-external-id@contoso.com" },
      worker("E4", { [ENTERPRISE]: { manager: {} } }),
    ];
    const body = bulk(records, (_r, i) => `b${i}`);
    body.Operations[0].method = "PATCH";
    const reply = await upload(emulator, body);
    expect(reply.status).toBe(400);
    expectGraphError(reply, "BadRequest");
    const message: string = reply.json.error.message;
    expect(message).toMatch(/Operations\[0\] \(bulkId 'b0'\): method/);
    expect(message).toMatch(/Operations\[1\] \(bulkId 'b1'\): data\.active: .*boolean/);
    expect(message).toMatch(/Operations\[2\] \(bulkId 'b2'\): data\.nickname/);
    expect(message).toMatch(/Operations\[3\] \(bulkId 'b3'\): data\.externalId: is required/);
    expect(message).toMatch(
      /Operations\[4\] \(bulkId 'b4'\): data\["urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User"\]\.manager\.value/,
    );
    expect(reply.json.error.details.length).toBeGreaterThanOrEqual(5);
  });

  it("refuses a bulkId used twice, and accepts custom extensions and the lower-case /users path", async () => {
    const emulator = await start();
    const twice = await upload(
      emulator,
      bulk([worker("E1"), worker("E2")], () => "same"),
    );
    expect(twice.status).toBe(400);
    expect(twice.json.error.message).toMatch(
      /Operations\[1\] \(bulkId 'same'\): bulkId: is also the bulkId of Operations\[0\]/,
    );
    const custom = bulk([
      worker("E3", { schemas: [CORE, "urn:contoso:hr:1.0:User"], "urn:contoso:hr:1.0:User": { badge: "B-1" } }),
    ]);
    custom.Operations[0].path = "/users";
    expect((await upload(emulator, custom)).status).toBe(202);
    const notObject = bulk([worker("E4", { "urn:contoso:hr:1.0:User": "B-1" })]);
    expect((await upload(emulator, notObject)).status).toBe(400);
  });

  it("answers 404 for an unknown job", async () => {
    const emulator = await start();
    const missing = await upload(emulator, bulk([worker("E1")]), {
      ...INBOUND,
      jobId: "API2AAD.00000000000000000000000000000000",
    });
    expect(missing.status).toBe(404);
    expectGraphError(missing);
  });
});

describe("bulkUpload: processing on the emulator's clock", () => {
  it("processes after uploadDelayMs: one log entry per record (the CLI's contract), and the users", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 30_000 });
    expect((await upload(emulator, bulk([worker("E1"), worker("E2", { active: false })]))).status).toBe(202);
    emulator.clock.advance(29_999);
    expect(await entries(emulator)).toEqual([]);
    expect(await userOf(emulator, "E1")).toBeUndefined();
    emulator.clock.advance(1);
    const [first, second] = await entries(emulator);
    for (const entry of [first, second]) expect(specErrors("provisioningObjectSummary", entry)).toEqual([]);
    expect(first).toMatchObject({
      jobId: INBOUND.jobId,
      activityDateTime: new Date(MANUAL_CLOCK_START + 30_000).toISOString(),
      initiatedBy: { initiatorType: "application" },
      provisioningAction: "create",
      provisioningStatusInfo: { status: "success", errorInformation: null },
      sourceIdentity: { id: "E1", identityType: "User", details: { bulkId: "E1" } },
      servicePrincipal: {
        id: INBOUND.servicePrincipalId,
        displayName: "API-driven inbound provisioning to Microsoft Entra ID",
      },
    });
    expect(first.cycleId).toMatch(GUID);
    expect(second.cycleId).toBe(first.cycleId);
    expect(second.changeId).not.toBe(first.changeId);
    expect(first.provisioningSteps.map((s: Json) => s.provisioningStepType)).toEqual([
      "import",
      "matching",
      "processing",
      "export",
    ]);
    const user = await userOf(emulator, "E1");
    expect(first.targetIdentity.id).toBe(user.id);
    expect(user).toMatchObject({
      accountEnabled: true,
      employeeId: "E1",
      givenName: "Worker",
      surname: "E1",
      displayName: "Worker E1",
      userPrincipalName: "wE1@contoso.com",
    });
    expect(first.modifiedProperties).toContainEqual({
      displayName: "userPrincipalName",
      oldValue: null,
      newValue: "wE1@contoso.com",
    });
    expect((await userOf(emulator, "E2")).accountEnabled).toBe(false);
  });

  it("matches externalId to employeeId: update, disable, and a skip when nothing changed", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 0 });
    const before = await userOf(emulator, "100002");
    const changed = worker("100002", {
      userName: "alex.wilber@contoso.com",
      displayName: "Alex Wilber",
      name: { givenName: "Alex", familyName: "Wilber" },
      title: "Lead Analyst",
    });
    await upload(emulator, bulk([changed]));
    emulator.clock.advance(1000);
    await upload(emulator, bulk([changed]));
    emulator.clock.advance(1000);
    await upload(emulator, bulk([{ ...changed, active: false }]));
    emulator.clock.advance(1000);
    const [update, skip, disable] = await entries(emulator);
    expect(update).toMatchObject({
      provisioningAction: "update",
      provisioningStatusInfo: { status: "success" },
      targetIdentity: { id: before.id },
    });
    expect(update.modifiedProperties).toEqual([
      { displayName: "jobTitle", oldValue: "Operations Analyst", newValue: "Lead Analyst" },
    ]);
    expect(skip).toMatchObject({
      provisioningAction: "other",
      provisioningStatusInfo: { status: "skipped", errorInformation: { errorCode: "RedundantExport" } },
    });
    expect(disable).toMatchObject({ provisioningAction: "disable", provisioningStatusInfo: { status: "success" } });
    expect(disable.modifiedProperties).toEqual([
      { displayName: "accountEnabled", oldValue: "True", newValue: "False" },
    ]);
    const after = await userOf(emulator, "100002");
    expect(after).toMatchObject({ id: before.id, accountEnabled: false, jobTitle: "Lead Analyst" });
  });

  it("fails a record Entra would refuse, with the reason, and creates nothing", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 0 });
    await upload(
      emulator,
      bulk([
        worker("F1", { userName: "not a upn" }),
        worker("F2", { userName: undefined }),
        worker("F3", { userName: "megan.bowen@contoso.com" }),
      ]),
    );
    emulator.clock.advance(1);
    const [bad, missing, conflict] = await entries(emulator);
    expect(bad).toMatchObject({
      provisioningAction: "create",
      provisioningStatusInfo: {
        status: "failure",
        errorInformation: {
          errorCode: "AzureActiveDirectoryInvalidUserPrincipalName",
          errorCategory: "nonServiceFailure",
        },
      },
      sourceIdentity: { id: "F1" },
      targetIdentity: { id: null },
    });
    expect(bad.provisioningStatusInfo.errorInformation.recommendedAction).toMatch(/userName/);
    expect(bad.provisioningSteps.at(-1)).toMatchObject({ provisioningStepType: "export", status: "failure" });
    expect(missing.provisioningStatusInfo.errorInformation.errorCode).toBe(
      "AzureActiveDirectoryRequiredPropertyMissing",
    );
    expect(conflict.provisioningStatusInfo.errorInformation.errorCode).toBe("AzureActiveDirectoryConflictEncountered");
    for (const id of ["F1", "F2", "F3"]) expect(await userOf(emulator, id)).toBeUndefined();
  });

  it("resolves managers in any order within a request, and across requests once the manager arrives", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 0 });
    const reports = (id: string, manager: string) =>
      worker(id, { [ENTERPRISE]: { department: "Ops", manager: { value: manager } } });
    // The report comes before its manager in the same request.
    await upload(emulator, bulk([reports("M2", "M1"), worker("M1")]));
    emulator.clock.advance(1);
    const m1 = await userOf(emulator, "M1");
    expect((await userOf(emulator, "M2", true)).manager).toMatchObject({ id: m1.id, displayName: "Worker M1" });
    const [within] = await entries(emulator);
    expect(within.provisioningSteps.map((s: Json) => [s.provisioningStepType, s.status])).toContainEqual([
      "referenceResolution",
      "success",
    ]);
    expect(within.modifiedProperties).toContainEqual({ displayName: "manager", oldValue: null, newValue: m1.id });
    // Across requests: the manager arrives later.
    await upload(emulator, bulk([reports("L2", "L1")]));
    emulator.clock.advance(1);
    const waiting = (await entries(emulator)).at(-1);
    expect(waiting).toMatchObject({ provisioningAction: "create", provisioningStatusInfo: { status: "success" } });
    expect(waiting.provisioningSteps.find((s: Json) => s.provisioningStepType === "referenceResolution")).toMatchObject(
      {
        status: "warning",
        description: expect.stringMatching(/Manager 'L1' was not found/),
      },
    );
    expect((await userOf(emulator, "L2", true)).manager).toBeNull();
    await upload(emulator, bulk([worker("L1")]));
    emulator.clock.advance(1);
    expect((await userOf(emulator, "L2", true)).manager.id).toBe((await userOf(emulator, "L1")).id);
  });

  it("a manager that never arrives leaves the user without one, the record still a success", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 0 });
    await upload(emulator, bulk([worker("N1", { [ENTERPRISE]: { manager: { value: "GHOST" } } })]));
    emulator.clock.advance(10 * 60_000);
    const [entry] = await entries(emulator);
    expect(entry.provisioningStatusInfo).toEqual({ status: "success", errorInformation: null });
    expect((await userOf(emulator, "N1", true)).manager).toBeNull();
  });

  it("a job that is not running accepts (202) and processes nothing", async () => {
    const emulator = await start({ ...RAISED, uploadDelayMs: 0 });
    for (const job of [JOBS.paused, JOBS.quarantine, JOBS.notConfigured]) {
      expect((await upload(emulator, bulk([worker(`P-${job.jobId.slice(0, 4)}`)]), job)).status).toBe(202);
    }
    emulator.clock.advance(60_000);
    // The jobs' own cycles and quarantine retries write entries; none is about an uploaded record.
    for (const job of [JOBS.paused, JOBS.quarantine, JOBS.notConfigured]) {
      const uploaded = (await entries(emulator, job)).filter((e: Json) => e.sourceIdentity?.id?.startsWith("P-"));
      expect(uploaded).toEqual([]);
    }
    const counters = (await control(emulator, "GET", "uploads")).json.value;
    expect(counters.find((c: Json) => c.jobId === JOBS.paused.jobId)).toMatchObject({
      requests: 1,
      operations: 1,
      ignoredRequests: 1,
      processed: 0,
    });
  });
});
