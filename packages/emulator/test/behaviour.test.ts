import { describe, expect, it } from "vitest";
import { DEFAULT_TIMING, type Emulator, MANUAL_CLOCK_START } from "../src/index.js";
import { call, expectGraphError, JOBS, jobPath, specErrors, start } from "./helpers.js";

type Ref = { servicePrincipalId: string; jobId: string };

async function get(emulator: Emulator, ref: Ref) {
  const reply = await call(emulator, "GET", jobPath(ref));
  expect(reply.status).toBe(200);
  expect(specErrors("synchronizationJob", reply.json)).toEqual([]);
  return reply.json;
}

async function post(emulator: Emulator, ref: Ref, action: string, body?: unknown) {
  return call(emulator, "POST", jobPath(ref, action), { body });
}

describe("the seeded tenant", () => {
  it("has jobs in every status, with realistic ids and the messy values of real tenants", async () => {
    const emulator = await start();
    const codes = new Set<string>();
    for (const sp of emulator.state.servicePrincipals()) {
      const reply = await call(emulator, "GET", `/servicePrincipals/${sp.id}/synchronization/jobs`);
      for (const job of reply.json.value) {
        codes.add(job.status.code);
        expect(job.id).toMatch(/^[A-Za-z0-9]+\.[0-9a-f]{32}$/);
        expect(job.id.startsWith(`${job.templateId}.`)).toBe(true);
      }
    }
    expect([...codes].sort()).toEqual(["Active", "NotConfigured", "NotRun", "Paused", "Quarantine"]);
    const messy = await get(emulator, JOBS.notRun);
    expect(messy.schedule).toEqual({ expiration: null, interval: "P10675199DT2H48M5.4775807S", state: "Disabled" });
    expect(messy.status.steadyStateFirstAchievedTime).toBe("0001-01-01T00:00:00Z");
    expect(messy.status.someFutureProperty).toBeDefined();
    expect(messy["@odata.type"]).toBe("#microsoft.graph.synchronizationJob");
    const quarantined = await get(emulator, JOBS.quarantine);
    expect(quarantined.status.quarantine.error.code).toBe(
      "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
    );
  });

  it("is the same on every run with a manual clock", async () => {
    const a = await start();
    const b = await start();
    expect(a.state.export()).toEqual(b.state.export());
    expect(a.clock.now()).toBe(MANUAL_CLOCK_START);
  });
});

