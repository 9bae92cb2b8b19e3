/** What commands see of the Graph client for a run (built by client-factory.ts): a small facade, types only. */
import type {
  ProvisioningLogQuery,
  ProvisioningObjectSummary,
  RetryEvent,
  ServicePrincipal,
  ServicePrincipalQuery,
} from "@graphsync/client";
import type { Emulator, EmulatorClock } from "@graphsync/emulator";
import type {
  ScimBulkRequest,
  StringKeyStringValuePair,
  SynchronizationJob,
  SynchronizationJobApplicationParameters,
} from "@graphsync/types";
import type { RecordedRequest } from "./http-log.js";
import type {
  CredentialsRequest,
  ParseExpressionResponse,
  SecretPair,
  SynchronizationSchema,
  SynchronizationTemplate,
} from "./setup/graph-types.js";

/** The emulator started for one command (--emulator, demo). */
export interface EmbeddedEmulator {
  /** The Graph root including the version, e.g. http://127.0.0.1:43123/v1.0. */
  graphUrl: string;
  /** A bearer token the emulator accepts (not a secret: any well-formed token works in its default mode). */
  token: string;
  /** The demo tenant's service principal (the default --sp with --emulator). */
  servicePrincipalId: string;
  /** The emulator's clock: with --emulator it is the service's time, so --wait follows it. */
  clock: EmulatorClock;
  emulator: Emulator;
  close(): Promise<void>;
}

export interface DryRun {
  /** The requests recorded since the last call (and forgets them). */
  take(): RecordedRequest[];
}
export interface ClientHandle {
  readonly baseUrl: string;
  /** Set with --dry-run: nothing is sent, requests are recorded. */
  readonly dryRun: DryRun | undefined;
  /** Set with --emulator: the embedded emulator and its demo tenant. */
  readonly emulator: EmbeddedEmulator | undefined;
  listJobs(servicePrincipalId: string, signal: AbortSignal): Promise<SynchronizationJob[]>;
  /** The service principals with this appId or display name: id, appId and displayName only. */
  findServicePrincipals(query: ServicePrincipalQuery, signal: AbortSignal): Promise<ServicePrincipal[]>;
  getJob(servicePrincipalId: string, jobId: string, signal: AbortSignal): Promise<SynchronizationJob>;
  startJob(servicePrincipalId: string, jobId: string, signal: AbortSignal): Promise<void>;
  pauseJob(servicePrincipalId: string, jobId: string, signal: AbortSignal): Promise<void>;
  restartJob(
    servicePrincipalId: string,
    jobId: string,
    resetScope: string | undefined,
    signal: AbortSignal,
  ): Promise<void>;
  provisionOnDemand(
    servicePrincipalId: string,
    jobId: string,
    parameters: SynchronizationJobApplicationParameters[],
    signal: AbortSignal,
  ): Promise<StringKeyStringValuePair>;
  /** Every service principal of the tenant (id, appId, displayName), following every page. */
  listServicePrincipals(signal: AbortSignal): AsyncIterable<ServicePrincipal>;
  /** Provisioning log entries, newest first, page by page (`top` is the page size asked for). */
  listProvisioningLogs(
    filter: ProvisioningLogQuery,
    top: number | undefined,
    signal: AbortSignal,
  ): AsyncIterable<ProvisioningObjectSummary>;
  listTemplates(servicePrincipalId: string, signal: AbortSignal): Promise<SynchronizationTemplate[]>;
  /** POST …/jobs: the new job (201), NotConfigured. */
  createJob(servicePrincipalId: string, templateId: string, signal: AbortSignal): Promise<SynchronizationJob>;
  deleteJob(servicePrincipalId: string, jobId: string, signal: AbortSignal): Promise<void>;
  /** …/jobs/validateCredentials (no job) or …/jobs/{jobId}/validateCredentials; rejects with the service's 400. */
  validateCredentials(
    servicePrincipalId: string,
    jobId: string | undefined,
    request: CredentialsRequest,
    signal: AbortSignal,
  ): Promise<void>;
  /** PUT …/synchronization/secrets. */
  putSecrets(servicePrincipalId: string, secrets: SecretPair[], signal: AbortSignal): Promise<void>;
  getSchema(servicePrincipalId: string, jobId: string, signal: AbortSignal): Promise<SynchronizationSchema>;
  /** PUT of the whole schema (the service has no PATCH for it). */
  putSchema(
    servicePrincipalId: string,
    jobId: string,
    schema: SynchronizationSchema,
    signal: AbortSignal,
  ): Promise<void>;
  parseExpression(
    servicePrincipalId: string,
    jobId: string,
    expression: string,
    /** Attribute values to evaluate the expression with. */
    testInput: Record<string, string> | undefined,
    signal: AbortSignal,
  ): Promise<ParseExpressionResponse>;
  /** Subscribes to the client's retry events (bulk start uses them to hold all lanes on throttling). */
  onRetry(listener: (event: RetryEvent) => void): () => void;
  /**
   * One bulkUpload attempt, not retried (`upload` paces and retries each attempt itself, so every request counts
   * against the job's limits once). Resolves with the Location of the 202.
   */
  bulkUpload(
    servicePrincipalId: string,
    jobId: string,
    request: ScimBulkRequest,
    signal: AbortSignal,
  ): Promise<string | undefined>;
}
