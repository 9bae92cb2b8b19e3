/** --sp takes an appId as well as the object id, and --sp-name a display name (issue 15 item 14). */
import type { Emulator } from "@graphsync/emulator";
import { describe, expect, it } from "vitest";
import { cliOn, freshEmulatorEachTest } from "./helpers/commands.js";
import { closeEmulators, DEMO_TENANT, JOBS, SP, startTestEmulator } from "./helpers/emulator.js";
import { hasStackTrace } from "./helpers/runtime.js";

const APP_ID = "1a4721b3-e57f-4451-ae87-ef078703ec94";
const paused = JOBS.paused;

let emulator: Emulator;
freshEmulatorEachTest((started) => {
  emulator = started;
});
const cli = cliOn(() => emulator);
const operations = () => emulator.requests.list().map((request) => request.operation);

describe("--sp with an appId", () => {
  it("is looked up when no service principal has that object id, and the command runs on the object id", async () => {
    const started = await cli(["jobs", "start", "--sp", APP_ID, "--job", paused.jobId, "-o", "json"]);
    expect(started.code).toBe(0);
    expect(started.stderr).toContain(`--sp ${APP_ID} is the appId of "contoso.local (Microsoft Entra Cloud Sync)"`);
    expect(JSON.parse(started.stdout)).toMatchObject({
      servicePrincipalId: SP,
      jobId: paused.jobId,
      action: "started",
    });
    expect(emulator.state.startCount(SP, paused.jobId)).toBe(1);
    const list = await cli(["jobs", "list", "--sp", APP_ID, "--quiet"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(paused.jobId);
  });

  it("an object id is used as it is: no lookup", async () => {
    const got = await cli(["jobs", "get", "--sp", SP, "--job", paused.jobId]);
    expect(got.code).toBe(0);
    expect(operations()).toEqual(["getSynchronizationJob"]);
  });

  it("a GUID that is neither is 'not found' (exit 4), naming both readings", async () => {
    const missing = await cli(["jobs", "get", "--sp", "00000000-0000-4000-8000-000000000000", "--job", paused.jobId]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("was not found");
    expect(missing.stderr).toContain("object id (Enterprise applications > Object ID) or its appId");
    expect(hasStackTrace(missing.stderr)).toBe(false);
  });
});

describe("--sp-name", () => {
  it("finds the service principal by display name (case ignored) and runs the command on it", async () => {
    const quarantined = JOBS.quarantine;
    const got = await cli([
      "jobs",
      "get",
      "--sp-name",
      "FABRIKAM cloud (scim)",
      "--job",
      quarantined.jobId,
      "-o",
      "json",
    ]);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout).id).toBe(quarantined.jobId);
    expect(operations()).toEqual(["listServicePrincipals", "getSynchronizationJob"]);
  });

  it("no match is exit 4 and several are exit 1 listing them; nothing else is sent", async () => {
    const none = await cli(["jobs", "list", "--sp-name", "Nobody's app"]);
    expect(none.code).toBe(4);
    expect(none.stderr).toContain(`no service principal is named "Nobody's app"`);
    await closeEmulators();
    const twin = { id: "11111111-1111-4111-8111-111111111111", displayName: "Twin", jobs: [] };
    emulator = await startTestEmulator({
      state: {
        tenantId: DEMO_TENANT.tenantId,
        servicePrincipals: [twin, { ...twin, id: "22222222-2222-4222-8222-222222222222" }],
      },
    });
    const several = await cli(["jobs", "list", "--sp-name", "twin"]);
    expect(several.code).toBe(1);
    expect(several.stderr).toContain('2 service principals are named "twin"');
    expect(several.stderr).toContain("22222222-2222-4222-8222-222222222222");
    expect(operations()).toEqual(["listServicePrincipals"]);
  });

  it("cannot be combined with --sp (exit 2, nothing sent)", async () => {
    const both = await cli(["jobs", "get", "--sp", SP, "--sp-name", "x", "--job", paused.jobId]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--sp cannot be combined with --sp-name");
    expect(operations()).toEqual([]);
  });
});
