import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Schema } from "./csdl.js";
import { loadSpec } from "./load.js";

const spec = loadSpec() as unknown as {
  info: { version: string };
  servers: { url: string; variables: { graphHost: { enum: string[] } } }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, { headers?: Record<string, unknown> }>;
    examples: Record<string, { value: unknown }>;
    securitySchemes: Record<string, { flows: Record<string, { scopes: Record<string, string> }> }>;
  };
};
interface Operation {
  operationId: string;
  tags: string[];
  externalDocs: { url: string };
  security: Record<string, string[]>[];
  "x-permissions": { delegated: string[]; application: string[] };
  "x-idempotent": boolean;
  requestBody?: { required?: boolean };
  responses: Record<string, { $ref?: string }>;
}

const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
    .map(([method, op]) => ({ path, method, op })),
);
const byId = (id: string) => operations.find((o) => o.op.operationId === id)?.op as Operation;

describe("operations", () => {
  it("are the ones this project covers, with stable operationIds", () => {
    expect(operations.map((o) => o.op.operationId).sort()).toEqual([
      "bulkUpload",
      "getServicePrincipal",
      "getSynchronizationJob",
      "getUser",
      "listProvisioningLogs",
      "listServicePrincipals",
      "listSynchronizationJobs",
      "listUsers",
      "pauseSynchronizationJob",
      "provisionOnDemand",
      "restartSynchronizationJob",
      "startSynchronizationJob",
    ]);
  });

  it.each(operations.map((o) => [o.op.operationId, o] as const))("%s is complete", (_id, { op }) => {
    expect(op.tags.length).toBeGreaterThan(0);
    expect(op.externalDocs.url).toMatch(
      /^https:\/\/learn\.microsoft\.com\/en-us\/graph\/api\/(synchronization|serviceprincipal|provisioningobjectsummary|user)-/,
    );
    expect(op.security).toEqual([{ azureAdV2: ["https://graph.microsoft.com/.default"] }]);
    expect(op["x-permissions"].delegated.length).toBeGreaterThan(0);
    // Reading the logs is an audit permission, reading users a directory one, uploading a synchronization-data one:
    // none of them is a permission on the application.
    const OWNED: Record<string, string> = {
      listProvisioningLogs: "AuditLog.Read.All",
      listUsers: "User.Read.All",
      getUser: "User.Read.All",
      bulkUpload: "SynchronizationData-User.Upload.OwnedBy",
    };
    const owned = OWNED[op.operationId] ?? "Application.ReadWrite.OwnedBy";
    expect(op["x-permissions"].application).toContain(owned);
    expect(typeof op["x-idempotent"]).toBe("boolean");
    expect(op.responses["4XX"]).toEqual({ $ref: "#/components/responses/error" });
    expect(op.responses["5XX"]).toEqual({ $ref: "#/components/responses/error" });
    expect(op.responses["429"]).toEqual({ $ref: "#/components/responses/throttled" });
    expect(op.responses["503"]).toEqual({ $ref: "#/components/responses/serviceUnavailable" });
  });

  it("writes need a ReadWrite permission; only reads are idempotent by default", () => {
    for (const { method, op } of operations) {
      const write =
        op.operationId === "bulkUpload" ? "SynchronizationData-User.Upload" : "Synchronization.ReadWrite.All";
      if (method === "post") expect(op["x-permissions"].delegated).toContain(write);
      if (method === "get") expect(op["x-idempotent"]).toBe(true);
    }
    expect(byId("startSynchronizationJob")["x-idempotent"]).toBe(false);
    // Accepted records are processed again when resent: never repeated once it may have arrived.
    expect(byId("bulkUpload")["x-idempotent"]).toBe(false);
  });
});

describe("start keeps both contracts (reference §1)", () => {
  const start = byId("startSynchronizationJob");
  it("has an optional body and both 200 and 204", () => {
    expect(start.requestBody?.required).toBe(false);
    expect(Object.keys(start.responses)).toEqual(expect.arrayContaining(["200", "204"]));
  });
  it("carries the seed's request and response as examples", () => {
    const seed = readFileSync(new URL("../source/synchronizationjob-start.md", import.meta.url), "utf8");
    expect(seed).toContain('"@odata.type": "microsoft.graph.synchronizationJobApplicationParameters"');
    expect(spec.components.examples.seedStartRequest?.value).toEqual({
      parameters: [{ "@odata.type": "microsoft.graph.synchronizationJobApplicationParameters" }],
    });
    expect(spec.components.examples.seedStartResponse?.value).toEqual({
      value: { "@odata.type": "microsoft.graph.stringKeyStringValuePair" },
    });
  });
});

describe("shared pieces", () => {
  it("throttling responses carry Retry-After", () => {
    expect(spec.components.responses.throttled?.headers).toHaveProperty(["Retry-After"]);
    expect(spec.components.responses.serviceUnavailable?.headers).toHaveProperty(["Retry-After"]);
  });

  it("servers cover v1.0 and beta in the four clouds of reference §7", () => {
    expect(spec.servers.map((s) => s.url)).toEqual(["https://{graphHost}/v1.0", "https://{graphHost}/beta"]);
    for (const s of spec.servers)
      expect(s.variables.graphHost.enum).toEqual([
        "graph.microsoft.com",
        "graph.microsoft.us",
        "dod-graph.microsoft.us",
        "microsoftgraph.chinacloudapi.cn",
      ]);
  });

  it("OAuth2 offers client credentials and authorization code with the .default scope", () => {
    const flows = spec.components.securitySchemes.azureAdV2?.flows ?? {};
    expect(Object.keys(flows).sort()).toEqual(["authorizationCode", "clientCredentials"]);
    for (const f of Object.values(flows))
      expect(Object.keys(f.scopes)).toEqual(["https://graph.microsoft.com/.default"]);
  });

  it("no response schema is closed: Graph adds properties", () => {
    const requestOnly = new Set([
      "startSynchronizationJobRequest",
      "restartSynchronizationJobRequest",
      "provisionOnDemandRequest",
      "synchronizationJobApplicationParameters",
      "synchronizationJobSubject",
      "synchronizationLinkedObjects",
      "synchronizationJobRestartCriteria",
      "scimBulkRequest",
      "scimBulkOperation",
      "scimUser",
      "scimName",
      "scimMultiValued",
      "scimAddress",
      "scimEnterpriseUser",
    ]);
    for (const [name, schema] of Object.entries(spec.components.schemas)) {
      if (requestOnly.has(name)) continue;
      expect(schema.additionalProperties, name).not.toBe(false);
    }
  });

  it("the restart-scope pattern lists exactly the enum members", () => {
    const members = spec.components.schemas.synchronizationJobRestartScope?.enum as string[];
    const flags = spec.components.schemas.synchronizationJobRestartScopeFlags?.anyOf?.[1] as { pattern: string };
    const pattern = new RegExp(flags.pattern);
    expect(flags.pattern).toContain(`(${members.join("|")})`);
    expect(pattern.test("Watermark, Escrows, QuarantineState")).toBe(true);
    expect(pattern.test("Full")).toBe(true);
    expect(pattern.test("Watermark,Nope")).toBe(false);
    expect(pattern.test("")).toBe(false);
  });

  it("has a semantic version", () => {
    expect(spec.info.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
