/**
 * The control endpoint needs no token, so it must not be reachable from a web page: a foreign Host (DNS
 * rebinding) or any Origin header (a cross-site request) is refused before anything is read or changed.
 */
import { GraphHttpError } from "./errors.js";

const LOOPBACK_NAMES = new Set(["localhost", "::1"]);

/** The host of a Host header, lower case, without port, brackets or a trailing dot. */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  const name = bracketed?.[1] ?? value.replace(/:\d+$/, "");
  return name.replace(/\.$/, "");
}

export function isAllowedHost(header: string | undefined, boundHost: string): boolean {
  if (header === undefined) return true; // HTTP/1.0 without Host: no browser sends that.
  const name = hostName(header);
  if (LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name)) return true;
  return name === hostName(boundHost.includes(":") ? `[${boundHost}]` : boundHost);
}

function forbidden(message: string): GraphHttpError {
  return new GraphHttpError({ status: 403, code: "Forbidden", message, close: true });
}

/** Throws a 403 for a control request that could come from a browser page. */
export function guardControl(headers: { host?: string; origin?: string | string[] }, boundHost: string): void {
  if (headers.origin !== undefined) {
    throw forbidden(
      "The control endpoint refuses cross-origin requests (the request has an Origin header): call it from a test or script, not from a web page.",
    );
  }
  if (!isAllowedHost(headers.host, boundHost)) {
    throw forbidden(
      `The control endpoint answers only requests for this machine's loopback names (localhost, 127.0.0.1, ::1) or ${boundHost}, not '${String(headers.host).slice(0, 100)}'.`,
    );
  }
}
