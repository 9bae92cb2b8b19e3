/**
 * What an answer means: Graph's error body turned into a GraphError, and the JSON a 2xx carries. One reading of a
 * body serves both, so an unusable body is described the same way whatever its status.
 */
import { GraphError, show } from "./errors.js";
import { parseRetryAfter } from "./retry.js";
import type { Answer } from "./transport.js";

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
 * Builds a GraphError from an answer; also used for 2xx answers the client cannot use. `main` is Graph's `error`
 * object when the body has one.
 */
export function graphError(answer: Answer, code: string, detail: string, main?: Record<string, unknown>): GraphError {
  const { status, headers, body, requestId: header, ...request } = answer;
  const innerError = isObject(main?.innerError) ? main.innerError : undefined;
  const requestId = header ?? text(innerError?.["request-id"]);
  const target = main?.target;
  // The service's message is kept whole in `body`; the error's message stays a readable length.
  const shown = detail.length > 1000 ? `${detail.slice(0, 1000)}…` : detail;
  return new GraphError(
    `${request.operation}: ${status} ${code}: ${shown}${requestId ? ` (request-id ${requestId})` : ""}`,
    {
      code,
      status,
      requestId,
      date: text(innerError?.date) ?? headers.get("date") ?? undefined,
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      target: typeof target === "string" || target === null ? target : undefined,
      details: Array.isArray(main?.details) ? main.details : [],
      innerError,
      body: body.slice(0, 65_536),
      ...request,
    },
  );
}

/**
 * A body that is not what was `expected`: `EmptyResponse`, `InvalidJson` (labelled JSON), `NonJsonResponse` or,
 * when it is JSON of the wrong shape, `UnexpectedBody`. `value` is what `parse` made of it.
 */
function unusable(answer: Answer, value: unknown, expected: string): GraphError {
  const { body } = answer;
  const type = answer.headers.get("content-type") ?? "unlabelled";
  return graphError(
    answer,
    !body
      ? "EmptyResponse"
      : value !== parse
        ? "UnexpectedBody"
        : JSON_TYPE.test(type)
          ? "InvalidJson"
          : "NonJsonResponse",
    body ? `not ${expected}: ${type} body ${show(body)}` : "no body",
  );
}

/** A non-2xx answer as a GraphError: Graph's error body when there is one, a clear account of the body otherwise. */
export function errorFromResponse(answer: Answer): GraphError {
  const value = parse(answer.body);
  const main = isObject(value) && isObject(value.error) ? value.error : undefined;
  return typeof main?.code === "string"
    ? graphError(answer, main.code, text(main.message) ?? "(no message)", main)
    : // Not a success, so below 400 is a redirect (status 0 is a browser's opaque one).
      answer.status < 400
      ? graphError(answer, "Redirect", `redirect to ${show(answer.headers.get("location"))} not followed`)
      : unusable(answer, value, "a Graph error");
}

/** The JSON object a 2xx answer carries; `expected` says what it should hold. @throws {GraphError} */
export function object(
  answer: Answer,
  check: (value: unknown) => boolean = isObject,
  expected = "a JSON object",
): Record<string, unknown> {
  const value = parse(answer.body);
  if (check(value)) return value as Record<string, unknown>;
  throw unusable(answer, value, expected);
}
