/**
 * @graphsync/client: a small, typed client for Microsoft Graph synchronization jobs, on openapi-fetch.
 *
 * ```ts
 * import { createGraphSyncClient } from "@graphsync/client";
 * const graph = createGraphSyncClient({ credential: new DefaultAzureCredential() });
 * await graph.startJob(servicePrincipalId, jobId);
 * ```
 *
 * Or, for the smallest bundle, the same operations as functions of a client without methods:
 *
 * ```ts
 * import { createGraphSyncCore, startJob } from "@graphsync/client";
 * const graph = createGraphSyncCore({ accessToken: () => tokenFromMsal() });
 * await startJob(graph, servicePrincipalId, jobId);
 * ```
 */
export type { AccessTokenLike, AccessTokenOption, TokenCredentialLike } from "./auth.js";
export { REFRESH_MARGIN_MS } from "./auth.js";
export type { GraphSyncClient } from "./client.js";
export { createGraphSyncClient } from "./client.js";
export type { ApiVersion, GraphCloud } from "./clouds.js";
export { GRAPH_ROOTS } from "./clouds.js";
export type {
  GraphSyncAuthOptions,
  GraphSyncClientOptions,
  GraphSyncConnectionOptions,
  GraphSyncCore,
  GraphSyncCoreOptions,
} from "./core.js";
export { createGraphSyncCore } from "./core.js";
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
export type { FetchLike, HeadersLike, RequestInitLike, ResponseLike } from "./http.js";
export { formatResetScope, validateJobId, validateServicePrincipalId } from "./ids.js";
// Every export of these modules is public.
export * from "./jobs.js";
export * from "./logs.js";
export { IDEMPOTENT } from "./operations.js";
export type { PageOptions } from "./paging.js";
export type { RetryEvent, RetryOptions } from "./retry.js";
export { parseRetryAfter } from "./retry.js";
export * from "./service-principals.js";
export * from "./upload.js";
export * from "./users.js";
