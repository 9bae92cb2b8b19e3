/**
 * Provisioning-log entries written by the jobs themselves: the demo tenant's history, scheduled cycles on the
 * emulator's clock (lazily, bounded, deterministic), users found by id, UPN or externalId, and skips out of scope.
 */
import { describe, expect, it } from "vitest";
import { DIRECTORY_SIZE, type Emulator, personOf } from "../src/index.js";
import { call, JOBS, jobPath, specErrors, start } from "./helpers.js";

const enc = encodeURIComponent;
const RAISED = { limits: { provisioningLogRequests: 100_000 } };
const HOUR = 3_600_000;
// biome-ignore lint/suspicious/noExplicitAny: log entries are inspected freely
type Entry = any;

/** Every entry matching `filter`, following nextLink (bounded), each page checked against the spec. */
async function all(emulator: Emulator, filter?: string): Promise<Entry[]> {
  let next: string | undefined = `/auditLogs/provisioning?$top=999${filter ? `&$filter=${enc(filter)}` : ""}`;
  const entries: Entry[] = [];
  for (let page = 0; next && page < 200; page++) {
    const reply = await call(emulator, "GET", next);
    expect(reply.status, reply.text).toBe(200);
    expect(specErrors("provisioningObjectSummaryCollectionResponse", reply.json)).toEqual([]);
    entries.push(...reply.json.value);
    next = reply.json["@odata.nextLink"];
  }
  expect(next).toBeUndefined();
  return entries;
}

async function getJob(emulator: Emulator, ref: { servicePrincipalId: string; jobId: string }) {
  return (await call(emulator, "GET", jobPath(ref))).json;
}

const steps = (entry: Entry) => entry.provisioningSteps.map((s: Entry) => `${s.provisioningStepType}:${s.status}`);

describe("the demo tenant's history", () => {
  it("holds the last cycles' failures, with codes, categories, reasons and recommended actions", async () => {
    const emulator = await start(RAISED);
    const entries = await all(emulator, `jobId eq '${JOBS.activeWithErrors.jobId}'`);
    const job = await getJob(emulator, JOBS.activeWithErrors);
    const failures = entries.filter((e) => e.provisioningStatusInfo.status === "failure");
    expect(failures).toHaveLength(job.status.lastExecution.countEscrowed);
    expect(failures.every((e) => e.cycleId === job.status.lastExecution.activityIdentifier)).toBe(true);
    const codes = failures.map((e) => e.provisioningStatusInfo.errorInformation.errorCode).sort();
    expect(codes).toEqual([
      "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService",
      "DuplicateTargetEntries",
    ]);
    for (const failure of failures) {
      const info = failure.provisioningStatusInfo.errorInformation;
      expect(info.errorCategory).toBe("nonServiceFailure");
      expect(info.reason).toContain(failure.sourceIdentity.displayName);
      expect(info.recommendedAction).toBeTruthy();
      expect(failure.provisioningSteps.map((s: Entry) => s.provisioningStepType)).toEqual([
        "import",
        "scoping",
        "matching",
        "processing",
        "export",
      ]);
    }
    const duplicate = failures.find(
      (e) => e.provisioningStatusInfo.errorInformation.errorCode === "DuplicateTargetEntries",
    );
    expect(steps(duplicate)).toEqual([
      "import:success",
      "scoping:success",
      "matching:failure",
      "processing:skipped",
      "export:skipped",
    ]);
    const successes = entries.filter((e) => e.provisioningStatusInfo.status === "success");
    expect(successes.length).toBeGreaterThan(0);
    expect(successes.every((e) => e.modifiedProperties.length > 0 && e.targetIdentity.id)).toBe(true);
  });

  it("holds the quarantined job's failed attempts: the one that began the series and each retry", async () => {
    const emulator = await start(RAISED);
    const job = await getJob(emulator, JOBS.quarantine);
    const entries = await all(
      emulator,
      `jobId eq '${JOBS.quarantine.jobId}' and provisioningStatusInfo/status eq 'failure'`,
    );
    expect(entries).toHaveLength(job.status.quarantine.seriesCount);
    expect(entries[0].activityDateTime).toBe(new Date(job.status.quarantine.currentBegan).toISOString());
    expect(entries.at(-1).activityDateTime).toBe(new Date(job.status.quarantine.seriesBegan).toISOString());
    for (const entry of entries) {
      expect(entry.provisioningStatusInfo.errorInformation).toMatchObject({
        errorCode: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
        errorCategory: "nonServiceFailure",
      });
      expect(entry.provisioningStatusInfo.errorInformation.recommendedAction).toContain("QuarantineState");
    }
  });
});