describe("start", () => {
  it("resumes a Paused job: progress continues from where it stopped, then it reaches steady state", async () => {
    const emulator = await start();
    const before = await get(emulator, JOBS.paused);
    expect(before.status.progress[0]).toMatchObject({ completedUnits: 412, totalUnits: 1241 });
    const reply = await post(emulator, JOBS.paused, "start");
    expect(reply.status).toBe(204);
    expect(reply.text).toBe("");

    let job = await get(emulator, JOBS.paused);
    expect(job.status.code).toBe("Active");
    expect(job.schedule.state).toBe("Active");
    expect(job.status.progress[0].completedUnits).toBe(412);

    emulator.clock.advance(DEFAULT_TIMING.startDelayMs + 1000);
    job = await get(emulator, JOBS.paused);
    expect(job.status.progress[0].completedUnits).toBe(412 + DEFAULT_TIMING.unitsPerSecond);
    expect(job.status.lastExecution).toBeNull();

    const remaining = ((1241 - 412 - DEFAULT_TIMING.unitsPerSecond) * 1000) / DEFAULT_TIMING.unitsPerSecond;
    emulator.clock.advance(Math.ceil(remaining));
    job = await get(emulator, JOBS.paused);
    expect(job.status.progress).toEqual([]);
    expect(job.status.lastExecution).toMatchObject({
      state: "Succeeded",
      countImported: 1241 - 412,
      countEntitled: 1241,
    });
    expect(Date.parse(job.status.lastExecution.timeBegan)).toBe(MANUAL_CLOCK_START + DEFAULT_TIMING.startDelayMs);
    expect(job.status.steadyStateFirstAchievedTime).toBe(job.status.lastExecution.timeEnded);
    expect(job.status.steadyStateLastAchievedTime).toBe(job.status.lastExecution.timeEnded);
    expect(job.status.synchronizedEntryCountByType.reduce((n: number, p: { value: number }) => n + p.value, 0)).toBe(
      1241,
    );

    // Then incremental cycles on the job's interval (PT2M).
    emulator.clock.advance(2 * 60_000 + DEFAULT_TIMING.incrementalCycleMs);
    const later = await get(emulator, JOBS.paused);
    expect(Date.parse(later.status.lastExecution.timeBegan)).toBe(
      Date.parse(job.status.lastExecution.timeEnded) + 120_000,
    );
    expect(later.status.steadyStateFirstAchievedTime).toBe(job.status.steadyStateFirstAchievedTime);
    expect(emulator.state.startCount(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toBe(1);
  });

  it("clears a quarantine", async () => {
    const emulator = await start();
    const job = await clearsQuarantine(emulator, "start");
    expect(job.status.countSuccessiveCompleteFailures).toBe(0);
  });

  it("starting an Active job succeeds but is counted as a repeated start", async () => {
    const emulator = await start();
    const before = await get(emulator, JOBS.active);
    for (let i = 0; i < 3; i++) expect((await post(emulator, JOBS.active, "start")).status).toBe(204);
    expect(emulator.state.counters(JOBS.active.servicePrincipalId, JOBS.active.jobId)).toMatchObject({
      starts: 3,
      repeatedStarts: 3,
    });
    expect(await get(emulator, JOBS.active)).toEqual(before);
  });

  it("refuses a NotConfigured job with 400 SynchronizationJobNotConfigured, and does not count it", async () => {
    const emulator = await start();
    for (const action of ["start", "pause", "restart"]) {
      const reply = await post(emulator, JOBS.notConfigured, action);
      expect(reply.status).toBe(400);
      expectGraphError(reply, "BadRequest");
      expect(reply.json.error.details[0].code).toBe("SynchronizationJobNotConfigured");
      expect(reply.json.error.message).toContain("not configured");
    }
    expect(emulator.state.startCount(JOBS.notConfigured.servicePrincipalId, JOBS.notConfigured.jobId)).toBe(0);
    expect((await get(emulator, JOBS.notConfigured)).status.code).toBe("NotConfigured");
  });

  it("begins a NotRun job: its disabled schedule becomes Active, and the max TimeSpan means no further cycles", async () => {
    const emulator = await start();
    expect((await post(emulator, JOBS.notRun, "start")).status).toBe(204);
    emulator.clock.advance(60 * 60_000);
    const job = await get(emulator, JOBS.notRun);
    expect(job.status.code).toBe("Active");
    expect(job.schedule.state).toBe("Active");
    const first = job.status.lastExecution;
    expect(first.state).toBe("Succeeded");
    emulator.clock.advance(30 * 24 * 3600_000);
    expect((await get(emulator, JOBS.notRun)).status.lastExecution).toEqual(first);
  });

  it("accepts the seed's optional body, and answers 200 with the seed's shape when configured to", async () => {
    const emulator = await start({ startResponse: 200 });
    const reply = await post(emulator, JOBS.paused, "start", {
      parameters: [{ "@odata.type": "microsoft.graph.synchronizationJobApplicationParameters" }],
    });
    expect(reply.status).toBe(200);
    expect(specErrors("startSynchronizationJobResponse", reply.json)).toEqual([]);
    expect(reply.json.value["@odata.type"]).toBe("#microsoft.graph.stringKeyStringValuePair");
    emulator.configure({ startResponse: 204 });
    expect((await post(emulator, JOBS.paused, "start")).status).toBe(204);
    expect(() => emulator.configure({ startResponse: 201 as 204 })).toThrow(/startResponse/);
  });
});

describe("pause", () => {
  it("keeps progress; a later start continues from it", async () => {
    const emulator = await start();
    await post(emulator, JOBS.paused, "start");
    emulator.clock.advance(DEFAULT_TIMING.startDelayMs + 500);
    const mid = (await get(emulator, JOBS.paused)).status.progress[0].completedUnits;
    expect(mid).toBe(412 + DEFAULT_TIMING.unitsPerSecond / 2);
    expect((await post(emulator, JOBS.paused, "pause")).status).toBe(204);
    emulator.clock.advance(60 * 60_000);
    const paused = await get(emulator, JOBS.paused);
    expect(paused.status.code).toBe("Paused");
    expect(paused.schedule.state).toBe("Paused");
    expect(paused.status.progress[0].completedUnits).toBe(mid);
    await post(emulator, JOBS.paused, "start");
    emulator.clock.advance(DEFAULT_TIMING.startDelayMs + 1000);
    expect((await get(emulator, JOBS.paused)).status.progress[0].completedUnits).toBe(
      mid + DEFAULT_TIMING.unitsPerSecond,
    );
    expect(emulator.state.counters(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toMatchObject({
      starts: 2,
      pauses: 1,
    });
  });
});

describe("restart", () => {
  it("without a scope behaves like the portal: clears the quarantine and re-processes everything", async () => {
    const emulator = await start();
    await clearsQuarantine(emulator, "restart");
    emulator.clock.advance(DEFAULT_TIMING.startDelayMs + 1);
    expect((await get(emulator, JOBS.quarantine)).status.progress[0].completedUnits).toBe(0);
  });

  it("Watermark starts the initial cycle over; a comma-separated scope is read as flags", async () => {
    const emulator = await start();
    expect(
      (await post(emulator, JOBS.paused, "restart", { criteria: { resetScope: " Watermark ,Escrows" } })).status,
    ).toBe(204);
    emulator.clock.advance(DEFAULT_TIMING.startDelayMs + 1000);
    const job = await get(emulator, JOBS.paused);
    expect(job.status.code).toBe("Active");
    expect(job.status.progress[0]).toMatchObject({ completedUnits: DEFAULT_TIMING.unitsPerSecond, totalUnits: 1241 });
  });

  it("keeps a quarantine unless the scope clears it; ForceDeletes releases a TooManyDeletes quarantine", async () => {
    const emulator = await start();
    await post(emulator, JOBS.tooManyDeletes, "restart", { criteria: { resetScope: "Escrows" } });
    expect((await get(emulator, JOBS.tooManyDeletes)).status.code).toBe("Quarantine");
    await post(emulator, JOBS.quarantine, "restart", { criteria: { resetScope: "ForceDeletes" } });
    expect((await get(emulator, JOBS.quarantine)).status.code).toBe("Quarantine");
    await post(emulator, JOBS.tooManyDeletes, "restart", { criteria: { resetScope: "ForceDeletes" } });
    const released = await get(emulator, JOBS.tooManyDeletes);
    expect(released.status.code).toBe("Active");
    expect(released.status.quarantine).toBeNull();
    await post(emulator, JOBS.quarantine, "restart", { criteria: { resetScope: "QuarantineState" } });
    expect((await get(emulator, JOBS.quarantine)).status.code).toBe("Active");
    expect(emulator.state.counters(JOBS.quarantine.servicePrincipalId, JOBS.quarantine.jobId)?.restarts).toBe(2);
  });

  it("accepts a null scope and null criteria (nullable in Microsoft's metadata): both the portal restart", async () => {
    const emulator = await start();
    expect((await post(emulator, JOBS.active, "restart", { criteria: { resetScope: null } })).status).toBe(204);
    const nullCriteria = await post(emulator, JOBS.active, "restart", { criteria: null });
    expect(nullCriteria.status).toBe(204);
    expect(emulator.state.counters(JOBS.active.servicePrincipalId, JOBS.active.jobId)?.restarts).toBe(2);
  });
});

describe("provisionOnDemand", () => {
  const body = (objectId: string) => ({
    parameters: [{ ruleId: "ea807875-5618-4f0a-9125-0b46a05298ca", subjects: [{ objectId, objectTypeName: "User" }] }],
  });

  it("answers key and value as JSON encoded in strings: created first, skipped after", async () => {
    const emulator = await start();
    const first = await post(emulator, JOBS.active, "provisionOnDemand", body("9bb0f679-a883-4a6f-8260-35b491b8b8c8"));
    expect(first.status).toBe(200);
    expect(specErrors("stringKeyStringValuePair", first.json)).toEqual([]);
    expect(JSON.parse(first.json.key)).toMatchObject({ result: "Success" });
    expect(JSON.parse(first.json.value)).toMatchObject({
      action: "Create",
      reportableIdentifier: "9bb0f679-a883-4a6f-8260-35b491b8b8c8",
    });
    const again = await post(emulator, JOBS.active, "provisionOnDemand", body("9bb0f679-a883-4a6f-8260-35b491b8b8c8"));
    expect(JSON.parse(again.json.key)).toMatchObject({ result: "Skipped", details: { errorCode: "RedundantExport" } });
  });

  it("allows 5 requests per 10 seconds per job, then 429 with a fractional Retry-After", async () => {
    const emulator = await start();
    for (let i = 0; i < 5; i++) {
      expect((await post(emulator, JOBS.active, "provisionOnDemand", body(`user-${i}`))).status).toBe(200);
      emulator.clock.advance(250);
    }
    const throttled = await post(emulator, JOBS.active, "provisionOnDemand", body("user-5"));
    expect(throttled.status).toBe(429);
    expectGraphError(throttled, "TooManyRequests");
    expect(throttled.headers.get("retry-after")).toBe("8.75");
    // Another job has its own window.
    expect((await post(emulator, JOBS.activeWithErrors, "provisionOnDemand", body("user-5"))).status).toBe(200);
    emulator.clock.advance(8750);
    expect((await post(emulator, JOBS.active, "provisionOnDemand", body("user-5"))).status).toBe(200);
    expect(emulator.state.counters(JOBS.active.servicePrincipalId, JOBS.active.jobId)?.provisions).toBe(6);
  });
});

describe("time", () => {
  it("an Active job keeps running on its interval without anyone touching it", async () => {
    const emulator = await start();
    const before = await get(emulator, JOBS.active);
    emulator.clock.advance(10 * 60_000);
    const after = await get(emulator, JOBS.active);
    expect(Date.parse(after.status.lastExecution.timeBegan)).toBeGreaterThan(
      Date.parse(before.status.lastExecution.timeBegan),
    );
    expect(Date.parse(after.status.steadyStateLastAchievedTime)).toBeGreaterThan(
      Date.parse(before.status.steadyStateLastAchievedTime),
    );
    expect(after.status.steadyStateFirstAchievedTime).toBe(before.status.steadyStateFirstAchievedTime);
  });

  it("the same seed and clock give the same payloads after the same actions", async () => {
    const run = async () => {
      const emulator = await start({ seed: "replay" });
      await post(emulator, JOBS.paused, "start");
      emulator.clock.advance(3 * 60 * 60_000);
      const { "@odata.context": _context, ...job } = await get(emulator, JOBS.paused);
      return job;
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    expect(a.status.lastExecution.activityIdentifier).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("the clock only moves forward, and only in manual mode", async () => {
    const manual = await start();
    expect(() => manual.clock.set(MANUAL_CLOCK_START - 1)).toThrow(/only moves forward/);
    expect(() => manual.clock.advance(-1)).toThrow(/ms/);
    const real = await start({ clock: "real" });
    expect(() => real.clock.advance(1)).toThrow(expect.objectContaining({ code: "EMULATOR_CLOCK_NOT_MANUAL" }));
    const controlled = await call(real, "POST", `${real.url}/_emulator/clock/advance`, {
      body: { ms: 1 },
      token: null,
    });
    expect(controlled.status).toBe(400);
    expect(controlled.json.error.code).toBe("EMULATOR_CLOCK_NOT_MANUAL");
  });

  it("the manual clock's sleep advances it and resolves at once", async () => {
    const emulator = await start();
    const t = emulator.clock.now();
    await emulator.clock.sleep(90_000);
    expect(emulator.clock.now()).toBe(t + 90_000);
    const aborted = new AbortController();
    aborted.abort(new Error("stop"));
    await expect(emulator.clock.sleep(1, aborted.signal)).rejects.toThrow("stop");
  });
});

describe("state controls", () => {
  it("quarantines a job on demand (API and control endpoint), which a start then clears", async () => {
    const emulator = await start();
    await post(emulator, JOBS.paused, "start");
    emulator.clock.advance(5000);
    await emulator.state.quarantine(JOBS.paused.servicePrincipalId, JOBS.paused.jobId, { reason: "TooManyDeletes" });
    const job = await get(emulator, JOBS.paused);
    expect(job.status.code).toBe("Quarantine");
    expect(job.status.quarantine).toMatchObject({
      reason: "TooManyDeletes",
      currentBegan: "2026-11-28T10:00:05Z",
      seriesCount: 1,
    });
    await expect(
      emulator.state.quarantine(JOBS.paused.servicePrincipalId, JOBS.paused.jobId, { reason: "Bored" as never }),
    ).rejects.toThrow(/reason: "Bored" is not allowed/);
    const viaControl = await call(emulator, "POST", `${emulator.url}/_emulator/quarantine`, {
      token: null,
      body: { ...JOBS.active, error: { code: "ExportFailed", message: "The target answered 500." } },
    });
    expect(viaControl.status).toBe(204);
    expect((await get(emulator, JOBS.active)).status.quarantine.error.code).toBe("ExportFailed");
    const unknown = await call(emulator, "POST", `${emulator.url}/_emulator/quarantine`, {
      token: null,
      body: { servicePrincipalId: JOBS.active.servicePrincipalId, jobId: "scim.0" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain("scim.0");
    await post(emulator, JOBS.paused, "start");
    expect((await get(emulator, JOBS.paused)).status.code).toBe("Active");
  });

  it("reset brings back the seeded tenant and clears counters", async () => {
    const emulator = await start();
    await post(emulator, JOBS.paused, "start");
    await post(emulator, JOBS.quarantine, "start");
    emulator.faults.add({ type: "throttle" });
    await call(emulator, "POST", `${emulator.url}/_emulator/reset`, { token: null });
    expect(emulator.faults.list()).toEqual([]);
    expect(emulator.requests.count).toBe(0);
    expect(emulator.state.startCount(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toBe(0);
    expect((await get(emulator, JOBS.quarantine)).status.code).toBe("Quarantine");
  });

  it("state.reset() resets the tenant and counters but keeps faults and the request log", async () => {
    const emulator = await start();
    await post(emulator, JOBS.paused, "start");
    emulator.faults.add({ type: "latency", ms: 0 });
    await emulator.state.reset();
    expect(emulator.state.startCount(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toBe(0);
    expect(emulator.state.operationCounts()).toEqual({});
    expect((await get(emulator, JOBS.paused)).status.code).toBe("Paused");
    expect(emulator.faults.list()).toHaveLength(1);
    expect(emulator.requests.count).toBe(2);
  });

  it("replaces the tenant over HTTP, refusing an invalid one with the JSON pointer of the problem", async () => {
    const emulator = await start();
    const tenant = emulator.state.export();
    const bad = structuredClone(tenant);
    const first = bad.servicePrincipals[0]?.jobs[0] as { status: { code: string } } | undefined;
    if (!first) throw new Error("the seeded tenant has no job");
    first.status.code = "Running";
    const refused = await call(emulator, "PUT", `${emulator.url}/_emulator/state`, { body: bad, token: null });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe("EMULATOR_INVALID_STATE");
    expect(refused.json.error.message).toContain("/servicePrincipals/0/jobs/0/status/code");
    expect(refused.json.error.message).toContain("NotConfigured");
    const one = { tenantId: tenant.tenantId, servicePrincipals: [tenant.servicePrincipals[0]] };
    expect((await call(emulator, "PUT", `${emulator.url}/_emulator/state`, { body: one, token: null })).status).toBe(
      204,
    );
    expect(emulator.state.servicePrincipals()).toHaveLength(1);
    expect(emulator.state.listJobs(JOBS.quarantine.servicePrincipalId)).toBeUndefined();
  });
});

/** Sends `action` to the quarantined job: 204, and the job is Active without a quarantine. */
async function clearsQuarantine(emulator: Emulator, action: "start" | "restart") {
  expect((await post(emulator, JOBS.quarantine, action)).status).toBe(204);
  const job = await get(emulator, JOBS.quarantine);
  expect(job.status.code).toBe("Active");
  expect(job.status.quarantine).toBeNull();
  return job;
}
