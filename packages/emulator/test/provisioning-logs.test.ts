/** GET /auditLogs/provisioning: entries written by start, restart and provisionOnDemand; $filter; paging; persistence. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_TENANT, type Emulator, MANUAL_CLOCK_START, type PersistedState } from "../src/index.js";
import { call, expectGraphError, GUID, JOBS, jobPath, specErrors, start } from "./helpers.js";

const enc = encodeURIComponent;
const LOGS = "/auditLogs/provisioning";
/** These tests read the logs more often than the service's 5 per 10 s; the limit has its own test. */
const RAISED = { limits: { provisioningLogRequests: 1000 } };
const RULE = "ea807875-5618-4f0a-9125-0b46a05298ca";
const onDemand = (...objectIds: string[]) => ({
  parameters: [{ ruleId: RULE, subjects: objectIds.map((objectId) => ({ objectId, objectTypeName: "User" })) }],
});
// biome-ignore lint/suspicious/noExplicitAny: log entries are inspected freely
type Entry = any;

async function logs(emulator: Emulator, filter?: string, top?: number): Promise<Entry[]> {
  const query = [filter && `$filter=${enc(filter)}`, top && `$top=${top}`].filter(Boolean).join("&");
  const reply = await call(emulator, "GET", `${LOGS}${query ? `?${query}` : ""}`);
  expect(reply.status, reply.text).toBe(200);
  expect(specErrors("provisioningObjectSummaryCollectionResponse", reply.json)).toEqual([]);
  return reply.json.value;
}

