/**
 * POST …/jobs/{jobId}/bulkUpload: admitted by the job's limits (429), counted, queued for processing after
 * `uploadDelayMs` when the job is running (a job that is not accepts and processes nothing, as the service does),
 * and answered 202 with `Location`, the job's provisioning logs. The body was checked before (graph/scim-checks.ts).
 */
import type { ScimBulkRequest } from "@graphsync/types";
import type { Handler } from "./types.js";

export const bulkUpload: Handler = (core, call) => {
  const spId = call.params.servicePrincipalId ?? "";
  // The job's own spelling of its id, for the log entries and the Location filter (a 404 when unknown).
  const jobId = core.store.getJob(spId, call.params.synchronizationJobId ?? "").id;
  core.store.inbound.upload({
    servicePrincipalId: spId,
    jobId,
    operations: (call.body as ScimBulkRequest).Operations,
    appId: call.caller.startsWith("app:") ? call.caller.slice(4) : null,
    limits: { perWindow: core.limits.bulkUploadRequests, perDay: core.limits.bulkUploadDailyRequests },
    delayMs: core.settings.uploadDelayMs,
  });
  const filter = encodeURIComponent(`jobId eq '${jobId.replaceAll("'", "''")}'`).replaceAll("'", "%27");
  return {
    status: 202,
    headers: { Location: `${core.origin}/${call.version}/auditLogs/provisioning?$filter=${filter}` },
    writes: true,
  };
};
