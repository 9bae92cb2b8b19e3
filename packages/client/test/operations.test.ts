// The hand-kept tables agree with the spec: x-idempotent per operation, and the method and path of each.
import { openapiDocument } from "@graphsync/types/spec";
import { describe, expect, it } from "vitest";
import { IDEMPOTENT } from "../src/index.js";
import { ROUTES } from "../src/raw.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const operations = Object.entries(openapiDocument.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => {
      const { operationId, "x-idempotent": idempotent } = op as { operationId: string; "x-idempotent": unknown };
      return { route: `${method.toUpperCase()} ${path}`, operationId, idempotent };
    }),
);

describe("operation tables", () => {
  it("the spec declares x-idempotent as a boolean on every operation", () => {
    expect(operations.length).toBeGreaterThanOrEqual(6);
    for (const op of operations) expect(typeof op.idempotent, op.operationId).toBe("boolean");
  });

  it("IDEMPOTENT equals the spec's x-idempotent values, operation for operation", () => {
    expect(IDEMPOTENT).toEqual(Object.fromEntries(operations.map((op) => [op.operationId, op.idempotent])));
  });

  it("ROUTES maps each method and path of the spec to its operationId", () => {
    expect(ROUTES).toEqual(Object.fromEntries(operations.map((op) => [op.route, op.operationId])));
  });

  it("reads and pause are idempotent; start, restart and provisionOnDemand are not", () => {
    expect(IDEMPOTENT).toMatchObject({
      listSynchronizationJobs: true,
      getSynchronizationJob: true,
      pauseSynchronizationJob: true,
      startSynchronizationJob: false,
      restartSynchronizationJob: false,
      provisionOnDemand: false,
    });
  });
});
