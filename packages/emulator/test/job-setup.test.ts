// Job setup against a real emulator: templates, create, delete, secrets, validateCredentials. Every answer is
// validated against the spec (test/setup.ts checks each emulator's contract stats after the file).
import { describe, expect, it } from "vitest";
import { DEMO_TENANT } from "../src/index.js";
import { call, control, JOBS, jobPath, start } from "./helpers.js";

const { scim: SCIM_SP, apiInbound: API_SP, workday: WORKDAY_SP, noJobs: NO_JOBS } = DEMO_TENANT.servicePrincipals;
const sync = (sp: string, rest = "") => `/servicePrincipals/${sp}/synchronization${rest}`;
const TOKEN = "scim-token-4b1e9f0c7d2a";

describe("templates", () => {
  it("each service principal offers the catalogue templates of its jobs", async () => {
    const emulator = await start();
    const ids = async (sp: string) =>
      (await call(emulator, "GET", sync(sp, "/templates"))).json.value.map((t: { id: string }) => t.id);
    expect(await ids(SCIM_SP)).toEqual(["scim"]);
    expect(await ids(API_SP)).toEqual(["API2AAD"]);
    expect(await ids(WORKDAY_SP)).toEqual(["Workday"]);
    expect(await ids(NO_JOBS)).toEqual([]);
    const page = await call(emulator, "GET", sync(SCIM_SP, "/templates"));
    expect(page.json.value[0]).toMatchObject({
      id: "scim",
      applicationId: "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
      factoryTag: "CustomSCIM",
      default: true,
      discoverable: true,
    });
    expect(page.json["@odata.context"]).toContain(`servicePrincipals('${SCIM_SP}')/synchronization/templates`);
    expect((await call(emulator, "GET", sync("00000000-0000-4000-8000-000000000000", "/templates"))).status).toBe(404);
  });

  it("a tenant may name the templates; $top pages them with a nextLink", async () => {
    const emulator = await start({
      state: { servicePrincipals: [{ id: NO_JOBS, jobs: [], templates: ["scim", "API2AAD", "Workday"] }] },
    });
    const first = await call(emulator, "GET", sync(NO_JOBS, "/templates?$top=2"));
    expect(first.json.value.map((t: { id: string }) => t.id)).toEqual(["scim", "API2AAD"]);
    const second = await call(emulator, "GET", first.json["@odata.nextLink"]);
    expect(second.json.value.map((t: { id: string }) => t.id)).toEqual(["Workday"]);
    expect(second.json["@odata.nextLink"]).toBeUndefined();
  });
});

