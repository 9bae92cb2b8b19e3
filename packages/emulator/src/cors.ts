/**
 * CORS on the Graph routes, so that a page on another origin can call the emulator as it calls Graph: preflights are
 * answered before authentication (a browser never sends a token with one), and every answer to a request with an
 * `Origin` carries the allow-origin header and exposes the headers a client reads (ids, Retry-After, Location).
 * A minimal layer for the browser test (issue 19); the emulator's full CORS (configurable origins) replaces it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE";
const EXPOSE_HEADERS = "request-id, client-request-id, Retry-After, Location, Date, x-ms-ags-diagnostic";
/** Header names a preflight may ask for: one token each, comma-separated. */
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

/**
 * Adds the CORS headers for a Graph request that has an `Origin`; answers a preflight (204) and returns true then.
 * Call before authentication; `res` keeps the headers whatever answers it later (errors and 429s included).
 */
export function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== "string" || origin === "") return false;
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  const requested = req.headers["access-control-request-method"];
  if (req.method !== "OPTIONS" || typeof requested !== "string") {
    res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    return false;
  }
  const headers = req.headers["access-control-request-headers"];
  res.statusCode = 204;
  res.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
  if (typeof headers === "string" && HEADER_LIST.test(headers.trim())) {
    res.setHeader("Access-Control-Allow-Headers", headers.trim());
  }
  res.setHeader("Access-Control-Max-Age", "3600");
  res.setHeader("Content-Length", "0");
  res.end();
  return true;
}
