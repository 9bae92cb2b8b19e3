// A job's schema against a real emulator: GET, PUT (checked, restarts an Active job's cycle as an initial one),
// the service's 404 for PATCH, parseExpression, functions and filterOperators.
import { describe, expect, it } from "vitest";
import { DEMO_TENANT } from "../src/index.js";
import { call, JOBS, jobPath, start } from "./helpers.js";

// Active, API-driven inbound (template API2AAD, in the catalogue).
const ACTIVE = JOBS.activeWithErrors;
const SCIM_JOB = JOBS.quarantine;

describe("schema GET and PUT", () => {
  it("GET answers the template's schema: directories, rules, object and attribute mappings with expressions", async () => {
    const emulator = await start();
    const schema = (await call(emulator, "GET", jobPath(SCIM_JOB, "schema"))).json;
    expect(schema.id).toBe(SCIM_JOB.jobId);
    expect(schema.directories.map((d: { name: string }) => d.name)).toEqual(["Azure Active Directory", "customappsso"]);
    const users = schema.synchronizationRules[0].objectMappings[0];
    expect(users.scope.groups[0].clauses[0]).toEqual({
      operatorName: "IS TRUE",
      sourceOperandName: "accountEnabled",
      targetOperand: { values: [] },
    });
    const formatted = users.attributeMappings.find(
      (m: { targetAttributeName: string }) => m.targetAttributeName === "name.formatted",
    );
    expect(formatted.source).toMatchObject({
      expression: 'Join(" ", [givenName], [surname])',
      name: "Join",
      type: "Function",
      parameters: [
        { key: "separator", value: { type: "Constant", name: " " } },
        { key: "source", value: { type: "Attribute", name: "givenName" } },
        { key: "source", value: { type: "Attribute", name: "surname" } },
      ],
    });
    const roles = users.attributeMappings.find((m: { targetAttributeName: string }) =>
      m.targetAttributeName.startsWith("roles"),
    );
    expect(roles.source.expression).toBe("SingleAppRoleAssignment([appRoleAssignments])");
  });

  it("PUT of the whole document is 204, read back as sent, and restarts an Active job as a Watermark restart does", async () => {
    const emulator = await start();
    const twin = await start();
    const schema = (await call(emulator, "GET", jobPath(ACTIVE, "schema"))).json;
    delete schema["@odata.context"];
    schema.synchronizationRules[0].objectMappings[0].attributeMappings.push({
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: "FlowWhenChanged",
      flowType: "Always",
      matchingPriority: 0,
      source: {
        expression: "[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter]",
        name: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
        parameters: [],
        type: "Attribute",
      },
      targetAttributeName: "extensionAttribute1",
    });
    const before = (await call(emulator, "GET", jobPath(ACTIVE))).json;
    expect((await call(emulator, "PUT", jobPath(ACTIVE, "schema"), { body: schema })).status).toBe(204);
    const read = (await call(emulator, "GET", jobPath(ACTIVE, "schema"))).json;
    delete read["@odata.context"];
    expect(read).toEqual(schema);
    await call(twin, "POST", jobPath(ACTIVE, "restart"), { body: { criteria: { resetScope: "Watermark" } } });
    for (const e of [emulator, twin]) e.clock.advance(60_000);
    const { "@odata.context": _, ...after } = (await call(emulator, "GET", jobPath(ACTIVE))).json;
    const { "@odata.context": __, ...restarted } = (await call(twin, "GET", jobPath(ACTIVE))).json;
    expect(after).toEqual(restarted);
    expect(after.status.lastExecution).not.toEqual(before.status.lastExecution);
  });

  it("400 naming a target attribute, a source attribute, an object and an operator the directories lack", async () => {
    const emulator = await start();
    const schema = (await call(emulator, "GET", jobPath(SCIM_JOB, "schema"))).json;
    const users = schema.synchronizationRules[0].objectMappings[0];
    users.attributeMappings[2].targetAttributeName = "nickname";
    users.attributeMappings[3].source = {
      expression: "[jobTitel]",
      name: "jobTitel",
      parameters: [],
      type: "Attribute",
    };
    users.attributeMappings[8].source.expression = 'Join(" ", [givenName], [lastName])';
    users.scope.groups[0].clauses[0].operatorName = "IS TRUTHY";
    schema.synchronizationRules[0].objectMappings[1].targetObjectName = "Team";
    const answer = await call(emulator, "PUT", jobPath(SCIM_JOB, "schema"), { body: schema });
    expect(answer.status).toBe(400);
    const targets = answer.json.error.details.map((d: { target: string }) => d.target);
    expect(targets).toEqual(
      expect.arrayContaining([
        "synchronizationRules/0/objectMappings/0/attributeMappings/2/targetAttributeName",
        "synchronizationRules/0/objectMappings/0/attributeMappings/3/source",
        "synchronizationRules/0/objectMappings/0/attributeMappings/8/source",
        "synchronizationRules/0/objectMappings/0/scope/groups/0/clauses/0/operatorName",
        "synchronizationRules/0/objectMappings/1/targetObjectName",
      ]),
    );
    const text = answer.json.error.details.map((d: { message: string }) => d.message).join("\n");
    expect(text).toContain("'nickname' is not an attribute of 'urn:ietf:params:scim:schemas:core:2.0:User'");
    expect(text).toContain("the attribute 'jobTitel' is not an attribute of 'User'");
    expect(text).toContain("the attribute 'lastName' is not an attribute of 'User'");
    expect(answer.json.error.message).toMatch(/^The schema is not valid: .*\(and 2 more\)\.$/);
    // Nothing was saved.
    const unchanged = (await call(emulator, "GET", jobPath(SCIM_JOB, "schema"))).json;
    expect(unchanged.synchronizationRules[0].objectMappings[0].attributeMappings[2].targetAttributeName).toBe(
      "displayName",
    );
  });

  it("a document that is not a schema is refused by the spec's check", async () => {
    const emulator = await start();
    const answer = await call(emulator, "PUT", jobPath(SCIM_JOB, "schema"), { body: { synchronizationRules: "all" } });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain("synchronizationRules");
  });

  it("PATCH answers the service's 404: No HTTP resource was found that matches the request URI", async () => {
    const emulator = await start();
    const answer = await call(emulator, "PATCH", jobPath(SCIM_JOB, "schema"), { body: { synchronizationRules: [] } });
    expect(answer.status).toBe(404);
    expect(answer.json.error.code).toBe("UnknownError");
    expect(JSON.parse(answer.json.error.message)).toEqual({
      Message: `No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api/servicePrincipals('${SCIM_JOB.servicePrincipalId}')/synchronization/jobs('${SCIM_JOB.jobId}.${DEMO_TENANT.tenantId}')/schema?api-version=2.0'.`,
    });
  });

  it("a job whose template is not in the catalogue has no schema (404 naming the catalogue)", async () => {
    const emulator = await start();
    const answer = await call(emulator, "GET", jobPath(JOBS.paused, "schema"));
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toContain("no schema for template 'AD2AADProvisioning'");
  });
});

