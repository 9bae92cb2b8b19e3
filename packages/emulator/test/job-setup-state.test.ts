// Job setup across a state file, faults and the emulator's log: what is saved (jobs, schemas, secrets as digests),
// what survives a restart, and that no secret value is written anywhere in clear.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_TENANT, type LogEntry } from "../src/index.js";
import { call, JOBS, jobPath, start } from "./helpers.js";

const folder = mkdtempSync(join(tmpdir(), "graphsync-emulator-setup-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SCIM_SP = DEMO_TENANT.servicePrincipals.scim;
const TOKEN = "scim-secret-token-9c2d7e41";
const PASSWORD = "workday-password-51b0";
const sync = (rest: string) => `/servicePrincipals/${SCIM_SP}/synchronization${rest}`;

describe("state file", () => {
  it("keeps created jobs, replaced schemas and secrets (as digests) across a restart", async () => {
    const file = join(folder, "setup.json");
    const log: LogEntry[] = [];
    const options = { stateFile: file, acceptedSecretTokens: [TOKEN], log: (e: LogEntry) => log.push(e) };
    const first = await start(options);
    const created = await call(first, "POST", sync("/jobs"), { body: { templateId: "scim" } });
    const ref = { servicePrincipalId: SCIM_SP, jobId: created.json.id as string };
    const secrets = [
      { key: "BaseAddress", value: "https://scim.example.com/v2" },
      { key: "SecretToken", value: TOKEN },
    ];
    expect((await call(first, "PUT", sync("/secrets"), { body: { value: secrets } })).status).toBe(204);
    const workday = `/servicePrincipals/${DEMO_TENANT.servicePrincipals.workday}/synchronization/secrets`;
    await call(first, "PUT", workday, { body: { value: [{ key: "Password", value: PASSWORD }] } });
    const schema = (await call(first, "GET", jobPath(ref, "schema"))).json;
    delete schema["@odata.context"];
    schema.synchronizationRules[0].objectMappings[1].enabled = false;
    expect((await call(first, "PUT", jobPath(ref, "schema"), { body: schema })).status).toBe(204);
    const failed = await call(first, "POST", jobPath(ref, "validateCredentials"), {
      body: { credentials: [{ key: "SecretToken", value: `${TOKEN}-wrong` }] },
    });
    expect(failed.status).toBe(400);
    await first.close();

    const saved = readFileSync(file, "utf8");
    expect(saved).toContain("https://scim.example.com/v2");
    for (const secret of [TOKEN, PASSWORD]) {
      expect(saved).not.toContain(secret);
      expect(JSON.stringify(log)).not.toContain(secret);
    }
    expect(JSON.parse(saved).servicePrincipals.find((sp: { id: string }) => sp.id === SCIM_SP).secrets).toEqual([
      { key: "BaseAddress", value: "https://scim.example.com/v2" },
      { key: "SecretToken", digest: expect.stringMatching(/^[0-9a-f]{64}$/), salt: expect.any(String) },
    ]);

    const second = await start(options);
    expect((await call(second, "GET", jobPath(ref))).json.status.code).toBe("NotRun");
    const read = (await call(second, "GET", jobPath(ref, "schema"))).json;
    expect(read.synchronizationRules[0].objectMappings[1].enabled).toBe(false);
    const savedCheck = await call(second, "POST", jobPath(ref, "validateCredentials"), {
      body: { useSavedCredentials: true },
    });
    expect(savedCheck.status).toBe(204);
    expect((await call(second, "DELETE", jobPath(ref))).status).toBe(204);
    await second.close();
    const third = await start(options);
    expect((await call(third, "GET", jobPath(ref))).status).toBe(404);
    expect((await call(third, "GET", sync("/templates"))).json.value.map((t: { id: string }) => t.id)).toEqual([
      "scim",
    ]);
  });

  it("a saved secret digest that is not one is refused when the state loads, naming the place", async () => {
    const state = {
      graphsyncEmulatorState: 1,
      savedAt: "2026-11-28T10:00:00.000Z",
      seq: 0,
      tenantId: DEMO_TENANT.tenantId,
      servicePrincipals: [
        { id: SCIM_SP, appId: null, displayName: null, jobs: [], secrets: [{ key: "SecretToken", digest: "x" }] },
      ],
    };
    await expect(start({ state: state as never })).rejects.toThrow(/servicePrincipals\/0\/secrets\/0\/digest/);
  });
});

describe("faults", () => {
  it("a throttled schema PUT is not applied; the retry is", async () => {
    const emulator = await start();
    emulator.faults.add({ type: "throttle", operation: "replaceSynchronizationSchema", times: 1 });
    const schema = (await call(emulator, "GET", jobPath(JOBS.quarantine, "schema"))).json;
    delete schema["@odata.context"];
    schema.version = "Date:2026-12-01T00:00:00Z, SchemaVersion:2";
    expect((await call(emulator, "PUT", jobPath(JOBS.quarantine, "schema"), { body: schema })).status).toBe(429);
    expect((await call(emulator, "GET", jobPath(JOBS.quarantine, "schema"))).json.version).not.toBe(schema.version);
    expect((await call(emulator, "PUT", jobPath(JOBS.quarantine, "schema"), { body: schema })).status).toBe(204);
    expect((await call(emulator, "GET", jobPath(JOBS.quarantine, "schema"))).json.version).toBe(schema.version);
  });

  it("an unavailable create makes no job", async () => {
    const emulator = await start();
    emulator.faults.add({ type: "unavailable", operation: "createSynchronizationJob", times: 1 });
    const before = (await call(emulator, "GET", sync("/jobs"))).json.value.length;
    expect((await call(emulator, "POST", sync("/jobs"), { body: { templateId: "scim" } })).status).toBe(503);
    expect((await call(emulator, "GET", sync("/jobs"))).json.value).toHaveLength(before);
  });
});
