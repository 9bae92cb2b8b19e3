// The client's provisioning-log reads against the emulator: entries written by start and provisionOnDemand, read
// back with the filter builder and a raw $filter, across pages, every answer fitting the spec.
import { createGraphSyncClient, type ProvisioningObjectSummary } from "@graphsync/client";
import { DEMO_TENANT, startEmulator } from "@graphsync/emulator";
import { expect, it } from "vitest";

const { active, paused } = DEMO_TENANT.jobs;
const RULE = "ea807875-5618-4f0a-9125-0b46a05298ca";
const subjects = (...ids: string[]) => [
  { ruleId: RULE, subjects: ids.map((objectId) => ({ objectId, objectTypeName: "User" })) },
];

it("start and provisionOnDemand write entries the client lists by job and status, following every page", async () => {
  // More reads than the service's 5 per 10 s, on a clock that does not move: the limit is raised.
  const emulator = await startEmulator({ clock: "manual", log: "silent", limits: { provisioningLogRequests: 100 } });
  try {
    const graph = createGraphSyncClient({ baseUrl: emulator.graphUrl(), accessToken: emulator.token });
    const collect = async (iterator: AsyncIterable<ProvisioningObjectSummary>) => {
      const entries: ProvisioningObjectSummary[] = [];
      for await (const entry of iterator) entries.push(entry);
      return entries;
    };
    const startedAt = new Date(emulator.clock.now());
    await graph.startJob(paused.servicePrincipalId, paused.jobId);
    emulator.clock.advance(60_000);
    await graph.provisionOnDemand(active.servicePrincipalId, active.jobId, {
      parameters: subjects("u-1", "u-2", "u-3"),
    });
    await graph.provisionOnDemand(active.servicePrincipalId, active.jobId, { parameters: subjects("u-1") });

    // The job's own cycles write entries too (the emulator's history and its 2-minute schedule): these are the u-*.
    const onDemand = `jobId eq '${active.jobId}' and contains(sourceIdentity/id, 'u-')`;
    const before = emulator.requests.count;
    const byJob = await collect(graph.listProvisioningLogs({ filter: onDemand, top: 2 }));
    expect(emulator.requests.count - before).toBe(2);
    expect(byJob.map((e) => [e.sourceIdentity?.id, e.provisioningStatusInfo?.status])).toEqual([
      ["u-1", "skipped"],
      ["u-3", "success"],
      ["u-2", "success"],
      ["u-1", "success"],
    ]);
    for (const entry of byJob) {
      expect(entry.servicePrincipal?.id).toBe(active.servicePrincipalId);
      expect(entry.provisioningSteps?.map((s) => s.provisioningStepType)).toEqual([
        "import",
        "scoping",
        "matching",
        "processing",
        "export",
      ]);
    }

    const skipped = await collect(
      graph.listProvisioningLogs({ filter: `${onDemand} and provisioningStatusInfo/status eq 'skipped'` }),
    );
    expect(skipped.map((e) => e.provisioningStatusInfo?.errorInformation?.errorCode)).toEqual(["RedundantExport"]);

    const cycle = await collect(
      graph.listProvisioningLogs({ filter: { jobId: paused.jobId, action: "other", until: startedAt } }),
    );
    expect(cycle).toHaveLength(1);
    expect(cycle[0]).toMatchObject({ activityDateTime: startedAt.toISOString(), provisioningAction: "other" });

    const raw = `provisioningStatusInfo/status eq 'success' and (sourceIdentity/id eq 'u-2' or sourceIdentity/id eq 'u-3')`;
    expect((await collect(graph.listProvisioningLogs({ filter: raw }))).map((e) => e.sourceIdentity?.id)).toEqual([
      "u-3",
      "u-2",
    ]);
    const unsupported = await collect(graph.listProvisioningLogs({ filter: "jobid eq 'x'" })).catch((e: unknown) => e);
    expect(unsupported).toMatchObject({ name: "GraphError", status: 400 });
    expect((unsupported as Error).message).toContain("jobid");
    expect(emulator.contract.violations).toEqual([]);
  } finally {
    await emulator.close();
  }
});
