/**
 * The one path every request takes, convenience method or raw: token, headers, timeout, abort, retries, and the
 * translation of every failure into the error model. `fetch` is always called as `fetch(url, init)` with a string
 * URL, a plain-object `headers` and `redirect: "manual"`, so an injected fetch (tests, `--dry-run`, logging) sees
 * one simple shape.
 */
import { type Answer, graphError } from "./answers.js";
import type { Auth } from "./auth.js";
import {
  AbortError,
  type GraphError,
  GraphSyncError,
  NetworkError,
  type RequestDescription,
  TimeoutError,
} from "./errors.js";
import type { FetchLike } from "./http.js";
import { checkTimeout } from "./options.js";
import { backoff, type RetryPolicy } from "./retry.js";
import { onAbort, untilAborted } from "./signals.js";

/** Per call: the caller's signal and a per-attempt time limit that overrides the client's. */
export interface CallOptions {
  /** Aborts this call, including a pending retry wait. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for each attempt of this call. */
  timeoutMs?: number | undefined;
}

/** One logical call, as the transport sends it (every attempt with the same `client-request-id`). */
export interface Outgoing extends CallOptions {
  /** The spec's operationId, or `request` for a path the spec does not describe. */
  operation: string;
  method: string;
  url: string;
  /** Whether a request that may have reached the service can be repeated. */
  idempotent: boolean;
  body?: string | undefined;
  /** Extra request headers (what openapi-fetch and its middleware set). */
  headers?: Record<string, string> | undefined;
}

export type Send = (call: Outgoing) => Promise<Answer>;

export interface TransportOptions {
  fetch: FetchLike;
  auth: Auth;
  retry: RetryPolicy;
  /** Per attempt; undefined: the runtime's own limits apply (undici's are 300 s). */
  timeoutMs: number | undefined;
  userAgent: string;
}

type Failure = GraphError | NetworkError | TimeoutError;

/** The client's transport: what openapi-fetch's `fetch` hands every request to (`call.ts`). */
export function createTransport(options: TransportOptions): Send {
  const { retry, timeoutMs: clientTimeout } = options;
  return async (call) => {
    const timeoutMs = checkTimeout(call.timeoutMs) ?? clientTimeout;
    // `attempts` counts up; errors copy the description as it is when they are made.
    const { operation, method, url, headers, signal } = call;
    const request: RequestDescription = {
      operation,
      method,
      url,
      clientRequestId: headers?.["client-request-id"] ?? crypto.randomUUID(),
      attempts: 0,
    };
    const started = Date.now();
    for (;;) {
      const attempts = ++request.attempts;
      const outcome = await attempt(options, call, request, timeoutMs);
      if (!(outcome instanceof GraphSyncError)) return outcome;
      const delayMs = (outcome as GraphError).retryAfterMs ?? backoff(retry, attempts);
      if (
        attempts >= retry.maxAttempts ||
        delayMs > retry.maxRetryAfterMs ||
        Date.now() - started + delayMs > retry.maxElapsedMs
      ) {
        throw outcome;
      }
      try {
        retry.onRetry?.({ ...request, attempt: attempts, delayMs, error: outcome });
      } catch {
        // A logging hook must not change the outcome of the call.
      }
      try {
        await retry.sleep(delayMs, signal);
      } catch {
        // The default sleep only fails when aborted; an injected one that fails otherwise ends the call as it stood.
        throw signal?.aborted ? aborted(operation, signal) : outcome;
      }
    }
  };
}

