import { redactHeaders } from "./core.js";
import { type FetchLike, type RequestInitLike, type ResponseLike, SimpleHeaders, SimpleResponse } from "./transport.js";
/**
 * Fetch wrappers injected into the Graph client: `--verbose` logs each exchange (secrets redacted), `--dry-run`
 * records each request and sends nothing. Both see exactly the request the client built.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function describe(url: string, init: RequestInitLike = {}): RecordedRequest {
  const text = typeof init.body === "string" ? init.body : "";
  let body: unknown = null;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { method: init.method ?? "GET", url, headers: redactHeaders(Object.entries(init.headers ?? {})), body };
}

/** A fetch that records and answers 204 without sending anything. */
export function recordingFetch(onRequest: (request: RecordedRequest) => void): FetchLike {
  return async (url, init) => {
    onRequest(describe(url, init));
    return new SimpleResponse(204, "No Content", new SimpleHeaders([["request-id", "dry-run"]]), "");
  };
}

export function formatRequest(request: RecordedRequest): string {
  const lines = [`${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  if (request.body !== null)
    lines.push("", typeof request.body === "string" ? request.body : JSON.stringify(request.body, null, 2));
  return lines.join("\n");
}

const MAX_LOGGED_BODY = 4096;

/**
 * HR records are personal data: a SCIM bulk request is logged with its ids only (bulkId, externalId), and the
 * provisioning logs' answers (which carry the records' values) not at all.
 */
function withoutRecordContent(request: RecordedRequest): RecordedRequest {
  const type = Object.entries(request.headers).find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
  const body = request.body as { Operations?: unknown } | null;
  if (!type.includes("scim+json") || typeof body !== "object" || body === null) return request;
  const operations = Array.isArray(body.Operations) ? body.Operations : [];
  return {
    ...request,
    body: {
      note: "record content not logged: ids only",
      Operations: operations.map((op: { bulkId?: unknown; data?: { externalId?: unknown } }) => ({
        bulkId: op?.bulkId,
        externalId: op?.data?.externalId,
      })),
    },
  };
}

function loggedAnswer(url: string, text: string): string {
  if (text !== "" && new URL(url).pathname.endsWith("/auditLogs/provisioning")) {
    return `(${text.length} bytes of provisioning log entries, not logged: they carry record content)`;
  }
  return text;
}

/** A fetch that logs each request and response (headers redacted, bodies truncated) before returning it. */
export function verboseFetch(inner: FetchLike, log: (text: string) => void, now: () => number): FetchLike {
  return async (url, init) => {
    log(
      `> ${formatRequest(withoutRecordContent(describe(url, init)))
        .split("\n")
        .join("\n> ")}`,
    );
    const started = now();
    let response: ResponseLike;
    let text: string;
    try {
      response = await inner(url, init);
      text = await response.text();
    } catch (error) {
      log(`< (no response after ${now() - started}ms: ${(error as Error).name}: ${(error as Error).message})`);
      throw error;
    }
    const lines = [`< ${response.status} ${response.statusText} (${now() - started}ms)`];
    for (const [name, value] of Object.entries(redactHeaders(response.headers.entries())))
      lines.push(`< ${name}: ${value}`);
    const logged = loggedAnswer(url, text);
    if (logged !== "") {
      lines.push("<");
      const shown =
        logged !== text
          ? logged
          : text.length > MAX_LOGGED_BODY
            ? `${text.slice(0, MAX_LOGGED_BODY)}… (${text.length} bytes)`
            : text;
      lines.push(...shown.split("\n").map((line) => `< ${line}`));
    }
    log(lines.join("\n"));
    // The body was read for the log: hand the client an unread copy.
    return new SimpleResponse(response.status, response.statusText, response.headers, text);
  };
}
