/**
 * @graphsync/client: a small, typed client for Microsoft Graph synchronization jobs, on openapi-fetch.
 *
 * ```ts
 * import { createGraphSyncClient } from "@graphsync/client";
 * const graph = createGraphSyncClient({ credential: new DefaultAzureCredential() });
 * await graph.startJob(servicePrincipalId, jobId);
 * ```
 */
export type { AccessTokenLike, AccessTokenOption, TokenCredentialLike } from "./auth.js";
export { REFRESH_MARGIN_MS } from "./auth.js";
export type {
  ActionResult,
  CallOptions,
  GraphSyncAuthOptions,
  GraphSyncClient,
  GraphSyncClientOptions,
  GraphSyncConnectionOptions,
  ListJobsOptions,
  ProvisionOnDemandOptions,
  ProvisionOnDemandResult,
  ResponseInfo,
  RestartJobOptions,
  StartJobOptions,
  StartJobResult,
} from "./client.js";
export { createGraphSyncClient, decodeProvisioningResult } from "./client.js";
export type { ApiVersion, GraphCloud } from "./clouds.js";
export { GRAPH_ROOTS } from "./clouds.js";
export type { GraphSyncErrorName, RequestDescription } from "./errors.js";
export {
  AbortError,
  AuthenticationError,
  GraphError,
  GraphSyncError,
  isGraphSyncError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export { VERSION } from "./generated/version.js";
export { formatResetScope, validateJobId, validateServicePrincipalId } from "./ids.js";
export { IDEMPOTENT } from "./operations.js";
export type { RetryEvent, RetryOptions } from "./retry.js";
export { parseRetryAfter } from "./retry.js";
export type { FetchLike } from "./transport.js";