describe("scheduled cycles", () => {
  it("write one entry per object each execution touched; the counts of the execution match its entries", async () => {
    const emulator = await start(RAISED);
    const before = await all(emulator, `jobId eq '${JOBS.active.jobId}'`);
    emulator.clock.advance(HOUR);
    const entries = await all(emulator, `jobId eq '${JOBS.active.jobId}'`);
    const fresh = entries.filter((e) => !before.some((b: Entry) => b.id === e.id));
    expect(fresh.length).toBeGreaterThan(10);
    const byCycle = new Map<string, Entry[]>();
    for (const entry of fresh) byCycle.set(entry.cycleId, [...(byCycle.get(entry.cycleId) ?? []), entry]);
    const job = await getJob(emulator, JOBS.active);
    const last = job.status.lastExecution;
    const ofLast = byCycle.get(last.activityIdentifier) ?? [];
    expect(ofLast).toHaveLength(last.countImported);
    const status = (s: string) => ofLast.filter((e) => e.provisioningStatusInfo.status === s).length;
    expect(status("failure")).toBe(last.countEscrowed);
    expect(
      ofLast.filter((e) => e.provisioningAction === "update" && e.provisioningStatusInfo.status === "success"),
    ).toHaveLength(last.countExported);
    expect(last.state).toBe(last.countEscrowed > 0 ? "EntryLevelErrors" : "Succeeded");
    for (const entry of ofLast) {
      const t = Date.parse(entry.activityDateTime);
      expect(t).toBeGreaterThanOrEqual(Date.parse(last.timeBegan));
      expect(t).toBeLessThanOrEqual(Date.parse(last.timeEnded));
    }
    // Over an hour of 2-minute cycles every kind of outcome shows up.
    const outcomes = new Set(fresh.map((e) => e.provisioningStatusInfo.status));
    expect([...outcomes].sort()).toEqual(["failure", "skipped", "success"]);
    const skipCodes = new Set(
      fresh
        .filter((e) => e.provisioningStatusInfo.status === "skipped")
        .map((e) => e.provisioningStatusInfo.errorInformation.errorCode),
    );
    expect([...skipCodes].sort()).toEqual(["NotEffectivelyEntitled", "RedundantExport"]);
  });

  it("are the same entries whenever they are read, and for the same seed", async () => {
    const often = await start(RAISED);
    const once = await start(RAISED);
    for (let i = 0; i < 6; i++) {
      often.clock.advance(10 * 60_000);
      once.clock.advance(10 * 60_000);
      await all(often);
    }
    expect(await all(once)).toEqual(await all(often));
  });

  it("stay bounded when the clock jumps weeks: at most the cap, the newest kept", async () => {
    const cap = 500;
    const emulator = await start({ limits: { provisioningLogRequests: 1000, provisioningLogEntries: cap } });
    emulator.clock.advance(21 * 24 * HOUR);
    const entries = await all(emulator);
    expect(entries).toHaveLength(cap);
    const newest = Date.parse(entries[0].activityDateTime);
    expect(emulator.clock.now() - newest).toBeLessThan(HOUR);
    const times = entries.map((e: Entry) => Date.parse(e.activityDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("skip objects out of scope at the scoping step with NotEffectivelyEntitled", async () => {
    const emulator = await start(RAISED);
    emulator.clock.advance(6 * HOUR);
    const skipped = (await all(emulator, "provisioningStatusInfo/status eq 'skipped'")).filter(
      (e) => e.provisioningStatusInfo.errorInformation.errorCode === "NotEffectivelyEntitled",
    );
    expect(skipped.length).toBeGreaterThan(0);
    for (const entry of skipped) {
      expect(steps(entry)).toEqual([
        "import:success",
        "scoping:skipped",
        "matching:skipped",
        "processing:skipped",
        "export:skipped",
      ]);
      expect(entry.provisioningSteps[1].details.SkipReason).toBe("NotEffectivelyEntitled");
      expect(entry.targetIdentity.id).toBeNull();
    }
  });
});

describe("finding one user's entries", () => {
  it("by source id, target id, userPrincipalName (displayName) or externalId, the same person each time", async () => {
    const emulator = await start(RAISED);
    emulator.clock.advance(12 * HOUR);
    const everything = await all(emulator, `jobId eq '${JOBS.active.jobId}'`);
    const person = Array.from({ length: DIRECTORY_SIZE }, (_, i) =>
      personOf({ id: JOBS.active.jobId, templateId: "AD2AADPasswordHash" }, i),
    ).find((p) => everything.some((e) => e.sourceIdentity.id === p.sourceId && e.targetIdentity.id));
    if (!person) throw new Error("no person with entries");
    const mine = everything.filter((e) => e.sourceIdentity.id === person.sourceId);
    const ids = (entries: Entry[]) => entries.map((e) => e.id);
    const inJob = `jobId eq '${JOBS.active.jobId}' and `;
    expect(ids(await all(emulator, `${inJob}sourceIdentity/id eq '${person.sourceId}'`))).toEqual(ids(mine));
    expect(ids(await all(emulator, `${inJob}sourceIdentity/displayName eq '${person.userPrincipalName}'`))).toEqual(
      ids(mine),
    );
    // The same person in another job of the tenant has the same source id and UPN.
    const everywhere = await all(emulator, `sourceIdentity/displayName eq '${person.userPrincipalName}'`);
    expect(
      everywhere.every(
        (e) => e.sourceIdentity.id === person.sourceId || e.sourceIdentity.details.externalId === person.externalId,
      ),
    ).toBe(true);
    const byTarget = await all(emulator, `targetIdentity/id eq '${person.targetId}'`);
    expect(byTarget.length).toBeGreaterThan(0);
    expect(byTarget.every((e) => e.sourceIdentity.id === person.sourceId)).toBe(true);
    for (const entry of mine) {
      expect(entry.sourceIdentity.details).toMatchObject({
        userPrincipalName: person.userPrincipalName,
        externalId: person.externalId,
      });
    }
  });

  it("an inbound (HR) job's source id is the worker's externalId", async () => {
    const emulator = await start(RAISED);
    const entries = await all(emulator, `jobId eq '${JOBS.activeWithErrors.jobId}'`);
    const objects = entries.filter((e) => e.sourceIdentity.id);
    expect(objects.length).toBeGreaterThan(0);
    for (const entry of objects) {
      expect(entry.sourceIdentity.id).toBe(entry.sourceIdentity.details.externalId);
      expect(entry.sourceSystem.displayName).toBe("Contoso HR API-driven inbound provisioning");
      expect(entry.targetSystem.displayName).toBe("Microsoft Entra ID");
    }
  });

  it("provisionOnDemand of a directory object behaves as in cycles: out of scope is skipped, a duplicate fails", async () => {
    const emulator = await start(RAISED);
    const job = { id: JOBS.paused.jobId, templateId: "AD2AADProvisioning" };
    const people = Array.from({ length: DIRECTORY_SIZE }, (_, i) => personOf(job, i));
    const out = people.find((p) => p.disposition === "outOfScope");
    const duplicate = people.find((p) => p.disposition === "duplicateTarget");
    const ok = people.find((p) => p.disposition === "ok");
    const subjects = [out, duplicate, ok].map((p) => ({ objectId: p?.userPrincipalName, objectTypeName: "User" }));
    const reply = await call(emulator, "POST", jobPath(JOBS.paused, "provisionOnDemand"), {
      body: { parameters: [{ ruleId: "ea807875-5618-4f0a-9125-0b46a05298ca", subjects }] },
    });
    expect(reply.status).toBe(200);
    const entries = await all(
      emulator,
      `jobId eq '${JOBS.paused.jobId}' and contains(sourceIdentity/displayName, '@')`,
    );
    const byUpn = new Map(entries.map((e) => [e.sourceIdentity.displayName, e]));
    expect(byUpn.get(out?.userPrincipalName).provisioningStatusInfo.errorInformation.errorCode).toBe(
      "NotEffectivelyEntitled",
    );
    expect(byUpn.get(duplicate?.userPrincipalName).provisioningStatusInfo.status).toBe("failure");
    expect(byUpn.get(ok?.userPrincipalName)).toMatchObject({
      provisioningAction: "create",
      provisioningStatusInfo: { status: "success" },
      initiatedBy: { initiatorType: "application" },
      sourceIdentity: { id: ok?.sourceId },
    });
  });
});
