/**
 * The operations on synchronization jobs, as standalone functions of a client (`startJob(graph, sp, job)`): a
 * bundler keeps only the ones a program calls. `createGraphSyncClient` also offers each as a method.
 *
 * Every function checks the ids (building the URL) and then its options (building the body) before anything is
 * sent, and rejects with a GraphSyncError: a ValidationError when the input is wrong.
 */
import type {
  OperationId,
  StringKeyStringValuePair,
  SynchronizationJob,
  SynchronizationJobApplicationParameters,
  SynchronizationJobRestartScope,
} from "@graphsync/types";
import { graphError, isObject, object, parse } from "./answers.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { invalid, show } from "./errors.js";
import { formatResetScope, jobSegment, servicePrincipalSegment } from "./ids.js";
import { checkNumber, checkTimeout } from "./options.js";
import type { Answer } from "./transport.js";

export interface CallOptions {
  /** Aborts this call, including a pending retry wait. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each attempt of this call. */
  timeoutMs?: number;
}

/** Identifies one call to the service: quote both in support tickets. */
export interface ResponseInfo {
  /** The `request-id` header of the answer. */
  requestId: string | undefined;
  /** The `client-request-id` GUID the client sent. */
  clientRequestId: string;
}

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

export interface ListJobsOptions extends CallOptions {
  /** The page size asked of the service (`$top`, 1 to 999). Every page is read either way. */
  top?: number;
}

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
export function startJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: StartJobOptions,
): Promise<StartJobResult> {
  return onJob(client, "startSynchronizationJob", "/start", false, started, servicePrincipalId, jobId, options, () =>
    options?.parameters ? { parameters: parameters(options.parameters, 0) } : undefined,
  );
}

/** Reads one job: its status, schedule and last execution. */
export function getJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: CallOptions,
): Promise<SynchronizationJob> {
  return onJob(
    client,
    "getSynchronizationJob",
    "",
    true,
    (answer) => object(answer) as SynchronizationJob,
    servicePrincipalId,
    jobId,
    options,
  );
}

/** Pauses a job; start resumes it. */
export function pauseJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: CallOptions,
): Promise<ActionResult> {
  return onJob(client, "pauseSynchronizationJob", "/pause", true, result, servicePrincipalId, jobId, options);
}

/** Restarts a job, forgetting what `resetScope` names (Graph's default scope when omitted). */
export function restartJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: RestartJobOptions,
): Promise<ActionResult> {
  // Graph's own SDKs send a JSON object for an action that takes parameters, even when none are set.
  return onJob(
    client,
    "restartSynchronizationJob",
    "/restart",
    false,
    result,
    servicePrincipalId,
    jobId,
    options,
    () => (options?.resetScope === undefined ? {} : { criteria: { resetScope: formatResetScope(options.resetScope) } }),
  );
}

/** Provisions the given objects now, outside the job's schedule. */
export function provisionOnDemand(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options: ProvisionOnDemandOptions,
): Promise<ProvisionOnDemandResult> {
  return onJob(
    client,
    "provisionOnDemand",
    "/provisionOnDemand",
    false,
    provisioned,
    servicePrincipalId,
    jobId,
    options,
    () => ({
      parameters: parameters(options?.parameters, 1),
    }),
  );
}

/**
 * Every job of a service principal, following `@odata.nextLink` (only on the API's own origin). The client and
 * ids are checked when this is called; requests start when iteration does.
 */
