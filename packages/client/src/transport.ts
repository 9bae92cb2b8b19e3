/**
 * The one path every request takes, convenience method or raw: token, headers, timeout, abort, retries, and the
 * translation of every failure into the error model. `fetch` is always called as `fetch(url, init)` with a string
 * URL, a plain-object `headers` and `redirect: "manual"`, so an injected fetch (tests, `--dry-run`, logging) sees
 * one simple shape.
 */
import type { Auth } from "./auth.js";
import {
  AbortError,
  GraphError,
  GraphSyncError,
  NetworkError,
  type RequestDescription,
  show,
  TimeoutError,
} from "./errors.js";
import { checkTimeout } from "./options.js";
import { backoff, parseRetryAfter, type RetryPolicy } from "./retry.js";

/** The fetch the client calls: standard `fetch` satisfies it. */
export type FetchLike = (url: string, init: RequestInit & { headers: Record<string, string> }) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchLike;
  auth: Auth;
  retry: RetryPolicy;
  /** Per attempt; undefined for none (the runtime's own limits apply: undici's are 300 s). */
  timeoutMs: number | undefined;
  userAgent: string;
  signal: AbortSignal | undefined;
}

/** One logical call: possibly several attempts, all with the same `client-request-id`. */
export interface Call {
  operation: string;
  method: string;
  url: string;
  idempotent: boolean;
  body?: string | ArrayBuffer | undefined;
  /** Extra request headers (raw calls), lower-case names. */
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/**
 * An answer with its body read inside the attempt (so the timeout and retries cover the body too), as text with
 * every occurrence of the token replaced: nothing derived from it (errors, messages) can quote the token.
 */
export interface Answer extends RequestDescription {
  status: number;
  headers: Headers;
  body: string;
  requestId: string | undefined;
}

export type Send = (call: Call) => Promise<Answer>;

export function createTransport(options: TransportOptions): Send {
  const { fetch: fetchImpl, auth, retry, userAgent } = options;

  return async (call) => {
    const { operation, method, url, idempotent } = call;
    const signal =
      options.signal && call.signal ? AbortSignal.any([options.signal, call.signal]) : (options.signal ?? call.signal);
    const timeoutMs = checkTimeout(call.timeoutMs, "timeoutMs") ?? options.timeoutMs;
    const clientRequestId = call.headers?.["client-request-id"] ?? uuid();
    const started = Date.now();
    const aborted = () => new AbortError(`${operation}: aborted`, { code: "Aborted", operation }, signal?.reason);

    for (let attempts = 1; ; attempts++) {
      if (signal?.aborted) throw aborted();
      // Only an attempt with a time limit gets its own controller: handing fetch any signal costs about a tenth of
      // a loopback call, so without a timeout the caller's signal (if any) goes to fetch as it is.
      const controller = timeoutMs ? new AbortController() : undefined;
      const attemptSignal = controller?.signal ?? signal;
      let timedOut = false;
      const timer =
        controller &&
        setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
      const onAbort = () => controller?.abort();
      if (controller) signal?.addEventListener("abort", onAbort);
      let token: string | undefined;
      let failure: GraphError | NetworkError | TimeoutError;
      let retryable: boolean;
      try {
        const pending = auth.token(attemptSignal);
        token = typeof pending === "string" ? pending : await pending;
        const headers: Record<string, string> = {
          ...call.headers,
          authorization: `Bearer ${token}`,
          "client-request-id": clientRequestId,
          "user-agent": userAgent,
        };
        if (call.body !== undefined) headers["content-type"] ??= "application/json";
        const response = await fetchImpl(url, {
          method,
          headers,
          body: call.body,
          signal: attemptSignal,
          redirect: "manual",
        });
        const status = response.status;
        const ok = status > 199 && status < 300;
        let body = "";
        try {
          body = redact(await response.text(), token);
        } catch (e) {
          // A success cut short is no answer; for an error the status says enough.
          if (ok) throw e;
        }
        const responseHeaders = response.headers;
        const answer: Answer = {
          operation,
          method,
          url,
          clientRequestId,
          attempts,
          status,
          headers: responseHeaders,
          body,
          requestId: responseHeaders.get("request-id") ?? undefined,
        };
        if (ok) return answer;
        failure = errorFromResponse(answer);
        if (status === 401) auth.reject(token);
        retryable = status === 429 || status === 503 || (status === 504 && idempotent);
      } catch (e) {
        if (e instanceof GraphSyncError) throw e;
        if (signal?.aborted) throw aborted();
        const info: RequestDescription = { operation, method, url, clientRequestId, attempts };
        if (timedOut) {
          failure = new TimeoutError(`${operation}: no answer within ${timeoutMs} ms`, {
            code: "Timeout",
            timeoutMs,
            ...info,
          });
          retryable = idempotent;
        } else {
          failure = networkError(e, info, token);
          retryable = idempotent || !failure.sent;
        }
      } finally {
        if (controller) {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        }
      }

      const retryAfterMs = (failure as GraphError).retryAfterMs;
      const delayMs = retryAfterMs ?? backoff(retry, attempts);
      if (
        !retryable ||
        attempts >= retry.maxAttempts ||
        delayMs > retry.maxRetryAfterMs ||
        Date.now() - started + delayMs > retry.maxElapsedMs
      ) {
        throw failure;
      }
      try {
        retry.onRetry?.({ operation, method, url, clientRequestId, attempt: attempts, delayMs, error: failure });
      } catch {
        // A logging hook must not change the outcome of the call.
      }
      try {
        await retry.sleep(delayMs, signal);
      } catch {
        // The default sleep only fails when aborted; an injected one that fails otherwise ends the call as it stood.
        throw signal?.aborted ? aborted() : failure;
      }
    }
  };
}

/**
 * Replaces every occurrence of the token: a server or a runtime may echo it back. A token shorter than 8
 * characters is a placeholder (an emulator's `"any"`), not a credential: replacing it would mangle ordinary text.
 */
function redact(text: string, token: string | undefined): string {
  return token && token.length > 7 && text.includes(token) ? text.split(token).join("[redacted]") : text;
}

/** Failures that happen before any byte of the request is sent (codes and messages of Node, Deno and Bun). */
const NOT_SENT =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT|refused|dns error|connect error/i;

function networkError(error: unknown, info: RequestDescription, token: string | undefined): NetworkError {
  let code: string | undefined;
  let detail = "";
  // fetch wraps the system error (`TypeError: fetch failed`, cause `connect ECONNREFUSED …`): read the chain.
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === "string") code ??= e.code;
    detail += `${detail ? ": " : ""}${e.message ?? e}`;
    e = e.cause as typeof e;
  }
  detail = redact(detail, token);
  const sent = !NOT_SENT.test(`${code} ${detail}`);
  return new NetworkError(
    `${info.operation}: ${detail} (${sent ? "may have reached the service" : "not sent"})`,
    { code: code ?? "NetworkError", sent, ...info },
    error,
  );
}

