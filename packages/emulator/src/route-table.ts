/**
 * The Graph operations the emulator serves: one entry per operation of the spec. Adding an operation is one entry
 * here plus one handler module; startup fails when this table and the spec disagree.
 */

import { bulkUpload } from "./handlers/bulk-upload.js";
import { getJob, listJobs } from "./handlers/jobs.js";
import { pauseJob } from "./handlers/pause.js";
import { provisionOnDemand } from "./handlers/provision.js";
import { listProvisioningLogs } from "./handlers/provisioning-logs.js";
import { restartJob } from "./handlers/restart.js";
import { getServicePrincipal, listServicePrincipals } from "./handlers/service-principals.js";
import { startJob } from "./handlers/start.js";
import type { Handler } from "./handlers/types.js";
import { getUser, listUsers } from "./handlers/users.js";
import type { OperationId } from "./spec.js";

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The spec's path template, below the version segment. */
  path: string;
  operationId: OperationId;
  handler: Handler;
}

const JOBS = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs";
const JOB = `${JOBS}/{synchronizationJobId}`;

export const ROUTES: readonly Route[] = [
  { method: "GET", path: "/servicePrincipals", operationId: "listServicePrincipals", handler: listServicePrincipals },
  {
    method: "GET",
    path: "/servicePrincipals/{servicePrincipalId}",
    operationId: "getServicePrincipal",
    handler: getServicePrincipal,
  },
  { method: "GET", path: JOBS, operationId: "listSynchronizationJobs", handler: listJobs },
  { method: "GET", path: JOB, operationId: "getSynchronizationJob", handler: getJob },
  { method: "POST", path: `${JOB}/start`, operationId: "startSynchronizationJob", handler: startJob },
  { method: "POST", path: `${JOB}/pause`, operationId: "pauseSynchronizationJob", handler: pauseJob },
  { method: "POST", path: `${JOB}/restart`, operationId: "restartSynchronizationJob", handler: restartJob },
  { method: "POST", path: `${JOB}/provisionOnDemand`, operationId: "provisionOnDemand", handler: provisionOnDemand },
  {
    method: "GET",
    path: "/auditLogs/provisioning",
    operationId: "listProvisioningLogs",
    handler: listProvisioningLogs,
  },
  // Inbound provisioning (issue 16): the upload and the users it writes.
  { method: "POST", path: `${JOB}/bulkUpload`, operationId: "bulkUpload", handler: bulkUpload },
  { method: "GET", path: "/users", operationId: "listUsers", handler: listUsers },
  { method: "GET", path: "/users/{userId}", operationId: "getUser", handler: getUser },
];
