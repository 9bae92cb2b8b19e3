import type {
  OperationId,
  StringKeyStringValuePair,
  SynchronizationJob,
  SynchronizationJobApplicationParameters,
  SynchronizationJobRestartScope,
} from "@graphsync/types";
import { graphError, isObject, object, parse } from "./answers.js";
import { type AccessTokenOption, createAuth, type TokenCredentialLike } from "./auth.js";
import { type ApiVersion, type GraphCloud, resolveEndpoint } from "./clouds.js";
import { invalid, show } from "./errors.js";
import { VERSION } from "./generated/version.js";
import { formatResetScope, jobSegment, servicePrincipalSegment } from "./ids.js";
import { IDEMPOTENT } from "./operations.js";
import { checkNumber, checkTimeout } from "./options.js";
import { type RetryOptions, retryPolicy } from "./retry.js";
import { type Answer, createTransport, type FetchLike, type Send } from "./transport.js";

/** Exactly one of `credential` and `accessToken`. */
export type GraphSyncAuthOptions =
  | {
      /**
       * Where tokens come from: any `TokenCredential` of `@azure/identity` (`new DefaultAzureCredential()`, …) or
       * an object with the same `getToken`. Tokens are cached until 2 minutes before they expire; one refresh at a
       * time however many calls are in flight.
       */
      credential: TokenCredentialLike;
      accessToken?: undefined;
    }
  | {
      /** A bearer token, or a (possibly async) function returning the current one, called for every attempt. */
      accessToken: AccessTokenOption;
      credential?: undefined;
    };

export type GraphSyncClientOptions = GraphSyncAuthOptions & GraphSyncConnectionOptions;

export interface GraphSyncConnectionOptions {
  /** The national cloud (default `global`): decides the Graph root and the token scope `<root>/.default`. */
  cloud?: GraphCloud;
  /** Graph version (default `v1.0`). Not allowed with `baseUrl`, which includes the version. */
  apiVersion?: ApiVersion;
  /**
   * Replaces the Graph root, version included: `http://127.0.0.1:4000/v1.0` (the emulator), a proxy. Must be
   * https unless the host is loopback (127.0.0.0/8, ::1, localhost).
   */
  baseUrl?: string;
  /** The fetch to use (default: the global one, read when the client is created). Called as `fetch(url, init)`. */
  fetch?: FetchLike | typeof globalThis.fetch;
  /** Retry options, or `false` for a single attempt. See the retry table in the README. */
  retry?: RetryOptions | false;
  /**
   * The longest one attempt may take, token and response body included. Default: no limit of the client's own
   * (Node's fetch gives up after 300 s without headers or body data; browsers have their own limits).
   */
  timeoutMs?: number;
  /** Aborts every call of this client (for example on Ctrl-C). */
  signal?: AbortSignal;
  /** Added to the User-Agent header after `graphsync/<version>`, e.g. `my-tool/1.2`. */
  userAgent?: string;
}

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

export interface GraphSyncClient {
  /** The resolved API root requests go to, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
  /** The scope asked of the credential, e.g. `https://graph.microsoft.com/.default`. */
  readonly scope: string;
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
}

/** What `@graphsync/client/raw` needs to share the client's transport; not part of the public API. */
export const internals: WeakMap<GraphSyncClient, { send: Send; origin: string }> = new WeakMap();

/**
 * Creates a client. Checks every option first.
 * @throws {ValidationError} on a missing or conflicting auth option, an unknown cloud or version, an unsafe
 * `baseUrl`, or a bad `timeoutMs`, `retry` or `userAgent`.
 */
