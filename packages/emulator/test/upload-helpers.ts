/** Helpers of the inbound provisioning tests: SCIM records, bulk requests, the upload call. */
import { DEMO_TENANT, type Emulator } from "../src/index.js";
import { call, jobPath } from "./helpers.js";

/** A job reference (the demo tenant's are literal types). */
export type JobRef = { servicePrincipalId: string; jobId: string };
export const INBOUND: JobRef = DEMO_TENANT.jobs.inbound;
export const SCIM = { "content-type": "application/scim+json" };
export const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** These tests read the logs more often than the service's 5 per 10 s; that limit has its own test. */
export const RAISED = { limits: { provisioningLogRequests: 1000 } };
// biome-ignore lint/suspicious/noExplicitAny: records and log entries are inspected freely
export type Json = any;

export function worker(externalId: string, extra: Json = {}): Json {
  return {
    schemas: [CORE, ENTERPRISE],
    externalId,
    userName: `w${externalId}@contoso.com`,
    displayName: `Worker ${externalId}`,
    name: { givenName: "Worker", familyName: externalId },
    active: true,
    ...extra,
  };
}

export function bulk(records: Json[], bulkId = (r: Json, i: number) => r.externalId ?? String(i)): Json {
  return {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    Operations: records.map((data, i) => ({ method: "POST", bulkId: bulkId(data, i), path: "/Users", data })),
    failOnErrors: null,
  };
}

export const upload = (emulator: Emulator, body: Json, job: JobRef = INBOUND, headers: Record<string, string> = SCIM) =>
  call(emulator, "POST", jobPath(job, "bulkUpload"), { body, headers });