const JSON_TYPE = /json/i;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A non-2xx answer as a GraphError: Graph's error body when there is one, a clear account of the body otherwise. */
function errorFromResponse(answer: Answer): GraphError {
  const text = answer.body;
  const type = answer.headers.get("content-type") ?? "unlabelled";
  const status = answer.status;
  let parsed: unknown = errorFromResponse;
  try {
    parsed = JSON.parse(text);
  } catch {
    // `parsed` keeps a value no JSON can have.
  }
  const main = isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
  const [code, detail] =
    typeof main?.code === "string"
      ? [main.code, typeof main.message === "string" ? main.message : "(no message)"]
      : status < 200 || (status > 299 && status < 400)
        ? ["Redirect", `redirect to ${show(answer.headers.get("location"))} not followed`]
        : !text
          ? ["EmptyResponse", "no body"]
          : [
              parsed === errorFromResponse
                ? JSON_TYPE.test(type)
                  ? "InvalidJson"
                  : "NonJsonResponse"
                : "UnexpectedBody",
              `not a Graph error: ${type} body ${show(text)}`,
            ];
  return graphError(answer, code, detail, main);
}

/**
 * Builds a GraphError from an answer; also used for 2xx answers the client cannot use. `main` is Graph's `error`
 * object when the body has one.
 */
export function graphError(answer: Answer, code: string, detail: string, main?: Record<string, unknown>): GraphError {
  const { status, headers, body, requestId: _, ...info } = answer;
  const innerError = isObject(main?.innerError) ? main.innerError : undefined;
  const requestId = answer.requestId ?? stringOr(innerError?.["request-id"]);
  const target = main?.target;
  const text = body;
  // The service's message is kept whole in `body`; the error's message stays a readable length.
  const shown = detail.length > 1000 ? `${detail.slice(0, 1000)}…` : detail;
  return new GraphError(
    `${info.operation}: ${status} ${code}: ${shown}${requestId ? ` (request-id ${requestId})` : ""}`,
    {
      code,
      status,
      requestId,
      date: stringOr(innerError?.date) ?? headers.get("date") ?? undefined,
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      target: typeof target === "string" || target === null ? target : undefined,
      details: Array.isArray(main?.details) ? main.details : [],
      innerError,
      body: text.length > 65_536 ? text.slice(0, 65_536) : text,
      ...info,
    },
  );
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A random (v4) GUID; `getRandomValues` covers browsers' insecure contexts, where `randomUUID` is missing. */
export function uuid(): string {
  const c = globalThis.crypto;
  return c.randomUUID
    ? c.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (d) =>
        (+d ^ ((c.getRandomValues(new Uint8Array(1))[0] as number) & (15 >> (+d / 4)))).toString(16),
      );
}
