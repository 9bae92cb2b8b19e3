/**
 * Strict mode itself: a response that breaks the spec is replaced by a 500 EmulatorContractViolation and recorded.
 * The emulator never produces one on purpose, so this drives the Exchange (the answer path every Graph response
 * takes) behind a real loopback server with deliberately wrong answers.
 */
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { createClock } from "../src/clock.js";
import type { Core } from "../src/core.js";
import { Exchange } from "../src/exchange.js";
import { createRandom } from "../src/random.js";
import { readOperations } from "../src/spec.js";
import { ContractStats } from "../src/stats.js";
import { specValidator } from "../src/validate.js";
import { specErrors } from "./helpers.js";

describe("strict mode", () => {
  it("turns a response that breaks the spec into a recorded 500 EmulatorContractViolation", async () => {
    const operations = readOperations();
    const byId = new Map(operations.map((op) => [op.operationId, op]));
    const contract = new ContractStats();
    const core = {
      clock: createClock("manual"),
      random: createRandom("contract"),
      validator: specValidator(),
      settings: { strict: true, startResponse: 204 },
      contract,
      log: () => {},
    } as unknown as Core;
    const answers: Array<[string, number, unknown]> = [
      ["getSynchronizationJob", 200, { status: { code: "Running" } }],
      ["startSynchronizationJob", 201, undefined],
      ["pauseSynchronizationJob", 204, { unexpected: true }],
      ["listSynchronizationJobs", 200, undefined],
      ["getSynchronizationJob", 404, { message: "not a Graph error" }],
      ["bulkUpload", 202, { accepted: true }],
      ["listUsers", 200, { value: [{ displayName: "no id" }] }],
      ["getSynchronizationJob", 200, { id: "scim.0", status: { code: "Active" } }],
    ];
    let next = 0;
    const server = createServer((req, res) => {
      const [operationId, status, body] = answers[next++] ?? ["getSynchronizationJob", 200, {}];
      const exchange = new Exchange(core, req, res);
      exchange.op = byId.get(operationId as never);
      exchange.operation = operationId;
      exchange.answer(status, body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
    const statuses: number[] = [];
    for (let i = 0; i < answers.length; i++) {
      const response = await fetch(url);
      statuses.push(response.status);
      if (response.status === 500) {
        const json = await response.json();
        expect(specErrors("odataError", json)).toEqual([]);
        expect(json.error.code).toBe("EmulatorContractViolation");
      } else await response.arrayBuffer();
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(statuses).toEqual([500, 500, 500, 500, 500, 500, 500, 200]);
    expect(contract.validated).toBe(8);
    expect(contract.violationCount).toBe(7);
    const problems = contract.violations.map((v) => v.problems.join("; "));
    expect(problems[0]).toContain("id: is required");
    expect(problems[0]).toContain("status.code");
    expect(problems[1]).toContain("status 201 is not declared for startSynchronizationJob");
    expect(problems[2]).toContain("has no body in the spec");
    expect(problems[3]).toContain("has a JSON body in the spec, but none was sent");
    expect(problems[4]).toContain("error");
    expect(problems[5]).toContain("has no body in the spec");
    expect(problems[6]).toContain("value[0].id: is required");
  });
});
