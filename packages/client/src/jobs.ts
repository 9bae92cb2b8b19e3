/**
 * The operations on synchronization jobs, as standalone functions of a client (`startJob(graph, sp, job)`): a
 * bundler keeps only the ones a program calls. `createGraphSyncClient` also offers each as a method.
 *
 * Each is an openapi-fetch call on the spec's path, typed by the generated `paths`. Ids are checked, then the
 * options (the body built), before anything is sent; every failure rejects with a GraphSyncError.
 */
import type {
  StringKeyStringValuePair,
  SynchronizationJob,
  SynchronizationJobApplicationParameters,
  SynchronizationJobRestartScope,
} from "@graphsync/types";
import {
  getSynchronizationJob as GET,
  listSynchronizationJobs as LIST,
  pauseSynchronizationJob as PAUSE,
  provisionOnDemand as PROVISION,
  restartSynchronizationJob as RESTART,
  startSynchronizationJob as START,
} from "@graphsync/types/operations";
import { isObject, parse } from "./answers.js";
import type { JsonBody, ResponseInfo } from "./call.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { invalid } from "./errors.js";
import { formatResetScope, servicePrincipalSegment } from "./ids.js";
import { type PageOptions, paged } from "./paging.js";
import { jobPath, objectOf, prepare } from "./prepare.js";
import type { CallOptions } from "./transport.js";

export type { ResponseInfo } from "./call.js";

// The spec's paths, as openapi-fetch takes them. A body is checked with `satisfies` against its path's request type:
// openapi-fetch infers its options generically, which lets a misspelt body property through.
const JOBS = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs";
const JOB = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}";
const START_PATH = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/start";
const PAUSE_PATH = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/pause";
const RESTART_PATH = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/restart";
const PROVISION_PATH =
  "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/provisionOnDemand";

export type { CallOptions } from "./transport.js";

export interface StartJobOptions extends CallOptions {
  /** Only the seed documents a body for start; without parameters the client sends none, as the live API expects. */
  parameters?: SynchronizationJobApplicationParameters[];
}

/** 204 (what the live service answers) and 200 (what the seed documents) are both success. */
export type StartJobResult =
  | (ResponseInfo & { status: 204; value?: undefined })
  | (ResponseInfo & {
      status: 200;
      /** The seed's `stringKeyStringValuePair`; `null` when the 200 has no body or no `value`. */
      value: StringKeyStringValuePair | null;
    });

export interface ActionResult extends ResponseInfo {
  /** The 2xx status the service answered (204 from the live service). */
  status: number;
}

export interface RestartJobOptions extends CallOptions {
  /** What to reset: members of `synchronizationJobRestartScope` as an array, or the wire form `"Watermark, Escrows"`. */
  resetScope?: readonly SynchronizationJobRestartScope[] | string;
}

export type ListJobsOptions = PageOptions;

export interface ProvisionOnDemandOptions extends CallOptions {
  parameters: SynchronizationJobApplicationParameters[];
}

export interface ProvisionOnDemandResult extends ResponseInfo {
  status: number;
  /** The answer as sent: `key` and `value` are JSON documents encoded as strings. */
  value: StringKeyStringValuePair;
  /** `key` and `value` decoded (see `decodeProvisioningResult`). */
  decoded: { key: unknown; value: unknown };
}

/** Starts (or resumes) a job. Sends no body unless `parameters` are given. Never retried once it may have arrived. */
export async function startJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: StartJobOptions,
): Promise<StartJobResult> {
  const path = jobPath(servicePrincipalId, jobId);
  const { api, init, done } = prepare(client, START, options);
  const { data, status, info } = await done(
    api.POST(START_PATH, {
      ...init,
      params: { path },
      body: options?.parameters
        ? ({ parameters: parameters(options.parameters, 0) } satisfies JsonBody<typeof START_PATH, "post">)
        : undefined,
    }),
  );
  if (status === 204) return { ...info, status };
  const value = isObject(data) ? data.value : null;
  return { ...info, status: 200, value: isObject(value) ? value : null };
}