export function createGraphSyncClient(options: GraphSyncClientOptions): GraphSyncClient {
  if (typeof options !== "object" || !options) throw invalid("options", options, "an options object");
  const { base, origin, scope } = resolveEndpoint(options.cloud, options.apiVersion, options.baseUrl);
  const auth = createAuth(options.credential, options.accessToken, scope);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw invalid("fetch", fetchImpl, "a fetch function");
  const suffix = options.userAgent;
  if (suffix !== undefined && !PRINTABLE.test(suffix)) throw invalid("userAgent", suffix, "printable ASCII");
  const send = createTransport(
    fetchImpl as FetchLike,
    auth,
    retryPolicy(options.retry),
    checkTimeout(options.timeoutMs),
    `graphsync/${VERSION}${suffix ? ` ${suffix}` : ""}`,
    options.signal,
  );
  const jobsUrl = (sp: string) => `${base}/servicePrincipals/${servicePrincipalSegment(sp)}/synchronization/jobs`;

  /**
   * A method on one job: a GET without an `action`, a POST to it otherwise. Ids are checked (the URL built), then
   * the options (the body built), before anything is sent; `read` makes the result of the 2xx answer.
   */
  const onJob =
    <O extends CallOptions, R>(
      operation: OperationId,
      action: string,
      read: (answer: Answer) => R,
      body?: (options: O | null | undefined) => object | undefined,
    ) =>
    async (sp: string, job: string, options?: O): Promise<R> => {
      const url = `${jobsUrl(sp)}/${jobSegment(job)}${action}`;
      const json = body?.(options);
      const method = action ? "POST" : "GET";
      return read(await send(operation, method, url, IDEMPOTENT[operation], json && JSON.stringify(json), options));
    };

  const client: GraphSyncClient = {
    baseUrl: base,
    scope,
    startJob: onJob(
      "startSynchronizationJob",
      "/start",
      started,
      (o: StartJobOptions | null | undefined) => o?.parameters && { parameters: parameters(o.parameters, 0) },
    ),
    getJob: onJob("getSynchronizationJob", "", (answer) => object(answer) as SynchronizationJob),
    listJobs(sp, options) {
      const top = checkNumber("top", options?.top, 1, 999, true);
      checkTimeout(options?.timeoutMs);
      return pages(`${jobsUrl(sp)}${top ? `?$top=${top}` : ""}`, options);
    },
    pauseJob: onJob("pauseSynchronizationJob", "/pause", result),
    // Graph's own SDKs send a JSON object for an action that takes parameters, even when none are set.
    restartJob: onJob("restartSynchronizationJob", "/restart", result, (o: RestartJobOptions | null | undefined) =>
      o?.resetScope === undefined ? {} : { criteria: { resetScope: formatResetScope(o.resetScope) } },
    ),
    provisionOnDemand: onJob(
      "provisionOnDemand",
      "/provisionOnDemand",
      provisioned,
      (o: ProvisionOnDemandOptions | null | undefined) => ({
        parameters: parameters(o?.parameters, 1),
      }),
    ),
  };
  internals.set(client, { send, origin });
  return client;

  async function* pages(url: string, options: CallOptions | undefined): AsyncGenerator<SynchronizationJob, void> {
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

/** The absolute URL, when it is one on `origin` without user info (its href then starts with the origin); "" otherwise. */
function sameOrigin(link: unknown, origin: string): string {
  try {
    const { href } = new URL(link as string);
    return href.startsWith(`${origin}/`) ? href : "";
  } catch {
    return "";
  }
}

const PRINTABLE = /^[\x20-\x7e]*$/;

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
function result({ status, requestId, clientRequestId }: Answer): ActionResult {
  return { status, requestId, clientRequestId };
}

/** startJob's result: 204 (what the live service answers) or 200 (what the seed documents) with its value. */
function started(answer: Answer): StartJobResult {
  const { status } = answer;
  if (status === 204) return result(answer) as StartJobResult;
  if (status !== 200) throw graphError(answer, "UnexpectedStatus", "start answers 200 or 204");
  const value = answer.body ? object(answer).value : null;
  return { ...result(answer), status, value: isObject(value) ? (value as StringKeyStringValuePair) : null };
}

function provisioned(answer: Answer): ProvisionOnDemandResult {
  const value = object(answer) as StringKeyStringValuePair;
  return { ...result(answer), value, decoded: decodeProvisioningResult(value) };
}

/**
 * Decodes the answer of provisionOnDemand, whose `key` and `value` are JSON documents encoded as strings. Each
 * becomes the decoded JSON value, or stays the string as sent when it is not JSON (`null` stays `null`).
 */
export function decodeProvisioningResult(pair: StringKeyStringValuePair): { key: unknown; value: unknown } {
  const decode = (text: string | null = null) => parse(text, text);
  return { key: decode(pair.key), value: decode(pair.value) };
}
