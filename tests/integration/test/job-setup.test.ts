// The client's job setup and schema calls against the emulator, in the order the documentation gives (templates,
// create, validate, secrets, schema, start), every answer fitting the spec; and what each failure looks like.
import { createGraphSyncClient, GraphError, ValidationError } from "@graphsync/client";
import { DEMO_TENANT, startEmulator } from "@graphsync/emulator";
import { expect, it } from "vitest";

const SP = DEMO_TENANT.servicePrincipals.scim;
const TOKEN = "scim-token-integration-6d1f";

it("sets a SCIM job up end to end, then deletes it", async () => {
  const emulator = await startEmulator({ clock: "manual", log: "silent", acceptedSecretTokens: [TOKEN] });
  try {
    const graph = createGraphSyncClient({ baseUrl: emulator.graphUrl(), accessToken: emulator.token });
    const templates = [];
    for await (const t of graph.listTemplates(SP)) templates.push(t.id);
    expect(templates).toEqual(["scim"]);

    const job = await graph.createJob(SP, "scim");
    expect(job.status?.code).toBe("NotConfigured");

    const https = { BaseAddress: "https://scim.example.com/v2", SecretToken: TOKEN };
    await expect(graph.validateCredentials(SP, { templateId: "scim", credentials: https })).resolves.toMatchObject({
      status: 204,
    });
    const bad = await graph
      .validateJobCredentials(SP, job.id, { credentials: { BaseAddress: "http://scim.example.com" } })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(GraphError);
    expect((bad as GraphError).status).toBe(400);
    expect((bad as GraphError).message).toContain("BaseAddress is not an https URL");
    expect((bad as GraphError).message).toContain("SecretToken is missing.");

    await graph.setSecrets(SP, https);
    await expect(graph.validateJobCredentials(SP, job.id, { useSavedCredentials: true })).resolves.toMatchObject({
      status: 204,
    });

    const schema = await graph.getSchema(SP, job.id);
    const users = schema.synchronizationRules?.[0]?.objectMappings?.[0];
    const mail = users?.attributeMappings?.find((m) => m.targetAttributeName === 'emails[type eq "work"].value');
    if (!mail?.source) throw new Error("the SCIM template maps emails");
    mail.source = (await graph.parseExpression(SP, job.id, "ToLower([mail])")).parsedExpression ?? null;
    await graph.replaceSchema(SP, job.id, schema);
    const read = await graph.getSchema(SP, job.id);
    const again = read.synchronizationRules?.[0]?.objectMappings?.[0]?.attributeMappings?.find(
      (m) => m.targetAttributeName === 'emails[type eq "work"].value',
    );
    expect(again?.source?.expression).toBe("ToLower([mail])");

    const evaluated = await graph.parseExpression(SP, job.id, 'Join(" ", [givenName], [surname])', {
      testInput: { givenName: "Adele", surname: "Vance" },
    });
    expect(evaluated.evaluationResult).toEqual(["Adele Vance"]);
    expect((await graph.listFunctions(SP, job.id)).map((f) => f.id)).toContain("SingleAppRoleAssignment");
    expect((await graph.listFilterOperators(SP, job.id)).map((o) => o.id)).toContain("EQUALS");

    await graph.startJob(SP, job.id);
    expect((await graph.getJob(SP, job.id)).status?.code).toBe("Active");

    await graph.deleteJob(SP, job.id);
    await expect(graph.getJob(SP, job.id)).rejects.toMatchObject({ status: 404 });
    expect(emulator.contract.violations).toEqual([]);
    expect(emulator.contract.validated).toBeGreaterThan(10);
  } finally {
    await emulator.close();
  }
});

it("a schema that maps an attribute the directory lacks gets the 400 naming it; a bad secret key sends nothing", async () => {
  const emulator = await startEmulator({ clock: "manual", log: "silent" });
  try {
    const graph = createGraphSyncClient({ baseUrl: emulator.graphUrl(), accessToken: emulator.token });
    const { quarantine } = DEMO_TENANT.jobs;
    const schema = await graph.getSchema(quarantine.servicePrincipalId, quarantine.jobId);
    const first = schema.synchronizationRules?.[0]?.objectMappings?.[0]?.attributeMappings?.[0];
    if (!first) throw new Error("no mapping");
    first.targetAttributeName = "loginName";
    const error = await graph.replaceSchema(quarantine.servicePrincipalId, quarantine.jobId, schema).catch((e) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toContain("'loginName' is not an attribute");

    const before = emulator.requests.count;
    const refused = await graph.setSecrets(SP, { Secrettoken: TOKEN } as never).catch((e) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.message).toContain("did you mean SecretToken?");
    expect(refused.message).not.toContain(TOKEN);
    expect(emulator.requests.count).toBe(before);
  } finally {
    await emulator.close();
  }
});
