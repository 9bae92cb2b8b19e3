/**
 * Quarantine on the emulator's clock: retries 6 h, 12 h, 24 h after the series began, then daily; disabled after
 * 4 weeks; each attempt logged; the state (and the entries) survive a restart from the state file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDemoTenant, type Emulator, MANUAL_CLOCK_START, QUARANTINE_LIMIT_MS } from "../src/index.js";
import { call, control, JOBS, jobPath, specErrors, start } from "./helpers.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RAISED = { limits: { provisioningLogRequests: 100_000 } };

/** The demo tenant with its Active jobs paused: weeks of their 2-minute cycles would crowd out the retries' entries. */
function quietTenant() {
  const tenant = createDemoTenant(MANUAL_CLOCK_START);
  for (const sp of tenant.servicePrincipals) {
    for (const job of sp.jobs) if (job.status?.code === "Active") job.status.code = "Paused";
  }
  return { ...RAISED, state: tenant };
}
// biome-ignore lint/suspicious/noExplicitAny: jobs and entries are inspected freely
type Json = any;

async function job(
  emulator: Emulator,
  ref: { servicePrincipalId: string; jobId: string } = JOBS.quarantine,
): Promise<Json> {
  const reply = await call(emulator, "GET", jobPath(ref));
  expect(reply.status).toBe(200);
  expect(specErrors("synchronizationJob", reply.json)).toEqual([]);
  return reply.json;
}

async function failures(emulator: Emulator, ref: { jobId: string } = JOBS.quarantine): Promise<Json[]> {
  const filter = `jobId eq '${ref.jobId}' and provisioningStatusInfo/status eq 'failure'`;
  const reply = await call(emulator, "GET", `/auditLogs/provisioning?$top=999&$filter=${encodeURIComponent(filter)}`);
  expect(reply.status).toBe(200);
  expect(specErrors("provisioningObjectSummaryCollectionResponse", reply.json)).toEqual([]);
  return reply.json.value;
}

