/**
 * The one error model of @graphsync/client: every failure is a subclass of `GraphSyncError`, and no error holds a
 * token (the README's "Errors" section has the table). `name` is the stable discriminator; `code` the detail.
 */
export type GraphSyncErrorName =
  | "GraphError"
  | "NetworkError"
  | "TimeoutError"
  | "AbortError"
  | "ValidationError"
  | "AuthenticationError";

/** What a failed request was, for logs and support tickets. Never contains credentials. */
export interface RequestDescription {
  /** The spec's operationId (`startSynchronizationJob`, …), or `request` for a path the spec does not describe. */
  operation: string;
  method: string;
  /** The full request URL. Tokens travel only in the `Authorization` header, so this holds no secret. */
  url: string;
  /** The `client-request-id` GUID sent with every attempt of this call. */
  clientRequestId: string;
  /** How many HTTP attempts were made (1 when nothing was retried). */
  attempts: number;
}

/** The base class: `catch (e) { if (e instanceof GraphSyncError) … }` catches everything the client throws. */
export class GraphSyncError extends Error {
  declare readonly name: GraphSyncErrorName;
  /** A stable machine-readable code; see each subclass. */
  declare readonly code: string;

  constructor(message: string, fields: object, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }

  /** A plain object with the name, message and every field (never a token, never the cause). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

/**
 * The service answered, and the answer is an error (any non-2xx status, including a redirect, which the client
 * never follows) or a 2xx the client cannot use (invalid JSON, a body of the wrong shape, a status the API does not
 * document). `code` is Graph's `error.code` when the body carries one; otherwise one of:
 *
 * - `EmptyResponse`: no body where one was needed
 * - `NonJsonResponse`: a body that is not JSON (an HTML 502 page from a proxy, plain text)
 * - `InvalidJson`: a body labelled JSON that does not parse (often truncated)
 * - `UnexpectedBody`: valid JSON, but not a Graph error body (non-2xx) or not what the operation returns (2xx)
 * - `UnexpectedStatus`: a 2xx status the operation does not document
 * - `Redirect`: a 3xx; redirects are not followed, so the token never reaches another host
 * - `InvalidNextLink`: an `@odata.nextLink` on another origin, or one that repeats (never followed)
 *
 * Branch on `status` and `code`, never on `message`. A 2xx `status` means the service accepted the request.
 */
export class GraphError extends GraphSyncError implements RequestDescription {
  override readonly name = "GraphError" as const;
  declare readonly code: string;
  declare readonly status: number;
  /** The `request-id` the service gave this request (header, or `innerError["request-id"]`); quote it to support. */
  declare readonly requestId: string | undefined;
  declare readonly clientRequestId: string;
  /** When the service says the error happened (`innerError.date`, else the `Date` header). */
  declare readonly date: string | undefined;
  /** How long the service asked the client to wait (`Retry-After`), in milliseconds. */
  declare readonly retryAfterMs: number | undefined;
  /**
   * The response body as text (at most 64 KiB), for what the fields above do not capture: Graph's `target`,
   * `details` and `innerError` as sent. No field holds a structure of the service's (none can be nested deeper
   * than `JSON.stringify` can go).
   */
  declare readonly body: string;
  declare readonly operation: string;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;
}

/**
 * No complete answer arrived. `sent` says whether the request may have reached the service: `false` only when the
 * client knows it never left (connection refused, DNS failure, connect timeout), so repeating it is always safe.
 * `code` is the system's error code when known (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, …), else
 * `NetworkError`.
 */
export class NetworkError extends GraphSyncError implements RequestDescription {
  override readonly name = "NetworkError" as const;
  declare readonly sent: boolean;
  /** The TLS handshake failed (an untrusted, expired or misnamed certificate): not sent, and never retried. */
  declare readonly tls: boolean;
  declare readonly operation: string;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly clientRequestId: string;
  declare readonly attempts: number;
}

/** An attempt took longer than `timeoutMs` (token, request and response body together). `code`: `Timeout`. */
export class TimeoutError extends GraphSyncError implements RequestDescription {
  override readonly name = "TimeoutError" as const;
  declare readonly timeoutMs: number;
  declare readonly operation: string;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly clientRequestId: string;
  declare readonly attempts: number;
}

/**
 * The caller's `AbortSignal` fired (before, during or between attempts, including a pending backoff). Named like
 * the DOM's `AbortError`, so `e.name === "AbortError"` checks keep working. `code`: `Aborted`.
 */
export class AbortError extends GraphSyncError {
  override readonly name = "AbortError" as const;
  declare readonly operation: string | undefined;
}

/**
 * Bad input or options, found before any request was made. `field` names the input, `value` is what was given
 * (never a secret: for token options it is omitted), `expected` says what is allowed, and `allowed` lists the
 * members when the input is an enumeration. `code`: `InvalidArgument`.
 */
export class ValidationError extends GraphSyncError {
  override readonly name = "ValidationError" as const;
  declare readonly field: string;
  declare readonly value: unknown;
  declare readonly expected: string;
  declare readonly allowed: readonly string[] | undefined;
}

/**
 * The credential threw, returned `null`, or returned something that is not a usable token; or the `accessToken`
 * function did. The message carries the credential's own explanation, never a token. `code`: `NoToken` (nothing
 * usable came back) or `CredentialFailed` (it threw).
 */
export class AuthenticationError extends GraphSyncError {
  override readonly name = "AuthenticationError" as const;
  declare readonly scope: string;
}

/** True for anything the client throws. Works across realms and duplicate copies of the package. */
export function isGraphSyncError(value: unknown): value is GraphSyncError {
  return (
    value instanceof GraphSyncError ||
    (value instanceof Error &&
      typeof (value as { code?: unknown }).code === "string" &&
      /^(Graph|Network|Timeout|Abort|Validation|Authentication)Error$/.test(value.name))
  );
}

/** A value as it appears in a message: JSON-quoted (control characters escaped) and cut to a readable length. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value.slice(0, 80)) : String(value).slice(0, 80);
  } catch {
    text = typeof value;
  }
  return (value as string)?.length > 80 ? `${text}…` : text;
}

/**
 * A ValidationError naming the field, the value and what is allowed (for `throw invalid(…)`). A value of
 * `undefined` is left out of the message: secrets are passed as `undefined`.
 */
export function invalid(field: string, value: unknown, expected: string, allowed?: readonly string[]): ValidationError {
  return new ValidationError(
    `Invalid ${field}${value === undefined ? "" : ` ${show(value)}`}: expected ${expected}${allowed ? ` (${allowed.join(", ")})` : ""}`,
    { code: "InvalidArgument", field, value, expected, allowed },
  );
}

/** `value`, when it is one of `allowed`. @throws {ValidationError} naming the field, the value and the members. */
export function oneOf<T extends string>(field: string, value: unknown, expected: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw invalid(field, value, expected, allowed);
  return value as T;
}

/** One ValidationError for all the problems found (each still named), or nothing when there are none. */
export function throwAll(problems: readonly ValidationError[]): void {
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new ValidationError(problems.map((p) => p.message).join("; "), {
      code: "InvalidArgument",
      field: problems.map((p) => p.field).join(", "),
      value: undefined,
      expected: problems.map((p) => p.expected).join("; "),
      allowed: undefined,
    });
  }
}
