import {
  type AuthenticationError,
  type GraphError,
  type GraphSyncError,
  isGraphSyncError,
  type NetworkError,
  type TimeoutError,
  type ValidationError,
} from "@graphsync/client";
import { CliError, ExitCode, quote } from "./core.js";
import { formatDuration } from "./duration.js";

/**
 * Turns the client's typed errors into CLI errors: what failed, Graph's code and message, the request ids and date
 * for a support ticket, a hint, and the exit code. The permission hint for a 403 reads the spec's `x-permissions`,
 * loaded only on that path.
 */

/** Any error of the client, with the fields its classes may carry (see `@graphsync/client`'s error model). */
type ClientErrorShape = GraphSyncError &
  Partial<
    Omit<GraphError, "name"> &
      Omit<NetworkError, "name"> &
      Omit<TimeoutError, "name"> &
      Omit<ValidationError, "name"> &
      Omit<AuthenticationError, "name">
  >;

export function isClientError(error: unknown): error is ClientErrorShape {
  return isGraphSyncError(error);
}

/** Which ids the failed operation was about, for the 404 hint. */
export interface Subject {
  servicePrincipalId?: string | undefined;
  jobId?: string | undefined;
  /** Filled in by the caller after a follow-up read, when it could tell which id is missing. */
  missing?: "servicePrincipal" | "job" | undefined;
  /** The jobs the service principal does have (when the job was the missing one). */
  knownJobs?: readonly string[] | undefined;
  /** The appId --sp named, once it was resolved to the object id now in `servicePrincipalId`. */
  resolvedAppId?: string | undefined;
}

export interface Permissions {
  delegated: readonly string[];
  application: readonly string[];
}

/** The spec's `x-permissions` of one operation (least privileged first). */
export async function permissionsFor(operationId: string): Promise<Permissions | undefined> {
  const { openapiDocument } = await import("@graphsync/types/spec");
  const paths = (openapiDocument as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      const op = operation as { operationId?: string; "x-permissions"?: Permissions };
      if (op?.operationId === operationId && op["x-permissions"]) return op["x-permissions"];
    }
  }
  return undefined;
}

/** Graph's own `error.message` from the body (the client's message adds the operation and ids around it). */
function graphMessage(error: ClientErrorShape): string | undefined {
  if (typeof error.body !== "string" || error.body === "") return undefined;
  try {
    const parsed = JSON.parse(error.body) as { error?: { message?: unknown } };
    return typeof parsed.error?.message === "string" ? parsed.error.message : undefined;
  } catch {
    return undefined;
  }
}

function graphDetails(error: ClientErrorShape): string[] {
  const lines: string[] = [];
  if (error.status !== undefined) {
    const message = graphMessage(error) ?? error.message;
    lines.push(`Graph: ${error.status} ${error.code ?? ""}${message ? `: ${message}` : ""}`.trimEnd());
  }
  const ids = [
    error.requestId ? `request-id: ${error.requestId}` : undefined,
    error.clientRequestId ? `client-request-id: ${error.clientRequestId}` : undefined,
    error.date ? `date: ${error.date}` : undefined,
  ].filter(Boolean);
  if (ids.length > 0) lines.push(ids.join("  "));
  return lines;
}

function notFoundMessage(what: string, subject: Subject): { message: string; hint: string } {
  const sp = subject.servicePrincipalId ? quote(subject.servicePrincipalId) : undefined;
  const job = subject.jobId ? quote(subject.jobId) : undefined;
  if (subject.missing === "servicePrincipal" || (job === undefined && sp !== undefined)) {
    return {
      message: `${what}: service principal ${sp} was not found`,
      hint: "--sp takes the service principal's object id (Enterprise applications > Object ID) or its appId; neither matched.",
    };
  }
  if (subject.missing === "job") {
    const known = subject.knownJobs ?? [];
    return {
      message: `${what}: job ${job} was not found on service principal ${sp}`,
      hint:
        known.length > 0
          ? `its jobs are: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""}.`
          : "that service principal has no synchronization jobs.",
    };
  }
  return {
    message: `${what}: not found (service principal ${sp ?? "?"}, job ${job ?? "?"})`,
    hint: `check both ids; 'graphsync jobs list --sp <id>' lists a service principal's jobs.`,
  };
}

/** The client's codes for an answer that is not Graph's error envelope (a proxy's page, a wrong path's answer). */
const NOT_GRAPH_CODES = new Set(["EmptyResponse", "NonJsonResponse", "InvalidJson", "UnexpectedBody"]);

/** Whether an error answer carried Graph's own error envelope (`{"error": {"code", "message"}}`). */
export function isGraphAnswer(error: ClientErrorShape): boolean {
  return error.code === undefined || !NOT_GRAPH_CODES.has(error.code);
}

/** Maps any error a Graph call threw; non-client errors pass through untouched. */
export async function toCliError(error: unknown, what: string, subject: Subject = {}): Promise<unknown> {
  if (error instanceof CliError || !isClientError(error)) return error;
  return byName(error, what) ?? (await byStatus(error, what, subject));
}

function stoppedBy(reason: string): string {
  if (/SIGTERM/.test(reason)) return "SIGTERM";
  return /EPIPE/.test(reason) ? "the output being closed" : "Ctrl-C";
}

