import { describe, expect, it } from "vitest";
import { buildJob, DEMO_TENANT, MANUAL_CLOCK_START, startEmulator } from "../src/index.js";
import { specErrors } from "./helpers.js";

describe("buildJob", () => {
  it("fills every status field a never-run job has, with a schedule that fits the status", () => {
    const paused = buildJob({ templateId: "scim", status: { code: "Paused" } });
    expect(specErrors("synchronizationJob", paused)).toEqual([]);
    expect(paused.id).toMatch(/^scim\.[0-9a-f]{32}$/);
    expect(paused.schedule).toEqual({ expiration: null, interval: "PT40M", state: "Paused" });
    expect(paused.status).toMatchObject({ code: "Paused", lastExecution: null, quarantine: null, progress: [] });
    const notRun = buildJob({ id: "Workday.1", templateId: "Workday" });
    expect(notRun.status?.code).toBe("NotRun");
    expect(notRun.schedule?.state).toBe("Disabled");
    expect(
      buildJob({ templateId: "scim", status: { code: "Active" }, schedule: { interval: "PT2M" } }).schedule,
    ).toEqual({ expiration: null, interval: "PT2M", state: "Active" });
  });

  it("builds a tenant the emulator serves", async () => {
    const job = buildJob({ id: "scim.built", templateId: "scim", status: { code: "Paused" } });
    const spId = DEMO_TENANT.servicePrincipalId;
    const emulator = await startEmulator({
      clock: { mode: "manual", start: MANUAL_CLOCK_START },
      state: { servicePrincipals: [{ id: spId, jobs: [job] }] },
    });
    try {
      const response = await fetch(`${emulator.graphUrl()}/servicePrincipals/${spId}/synchronization/jobs/scim.built`, {
        headers: { authorization: `Bearer ${emulator.token}` },
      });
      expect(response.status).toBe(200);
      expect((await response.json()).status.code).toBe("Paused");
    } finally {
      await emulator.close();
    }
  });
});
