/**
 * The client most programs use: a core (`core.ts`) that also takes a credential (tokens cached) and a client-wide
 * signal, with every operation of `jobs.ts` as a method. A program that needs the smallest bundle calls the
 * functions on `createGraphSyncCore` instead: the same calls, fewer bytes.
 */
import type {
  AttributeMappingFunctionSchema,
  FilterOperatorSchema,
  ParseExpressionResponse,
  SynchronizationJob,
  SynchronizationSchema,
  SynchronizationTemplate,
} from "@graphsync/types";
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
  getSchema,
  listFilterOperators,
  listFunctions,
  type ParseExpressionOptions,
  parseExpression,
  replaceSchema,
} from "./schema.js";
import {
  getServicePrincipal,
  type ListServicePrincipalsOptions,
  listServicePrincipals,
  type ServicePrincipal,
  type ServicePrincipalQuery,
} from "./service-principals.js";
import {
  createJob,
  deleteJob,
  type ListTemplatesOptions,
  listTemplates,
  type SecretsInput,
  setSecrets,
  type ValidateCredentialsOptions,
  validateCredentials,
  validateJobCredentials,
} from "./setup.js";
import { withClientSignal } from "./transport.js";

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

  // ---- job setup and schema (setup.ts, schema.ts) ----
  /** The templates a job of this service principal can be created from, following every page. */
  listTemplates(
    servicePrincipalId: string,
    options?: ListTemplatesOptions,
  ): AsyncIterableIterator<SynchronizationTemplate>;
  /** Creates a job from a template (201, status NotConfigured). Never retried. */
  createJob(servicePrincipalId: string, templateId: string, options?: CallOptions): Promise<SynchronizationJob>;
  /** Deletes a job with its schema and state (204). */
  deleteJob(servicePrincipalId: string, jobId: string, options?: CallOptions): Promise<ActionResult>;
  /** Checks credentials for a template before a job exists: resolves on 204, rejects with the 400 saying what failed. */
  validateCredentials(servicePrincipalId: string, options: ValidateCredentialsOptions): Promise<ActionResult>;
  /** Checks credentials (or the saved secrets) for a job: resolves on 204, rejects with the 400 saying what failed. */
  validateJobCredentials(
    servicePrincipalId: string,
    jobId: string,
    options: ValidateCredentialsOptions,
  ): Promise<ActionResult>;
  /** Saves secrets (merged by key with the saved ones). Values never appear in errors. */
  setSecrets(servicePrincipalId: string, secrets: SecretsInput, options?: CallOptions): Promise<ActionResult>;
  getSchema(servicePrincipalId: string, jobId: string, options?: CallOptions): Promise<SynchronizationSchema>;
  /** Replaces the whole schema (PUT); the job restarts with an initial cycle. Never retried. */
  replaceSchema(
    servicePrincipalId: string,
    jobId: string,
    schema: SynchronizationSchema,
    options?: CallOptions,
  ): Promise<ActionResult>;
  parseExpression(
    servicePrincipalId: string,
    jobId: string,
    expression: string,
    options?: ParseExpressionOptions,
  ): Promise<ParseExpressionResponse>;
  listFunctions(
    servicePrincipalId: string,
    jobId: string,
    options?: CallOptions,
  ): Promise<AttributeMappingFunctionSchema[]>;
  listFilterOperators(
    servicePrincipalId: string,
    jobId: string,
    options?: CallOptions,
  ): Promise<FilterOperatorSchema[]>;
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
    ...setupMethods(core),
  });
}

/** The job setup and schema methods (kept apart so each list stays readable). */
function setupMethods(core: GraphSyncCore) {
  return {
    listTemplates: (sp: string, o?: ListTemplatesOptions) => listTemplates(core, sp, o),
    createJob: (sp: string, template: string, o?: CallOptions) => createJob(core, sp, template, o),
    deleteJob: (sp: string, job: string, o?: CallOptions) => deleteJob(core, sp, job, o),
    validateCredentials: (sp: string, o: ValidateCredentialsOptions) => validateCredentials(core, sp, o),
    validateJobCredentials: (sp: string, job: string, o: ValidateCredentialsOptions) =>
      validateJobCredentials(core, sp, job, o),
    setSecrets: (sp: string, secrets: SecretsInput, o?: CallOptions) => setSecrets(core, sp, secrets, o),
    getSchema: (sp: string, job: string, o?: CallOptions) => getSchema(core, sp, job, o),
    replaceSchema: (sp: string, job: string, schema: SynchronizationSchema, o?: CallOptions) =>
      replaceSchema(core, sp, job, schema, o),
    parseExpression: (sp: string, job: string, expression: string, o?: ParseExpressionOptions) =>
      parseExpression(core, sp, job, expression, o),
    listFunctions: (sp: string, job: string, o?: CallOptions) => listFunctions(core, sp, job, o),
    listFilterOperators: (sp: string, job: string, o?: CallOptions) => listFilterOperators(core, sp, job, o),
  };
}

const PRINTABLE = /^[\x20-\x7e]*$/;