describe("expressions", () => {
  const parse = (emulator: Awaited<ReturnType<typeof start>>, expression: string, properties?: unknown[]) =>
    call(emulator, "POST", jobPath(SCIM_JOB, "schema/parseExpression"), {
      body: {
        expression,
        testInputObject: properties ? { definition: null, properties } : null,
        targetAttributeDefinition: null,
      },
    });

  it("parses and evaluates against the test input", async () => {
    const emulator = await start();
    const join = await parse(emulator, 'Join(" ", [givenName], [surname])', [
      { key: "givenName", value: "Adele" },
      { key: "surname", value: "Vance" },
    ]);
    expect(join.status).toBe(200);
    expect(join.json).toMatchObject({
      parsingSucceeded: true,
      evaluationSucceeded: true,
      evaluationResult: ["Adele Vance"],
      parsedExpression: { name: "Join", type: "Function" },
    });
    const active = await parse(emulator, 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', [
      { key: "IsSoftDeleted", value: false },
    ]);
    expect(active.json.evaluationResult).toEqual(["True"]);
    const role = await parse(emulator, "SingleAppRoleAssignment([appRoleAssignments])", [
      { key: "appRoleAssignments", value: ["Admin", "User"] },
    ]);
    expect(role.json.evaluationResult).toEqual(["Admin"]);
    const upn = await parse(
      emulator,
      'Join("@", NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname]))), "contoso.com")',
      [
        { key: "givenName", value: "Zoë" },
        { key: "surname", value: "Saint Clair" },
      ],
    );
    expect(upn.json.evaluationResult).toEqual(["Zoe.SaintClair@contoso.com"]);
    const date = await parse(emulator, 'FormatDateTime([hire], , "yyyy-MM-ddzzz", "yyyyMMddHHmmss.fZ")', [
      { key: "hire", value: "2026-03-01+01:00" },
    ]);
    expect(date.json.evaluationResult).toEqual(["20260228230000.0Z"]);
    const noInput = await parse(emulator, "ToUpper([mail])");
    expect(noInput.json).toMatchObject({ parsingSucceeded: true, evaluationSucceeded: false, evaluationResult: [] });
  });

  it("a syntax error, an unknown function or a wrong arity is an answer, not an HTTP error", async () => {
    const emulator = await start();
    const open = await parse(emulator, 'Join(" ", [givenName]');
    expect(open.status).toBe(200);
    expect(open.json).toMatchObject({ parsingSucceeded: false, evaluationSucceeded: false, parsedExpression: null });
    expect(open.json.error.message).toContain("Function 'Join' has no closing ')'");
    const typo = await parse(emulator, "Jion([a], [b])");
    expect(typo.json.error.message).toBe("The function 'Jion' is not defined. Did you mean Join?");
    const arity = await parse(emulator, "Mid([a], 1)");
    expect(arity.json.error.message).toBe("The function 'Mid' takes 3 arguments, not 2.");
    const bare = await parse(emulator, "givenName");
    expect(bare.json.error.message).toContain("attribute names go in brackets: [givenName]");
    const evaluation = await parse(emulator, "Mid([a], [b], 2)", [
      { key: "a", value: "abc" },
      { key: "b", value: "x" },
    ]);
    expect(evaluation.json).toMatchObject({ parsingSucceeded: true, evaluationSucceeded: false });
    expect(evaluation.json.error.message).toBe("start must be an integer, not 'x'.");
  });

  it("functions and filterOperators list the language", async () => {
    const emulator = await start();
    const functions = (await call(emulator, "GET", jobPath(SCIM_JOB, "schema/functions"))).json.value;
    expect(functions.length).toBeGreaterThan(30);
    expect(functions.find((f: { id: string }) => f.id === "Join")).toEqual({
      id: "Join",
      parameters: [
        { allowMultipleOccurrences: false, name: "separator", required: true, type: "String" },
        { allowMultipleOccurrences: true, name: "source", required: true, type: "String" },
      ],
    });
    const operators = (await call(emulator, "GET", jobPath(SCIM_JOB, "schema/filterOperators"))).json.value;
    expect(operators.map((o: { id: string }) => o.id)).toEqual(
      expect.arrayContaining(["EQUALS", "IS TRUE", "REGEX MATCH"]),
    );
    expect(operators.find((o: { id: string }) => o.id === "IS NULL")).toMatchObject({ arity: "Unary" });
    const unknown = await call(
      emulator,
      "GET",
      jobPath({ ...SCIM_JOB, jobId: "scim.00000000000000000000000000000000" }, "schema/functions"),
    );
    expect(unknown.status).toBe(404);
  });
});