/** The client errors that are not an answer from the service: bad input, no token, Ctrl-C, timeouts, the network. */
function byName(error: Error & ClientErrorShape, what: string): CliError | undefined {
  switch (error.name) {
    case "ValidationError":
      return new CliError(ExitCode.usage, `${what}: ${error.message}`, {
        hint: error.allowed?.length ? `allowed values: ${error.allowed.join(", ")}.` : undefined,
        cause: error,
      });
    case "AuthenticationError": {
      // Our credential wrapper already explained the failure for the --auth mode in use: keep its words.
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof CliError)
        return new CliError(ExitCode.auth, `${what}: ${cause.message}`, { hint: cause.hint, cause });
      return new CliError(ExitCode.auth, `${what}: could not get a token: ${error.message}`, {
        hint: "check --auth and its settings (graphsync --help lists the modes); GRAPHSYNC_TOKEN takes a raw token.",
        cause: error,
      });
    }
    case "AbortError":
      // bin.ts aborts with "received SIGINT", "received SIGTERM" or "the output was closed": name what stopped it.
      return new CliError(
        ExitCode.interrupted,
        `${what}: stopped by ${stoppedBy(String((error.cause as Error | undefined)?.message))}`,
        { cause: error },
      );
    case "TimeoutError":
      return new CliError(ExitCode.throttledOrTimedOut, `${what}: no answer within ${error.timeoutMs ?? "?"}ms`, {
        details: [`after ${error.attempts ?? 1} attempt(s)`],
        hint: isIdempotent(error.method)
          ? "try again later."
          : "the request may have reached the service: check the job before repeating it.",
        cause: error,
      });
    case "NetworkError":
      return new CliError(
        ExitCode.failed,
        `${what}: ${error.tls ? "the TLS handshake failed, nothing was sent: " : ""}${error.message}`,
        {
          details: [`after ${error.attempts ?? 1} attempt(s)${error.code ? ` (${error.code})` : ""}`],
          hint: networkHint(error),
          cause: error,
        },
      );
    default:
      return undefined;
  }
}

function networkHint(error: ClientErrorShape): string {
  if (error.tls) {
    return "the server's certificate is not trusted here (a private CA, a TLS-inspecting proxy's certificate, the emulator's test CA): add that CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem (behind a TLS-inspecting proxy, its CA certificate from your IT department).";
  }
  if (error.code === "ProxyRefused" || error.code === "ProxyTimeout") {
    return "nothing reached the service: check HTTPS_PROXY / HTTP_PROXY (and the credentials in it), or list the host in NO_PROXY.";
  }
  return error.sent === false
    ? "the request never left this machine: check the URL (--base-url, --cloud) and the network."
    : "the request may have reached the service: check the job ('graphsync jobs get') before repeating it.";
}

/** An answer from the service, by its status. */
async function byStatus(error: Error & ClientErrorShape, what: string, subject: Subject): Promise<CliError> {
  const details = graphDetails(error);
  const status = error.status ?? 0;
  if (status === 401) {
    return new CliError(ExitCode.auth, `${what}: the token was rejected (401)`, {
      details,
      hint: "the token is missing, expired or for another cloud or audience; sign in again or check --cloud and --auth.",
      cause: error,
    });
  }
  if (status === 403) {
    const permissions = error.operation ? await permissionsFor(error.operation) : undefined;
    const hint = permissions
      ? [
          `${error.operation} needs one of these Microsoft Graph permissions, least privileged first, granted with admin consent:`,
          `  application: ${permissions.application.join(", ")}`,
          `  delegated:   ${permissions.delegated.join(", ")} (the signed-in user also needs an Entra role such as Application Administrator)`,
        ].join("\n")
      : "the app or user lacks the permission for this operation.";
    return new CliError(ExitCode.auth, `${what}: access denied (403)`, { details, hint, cause: error });
  }
  if (status === 404 && !isGraphAnswer(error)) {
    return new CliError(
      ExitCode.failed,
      `${what}: the server answered 404 without Graph's error body (${error.code}): this is not Graph saying an id does not exist`,
      {
        details: [error.message],
        hint: "check --base-url: it is the Graph root with the version, e.g. https://graph.microsoft.com/v1.0 or an emulator's http://127.0.0.1:4010/v1.0; a proxy in the way can answer with its own page too. --verbose shows the answer.",
        cause: error,
      },
    );
  }
  if (status === 404) {
    const { message, hint } = notFoundMessage(what, subject);
    return new CliError(ExitCode.notFound, message, { details, hint, cause: error });
  }
  if (status === 429 || status === 503) {
    const wait =
      error.retryAfterMs !== undefined ? ` (the service asked to wait ${formatDuration(error.retryAfterMs)})` : "";
    return new CliError(
      ExitCode.throttledOrTimedOut,
      `${what}: ${status === 429 ? "throttled" : "service unavailable"} after ${error.attempts ?? 1} attempt(s)${wait}`,
      { details, hint: "try again later, or lower --concurrency.", cause: error },
    );
  }
  if (status >= 200 && status < 300) {
    // The service accepted the request, but its answer cannot be read (a proxy's page, a cut-off body).
    return new CliError(
      ExitCode.failed,
      `${what}: the service answered ${status} with a body graphsync cannot use (${error.code})`,
      {
        details: [error.message, ...details.slice(1)],
        hint: "the request itself succeeded; retry the command, or run with --verbose to see the answer.",
        cause: error,
      },
    );
  }
  return new CliError(ExitCode.failed, `${what}: ${status ? `the service answered ${status}` : error.message}`, {
    details,
    cause: error,
  });
}

function isIdempotent(method: string | undefined): boolean {
  return method === undefined || method === "GET";
}
