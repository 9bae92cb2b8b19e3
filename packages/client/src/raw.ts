/**
 * `@graphsync/client/raw`: openapi-fetch's typed client for every operation of the spec, going through a
 * GraphSyncClient's transport (auth, retries, timeouts, errors). A separate entry point, so that programs that only
 * use the convenience methods never bundle openapi-fetch.
 *
 * Path parameters get the same checks as the convenience methods, the token is only ever sent to the client's
 * origin, and every failure is a GraphSyncError, openapi-fetch's own exceptions (a body that does not parse, a
 * query it cannot serialise) included: a 2xx resolves `{ data, response }`, anything else rejects.
 */
import type { OperationId, paths } from "@graphsync/types";
import createClient, { type Client } from "openapi-fetch";
import { graphError } from "./answers.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { GraphSyncError, invalid, NetworkError } from "./errors.js";
import { jobSegment, servicePrincipalSegment } from "./ids.js";
import { IDEMPOTENT } from "./operations.js";
import type { Answer } from "./transport.js";

/** The typed openapi-fetch client `createRawClient` returns. */
export type RawClient = Client<paths, "application/json">;

const JOBS = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs";
const JOB = `${JOBS}/{synchronizationJobId}`;

/** The operation behind each method and path of the spec (`test/operations.test.ts` checks it against the spec). */
export const ROUTES: Readonly<Record<string, OperationId>> = {
  [`GET ${JOBS}`]: "listSynchronizationJobs",
  [`GET ${JOB}`]: "getSynchronizationJob",
  [`POST ${JOB}/start`]: "startSynchronizationJob",
  [`POST ${JOB}/pause`]: "pauseSynchronizationJob",
  [`POST ${JOB}/restart`]: "restartSynchronizationJob",
  [`POST ${JOB}/provisionOnDemand`]: "provisionOnDemand",
};

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];
/** Statuses whose Response must have a null body. */
const NULL_BODY = [101, 204, 205, 304];

/** Any path parameter: one non-empty, percent-encoded segment that is not `.` or `..`. @throws {ValidationError} */
function segment(name: string, value: unknown): string {
  if (name === "servicePrincipalId") return servicePrincipalSegment(value);
  return jobSegment(typeof value === "number" ? String(value) : value, name);
}

/**
 * Creates openapi-fetch's client for every operation of the spec, sharing `client`'s base URL, token, retries,
 * timeout, abort signal and error handling. Each call also takes `timeoutMs` beside openapi-fetch's options.
 * @throws {ValidationError} when `client` was not made by `createGraphSyncClient` or `createGraphSyncCore`.
 */
export function createRawClient(client: GraphSyncCore): RawClient {
  const { send, base, origin } = internalsOf(client);
  const inner = createClient<paths, "application/json">({
    baseUrl: base,
    // Replaces openapi-fetch's serialiser, which leaves a missing parameter as a literal `{name}` and lets `.` and
    // `..` through (a URL parser then resolves them). The base URL went through URL, so it holds no braces.
    pathSerializer: (pathname, params) =>
      pathname.replace(/\{([^{}]+)\}/g, (_, name: string) => segment(name, params[name])),
  });

  const wrap =
    (method: string) =>
    (path: string, init?: Record<string, unknown>): Promise<unknown> => {
      let answer: Answer | undefined;
      const operation = ROUTES[`${method} ${path}`];
      // `timeoutMs` is the client's own per-call option; openapi-fetch would copy it onto the Request.
      const { timeoutMs, ...rest } = init ?? {};
      const fetch = async (request: Request): Promise<Response> => {
        if (new URL(request.url).origin !== origin) {
          throw invalid("baseUrl", request.url, `a URL on ${origin}, the only origin the token is sent to`);
        }
        const headers: Record<string, string> = {};
        request.headers.forEach((value, key) => {
          headers[key] = value;
        });
        answer = await send(
          operation ?? "request",
          method,
          request.url,
          // A path the spec does not describe is repeated only if reading it cannot change anything.
          operation ? IDEMPOTENT[operation] : method === "GET" || method === "HEAD",
          // Read once and sent by every attempt: a retried POST carries its body again.
          request.body ? await request.arrayBuffer() : undefined,
          { signal: request.signal, timeoutMs: timeoutMs as number | undefined },
          headers,
        );
        return new Response(NULL_BODY.includes(answer.status) ? null : answer.body, {
          status: answer.status,
          headers: answer.headers,
        });
      };
      const run = inner[method as "GET"] as unknown as (path: string, init: object) => Promise<unknown>;
      return run(path, { ...rest, fetch }).catch((error: unknown) => {
        throw translate(error, answer);
      });
    };

  const raw: Record<string, unknown> = { use: inner.use, eject: inner.eject };
  for (const method of METHODS) raw[method] = wrap(method);
  raw.request = (method: string, path: string, init?: Record<string, unknown>) =>
    wrap(method.toUpperCase())(path, init);
  return raw as unknown as RawClient;
}

/** What openapi-fetch itself may throw, as the error model says. */
function translate(error: unknown, answer: Answer | undefined): GraphSyncError {
  if (error instanceof GraphSyncError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (!answer) {
    // Thrown before any request: a query or body openapi-fetch cannot serialise.
    return invalid("request", message, "parameters and a body openapi-fetch can serialise");
  }
  const { request } = answer;
  if (error instanceof SyntaxError) return graphError(answer, "InvalidJson", `the body is not JSON: ${message}`);
  return new NetworkError(
    `${request.operation}: reading the answer failed: ${message}`,
    { code: "NetworkError", sent: true, ...request },
    error,
  );
}