describe("GET /auditLogs/provisioning", () => {
  it("start, restart and provisionOnDemand write entries after a fresh tenant's history, newest first", async () => {
    const emulator = await start(RAISED);
    const history = new Set((await logs(emulator, undefined, 999)).map((e: Entry) => e.id));
    expect(history.size).toBeGreaterThan(0);
    expect((await call(emulator, "POST", jobPath(JOBS.paused, "start"))).status).toBe(204);
    emulator.clock.advance(1000);
    expect((await call(emulator, "POST", jobPath(JOBS.active, "restart"), { body: {} })).status).toBe(204);
    emulator.clock.advance(1000);
    const provision = await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), {
      body: onDemand("u-1", "u-2"),
    });
    expect(provision.status).toBe(200);
    const all = (await logs(emulator, undefined, 999)).filter((e: Entry) => !history.has(e.id));
    expect(all.map((e: Entry) => [e.jobId, e.provisioningAction, e.sourceIdentity.id])).toEqual([
      [JOBS.active.jobId, "create", "u-2"],
      [JOBS.active.jobId, "create", "u-1"],
      [JOBS.active.jobId, "other", null],
      [JOBS.paused.jobId, "other", null],
    ]);
    const [second, first, restart, started] = all;
    expect(started.activityDateTime).toBe(new Date(MANUAL_CLOCK_START).toISOString());
    expect(first.activityDateTime).toBe(new Date(MANUAL_CLOCK_START + 2000).toISOString());
    expect(started.provisioningStatusInfo).toEqual({ status: "success", errorInformation: null });
    expect(restart.provisioningSteps[0].name).toBe("CycleRestart");
    expect(first.cycleId).toBe(second.cycleId);
    expect(first.changeId).not.toBe(second.changeId);
    expect(new Set(all.map((e: Entry) => e.id)).size).toBe(4);
    for (const entry of all) {
      expect(entry.id).toMatch(GUID);
      expect(entry.tenantId).toBe(DEMO_TENANT.tenantId);
      expect(entry.servicePrincipal).toEqual({
        id: JOBS.active.servicePrincipalId,
        displayName: "contoso.local (Microsoft Entra Cloud Sync)",
      });
    }
    expect(first.provisioningSteps.map((s: Entry) => s.provisioningStepType)).toEqual([
      "import",
      "scoping",
      "matching",
      "processing",
      "export",
    ]);
  });

  it("a subject provisioned before is skipped, with RedundantExport and a skipped export step", async () => {
    const emulator = await start(RAISED);
    await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), { body: onDemand("u-1") });
    await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), { body: onDemand("u-1", "u-3") });
    const [fresh, skipped, created] = await logs(emulator);
    expect(created.provisioningStatusInfo.status).toBe("success");
    expect(skipped.provisioningStatusInfo).toMatchObject({
      status: "skipped",
      errorInformation: { errorCode: "RedundantExport" },
    });
    expect(skipped.provisioningSteps.at(-1)).toMatchObject({ provisioningStepType: "export", status: "skipped" });
    expect(fresh.sourceIdentity.id).toBe("u-3");
    expect(fresh.provisioningStatusInfo.status).toBe("success");
  });

  it("filters with eq (case-sensitive), and, or, parentheses, contains and time comparisons", async () => {
    const emulator = await start(RAISED);
    await call(emulator, "POST", jobPath(JOBS.paused, "start"));
    emulator.clock.advance(60_000);
    await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), { body: onDemand("u-1") });
    await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), { body: onDemand("u-1") });
    const all = await logs(emulator, undefined, 999);
    const ids = (entries: Entry[]) => entries.map((e: Entry) => e.id);
    // Each filter answers exactly the entries an independent predicate keeps, and neither none nor all of them.
    const check = async (filter: string, keep: (e: Entry) => boolean) => {
      const expected = all.filter(keep);
      expect(expected.length, filter).toBeGreaterThan(0);
      expect(expected.length, filter).toBeLessThan(all.length);
      expect(ids(await logs(emulator, filter, 999)), filter).toEqual(ids(expected));
    };
    const active = JOBS.active.jobId;
    await check(`jobId eq '${active}'`, (e) => e.jobId === active);
    expect(await logs(emulator, `jobId eq '${active.toLowerCase()}'`)).toEqual([]);
    await check("provisioningStatusInfo/status eq 'skipped'", (e) => e.provisioningStatusInfo.status === "skipped");
    await check(
      `jobId eq '${active}' and provisioningStatusInfo/status eq 'success'`,
      (e) => e.jobId === active && e.provisioningStatusInfo.status === "success",
    );
    await check(
      `(provisioningAction eq 'other' and sourceIdentity/id eq 'u-1') or jobId eq '${JOBS.paused.jobId}'`,
      (e) => (e.provisioningAction === "other" && e.sourceIdentity.id === "u-1") || e.jobId === JOBS.paused.jobId,
    );
    await check("contains(jobId, 'AD2AADPasswordHash')", (e) => e.jobId.includes("AD2AADPasswordHash"));
    await check("contains(sourceIdentity/displayName, '@contoso.com')", (e) =>
      String(e.sourceIdentity.displayName).includes("@contoso.com"),
    );
    const after = new Date(MANUAL_CLOCK_START + 1).toISOString();
    await check(`activityDateTime gt ${after}`, (e) => Date.parse(e.activityDateTime) > MANUAL_CLOCK_START + 1);
    await check(
      `activityDateTime le ${new Date(MANUAL_CLOCK_START).toISOString()}`,
      (e) => Date.parse(e.activityDateTime) <= MANUAL_CLOCK_START,
    );
    await check(
      `activityDateTime ge ${after} and activityDateTime lt ${new Date(MANUAL_CLOCK_START + 60_000).toISOString()}`,
      (e) => {
        const t = Date.parse(e.activityDateTime);
        return t >= MANUAL_CLOCK_START + 1 && t < MANUAL_CLOCK_START + 60_000;
      },
    );
    await check(
      `servicePrincipal/id eq '${JOBS.active.servicePrincipalId}' and sourceIdentity/id eq 'u-1'`,
      (e) => e.sourceIdentity.id === "u-1",
    );
    expect(await logs(emulator, "targetIdentity/id eq 'nobody'")).toEqual([]);
  });

  it("refuses a filter it does not support with Graph's 400, naming it", async () => {
    const emulator = await start(RAISED);
    const cases: [string, RegExp][] = [
      ["jobid eq 'x'", /'jobid' is not supported \(names are case-sensitive: jobId\)/],
      ["jobId ne 'x'", /operator 'ne'/],
      ["jobId gt 'x'", /'gt' is not supported on jobId/],
      ["activityDateTime ge yesterday", /'yesterday' is not a date-time/],
      ["jobId eq 'x' and", /expected at the end/],
      ["startswith(jobId, 'x')", /the function 'startswith' is not supported/],
      ["jobId eq 'x' jobId", /unexpected 'jobId'/],
    ];
    for (const [filter, message] of cases) {
      const reply = await call(emulator, "GET", `${LOGS}?$filter=${enc(filter)}`);
      expect(reply.status, filter).toBe(400);
      expectGraphError(reply);
      expect(reply.json.error.message, filter).toMatch(message);
      expect(reply.json.error.message, filter).toContain(filter);
    }
  });

  it("pages with $top, keeping $filter on the next link, to the last entry", async () => {
    const emulator = await start(RAISED);
    const subjects = Array.from({ length: 5 }, (_, i) => `u-${i}`);
    await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), { body: onDemand(...subjects) });
    await call(emulator, "POST", jobPath(JOBS.paused, "start"));
    const filter = `jobId eq '${JOBS.active.jobId}' and contains(sourceIdentity/id, 'u-')`;
    const first = await call(emulator, "GET", `${LOGS}?$filter=${enc(filter)}&$top=2`);
    const seen: string[] = first.json.value.map((e: Entry) => e.sourceIdentity.id);
    let next: string | undefined = first.json["@odata.nextLink"];
    for (let page = 0; next && page < 10; page++) {
      expect(next).toContain(`$filter=${enc(filter)}`);
      const reply = await call(emulator, "GET", next);
      expect(specErrors("provisioningObjectSummaryCollectionResponse", reply.json)).toEqual([]);
      seen.push(...reply.json.value.map((e: Entry) => e.sourceIdentity.id));
      next = reply.json["@odata.nextLink"];
    }
    expect(next).toBeUndefined();
    expect(seen).toEqual([...subjects].reverse());
  });
});