export function listJobs(
  client: GraphSyncCore,
  servicePrincipalId: string,
  options?: ListJobsOptions,
): AsyncIterableIterator<SynchronizationJob> {
  const { send, base, origin } = internalsOf(client);
  let url = jobsUrl(base, servicePrincipalId);
  const top = checkNumber("top", options?.top, 1, 999, true);
  checkTimeout(options?.timeoutMs);
  if (top) url += `?$top=${top}`;
  return pages();

  async function* pages(): AsyncGenerator<SynchronizationJob, void> {
    const seen = new Set<string>();
    for (;;) {
      seen.add(url);
      const answer = await send("listSynchronizationJobs", "GET", url, true, undefined, options);
      const page = object(answer, isPage, "a page of jobs");
      yield* page.value as SynchronizationJob[];
      const next = page["@odata.nextLink"];
      if (next == null) return;
      // Another origin would be handed the token; a link already read would loop for ever.
      url = sameOrigin(next, origin);
      if (!url || seen.has(url)) {
        throw graphError(
          answer,
          "InvalidNextLink",
          `@odata.nextLink ${show(next)} not followed (not a new page on ${origin})`,
        );
      }
    }
  }
}

/**
 * Decodes the answer of provisionOnDemand, whose `key` and `value` are JSON documents encoded as strings. Each
 * becomes the decoded JSON value, or stays the string as sent when it is not JSON (`null` stays `null`).
 */
export function decodeProvisioningResult(pair: StringKeyStringValuePair): { key: unknown; value: unknown } {
  const decode = (text: string | null = null) => parse(text, text);
  return { key: decode(pair.key), value: decode(pair.value) };
}

const jobsUrl = (base: string, sp: unknown) =>
  `${base}/servicePrincipals/${servicePrincipalSegment(sp)}/synchronization/jobs`;

/**
 * A call on one job: a GET without an `action`, a POST to it otherwise. Ids are checked (the URL built), then the
 * options (the body built), before anything is sent; `read` makes the result of the 2xx answer. Async, so that
 * every check fails as a rejection. `idempotent` is the operation's `IDEMPOTENT` value, spelled out so that a
 * bundle holds no table (`test/core.test.ts` checks each function behaves as the spec says).
 */
async function onJob<R>(
  client: GraphSyncCore,
  operation: OperationId,
  action: string,
  idempotent: boolean,
  read: (answer: Answer) => R,
  sp: unknown,
  job: unknown,
  options: CallOptions | null | undefined,
  body?: () => object | undefined,
): Promise<R> {
  const { send, base } = internalsOf(client);
  const url = `${jobsUrl(base, sp)}/${jobSegment(job)}${action}`;
  const json = body?.();
  return read(await send(operation, action ? "POST" : "GET", url, idempotent, json && JSON.stringify(json), options));
}

/** The absolute URL, when it is one on `origin` without user info (its href then starts with the origin); "" otherwise. */
function sameOrigin(link: unknown, origin: string): string {
  try {
    const { href } = new URL(link as string);
    return href.startsWith(`${origin}/`) ? href : "";
  } catch {
    return "";
  }
}

const isPage = (value: unknown) => isObject(value) && Array.isArray(value.value);

function parameters(value: unknown, min: number): unknown[] {
  if (!Array.isArray(value) || value.length < min || !value.every(isObject)) {
    throw invalid(
      "parameters",
      value,
      `an array of${min ? " at least one" : ""} synchronizationJobApplicationParameters`,
    );
  }
  return value;
}

/** The status and ids of an answer: what every method returns. */
function result({ status, requestId, request }: Answer): ActionResult {
  return { status, requestId, clientRequestId: request.clientRequestId };
}

/** startJob's result: 204 (what the live service answers) or 200 (what the seed documents) with its value. */
function started(answer: Answer): StartJobResult {
  const { status } = answer;
  const done = result(answer) as StartJobResult;
  if (status === 200) {
    const value = answer.body ? object(answer).value : null;
    done.value = isObject(value) ? (value as StringKeyStringValuePair) : null;
  } else if (status !== 204) {
    throw graphError(answer, "UnexpectedStatus", "start answers 200 or 204");
  }
  return done;
}

function provisioned(answer: Answer): ProvisionOnDemandResult {
  const value = object(answer) as StringKeyStringValuePair;
  return { ...result(answer), value, decoded: decodeProvisioningResult(value) };
}