/** One attempt: the answer of a 2xx, or a failure worth retrying; anything else is thrown. */
async function attempt(
  { fetch: fetchImpl, auth, userAgent }: TransportOptions,
  call: Outgoing,
  request: RequestDescription,
  timeoutMs: number | undefined,
): Promise<Answer | Failure> {
  const { operation, method, url, idempotent, body, signal } = call;
  // Only an attempt with a time limit gets its own controller: handing fetch any signal costs about a tenth
  // of a loopback call, so without a timeout the caller's signal (if any) goes to fetch as it is.
  const controller = timeoutMs ? new AbortController() : undefined;
  const attemptSignal = controller?.signal ?? signal;
  const abort = () => controller?.abort();
  const timer = controller && setTimeout(abort, timeoutMs);
  const stop = controller && onAbort(signal, abort);
  let token: string | undefined;
  let failure: Failure;
  try {
    // Caught below, like an abort during the attempt.
    signal?.throwIfAborted();
    // Whatever the token source, the wait ends with the attempt (abort or time limit).
    token = await untilAborted(auth(), attemptSignal);
    const headers: Record<string, string> = {
      ...call.headers,
      authorization: `Bearer ${token}`,
      "client-request-id": request.clientRequestId,
      "user-agent": userAgent,
    };
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const response = await fetchImpl(url, { method, headers, body, signal: attemptSignal, redirect: "manual" });
    const status = response.status;
    const ok = status > 199 && status < 300;
    let text = "";
    try {
      text = redact(await response.text(), token);
    } catch (e) {
      // A success cut short is no answer; for an error the status says enough.
      if (ok) throw e;
    }
    const { headers: answered } = response;
    const answer: Answer = {
      request,
      status,
      headers: answered,
      body: text,
      requestId: answered.get("request-id") ?? undefined,
    };
    if (ok) return answer;
    failure = graphError(answer);
    if (status === 401) auth.reject?.(token);
    // 429 and 503 were refused unapplied; a 504 may have been applied.
    if (!(status === 429 || status === 503 || (status === 504 && idempotent))) throw failure;
  } catch (e) {
    if (signal?.aborted) throw aborted(operation, signal);
    if (e instanceof GraphSyncError) throw e;
    // Not the caller's signal, so the attempt's own controller fired: the time limit.
    failure = controller?.signal.aborted
      ? new TimeoutError(`${operation}: no answer within ${timeoutMs} ms`, { code: "Timeout", timeoutMs, ...request })
      : networkError(e, request, token);
    // Repeating what may have reached the service is only safe when the operation is idempotent; a failed TLS
    // handshake fails the same way every time.
    if ((!idempotent && (failure as NetworkError).sent !== false) || (failure as NetworkError).tls) throw failure;
  } finally {
    clearTimeout(timer);
    stop?.();
  }
  return failure;
}

const aborted = (operation: string, signal: AbortSignal) =>
  new AbortError(`${operation}: aborted`, { code: "Aborted", operation }, signal.reason);

/**
 * `send` with a signal that aborts every call (`createGraphSyncClient`'s `signal`), combined with each call's own.
 * Not AbortSignal.any: in Node 20 it keeps bookkeeping on the long-lived client signal for every call (the heap
 * grows with the number of calls). These listeners are removed when the call ends.
 */
export function withClientSignal(send: Send, clientSignal: AbortSignal): Send {
  return async (call) => {
    const callSignal = call.signal;
    if (!callSignal || callSignal === clientSignal) return send({ ...call, signal: clientSignal });
    const both = new AbortController();
    const link = (signal: AbortSignal) => onAbort(signal, () => both.abort(signal.reason));
    const stopClient = link(clientSignal);
    const stopCall = link(callSignal);
    try {
      return await send({ ...call, signal: both.signal });
    } finally {
      stopClient();
      stopCall();
    }
  };
}

/**
 * Replaces every occurrence of the token: a server or a runtime may echo it back. A token shorter than 8
 * characters is a placeholder (an emulator's `"any"`), not a credential: replacing it would mangle ordinary text.
 */
function redact(text: string, token: string | undefined): string {
  return token && token.length > 7 ? text.split(token).join("[redacted]") : text;
}

/** Failures that happen before any byte of the request is sent (codes and messages of Node, Deno and Bun). */
// ECONNREFUSED, Bun's ConnectionRefused, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, ENETUNREACH, UND_ERR_CONNECT_TIMEOUT,
// Deno's "dns error" and "tcp connect error". Not "connection": Deno's "connection closed before message completed"
// comes after the request was sent.
const NOT_SENT = /refused|NOTFOUND|AI_AGAIN|UNREACH|CONNECT_|(dns|connect) error/i;
// A certificate not trusted, expired or for another name, or no TLS at all (Node's and Bun's codes; Deno's "invalid
// peer certificate"): nothing was sent, and no retry can help.
const TLS = /CERT|UNABLE_TO_|_TLS|_SSL|EPROTO/i;

function networkError(error: unknown, request: RequestDescription, token: string | undefined): NetworkError {
  // fetch wraps the system error (`TypeError: fetch failed`, cause `connect ECONNREFUSED …`): read both.
  const {
    cause,
    code: own,
    message,
  } = (error ?? {}) as { cause?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown };
  const code = [cause?.code, own].find((c) => typeof c === "string") as string | undefined;
  const detail = redact(`${message ?? error}${cause ? `: ${cause.message ?? cause}` : ""}`, token);
  const tls = TLS.test(`${code} ${detail}`);
  const sent = !tls && !NOT_SENT.test(`${code} ${detail}`);
  // The CLI says more (a private CA, a TLS-inspecting proxy's); a bundle keeps this short.
  return new NetworkError(
    `${request.operation}: ${detail} (${sent ? "may have been" : "not"} sent${tls ? "; TLS failed: NODE_EXTRA_CA_CERTS adds a CA" : ""})`,
    { code: code ?? "NetworkError", sent, tls, ...request },
    error,
  );
}