describe("the provisioning logs' rate limit", () => {
  it("allows 5 reads per 10 seconds per client, then 429 with Retry-After; another client has its own", async () => {
    const emulator = await start();
    for (let i = 0; i < 5; i++) expect((await call(emulator, "GET", LOGS)).status).toBe(200);
    emulator.clock.advance(2500);
    const throttled = await call(emulator, "GET", LOGS);
    expect(throttled.status).toBe(429);
    expectGraphError(throttled, "TooManyRequests");
    expect(throttled.headers.get("retry-after")).toBe("7.5");
    expect((await call(emulator, "GET", LOGS, { token: "another-clients-token" })).status).toBe(200);
    emulator.clock.advance(7500);
    expect((await call(emulator, "GET", LOGS)).status).toBe(200);
  });

  it("keeps the newest limits.provisioningLogEntries entries, dropping the oldest", async () => {
    const emulator = await start({ limits: { provisioningLogRequests: 1000, provisioningLogEntries: 3 } });
    const subjects = Array.from({ length: 5 }, (_, i) => `u-${i}`);
    await call(emulator, "POST", jobPath(JOBS.active, "provisionOnDemand"), { body: onDemand(...subjects) });
    expect((await logs(emulator)).map((e: Entry) => e.sourceIdentity.id)).toEqual(["u-4", "u-3", "u-2"]);
  });

  it("is configurable: limits.provisioningLogRequests", async () => {
    const emulator = await start({ limits: { provisioningLogRequests: 1 } });
    expect((await call(emulator, "GET", LOGS)).status).toBe(200);
    expect((await call(emulator, "GET", LOGS)).status).toBe(429);
  });
});

describe("provisioning logs in the state file", () => {
  const folder = mkdtempSync(join(tmpdir(), "graphsync-emulator-logs-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("are saved with the state and read back by the next emulator, whose new entries get new ids", async () => {
    const file = join(folder, "state.json");
    const first = await start({ stateFile: file, ...RAISED });
    await call(first, "POST", jobPath(JOBS.active, "provisionOnDemand"), { body: onDemand("u-1") });
    const before = await logs(first);
    const saved = JSON.parse(readFileSync(file, "utf8")) as PersistedState;
    expect(saved.provisioningLogs).toEqual([...before].reverse());
    await first.close();
    const second = await start({ stateFile: file, ...RAISED });
    expect(await logs(second)).toEqual(before);
    await call(second, "POST", jobPath(JOBS.active, "start"));
    const after = await logs(second);
    expect(after).toHaveLength(before.length + 1);
    expect(after[0].id).not.toBe(before[0].id);
    expect(after[0].cycleId).not.toBe(before[0].cycleId);
  });
});
