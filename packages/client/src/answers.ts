/**
 * What an answer means: Graph's error body turned into a GraphError, and the JSON a 2xx carries. One reading of a
 * body serves both, so an unusable body is described the same way whatever its status.
 */

import type { RequestDescription } from "./errors.js";
import { GraphError, show } from "./errors.js";
import type { HeadersLike } from "./http.js";
import { parseRetryAfter } from "./retry.js";

/**
 * An answer with its body read inside the attempt (so the timeout and retries cover the body too), as text with
 * every occurrence of the token replaced: nothing derived from it (errors, messages) can quote the token.
 */
export interface Answer {
  request: RequestDescription;
  status: number;
  headers: HeadersLike;
  body: string;
  requestId: string | undefined;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `text` as JSON, or `fallback` when it is not JSON: by default `parse` itself, a value no JSON can have. */
export function parse(text: string | null, fallback: unknown = parse): unknown {
  try {
    return JSON.parse(text as string);
  } catch {
    return fallback;
  }
}

const JSON_TYPE = /json/i;
const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * An answer as a GraphError. Given a `code` and `detail`, those; otherwise Graph's own error when the body carries
 * one, and else an account of the body: `EmptyResponse`, `InvalidJson` (labelled JSON), `NonJsonResponse` or, when
 * it is JSON of another shape, `UnexpectedBody`. `expected` says what the body should have been.
 */
export function graphError(answer: Answer, code?: string, detail?: string, expected = "a Graph error"): GraphError {
  const { request, status, headers, body } = answer;
  // Optional chaining reads any JSON value safely: a string or an array has no `error`, `code` or `innerError`.
  type Main = { code: string; message?: unknown; innerError?: { date?: unknown; "request-id"?: unknown } };
  const value = parse(body) as { error?: Main } | null;
  const main = !code && typeof value?.error?.code === "string" ? value.error : undefined;
  const innerError = main?.innerError;
  const requestId = answer.requestId ?? text(innerError?.["request-id"]);
  const type = headers.get("content-type") ?? "unlabelled";
  if (main) {
    code = main.code;
    detail = text(main.message) ?? "";
  } else if (!code) {
    // Not a success and below 400: a redirect, which is never followed (0 is a browser's opaque one).
    [code, detail] =
      status < 200 || (status > 299 && status < 400)
        ? ["Redirect", `redirect to ${show(headers.get("location"))} not followed`]
        : body
          ? [
              (value as unknown) !== parse
                ? "UnexpectedBody"
                : JSON_TYPE.test(type)
                  ? "InvalidJson"
                  : "NonJsonResponse",
              `not ${expected}: ${type} body ${show(body)}`,
            ]
          : ["EmptyResponse", "no body"];
  }
  return new GraphError(
    // The service's message is kept whole in `body`; the error's message stays a readable length.
    `${request.operation}: ${status} ${code}: ${(detail as string).slice(0, 1000)}${requestId ? ` (request-id ${requestId})` : ""}`,
    {
      code,
      status,
      requestId,
      date: text(innerError?.date) ?? headers.get("date") ?? undefined,
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      body: body.slice(0, 65_536),
      ...request,
    },
  );
}

/** The JSON object a 2xx answer carries; `expected` says what it should hold. @throws {GraphError} */
export function object(
  answer: Answer,
  check: (value: unknown) => boolean = isObject,
  expected = "a JSON object",
): Record<string, unknown> {
  const value = parse(answer.body);
  if (check(value)) return value as Record<string, unknown>;
  throw graphError(answer, undefined, undefined, expected);
}
