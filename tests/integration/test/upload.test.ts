// Inbound provisioning end to end: the client cuts SCIM users into bulk requests and uploads them to the emulator,
// retries its 429s on the emulator's clock, then reads each record's outcome from the provisioning logs (by the
// record's externalId) and the users it wrote. The emulator's counters prove no record lost and none sent twice.
import {
  createGraphSyncClient,
  type ProvisioningObjectSummary,
  type ScimUser,
  toBulkRequests,
} from "@graphsync/client";
import { DEMO_TENANT, startEmulator } from "@graphsync/emulator";
import { expect, it } from "vitest";

const { inbound } = DEMO_TENANT.jobs;
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const worker = (i: number): ScimUser => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
  externalId: `HR${i}`,
  userName: `hr${i}@contoso.com`,
  displayName: `Worker ${i}`,
  // Each reports to the one before; the first to the demo tenant's Megan Bowen (employeeId 100001).
  [ENTERPRISE]: { department: "Sales", manager: { value: i === 0 ? "100001" : `HR${i - 1}` } },
});

it("uploads 120 records in 3 requests through 429s, and every record has one outcome in the logs", async () => {
  const emulator = await startEmulator({
    clock: "manual",
    log: "silent",
    uploadDelayMs: 60_000,
    limits: { bulkUploadRequests: 2, provisioningLogRequests: 1000 },
  });
  try {
    const waits: number[] = [];
    const graph = createGraphSyncClient({
      baseUrl: emulator.graphUrl(),
      accessToken: emulator.token,
      // The client waits Retry-After on the emulator's clock: no real time passes.
      retry: { sleep: async (ms) => void waits.push(emulator.clock.advance(ms)) },
    });
    const users = Array.from({ length: 120 }, (_, i) => worker(119 - i));
    const locations: Array<string | null> = [];
    for (const request of toBulkRequests(users)) {
      const accepted = await graph.bulkUpload(inbound.servicePrincipalId, inbound.jobId, request);
      expect(accepted.status).toBe(202);
      locations.push(accepted.location);
    }
    expect(waits).toHaveLength(1);
    expect(new URL(locations[0] ?? "").searchParams.get("$filter")).toBe(`jobId eq '${inbound.jobId}'`);

    emulator.clock.advance(60_000);
    const entries: ProvisioningObjectSummary[] = [];
    for await (const entry of graph.listProvisioningLogs({ filter: { jobId: inbound.jobId }, top: 50 })) {
      entries.push(entry);
    }
    expect(entries).toHaveLength(120);
    const bySource = new Map(entries.map((e) => [e.sourceIdentity?.id, e]));
    expect(bySource.size).toBe(120);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        provisioningAction: "create",
        provisioningStatusInfo: { status: "success" },
        initiatedBy: { initiatorType: "application" },
      });
    }
    const one = [];
    for await (const entry of graph.listProvisioningLogs({ filter: { jobId: inbound.jobId, sourceId: "HR7" } })) {
      one.push(entry);
    }
    expect(one.map((e) => e.sourceIdentity?.id)).toEqual(["HR7"]);

    // Managers arrived in reverse order, across requests: every one resolved.
    const [hr7] = await collect(graph.listUsers({ employeeId: "HR7" }, { expandManager: ["employeeId"] }));
    expect(hr7?.manager).toMatchObject({ employeeId: "HR6" });
    expect(one[0]?.targetIdentity?.id).toBe(hr7?.id);
    const hr0 = await graph.getUser("hr0@contoso.com", { expandManager: true });
    expect(hr0.manager?.displayName).toBe("Megan Bowen");

    const counters = emulator.state.serialize().directory?.counters.find((c) => c.jobId === inbound.jobId);
    expect(counters).toMatchObject({ requests: 3, operations: 120, throttled: 1, processed: 120 });
    expect(counters?.received.every(([, times]) => times === 1)).toBe(true);
    expect(emulator.contract.violationCount).toBe(0);
  } finally {
    await emulator.close();
  }
});

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterator) all.push(item);
  return all;
}
