/** Entra ID's side of the token exchange: app registrations, resources and OAuth error answers. */
import { createHash, timingSafeEqual } from "node:crypto";
import { EmulatorOptionsError } from "./errors.js";

/** An app registration the token endpoint knows. */
export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  /** Application permissions (app roles) granted with admin consent, e.g. Synchronization.ReadWrite.All. */
  roles: readonly string[];
  displayName?: string;
}

/** The Graph resource: tokens are issued for it and Graph requests must carry it as `aud`. */
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Microsoft Graph's application id: accepted as an audience and as a scope resource, like the real service. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
/**
 * Other resources of the tenant the token endpoint also issues tokens for, as Entra ID does: a token for one of
 * them sent to Graph is the realistic "wrong audience" case.
 */
export const OTHER_RESOURCES = ["https://management.azure.com", "https://vault.azure.net"];
export interface OAuthErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** An answer of the token endpoint that is not a token: an OAuth 2.0 error as Entra ID writes it. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

export function checkClients(value: unknown): EmulatorClient[] {
  if (!Array.isArray(value))
    throw new EmulatorOptionsError("clients", "must be an array of { clientId, clientSecret, roles }");
  return value.map((client: unknown, i) => {
    const at = `clients[${i}]`;
    if (typeof client !== "object" || client === null) throw new EmulatorOptionsError(at, "must be an object");
    const c = client as Record<string, unknown>;
    if (typeof c.clientId !== "string" || c.clientId.length === 0 || c.clientId.length > 200) {
      throw new EmulatorOptionsError(`${at}.clientId`, "must be a non-empty string (usually a GUID)");
    }
    if (typeof c.clientSecret !== "string" || c.clientSecret.length === 0) {
      throw new EmulatorOptionsError(`${at}.clientSecret`, "must be a non-empty string");
    }
    if (!Array.isArray(c.roles) || !c.roles.every((role) => typeof role === "string")) {
      throw new EmulatorOptionsError(
        `${at}.roles`,
        "must be an array of app role names (e.g. Synchronization.ReadWrite.All)",
      );
    }
    return {
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      roles: [...(c.roles as string[])],
      ...(typeof c.displayName === "string" ? { displayName: c.displayName } : {}),
    };
  });
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Compares a secret in constant time (through digests of equal length). */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
