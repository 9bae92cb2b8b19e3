/**
 * The state file's JSON Schema: a tenant of plain Graph payloads, or a saved state (`graphsyncEmulatorState: 1`)
 * with runs and counters. Jobs are checked against the spec's synchronizationJob schema; what a schema cannot say
 * (duplicate ids, a cycle's from ≤ total) is checked by the store.
 */
import { EmulatorStateError } from "../errors.js";
import { GUID_PATTERN } from "../random.js";
import { componentRef, describeProblems, type SpecValidator } from "../validate.js";
import { INBOUND_SCHEMA, TENANT_USERS_SCHEMA } from "./inbound.js";

const guid = { type: "string", pattern: GUID_PATTERN.source.replace(/\[0-9a-f\]/g, "[0-9a-fA-F]") };
const count = { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const time = { type: "number" };
const optionalText = { type: ["string", "null"] };

const job = {
  allOf: [
    { $ref: componentRef("synchronizationJob") },
    { properties: { id: { type: "string", minLength: 1, maxLength: 256, pattern: "^[^/]*$" } } },
  ],
};

const run = {
  anyOf: [
    { type: "null" },
    {
      type: "object",
      required: ["beginsAt"],
      properties: {
        beginsAt: time,
        initial: {
          anyOf: [
            { type: "null" },
            { type: "object", required: ["from", "total"], properties: { from: count, total: count } },
          ],
        },
        series: { type: "string" },
      },
    },
  ],
};

const savedJob = {
  type: "object",
  required: ["job", "asOf"],
  properties: {
    job,
    asOf: time,
    run,
    counters: {
      type: "object",
      properties: { starts: count, repeatedStarts: count, pauses: count, restarts: count, provisions: count },
    },
    provisioned: { type: "array", items: { type: "string" } },
  },
};

const servicePrincipal = (jobs: object) => ({
  type: "object",
  required: ["id"],
  properties: { id: guid, appId: optionalText, displayName: optionalText, jobs: { type: "array", items: jobs } },
});

export const STATE_SCHEMA = {
  $id: "urn:graphsync:emulator-state",
  type: "object",
  required: ["servicePrincipals"],
  properties: { tenantId: guid, servicePrincipals: { type: "array" } },
  if: { required: ["graphsyncEmulatorState"] },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, not a promise
  then: {
    properties: {
      graphsyncEmulatorState: { const: 1 },
      seq: count,
      clock: time,
      servicePrincipals: { items: servicePrincipal(savedJob) },
      provisioningLogs: { type: "array", items: { $ref: componentRef("provisioningObjectSummary") } },
      directory: INBOUND_SCHEMA,
    },
  },
  else: { properties: { servicePrincipals: { items: servicePrincipal(job) }, users: TENANT_USERS_SCHEMA } },
};

/** Throws EmulatorStateError naming the first place (JSON pointer) and what it allows, then how many more. */
export function checkStateSource(validator: SpecValidator, source: unknown, file?: string): void {
  const problems = validator.validateSchema(STATE_SCHEMA, source);
  const first = problems[0];
  if (!first) return;
  const more = problems.length > 1 ? `; also ${describeProblems(problems.slice(1), 3)}` : "";
  throw new EmulatorStateError(first.pointer, `${first.message}${more}`, file);
}

export function stateError(pointer: string, message: string, file?: string): never {
  throw new EmulatorStateError(pointer, message, file);
}