describe("create and delete", () => {
  it("POST jobs creates a NotConfigured job from a template (201) that start refuses; DELETE removes it", async () => {
    const emulator = await start();
    const created = await call(emulator, "POST", sync(SCIM_SP, "/jobs"), { body: { templateId: "scim" } });
    expect(created.status).toBe(201);
    expect(created.json.id).toMatch(/^scim\.[0-9a-f]{32}$/);
    expect(created.json).toMatchObject({ templateId: "scim", status: { code: "NotConfigured" } });
    const ref = { servicePrincipalId: SCIM_SP, jobId: created.json.id as string };
    const listed = await call(emulator, "GET", sync(SCIM_SP, "/jobs"));
    expect(listed.json.value.map((j: { id: string }) => j.id)).toContain(ref.jobId);
    expect((await call(emulator, "POST", jobPath(ref, "start"))).status).toBe(400);
    expect((await call(emulator, "GET", jobPath(ref, "schema"))).json.synchronizationRules[0].name).toBe(
      "USER_GROUP_OUTBOUND",
    );

    expect((await call(emulator, "DELETE", jobPath(ref))).status).toBe(204);
    expect((await call(emulator, "GET", jobPath(ref))).status).toBe(404);
    const again = await call(emulator, "DELETE", jobPath(ref));
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe("Request_ResourceNotFound");
  });

  it("refuses a template the service principal does not offer, and a body without templateId", async () => {
    const emulator = await start();
    const wrong = await call(emulator, "POST", sync(SCIM_SP, "/jobs"), { body: { templateId: "Workday" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toContain("'Workday' is not a template of service principal");
    expect(wrong.json.error.message).toContain("its templates: scim");
    const missing = await call(emulator, "POST", sync(SCIM_SP, "/jobs"), { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/templateId/);
  });
});

describe("validateCredentials and secrets", () => {
  const creds = (base: string, token?: string) => [
    { key: "BaseAddress", value: base },
    ...(token === undefined ? [] : [{ key: "SecretToken", value: token }]),
  ];

  it("400 saying what failed: BaseAddress not https, SecretToken missing; 204 when they work", async () => {
    const emulator = await start();
    const bad = await call(emulator, "POST", sync(SCIM_SP, "/jobs/validateCredentials"), {
      body: { templateId: "scim", credentials: creds("http://scim.example.com/v2") },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("BaseAddress is not an https URL (its scheme is http:)");
    expect(bad.json.error.message).toContain("SecretToken is missing.");
    expect(bad.json.error.details.map((d: { target: string }) => d.target).sort()).toEqual([
      "BaseAddress",
      "SecretToken",
    ]);
    const good = await call(emulator, "POST", sync(SCIM_SP, "/jobs/validateCredentials"), {
      body: { templateId: "scim", credentials: creds("https://scim.example.com/v2", TOKEN) },
    });
    expect(good.status).toBe(204);
    const noTemplate = await call(emulator, "POST", sync(SCIM_SP, "/jobs/validateCredentials"), {
      body: { credentials: creds("https://scim.example.com/v2", TOKEN) },
    });
    expect(noTemplate.status).toBe(400);
    expect(noTemplate.json.error.message).toContain("templateId is required");
  });

  it("accepts only the configured SecretTokens, and never quotes a token or a BaseAddress's user info", async () => {
    const emulator = await start({ acceptedSecretTokens: [TOKEN] });
    const job = jobPath(JOBS.quarantine, "validateCredentials");
    const rejected = await call(emulator, "POST", job, {
      body: { credentials: creds("https://user:pa55word@scim.example.com", "wrong-token-7f3e") },
    });
    expect(rejected.status).toBe(400);
    expect(rejected.json.error.message).toContain("The target application rejected the SecretToken");
    expect(rejected.json.error.message).toContain("must not carry a user name or password");
    expect(rejected.text).not.toContain("wrong-token-7f3e");
    expect(rejected.text).not.toContain("pa55word");
    const accepted = await call(emulator, "POST", job, {
      body: { credentials: creds("https://scim.example.com", TOKEN) },
    });
    expect(accepted.status).toBe(204);
  });

  it("secrets are merged by key, validated with useSavedCredentials, and make a NotConfigured job startable", async () => {
    const emulator = await start({ acceptedSecretTokens: [TOKEN] });
    const created = await call(emulator, "POST", sync(SCIM_SP, "/jobs"), { body: { templateId: "scim" } });
    const ref = { servicePrincipalId: SCIM_SP, jobId: created.json.id as string };
    const saved = () =>
      call(emulator, "POST", jobPath(ref, "validateCredentials"), { body: { useSavedCredentials: true } });
    expect((await saved()).json.error.message).toContain(
      "Validation of the saved credentials failed: BaseAddress is missing.",
    );

    const put = (value: unknown[]) => call(emulator, "PUT", sync(SCIM_SP, "/secrets"), { body: { value } });
    expect((await put([{ key: "BaseAddress", value: "https://scim.example.com" }])).status).toBe(204);
    expect((await call(emulator, "GET", jobPath(ref))).json.status.code).toBe("NotConfigured");
    expect((await put([{ key: "SecretToken", value: "not-the-token" }])).status).toBe(204);
    expect((await call(emulator, "GET", jobPath(ref))).json.status.code).toBe("NotRun");
    expect((await saved()).json.error.message).toContain("rejected the SecretToken");
    expect((await put([{ key: "SecretToken", value: TOKEN }])).status).toBe(204);
    expect((await saved()).status).toBe(204);
    expect((await call(emulator, "POST", jobPath(ref, "start"))).status).toBe(204);

    const state = await control(emulator, "GET", "state");
    expect(state.text).not.toContain(TOKEN);
    const job = await call(emulator, "GET", jobPath(ref));
    expect(job.text).not.toContain(TOKEN);
  });

  it("refuses a secret key that is not a synchronizationSecret member, naming it", async () => {
    const emulator = await start();
    const bad = await call(emulator, "PUT", sync(SCIM_SP, "/secrets"), {
      body: { value: [{ key: "secretToken", value: TOKEN }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("value[0].key");
    expect(bad.text).not.toContain(TOKEN);
    const numeric = await call(emulator, "POST", sync(SCIM_SP, "/jobs/validateCredentials"), {
      body: { templateId: "scim", credentials: [{ key: "SecretToken", value: 918273645 }] },
    });
    expect(numeric.status).toBe(400);
    expect(numeric.json.error.message).toContain(
      "credentials[0].value: must be a string or null (the value is not shown",
    );
    expect(numeric.text).not.toContain("918273645");
  });
});
