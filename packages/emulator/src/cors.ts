/**
 * CORS on the Graph routes, as Graph serves it to single-page apps: preflights are answered before authentication
 * (browsers never send a token with them) and every Graph answer, errors and 429s included, carries the allow-origin
 * header. The control endpoint never gets any (it refuses Origin).
 */
import { EmulatorOptionsError, GraphHttpError } from "./errors.js";

/** `"*"` (Graph's default) or the exact origins allowed. */
export type CorsOrigins = "*" | readonly string[];

export const CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
/** What Graph clients send: the SDKs' headers, MSAL's and @graphsync/client's (client-request-id, user-agent). */
export const CORS_REQUEST_HEADERS = [
  "accept",
  "accept-language",
  "authorization",
  "client-request-id",
  "consistencylevel",
  "content-language",
  "content-type",
  "if-match",
  "if-none-match",
  "prefer",
  "return-client-request-id",
  "sdkversion",
  "user-agent",
] as const;
export const CORS_EXPOSED_HEADERS = ["request-id", "client-request-id", "Retry-After", "Location"] as const;
const MAX_AGE_SECONDS = 3600;

/** Checks the `corsOrigins` option: "*" or a non-empty list of origins such as http://127.0.0.1:5173. */
export function checkCorsOrigins(value: unknown, option = "corsOrigins"): CorsOrigins {
  if (value === undefined || value === "*") return "*";
  if (!Array.isArray(value) || value.length === 0) {
    throw new EmulatorOptionsError(option, 'use "*" or a non-empty array of origins such as "http://127.0.0.1:5173"');
  }
  return value.map((origin: unknown, i) => {
    let parsed: URL | undefined;
    try {
      parsed = typeof origin === "string" ? new URL(origin) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin === "null" || parsed.origin !== origin) {
      throw new EmulatorOptionsError(
        `${option}[${i}]`,
        `${JSON.stringify(origin)} is not an origin: use scheme://host[:port] with no path or trailing slash, e.g. "http://127.0.0.1:5173"`,
      );
    }
    return origin;
  });
}

function allowedOrigin(origins: CorsOrigins, origin: string | undefined): string | undefined {
  if (origins === "*") return "*";
  return origin !== undefined && origins.includes(origin) ? origin : undefined;
}

/** The CORS headers of an actual (non-preflight) Graph answer. */
export function corsHeaders(origins: CorsOrigins, origin: string | undefined): Record<string, string> {
  const allow = allowedOrigin(origins, origin);
  const vary: Record<string, string> = origins === "*" ? {} : { Vary: "Origin" };
  if (!allow) return vary;
  return {
    ...vary,
    "Access-Control-Allow-Origin": allow,
    "Access-Control-Expose-Headers": CORS_EXPOSED_HEADERS.join(", "),
  };
}

export function isPreflight(method: string, headers: Record<string, string | string[] | undefined>): boolean {
  return method === "OPTIONS" && headers.origin !== undefined && headers["access-control-request-method"] !== undefined;
}

function refused(message: string, target: string): GraphHttpError {
  return new GraphHttpError({ status: 403, code: "Forbidden", message, target });
}

/** The answer headers of an allowed preflight; a 403 (without CORS headers) naming what is not allowed. */
export function preflight(origins: CorsOrigins, headers: Record<string, string | string[] | undefined>) {
  const origin = String(headers.origin);
  const allow = allowedOrigin(origins, origin);
  if (!allow) {
    throw refused(
      `CORS: the origin '${origin.slice(0, 200)}' is not allowed (allowed: ${[...origins].join(", ")}).`,
      "Origin",
    );
  }
  const method = String(headers["access-control-request-method"]);
  if (!(CORS_METHODS as readonly string[]).includes(method)) {
    throw refused(
      `CORS: the method '${method.slice(0, 20)}' is not allowed (allowed: ${CORS_METHODS.join(", ")}).`,
      "Access-Control-Request-Method",
    );
  }
  const requested = String(headers["access-control-request-headers"] ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = requested.filter((name) => !(CORS_REQUEST_HEADERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw refused(
      `CORS: the request header${unknown.length > 1 ? "s" : ""} ${unknown.map((h) => `'${h.slice(0, 100)}'`).join(", ")} ${unknown.length > 1 ? "are" : "is"} not allowed (allowed: ${CORS_REQUEST_HEADERS.join(", ")}).`,
      "Access-Control-Request-Headers",
    );
  }
  return {
    ...(origins === "*" ? {} : { Vary: "Origin" }),
    "Access-Control-Allow-Origin": allow,
    "Access-Control-Allow-Methods": CORS_METHODS.join(", "),
    "Access-Control-Allow-Headers": CORS_REQUEST_HEADERS.join(", "),
    "Access-Control-Max-Age": String(MAX_AGE_SECONDS),
  };
}
