/**
 * Where openapi-fetch meets the transport. Every operation is a call of one openapi-fetch client made with the
 * generated `paths`; its `fetch` hands the request to the transport (token, retries, timeouts, errors) together
 * with the operation's generated facts, and the answer comes back as openapi-fetch's typed `data`.
 */
import type { paths } from "@graphsync/types";
import type { OperationFacts } from "@graphsync/types/operations";
import createClient, { type Client } from "openapi-fetch";
import { type Answer, graphError } from "./answers.js";
import { GraphSyncError, invalid, NetworkError } from "./errors.js";
import { jobSegment, servicePrincipalSegment } from "./ids.js";
import type { CallOptions, Send } from "./transport.js";

/** The typed openapi-fetch client behind every operation (`createRawClient` hands it out whole). */
export type Api = Client<paths, "application/json">;

/** The JSON request body the spec declares for `method` on `path`. */
export type JsonBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

/** Identifies one call to the service: quote both in support tickets. */
export interface ResponseInfo {
  /** The `request-id` header of the answer. */
  requestId: string | undefined;
  /** The `client-request-id` GUID the client sent. */
  clientRequestId: string;
}

/**
 * The one path serialiser: each parameter becomes exactly one checked, percent-encoded segment (openapi-fetch's
 * own leaves a missing parameter as a literal `{name}` and lets `.` and `..` through).
 */
function pathSerializer(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(/\{([^{}]+)\}/g, (_, name: string) =>
    name === "servicePrincipalId"
      ? servicePrincipalSegment(params[name])
      : jobSegment(typeof params[name] === "number" ? String(params[name]) : params[name], name),
  );
}

/**
 * openapi-fetch's request for the client's own calls: what the transport reads (url, method, headers, body),
 * without building a WHATWG Request, which costs about a fifth of a loopback call (the transport's `fetch` builds
 * the one that is sent). No middleware sees it: `createRawClient`'s runs on raw calls, which use standard Requests.
 */
class Outbound {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {
    Object.assign(this, init);
  }
  text = async () => this.init.body ?? "";
}

export const createApi = (baseUrl: string): Api =>
  createClient<paths, "application/json">({
    baseUrl,
    pathSerializer,
    Request: Outbound as unknown as typeof Request,
  });

/** What `done` adds to openapi-fetch's result. */
export interface Finished {
  status: number;
  info: ResponseInfo;
  /** The answer as the transport read it (for errors about its body). */
  answer: Answer;
}

/** One call on its way: what to hand openapi-fetch, and how to finish with its result. */
export interface Call {
  /** openapi-fetch's per-request options: the transport as `fetch`. */
  init: { fetch: (request: Request) => Promise<Response> };
  /** Awaits openapi-fetch's result: every failure as a GraphSyncError, a 2xx the spec does not declare refused. */
  done<T extends object>(pending: Promise<T>): Promise<T & Finished>;
}

export interface CallSetup extends CallOptions {
  send: Send;
  /** The operation's generated facts; undefined for a path the spec does not describe (raw calls). */
  facts?: OperationFacts | undefined;
  /** Sends to this URL instead of the one openapi-fetch built (a page's `@odata.nextLink`). */
  url?: string | undefined;
}

export function call({ send, facts, url, signal, timeoutMs }: CallSetup): Call {
  let answer: Answer | undefined;
  const fetch = async (request: Request): Promise<Response> => {
    const method = request.method;
    answer = await send({
      operation: facts?.operationId ?? "request",
      method,
      url: url ?? request.url,
      // A path the spec does not describe is repeated only if reading it cannot change anything.
      idempotent: facts?.idempotent ?? (method === "GET" || method === "HEAD"),
      // Read once and sent by every attempt: a retried POST carries its body again.
      body: request.body ? await request.text() : undefined,
      headers: Object.fromEntries(request.headers),
      signal,
      timeoutMs,
    });
    // Only a 2xx gets here; 204 and 205 have an empty body, which must be null.
    const { headers, status, body } = answer;
    // The client's own calls never hand the response on: openapi-fetch gets what it reads (status, two headers, the
    // text) without a WHATWG Response. Raw calls get a real one.
    if (request instanceof Outbound) {
      const text = async () => body;
      // openapi-fetch reads `json()` when a Content-Length is given, `text()` otherwise.
      return { status, ok: true, headers, text, json: async () => JSON.parse(body) } as unknown as Response;
    }
    // A minimal fetch's headers (the CLI's) serve the transport; only a standard Headers is handed on.
    return new Response(body || null, { status, headers: headers instanceof Headers ? headers : undefined });
  };
  const done = async <T extends object>(pending: Promise<T>) => {
    let result: T;
    try {
      result = await pending;
    } catch (error) {
      throw translate(error, answer);
    }
    const got = answer as Answer;
    if (facts && !facts.success.includes(got.status)) {
      throw graphError(got, "UnexpectedStatus", `${facts.operationId} answers ${facts.success.join(" or ")}`);
    }
    const info = { requestId: got.requestId, clientRequestId: got.request.clientRequestId };
    return Object.assign(result, { status: got.status, info, answer: got });
  };
  return { init: { fetch }, done };
}

/** What openapi-fetch itself may throw, as the error model says. */
function translate(error: unknown, answer: Answer | undefined): GraphSyncError {
  if (error instanceof GraphSyncError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Thrown before any request: a query or body openapi-fetch cannot serialise.
  if (!answer) return invalid("request", message, "parameters and a body openapi-fetch can serialise");
  // A body that does not parse: InvalidJson when labelled JSON, NonJsonResponse otherwise.
  if (error instanceof SyntaxError) return graphError(answer, undefined, undefined, "JSON");
  return new NetworkError(
    `${answer.request.operation}: reading the answer failed: ${message}`,
    { code: "NetworkError", sent: true, tls: false, ...answer.request },
    error,
  );
}
