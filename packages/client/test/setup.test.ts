// Job setup and schema operations on an injected fetch: what each sends (method, path, body), what it returns,
// which are retried, and the checks made before anything is sent (secret values never in an error).

import { synchronizationSecretValues } from "@graphsync/types";
import { describe, expect, it } from "vitest";
import {
  type ExpressionInputObject,
  GraphError,
  inputObject,
  SECRET_BEARING_KEYS,
  secretPairs,
  ValidationError,
} from "../src/index.js";
import { graphErrorBody, JOB, json, recordingFetch, rejection, SP, testClient } from "./helpers.js";

const base = `https://graph.example.test/v1.0/servicePrincipals/${SP}/synchronization`;
const jobBase = `${base}/jobs/${encodeURIComponent(JOB)}`;
const noContent = () => new Response(null, { status: 204 });
const bodyOf = (init: { body?: unknown }) => JSON.parse(String(init.body));

describe("templates, create and delete", () => {
  it("listTemplates reads every page", async () => {
    const { fetch, calls } = recordingFetch((_, i) =>
      json(
        200,
        i === 0
          ? { value: [{ id: "scim" }], "@odata.nextLink": `${base}/templates?$skiptoken=2` }
          : { value: [{ id: "API2AAD" }] },
      ),
    );
    const { client } = testClient(fetch);
    const ids: string[] = [];
    for await (const t of client.listTemplates(SP, { top: 1 })) ids.push(t.id);
    expect(ids).toEqual(["scim", "API2AAD"]);
    expect(calls.map((c) => c.url)).toEqual([`${base}/templates?$top=1`, `${base}/templates?$skiptoken=2`]);
  });

  it("createJob POSTs { templateId } and returns the 201's job; a 504 is not retried", async () => {
    const { fetch, calls } = recordingFetch(() => json(201, { id: "scim.0123", templateId: "scim" }));
    const { client } = testClient(fetch);
    await expect(client.createJob(SP, "scim")).resolves.toMatchObject({ id: "scim.0123" });
    expect(calls[0]?.init.method).toBe("POST");
    expect(calls[0]?.url).toBe(`${base}/jobs`);
    expect(bodyOf(calls[0]?.init ?? {})).toEqual({ templateId: "scim" });

    const failing = recordingFetch(() => json(504, graphErrorBody("GatewayTimeout", "late")));
    await rejection(testClient(failing.fetch).client.createJob(SP, "scim"));
    expect(failing.calls).toHaveLength(1);
  });

  it("createJob refuses an empty template id before sending", async () => {
    const { fetch, calls } = recordingFetch(() => json(201, {}));
    const error = await rejection(testClient(fetch).client.createJob(SP, ""));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: "templateId" });
    expect(calls).toHaveLength(0);
  });

  it("deleteJob sends DELETE and is retried after a 504 (idempotent)", async () => {
    const { fetch, calls } = recordingFetch((_, i) =>
      i === 0 ? json(504, graphErrorBody("GatewayTimeout", "late")) : noContent(),
    );
    await expect(testClient(fetch).client.deleteJob(SP, JOB)).resolves.toMatchObject({ status: 204 });
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ["DELETE", jobBase],
      ["DELETE", jobBase],
    ]);
  });
});

