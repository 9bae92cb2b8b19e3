/**
 * The client most programs use: a core (`core.ts`) that also takes a credential (tokens cached) and a client-wide
 * signal, with every operation of `jobs.ts` as a method. A program that needs the smallest bundle calls the
 * functions on `createGraphSyncCore` instead: the same calls, fewer bytes.
 */
import type { SynchronizationJob } from "@graphsync/types";
import { createAuth } from "./auth.js";
import { createCore, type GraphSyncClientOptions, type GraphSyncCore } from "./core.js";
import { invalid } from "./errors.js";
import {
  type ActionResult,
  type CallOptions,
  getJob,
  type ListJobsOptions,
  listJobs,
  type ProvisionOnDemandOptions,
  type ProvisionOnDemandResult,
  pauseJob,
  provisionOnDemand,
  type RestartJobOptions,
  restartJob,
  type StartJobOptions,
  type StartJobResult,
  startJob,
} from "./jobs.js";
import { type ListProvisioningLogsOptions, listProvisioningLogs, type ProvisioningObjectSummary } from "./logs.js";
import {
  getServicePrincipal,
  type ListServicePrincipalsOptions,
  listServicePrincipals,
  type ServicePrincipal,
  type ServicePrincipalQuery,
} from "./service-principals.js";
import { withClientSignal } from "./transport.js";
import { type BulkRequest, type BulkUploadResult, bulkUpload } from "./upload.js";
import { getUser, type ListUsersOptions, listUsers, type User, type UserQuery, type UserReadOptions } from "./users.js";

export interface GraphSyncClient extends GraphSyncCore {
  /** Starts (or resumes) a job. Sends no body unless `parameters` are given. Never retried once it may have arrived. */
  startJob(servicePrincipalId: string, jobId: string, options?: StartJobOptions): Promise<StartJobResult>;
  getJob(servicePrincipalId: string, jobId: string, options?: CallOptions): Promise<SynchronizationJob>;
  /**
   * Every job of a service principal, following `@odata.nextLink` (only on the API's own origin). The ids are
   * checked when this is called; requests start when iteration does.
   */
  listJobs(servicePrincipalId: string, options?: ListJobsOptions): AsyncIterableIterator<SynchronizationJob>;
  pauseJob(servicePrincipalId: string, jobId: string, options?: CallOptions): Promise<ActionResult>;
  restartJob(servicePrincipalId: string, jobId: string, options?: RestartJobOptions): Promise<ActionResult>;
  provisionOnDemand(
    servicePrincipalId: string,
    jobId: string,
    options: ProvisionOnDemandOptions,
  ): Promise<ProvisionOnDemandResult>;
  /** The service principals with an appId or a display name (or all), following every page. */
  listServicePrincipals(
    query?: ServicePrincipalQuery,
    options?: ListServicePrincipalsOptions,
  ): AsyncIterableIterator<ServicePrincipal>;
  getServicePrincipal(
    servicePrincipalId: string,
    options?: CallOptions & { select?: readonly string[] },
  ): Promise<ServicePrincipal>;
  /** The provisioning log entries matching `options.filter`, following every page. */
  listProvisioningLogs(options?: ListProvisioningLogsOptions): AsyncIterableIterator<ProvisioningObjectSummary>;
  /** Sends one SCIM BulkRequest (1 to 50 users) to an inbound provisioning job; 202 means accepted, not processed. */
  bulkUpload(
    servicePrincipalId: string,
    jobId: string,
    request: BulkRequest,
    options?: CallOptions,
  ): Promise<BulkUploadResult>;
  /** The users with an employeeId (an HR record's externalId), a raw `$filter`, or all, following every page. */
  listUsers(query?: UserQuery, options?: ListUsersOptions): AsyncIterableIterator<User>;
  getUser(userId: string, options?: CallOptions & UserReadOptions): Promise<User>;
}

/**
 * Creates a client with every operation as a method. Checks every option first.
 * @throws {ValidationError} on a missing or conflicting auth option, an unknown cloud or version, an unsafe
 * `baseUrl`, or a bad `timeoutMs`, `retry` or `userAgent`.
 */
export function createGraphSyncClient(options: GraphSyncClientOptions): GraphSyncClient {
  const core = createCore(options, {
    auth: (o, scope) => createAuth(o.credential, o.accessToken, scope),
    agent: ({ userAgent }) => {
      if (userAgent !== undefined && !PRINTABLE.test(userAgent)) {
        throw invalid("userAgent", userAgent, "printable ASCII");
      }
      return userAgent ? ` ${userAgent}` : "";
    },
    wrap: (send, o) => (o.signal ? withClientSignal(send, o.signal) : send),
  });
  return Object.assign(core, {
    startJob: (sp: string, job: string, o?: StartJobOptions) => startJob(core, sp, job, o),
    getJob: (sp: string, job: string, o?: CallOptions) => getJob(core, sp, job, o),
    listJobs: (sp: string, o?: ListJobsOptions) => listJobs(core, sp, o),
    pauseJob: (sp: string, job: string, o?: CallOptions) => pauseJob(core, sp, job, o),
    restartJob: (sp: string, job: string, o?: RestartJobOptions) => restartJob(core, sp, job, o),
    provisionOnDemand: (sp: string, job: string, o: ProvisionOnDemandOptions) => provisionOnDemand(core, sp, job, o),
    listServicePrincipals: (q?: ServicePrincipalQuery, o?: ListServicePrincipalsOptions) =>
      listServicePrincipals(core, q, o),
    getServicePrincipal: (sp: string, o?: CallOptions & { select?: readonly string[] }) =>
      getServicePrincipal(core, sp, o),
    listProvisioningLogs: (o?: ListProvisioningLogsOptions) => listProvisioningLogs(core, o),
    bulkUpload: (sp: string, job: string, r: BulkRequest, o?: CallOptions) => bulkUpload(core, sp, job, r, o),
    listUsers: (q?: UserQuery, o?: ListUsersOptions) => listUsers(core, q, o),
    getUser: (id: string, o?: CallOptions & UserReadOptions) => getUser(core, id, o),
  });
}

const PRINTABLE = /^[\x20-\x7e]*$/;
