/**
 * The authority's URLs (auth: "jwt"): /{tenant}/oauth2/v2.0/token, /{tenant}/v2.0/.well-known/openid-configuration,
 * /{tenant}/discovery/v2.0/keys and /common/discovery/instance. Answers are Entra ID-shaped (OAuth errors), not
 * Graph-shaped, and are not validated against the Graph spec.
 */
import type { Authority } from "./authority.js";
import type { Core } from "./core.js";
import type { Exchange } from "./exchange.js";
import { admit } from "./fault-gate.js";
import type { AuthorityEndpoint } from "./faults.js";
import { OAuthError } from "./oauth.js";

const JSON_UTF8 = "application/json; charset=utf-8";

interface AuthorityRoute {
  endpoint: AuthorityEndpoint;
  method: "GET" | "POST";
}

/** Which authority endpoint a path is, if any: [tenant, ...rest]. */
export function matchAuthority(segments: string[]): AuthorityRoute | undefined {
  const rest = segments.slice(1).join("/").toLowerCase();
  if (segments.length < 2 || segments[0] === "") return undefined;
  if (rest === "oauth2/v2.0/token") return { endpoint: "token", method: "POST" };
  if (rest === "v2.0/.well-known/openid-configuration") return { endpoint: "openidConfiguration", method: "GET" };
  if (rest === "discovery/v2.0/keys" || rest === "discovery/keys") return { endpoint: "jwks", method: "GET" };
  if (rest === "discovery/instance") return { endpoint: "instanceDiscovery", method: "GET" };
  return undefined;
}

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  // RFC 6749 2.3.1: both parts are form-urlencoded before being joined.
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replaceAll("+", " "));
    } catch {
      return text;
    }
  };
  return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
}

const HEADERS = { "Content-Type": JSON_UTF8, "Cache-Control": "no-store, no-cache" };

function answerOAuthError(exchange: Exchange, authority: Authority, error: OAuthError): void {
  const headers = { ...HEADERS, "x-ms-request-id": exchange.requestId };
  exchange.answerRaw(error.status, authority.errorBody(error, exchange.requestId), headers);
}

async function answerToken(options: {
  exchange: Exchange;
  authority: Authority;
  tenant: string;
  raw: Buffer;
  headers: Record<string, string>;
}): Promise<void> {
  const { exchange, authority, raw } = options;
  const refuse = (description: string) =>
    answerOAuthError(exchange, authority, new OAuthError(400, "invalid_request", 900144, description));
  const type = String(exchange.req.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    refuse("The request body must be application/x-www-form-urlencoded.");
    return;
  }
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    refuse("The request body is not valid UTF-8.");
    return;
  }
  try {
    const token = await authority.token(options.tenant, form, basicCredentials(exchange.req.headers.authorization));
    exchange.answerRaw(200, token, options.headers);
  } catch (error) {
    if (error instanceof OAuthError) answerOAuthError(exchange, authority, error);
    else throw error;
  }
}

export async function handleAuthority(
  core: Core,
  exchange: Exchange,
  route: AuthorityRoute,
  segments: string[],
): Promise<void> {
  const authority = core.authority;
  if (!authority) throw new Error("authority routes without an authority");
  exchange.kind = "authority";
  exchange.operation = route.endpoint;
  const headers = { ...HEADERS, "x-ms-request-id": exchange.requestId };
  const oauthAnswer = (error: OAuthError) => answerOAuthError(exchange, authority, error);

  const admitted = await admit(core, exchange, {
    graph: false,
    operation: route.endpoint,
    method: exchange.method,
    servicePrincipalId: undefined,
    jobId: undefined,
  });
  if (!admitted) return;
  const { raw, refused } = admitted;
  if (refused) {
    oauthAnswer(
      new OAuthError(
        refused.status,
        refused.status >= 500 ? "temporarily_unavailable" : "invalid_request",
        50_000 + refused.status,
        refused.message,
      ),
    );
    return;
  }
  if (exchange.method !== route.method) {
    exchange.answerRaw(
      405,
      authority.errorBody(
        new OAuthError(405, "invalid_request", 900561, `The endpoint only accepts ${route.method} requests.`),
        exchange.requestId,
      ),
      { ...headers, Allow: route.method },
    );
    return;
  }
  const tenant = segments[0] ?? "";
  switch (route.endpoint) {
    case "token":
      await answerToken({ exchange, authority, tenant, raw, headers });
      return;
    case "openidConfiguration": {
      const known = authority.isTenant(tenant) || ["common", "organizations"].includes(tenant.toLowerCase());
      if (!known) {
        oauthAnswer(new OAuthError(400, "invalid_tenant", 90002, `Tenant '${tenant.slice(0, 100)}' not found.`));
        return;
      }
      exchange.answerRaw(200, authority.openidConfiguration(core.origin, tenant), headers);
      return;
    }
    case "jwks":
      exchange.answerRaw(200, authority.jwks(), headers);
      return;
    case "instanceDiscovery":
      exchange.answerRaw(200, authority.instanceDiscovery(core.origin), headers);
      return;
  }
}