describe("a quarantined job on the clock", () => {
  it("is retried daily after the first day, each retry failing, counted and logged", async () => {
    const emulator = await start(quietTenant());
    const before = (await job(emulator)).status;
    const began = Date.parse(before.quarantine.seriesBegan);
    expect(Date.parse(before.quarantine.nextAttempt)).toBe(began + 4 * DAY);
    const logged = (await failures(emulator)).length;
    emulator.clock.set(began + 4 * DAY);
    let status = (await job(emulator)).status;
    expect(status.code).toBe("Quarantine");
    expect(status.quarantine).toMatchObject({
      currentBegan: new Date(began + 4 * DAY).toISOString().replace(".000", ""),
      nextAttempt: new Date(began + 5 * DAY).toISOString().replace(".000", ""),
      seriesCount: before.quarantine.seriesCount + 1,
    });
    expect(status.countSuccessiveCompleteFailures).toBe(before.countSuccessiveCompleteFailures + 1);
    expect(status.lastExecution).toMatchObject({ state: "Failed", error: before.quarantine.error });
    const entries = await failures(emulator);
    expect(entries).toHaveLength(logged + 1);
    expect(entries[0].cycleId).toBe(status.lastExecution.activityIdentifier);
    emulator.clock.advance(3 * DAY);
    status = (await job(emulator)).status;
    expect(status.quarantine.seriesCount).toBe(before.quarantine.seriesCount + 4);
    expect(await failures(emulator)).toHaveLength(logged + 4);
  });

  it("follows 6 h, 12 h, 24 h, then daily, from a quarantine that begins now", async () => {
    const emulator = await start(RAISED);
    const t0 = emulator.clock.now();
    await emulator.state.quarantine(JOBS.active.servicePrincipalId, JOBS.active.jobId);
    const attempts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const next = Date.parse((await job(emulator, JOBS.active)).status.quarantine.nextAttempt);
      attempts.push((next - t0) / HOUR);
      emulator.clock.set(next);
    }
    expect(attempts).toEqual([6, 12, 24, 48, 72]);
  });

  it("is disabled 4 weeks after the series began: Paused, schedule Disabled, escrows pruned, an entry saying so", async () => {
    const emulator = await start(quietTenant());
    const before = (await job(emulator)).status;
    const began = Date.parse(before.quarantine.seriesBegan);
    emulator.clock.set(began + QUARANTINE_LIMIT_MS + HOUR);
    const disabled = await job(emulator);
    expect(disabled.status.code).toBe("Paused");
    expect(disabled.schedule.state).toBe("Disabled");
    expect(disabled.status.escrowsPruned).toBe(true);
    expect(disabled.status.quarantine.reason).toBe("EncounteredQuarantineException");
    // The demo's series is 3 days old with its retry of day 3 done: the retries of days 4 to 27 remain.
    expect(disabled.status.quarantine.seriesCount).toBe(before.quarantine.seriesCount + 24);
    expect(disabled.status.quarantine.error.message).toMatch(/quarantine for 4 weeks .* was disabled/);
    const entries = await failures(emulator);
    expect(entries[0].provisioningSteps[0].name).toBe("QuarantineDisabled");
    expect(entries[0].activityDateTime).toBe(new Date(began + QUARANTINE_LIMIT_MS).toISOString());
    // Nothing runs any more: no retries, no entries.
    emulator.clock.advance(10 * DAY);
    expect(await failures(emulator)).toHaveLength(entries.length);
    expect((await job(emulator)).status.quarantine.seriesCount).toBe(disabled.status.quarantine.seriesCount);
    // A start enables it again.
    expect((await call(emulator, "POST", jobPath(JOBS.quarantine, "start"))).status).toBe(204);
    const started = await job(emulator);
    expect(started.status).toMatchObject({ code: "Active", quarantine: null, countSuccessiveCompleteFailures: 0 });
    expect(started.schedule.state).toBe("Active");
  });

  it("a restart with QuarantineState clears it; the control endpoint's quarantine begins a new series", async () => {
    const emulator = await start(RAISED);
    const restart = await call(emulator, "POST", jobPath(JOBS.quarantine, "restart"), {
      body: { criteria: { resetScope: "QuarantineState" } },
    });
    expect(restart.status).toBe(204);
    expect((await job(emulator)).status).toMatchObject({ code: "Active", quarantine: null });
    const reply = await control(emulator, "POST", "quarantine", { ...JOBS.quarantine, reason: "TooManyDeletes" });
    expect(reply.status).toBe(204);
    const quarantine = (await job(emulator)).status.quarantine;
    expect(Date.parse(quarantine.nextAttempt) - Date.parse(quarantine.seriesBegan)).toBe(6 * HOUR);
    const [latest] = await failures(emulator);
    expect(latest.activityDateTime).toBe(new Date(emulator.clock.now()).toISOString());
    expect(latest.provisioningStatusInfo.errorInformation.recommendedAction).toContain("ForceDeletes");
  });
});

describe("quarantine and logs in the state file", () => {
  const folder = mkdtempSync(join(tmpdir(), "graphsync-emulator-quarantine-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("continue after a restart exactly as without one", async () => {
    const file = join(folder, "state.json");
    const first = await start({ stateFile: file, ...RAISED });
    const steady = await start(RAISED);
    for (const emulator of [first, steady]) emulator.clock.advance(2 * DAY);
    // A write saves the state (with the entries written so far); then the emulator stops.
    for (const emulator of [first, steady]) await call(emulator, "POST", jobPath(JOBS.paused, "pause"));
    await first.close();
    const second = await start({ stateFile: file, ...RAISED });
    expect(second.clock.now()).toBe(steady.clock.now());
    for (const emulator of [second, steady]) emulator.clock.advance(3 * DAY);
    expect((await job(second)).status).toEqual((await job(steady)).status);
    expect(await failures(second)).toEqual(await failures(steady));
    const read = async (emulator: Emulator) =>
      (await call(emulator, "GET", "/auditLogs/provisioning?$top=999")).json.value.map((e: Json) => e.id);
    expect(await read(second)).toEqual(await read(steady));
  });
});