describe("credentials and secrets", () => {
  it("validateCredentials sends the CSDL's parameters, from an object of secrets", async () => {
    const { fetch, calls } = recordingFetch(() => noContent());
    const { client } = testClient(fetch);
    await client.validateCredentials(SP, {
      templateId: "scim",
      credentials: { BaseAddress: "https://scim.example.com", SecretToken: "s3cret" },
    });
    expect(calls[0]?.url).toBe(`${base}/jobs/validateCredentials`);
    expect(bodyOf(calls[0]?.init ?? {})).toEqual({
      templateId: "scim",
      credentials: [
        { key: "BaseAddress", value: "https://scim.example.com" },
        { key: "SecretToken", value: "s3cret" },
      ],
    });
    await client.validateJobCredentials(SP, JOB, { useSavedCredentials: true });
    expect(calls[1]?.url).toBe(`${jobBase}/validateCredentials`);
    expect(bodyOf(calls[1]?.init ?? {})).toEqual({ useSavedCredentials: true, credentials: [] });
  });

  it("a 400 from validateCredentials rejects with the service's message", async () => {
    const { fetch } = recordingFetch(() =>
      json(400, graphErrorBody("BadRequest", "BaseAddress must be an https URL.")),
    );
    const error = await rejection(
      testClient(fetch).client.validateJobCredentials(SP, JOB, { credentials: [{ key: "BaseAddress", value: "x" }] }),
    );
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toContain("BaseAddress must be an https URL.");
  });

  it("setSecrets PUTs { value: [...] }", async () => {
    const { fetch, calls } = recordingFetch(() => noContent());
    await testClient(fetch).client.setSecrets(SP, [{ key: "SecretToken", value: "tok-123" }]);
    expect(calls[0]?.init.method).toBe("PUT");
    expect(calls[0]?.url).toBe(`${base}/secrets`);
    expect(bodyOf(calls[0]?.init ?? {})).toEqual({ value: [{ key: "SecretToken", value: "tok-123" }] });
  });

  it("names every bad key (with a did-you-mean) and bad value, never the value, and sends nothing", async () => {
    const { fetch, calls } = recordingFetch(() => noContent());
    const secret = "hunter2-very-secret";
    const error = await rejection(
      testClient(fetch).client.setSecrets(SP, [
        { key: "secretToken", value: secret },
        { key: "Nope", value: secret },
        { key: "Password", value: 42 as unknown as string },
      ] as never),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(
      'secrets[0].key "secretToken": expected a member of synchronizationSecret (did you mean SecretToken?)',
    );
    expect(error.message).toContain('secrets[1].key "Nope"');
    expect(error.message).toContain("secrets[2].value: expected a string for Password (got number)");
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(calls).toHaveLength(0);
  });

  it("SECRET_BEARING_KEYS are members of synchronizationSecret, settings like BaseAddress are not among them", () => {
    for (const key of SECRET_BEARING_KEYS) expect(synchronizationSecretValues).toContain(key);
    expect(SECRET_BEARING_KEYS).toEqual(expect.arrayContaining(["SecretToken", "Password", "ClientSecret"]));
    expect(SECRET_BEARING_KEYS).not.toContain("BaseAddress");
  });

  it("validateCredentials needs credentials or useSavedCredentials", async () => {
    const { fetch, calls } = recordingFetch(() => noContent());
    const error = await rejection(testClient(fetch).client.validateCredentials(SP, { templateId: "scim" }));
    expect(error).toMatchObject({ field: "credentials" });
    expect(calls).toHaveLength(0);
    expect(() => secretPairs("s", {})).not.toThrow();
    await expect(testClient(fetch).client.setSecrets(SP, {})).rejects.toThrow(/at least one secret/);
  });
});

describe("schema", () => {
  const schema = { id: "s", version: "1", synchronizationRules: [], directories: [] };

  it("getSchema GETs …/schema; replaceSchema PUTs the whole document and is not retried after a 504", async () => {
    const { fetch, calls } = recordingFetch((c) => (c.init.method === "GET" ? json(200, schema) : noContent()));
    const { client } = testClient(fetch);
    await expect(client.getSchema(SP, JOB)).resolves.toEqual(schema);
    await expect(client.replaceSchema(SP, JOB, schema)).resolves.toMatchObject({ status: 204 });
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ["GET", `${jobBase}/schema`],
      ["PUT", `${jobBase}/schema`],
    ]);
    expect(bodyOf(calls[1]?.init ?? {})).toEqual(schema);

    const failing = recordingFetch(() => json(504, graphErrorBody("GatewayTimeout", "late")));
    await rejection(testClient(failing.fetch).client.replaceSchema(SP, JOB, schema));
    expect(failing.calls).toHaveLength(1);
  });

  it("replaceSchema refuses what is not a schema before sending", async () => {
    const { fetch, calls } = recordingFetch(() => noContent());
    const error = await rejection(testClient(fetch).client.replaceSchema(SP, JOB, { rules: [] } as never));
    expect(error).toMatchObject({ field: "schema" });
    expect(calls).toHaveLength(0);
  });

  it("parseExpression sends the expression with a test input built from attribute values", async () => {
    const answer = { parsingSucceeded: true, evaluationSucceeded: true, evaluationResult: ["Adele Vance"] };
    const { fetch, calls } = recordingFetch(() => json(200, answer));
    const result = await testClient(fetch).client.parseExpression(SP, JOB, 'Join(" ", [givenName], [surname])', {
      testInput: { givenName: "Adele", surname: "Vance" },
    });
    expect(result).toEqual(answer);
    expect(calls[0]?.url).toBe(`${jobBase}/schema/parseExpression`);
    expect(bodyOf(calls[0]?.init ?? {})).toEqual({
      expression: 'Join(" ", [givenName], [surname])',
      testInputObject: {
        definition: null,
        properties: [
          { key: "givenName", value: "Adele" },
          { key: "surname", value: "Vance" },
        ],
      },
      targetAttributeDefinition: null,
    });
    const given: ExpressionInputObject = { definition: null, properties: [{ key: "a", value: "b" }] };
    expect(inputObject(given)).toBe(given);
    await expect(testClient(fetch).client.parseExpression(SP, JOB, "  ")).rejects.toThrow(/Invalid expression/);
  });

  it("listFunctions and listFilterOperators return the collections, and reject what is not one", async () => {
    const { fetch, calls } = recordingFetch((c) =>
      json(200, { value: [{ id: c.url.endsWith("functions") ? "Join" : "EQUALS" }] }),
    );
    const { client } = testClient(fetch);
    expect(await client.listFunctions(SP, JOB)).toEqual([{ id: "Join" }]);
    expect(await client.listFilterOperators(SP, JOB)).toEqual([{ id: "EQUALS" }]);
    expect(calls.map((c) => c.url)).toEqual([`${jobBase}/schema/functions`, `${jobBase}/schema/filterOperators`]);
    const bad = recordingFetch(() => json(200, { items: [] }));
    await expect(testClient(bad.fetch).client.listFunctions(SP, JOB)).rejects.toBeInstanceOf(GraphError);
  });
});
