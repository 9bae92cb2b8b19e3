/**
 * Who may call Graph: any well-formed bearer token (or the listed ones), or in jwt mode an emulator-issued token with a
 * permission the operation lists.
 */
import { createHash } from "node:crypto";
import type { Authority } from "./authority.js";
import { GraphHttpError } from "./errors.js";
import type { OperationDef } from "./spec.js";

export type AuthMode = "bearer" | "jwt";

/** RFC 6750's b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

function unauthorized(message: string): GraphHttpError {
  return new GraphHttpError({
    status: 401,
    code: "InvalidAuthenticationToken",
    message,
    headers: { "WWW-Authenticate": WWW_AUTHENTICATE },
  });
}

export interface AuthSettings {
  mode: AuthMode;
  /** Bearer mode: when set, only these tokens are accepted. */
  tokens: ReadonlySet<string> | undefined;
  authority: Authority | undefined;
}

/** The token of a request, or a 401. Never echoes the header's value. */
export function bearerToken(header: string | string[] | undefined): string {
  if (header === undefined || header === "") throw unauthorized("Access token is empty.");
  if (Array.isArray(header)) throw unauthorized("The request has more than one Authorization header.");
  const match = BEARER.exec(header);
  if (!match?.[1]) {
    throw unauthorized("The Authorization header is malformed: send 'Authorization: Bearer <access token>'.");
  }
  return match[1];
}

/**
 * Authenticates and authorizes one Graph request; throws a 401 or 403 GraphHttpError. Returns who called (for
 * per-client rate limits): the app id of a jwt token, else a digest of the bearer token (never the token itself).
 */
export async function authorize(
  settings: AuthSettings,
  header: string | string[] | undefined,
  operation: OperationDef | undefined,
): Promise<string> {
  const token = bearerToken(header);
  const digest = () => `token:${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;
  if (settings.mode === "bearer") {
    if (settings.tokens && !settings.tokens.has(token)) {
      throw unauthorized("Access token validation failure: the emulator does not accept this token.");
    }
    return digest();
  }
  if (!settings.authority) throw new Error("jwt mode without an authority");
  let verified: Awaited<ReturnType<Authority["verify"]>>;
  try {
    verified = await settings.authority.verify(token);
  } catch (error) {
    if (error instanceof GraphHttpError) {
      throw new GraphHttpError({
        status: error.status,
        code: error.code,
        message: error.message,
        headers: { "WWW-Authenticate": WWW_AUTHENTICATE },
      });
    }
    throw error;
  }
  const caller = verified.appId ? `app:${verified.appId}` : digest();
  if (!operation) return caller;
  const granted = new Set([...verified.roles, ...verified.scopes]);
  const allowed = [...operation.permissions.application, ...operation.permissions.delegated];
  if (!allowed.some((permission) => granted.has(permission))) {
    throw new GraphHttpError({
      status: 403,
      code: "Authorization_RequestDenied",
      message: `Insufficient privileges to complete the operation. ${operation.operationId} needs one of: ${operation.permissions.application.join(", ")}.`,
    });
  }
  return caller;
}