/** Reads one job: its status, schedule and last execution. */
export async function getJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: CallOptions,
): Promise<SynchronizationJob> {
  const path = jobPath(servicePrincipalId, jobId);
  const { api, init, done } = prepare(client, GET, options);
  const { data, answer } = await done(api.GET(JOB, { ...init, params: { path } }));
  return objectOf(data, answer);
}

/** Pauses a job; start resumes it. */
export async function pauseJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: CallOptions,
): Promise<ActionResult> {
  const path = jobPath(servicePrincipalId, jobId);
  const { api, init, done } = prepare(client, PAUSE, options);
  const { status, info } = await done(api.POST(PAUSE_PATH, { ...init, params: { path } }));
  return { ...info, status };
}

/** Restarts a job, forgetting what `resetScope` names (Graph's default scope when omitted). */
export async function restartJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: RestartJobOptions,
): Promise<ActionResult> {
  const path = jobPath(servicePrincipalId, jobId);
  const scope = options?.resetScope;
  const { api, init, done } = prepare(client, RESTART, options);
  const { status, info } = await done(
    api.POST(RESTART_PATH, {
      ...init,
      params: { path },
      // Graph's own SDKs send a JSON object for an action that takes parameters, even when none are set.
      body: (scope === undefined ? {} : { criteria: { resetScope: formatResetScope(scope) } }) satisfies JsonBody<
        typeof RESTART_PATH,
        "post"
      >,
    }),
  );
  return { ...info, status };
}

/** Provisions the given objects now, outside the job's schedule. */
export async function provisionOnDemand(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options: ProvisionOnDemandOptions,
): Promise<ProvisionOnDemandResult> {
  const path = jobPath(servicePrincipalId, jobId);
  const { api, init, done } = prepare(client, PROVISION, options);
  const { data, status, info, answer } = await done(
    api.POST(PROVISION_PATH, {
      ...init,
      params: { path },
      body: { parameters: parameters(options?.parameters, 1) } satisfies JsonBody<typeof PROVISION_PATH, "post">,
    }),
  );
  const value = objectOf(data, answer);
  return { ...info, status, value, decoded: decodeProvisioningResult(value) };
}

/**
 * Every job of a service principal, following `@odata.nextLink` (only on the API's own origin, at most `maxPages`
 * pages). The client and options are checked when this is called; requests start when iteration does.
 */
export function listJobs(
  client: GraphSyncCore,
  servicePrincipalId: string,
  options?: ListJobsOptions,
): AsyncIterableIterator<SynchronizationJob> {
  const { api } = internalsOf(client);
  const path = { servicePrincipalId: servicePrincipalSegment(servicePrincipalId) };
  return paged(
    client,
    LIST,
    options,
    (init, $top) => api.GET(JOBS, { ...init, params: { path, query: $top ? { $top } : {} } }),
    "jobs",
  );
}

/**
 * Decodes the answer of provisionOnDemand, whose `key` and `value` are JSON documents encoded as strings. Each
 * becomes the decoded JSON value, or stays the string as sent when it is not JSON (`null` stays `null`).
 */
export function decodeProvisioningResult(pair: StringKeyStringValuePair): { key: unknown; value: unknown } {
  const decode = (text: string | null = null) => parse(text, text);
  return { key: decode(pair.key), value: decode(pair.value) };
}

/** The caller's parameters, checked at run time (JavaScript callers may pass anything). */
function parameters(
  value: SynchronizationJobApplicationParameters[] | undefined,
  min: number,
): SynchronizationJobApplicationParameters[] {
  if (!Array.isArray(value) || value.length < min || !value.every(isObject)) {
    throw invalid(
      "parameters",
      value,
      `an array of${min ? " at least one" : ""} synchronizationJobApplicationParameters`,
    );
  }
  return value;
}
