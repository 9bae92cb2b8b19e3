import { readFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as types from "../src/index.js";
import { openapiDocument, SPEC_VERSION } from "../src/spec.js";

const specText = await readFile(new URL("../../../spec/openapi.yaml", import.meta.url), "utf8");
const spec = parse(specText) as {
  info: { version: string };
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, { enum?: string[] }> };
};

describe("the generated package agrees with spec/openapi.yaml", () => {
  it("generated code is marked as such on its first line", async () => {
    for (const file of ["openapi.ts", "meta.ts", "document.ts"]) {
      const text = await readFile(new URL(`../src/generated/${file}`, import.meta.url), "utf8");
      expect(text.split("\n")[0]).toMatch(/^\/\/ GENERATED FILE, do not edit/);
    }
  });

  it("the types are what openapi-typescript makes of the spec today", async () => {
    const fresh = astToString(
      await openapiTS(parse(specText), { enumValues: true, propertiesRequiredByDefault: false, silent: true }),
    );
    const built = await readFile(new URL("../src/generated/openapi.ts", import.meta.url), "utf8");
    expect(built.slice(built.indexOf("\n") + 2)).toBe(fresh);
  });

  it("exposes the spec version and document it was generated from", async () => {
    expect(SPEC_VERSION).toBe(spec.info.version);
    expect(types.SPEC_VERSION).toBe(spec.info.version);
    expect(openapiDocument).toEqual(parse(specText));
    const shipped = await readFile(new URL("../openapi.yaml", import.meta.url), "utf8");
    expect(shipped).toBe(specText);
  });

  it("the operation facts are the spec's x-idempotent and 2xx statuses, and ROUTES maps every method and path", async () => {
    const facts = await import("../src/operations.js");
    const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    const routes: Record<string, string> = {};
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item).filter(([m]) => methods.includes(m))) {
        const id = op.operationId as keyof typeof facts.OPERATIONS;
        routes[`${method.toUpperCase()} ${path}`] = id;
        const success = Object.keys(op.responses as object)
          .filter((c) => /^2\d\d$/.test(c))
          .map(Number);
        expect(facts.OPERATIONS[id]).toEqual({ operationId: id, idempotent: op["x-idempotent"], success });
        expect(facts[id]).toBe(facts.OPERATIONS[id]);
      }
    }
    expect(facts.ROUTES).toEqual(routes);
    expect(Object.keys(facts.OPERATIONS)).toHaveLength(Object.keys(routes).length);
  });

  it("enum value arrays are the spec's members", () => {
    const members = (name: string) => spec.components.schemas[name]?.enum;
    expect(types.synchronizationStatusCodeValues).toEqual(members("synchronizationStatusCode"));
    expect(types.synchronizationJobRestartScopeValues).toEqual(members("synchronizationJobRestartScope"));
    expect(types.synchronizationScheduleStateValues).toEqual(members("synchronizationScheduleState"));
    expect(types.quarantineReasonValues).toEqual(members("quarantineReason"));
    expect(types.synchronizationTaskExecutionResultValues).toEqual(members("synchronizationTaskExecutionResult"));
    expect(types.provisioningActionValues).toEqual(members("provisioningAction"));
    expect(types.provisioningResultValues).toEqual(members("provisioningResult"));
    expect(types.provisioningStatusErrorCategoryValues).toEqual(members("provisioningStatusErrorCategory"));
    expect(types.provisioningStepTypeValues).toEqual(members("provisioningStepType"));
    expect(types.initiatorTypeValues).toEqual(members("initiatorType"));
  });
});
