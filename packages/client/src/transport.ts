/**
 * The one path every request takes, convenience method or raw: token, headers, timeout, abort, retries, and the
 * translation of every failure into the error model. `fetch` is always called as `fetch(url, init)` with a string
 * URL, a plain-object `headers` and `redirect: "manual"`, so an injected fetch (tests, `--dry-run`, logging) sees
 * one simple shape.
 */
import { errorFromResponse } from "./answers.js";
import type { Auth } from "./auth.js";
import {
  AbortError,
  type GraphError,
  GraphSyncError,
  NetworkError,
  type RequestDescription,
  TimeoutError,
} from "./errors.js";
import { checkTimeout } from "./options.js";
import { backoff, type RetryPolicy } from "./retry.js";
import { onAbort } from "./signals.js";

/** The fetch the client calls: standard `fetch` satisfies it. */
export type FetchLike = (url: string, init: RequestInit & { headers: Record<string, string> }) => Promise<Response>;

/** Per call: the caller's signal and a per-attempt time limit that overrides the client's. */
export interface CallOptions {
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

/**
 * One logical call: possibly several attempts, all with the same `client-request-id`. `idempotent` says whether a
 * request that may have reached the service can be repeated; `headers` are extra request headers (raw calls).
 */
export type Send = (
  operation: string,
  method: string,
  url: string,
  idempotent: boolean,
  body?: string | ArrayBuffer,
  options?: CallOptions | null,
  headers?: Record<string, string>,
) => Promise<Answer>;

/**
 * The client's transport. `timeoutMs` is per attempt (undefined: the runtime's own limits apply, undici's are
 * 300 s); `clientSignal` aborts every call.
 */
export function createTransport(
  fetchImpl: FetchLike,
  auth: Auth,
  retry: RetryPolicy,
  clientTimeout: number | undefined,
  userAgent: string,
  clientSignal: AbortSignal | undefined,
): Send {
  return async (operation, method, url, idempotent, body, options, extra) => {
    const callSignal = options?.signal;
    let signal = clientSignal ?? callSignal;
    let unlink: (() => void) | undefined;
    if (clientSignal && callSignal && clientSignal !== callSignal) {
      // Not AbortSignal.any: in Node 20 it keeps bookkeeping on the long-lived client signal for every call (the
      // heap grows with the number of calls). These listeners are removed when the call ends.
      const both = new AbortController();
      const stopClient = onAbort(clientSignal, () => both.abort(clientSignal.reason));
      const stopCall = onAbort(callSignal, () => both.abort(callSignal.reason));
      unlink = () => {
        stopClient();
        stopCall();
      };
      signal = both.signal;
    }
    try {
      return await attempt(operation, method, url, idempotent, body, options, extra, signal);
    } finally {
      unlink?.();
    }
  };

  /** The attempts of one call, all under one signal. */
  async function attempt(
    operation: string,
    method: string,
    url: string,
    idempotent: boolean,
    body: string | ArrayBuffer | undefined,
    options: CallOptions | null | undefined,
    extra: Record<string, string> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    const timeoutMs = checkTimeout(options?.timeoutMs) ?? clientTimeout;
    const clientRequestId = extra?.["client-request-id"] ?? uuid();
    const started = Date.now();
    const aborted = () => new AbortError(`${operation}: aborted`, { code: "Aborted", operation }, signal?.reason);

    for (let attempts = 1; ; attempts++) {
      if (signal?.aborted) throw aborted();
      const request: RequestDescription = { operation, method, url, clientRequestId, attempts };
      // Only an attempt with a time limit gets its own controller: handing fetch any signal costs about a tenth of
      // a loopback call, so without a timeout the caller's signal (if any) goes to fetch as it is.
      const controller = timeoutMs ? new AbortController() : undefined;
      const attemptSignal = controller?.signal ?? signal;
      const abort = () => controller?.abort();
      const timer = controller && setTimeout(abort, timeoutMs);
      const stop = controller && onAbort(signal, abort);
      let token: string | undefined;
      let failure: GraphError | NetworkError | TimeoutError;
      try {
        token = await auth.token(attemptSignal);
        const headers: Record<string, string> = {
          ...extra,
          authorization: `Bearer ${token}`,
          "client-request-id": clientRequestId,
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
        // Spelled out: spreading `request` here costs about 5 µs a call in Node 20 (a twentieth of a loopback call).
        const answer: Answer = {
          operation,
          method,
          url,
          clientRequestId,
          attempts,
          status,
          headers: response.headers,
          body: text,
          requestId: response.headers.get("request-id") ?? undefined,
        };
        if (ok) return answer;
        failure = errorFromResponse(answer);
        if (status === 401) auth.reject(token);
        // 429 and 503 were refused unapplied; a 504 may have been applied.
        if (!(status === 429 || status === 503 || (status === 504 && idempotent))) throw failure;
      } catch (e) {
        if (e instanceof GraphSyncError) throw e;
        if (signal?.aborted) throw aborted();
        // Not the caller's signal, so the attempt's own controller fired: the time limit.
        failure = controller?.signal.aborted
          ? new TimeoutError(`${operation}: no answer within ${timeoutMs} ms`, {
              code: "Timeout",
              timeoutMs,
              ...request,
            })
          : networkError(e, request, token);
        // Repeating what may have reached the service is only safe when the operation is idempotent.
        if (!idempotent && (failure as NetworkError).sent !== false) throw failure;
      } finally {
        clearTimeout(timer);
        stop?.();
      }

      const delayMs = (failure as GraphError).retryAfterMs ?? backoff(retry, attempts);
      if (
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
  }
}

/**
 * Replaces every occurrence of the token: a server or a runtime may echo it back. A token shorter than 8
 * characters is a placeholder (an emulator's `"any"`), not a credential: replacing it would mangle ordinary text.
 */
function redact(text: string, token: string | undefined): string {
  return token && token.length > 7 ? text.split(token).join("[redacted]") : text;
}

/** Failures that happen before any byte of the request is sent (codes and messages of Node, Deno and Bun). */
const NOT_SENT = /refused|ENOTFOUND|EAI_AGAIN|E(HOST|NET)UNREACH|UND_ERR_CONNECT|dns error|connect error/i;

function networkError(error: unknown, request: RequestDescription, token: string | undefined): NetworkError {
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
    `${request.operation}: ${detail} (${sent ? "may have reached the service" : "not sent"})`,
    { code: code ?? "NetworkError", sent, ...request },
    error,
  );
}

/** A random (v4) GUID; `getRandomValues` covers browsers' insecure contexts, where `randomUUID` is missing. */
export function uuid(): string {
  const c = globalThis.crypto;
  return (
    c.randomUUID?.() ??
    "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (d) =>
      (+d ^ ((c.getRandomValues(new Uint8Array(1))[0] as number) & (15 >> (+d / 4)))).toString(16),
    )
  );
}
