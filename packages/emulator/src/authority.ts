/**
 * A small Microsoft Entra ID look-alike for `auth: "jwt"`: the client-credentials token endpoint, the OpenID
 * discovery document and JWKS that MSAL (`@azure/identity`) fetches, and instance discovery. It issues RS256 JWTs
 * (jose) carrying the client's app roles; Graph requests are then checked for signature, audience, expiry and
 * roles. Secrets are compared in constant time and never logged or echoed.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { EmulatorClock } from "./clock.js";
import { EmulatorOptionsError, GraphHttpError } from "./errors.js";
import { type Random, uuidFrom } from "./random.js";

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
const TOKEN_LIFETIME_S = 3599;
/** Entra ID tolerates five minutes of clock skew. */
const CLOCK_SKEW_S = 300;

type Jose = typeof import("jose");
type KeyMaterial = { privateKey: CryptoKey; publicKey: CryptoKey; jwk: Record<string, unknown>; kid: string };

let sharedKeys: Promise<KeyMaterial> | undefined;

/** One RSA key pair per process: generating one costs ~100 ms, and every emulator in a test run can share it. */
async function keys(jose: Jose): Promise<KeyMaterial> {
  sharedKeys ??= (async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
    const jwk = (await jose.exportJWK(publicKey)) as Record<string, unknown>;
    const kid = await jose.calculateJwkThumbprint(jwk as Parameters<Jose["calculateJwkThumbprint"]>[0]);
    return { privateKey, publicKey, jwk: { ...jwk, kid, use: "sig", alg: "RS256", kty: "RSA" }, kid };
  })();
  return sharedKeys;
}

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

export interface VerifiedToken {
  roles: string[];
  scopes: string[];
  appId: string | undefined;
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

export class Authority {
  private constructor(
    private readonly jose: Jose,
    private readonly material: KeyMaterial,
    private readonly tenantId: string,
    private readonly clients: EmulatorClient[],
    private readonly clock: EmulatorClock,
    private readonly random: Random,
  ) {}

  static async create(options: {
    tenantId: string;
    clients: EmulatorClient[];
    clock: EmulatorClock;
    random: Random;
  }): Promise<Authority> {
    const jose = await import("jose");
    const material = await keys(jose);
    return new Authority(jose, material, options.tenantId, options.clients, options.clock, options.random);
  }

  /** The issuer of Graph access tokens (v1.0 tokens, like the ones Graph receives from Entra ID). */
  get issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  /** True for the tenant's id (any case): the only tenant this authority serves. */
  isTenant(segment: string): boolean {
    return segment.toLowerCase() === this.tenantId.toLowerCase();
  }

  private oauthError(status: number, error: string, aadsts: number, description: string): OAuthError {
    return new OAuthError(status, error, aadsts, description);
  }

  /** The body of an OAuth error answer. */
  errorBody(error: OAuthError, correlationId: string): OAuthErrorBody {
    const now = new Date(this.clock.now()).toISOString().replace("T", " ").slice(0, 19);
    return {
      error: error.error,
      error_description: `${error.message} Trace ID: ${correlationId} Correlation ID: ${correlationId} Timestamp: ${now}Z`,
      error_codes: [error.aadsts],
      timestamp: `${now}Z`,
      trace_id: correlationId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${error.aadsts}`,
    };
  }

  /** POST /{tenant}/oauth2/v2.0/token (client credentials). Throws OAuthError. */
  async token(
    tenantSegment: string,
    form: URLSearchParams,
    basic: { clientId: string; clientSecret: string } | undefined,
  ): Promise<Record<string, unknown>> {
    if (!this.isTenant(tenantSegment)) {
      if (["common", "organizations", "consumers"].includes(tenantSegment.toLowerCase())) {
        throw this.oauthError(
          400,
          "invalid_request",
          50059,
          "No tenant-identifying information found in either the request or implied by any provided credentials. Use the tenant id in the authority for the client-credentials flow.",
        );
      }
      throw this.oauthError(
        400,
        "invalid_request",
        90002,
        `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID (this emulator serves ${this.tenantId}).`,
      );
    }
    const grant = form.get("grant_type");
    if (grant !== "client_credentials") {
      throw this.oauthError(
        400,
        "unsupported_grant_type",
        70003,
        `The app requested an unsupported grant type '${grant ?? ""}': the emulator supports client_credentials.`,
      );
    }
    if (form.has("client_assertion")) {
      throw this.oauthError(
        400,
        "invalid_client",
        700027,
        "Client assertions (certificate credentials) are not supported by the emulator: use a client secret.",
      );
    }
    const clientId = basic?.clientId ?? form.get("client_id") ?? "";
    const secret = basic?.clientSecret ?? form.get("client_secret");
    if (!clientId) {
      throw this.oauthError(
        400,
        "invalid_request",
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    }
    const scope = form.get("scope") ?? "";
    const resource = scope.endsWith("/.default") ? scope.slice(0, -"/.default".length) : undefined;
    if (!resource || scope.includes(" ")) {
      throw this.oauthError(
        400,
        "invalid_scope",
        1002012,
        `The provided value for scope '${scope.slice(0, 200)}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const audience = resource === GRAPH_APP_ID ? GRAPH_RESOURCE : resource;
    if (!OTHER_RESOURCES.includes(audience) && audience !== GRAPH_RESOURCE) {
      throw this.oauthError(
        400,
        "invalid_resource",
        500011,
        `The resource principal named ${resource.slice(0, 200)} was not found in the tenant named ${this.tenantId}. The emulator issues tokens for ${[GRAPH_RESOURCE, ...OTHER_RESOURCES].join(", ")}.`,
      );
    }
    const client = this.clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase());
    if (!client) {
      throw this.oauthError(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId.slice(0, 200)}' was not found in the directory '${this.tenantId}'.`,
      );
    }
    if (typeof secret !== "string" || !timingSafeEqual(digest(secret), digest(client.clientSecret))) {
      throw this.oauthError(
        401,
        "invalid_client",
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
      );
    }
    const iat = Math.floor(this.clock.now() / 1000);
    const accessToken = await new this.jose.SignJWT({
      appid: client.clientId,
      appidacr: "1",
      idp: this.issuer,
      idtyp: "app",
      oid: uuidFrom(`service-principal/${client.clientId}`),
      roles: [...client.roles],
      sub: uuidFrom(`service-principal/${client.clientId}`),
      tid: this.tenantId,
      uti: this.random.hex(22),
      ver: "1.0",
      ...(client.displayName ? { app_displayname: client.displayName } : {}),
    })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.material.kid })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + TOKEN_LIFETIME_S)
      .sign(this.material.privateKey);
    return {
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_S,
      ext_expires_in: TOKEN_LIFETIME_S,
      access_token: accessToken,
    };
  }

  /** Checks a Graph request's token: signature, issuer, audience, lifetime. Throws a 401 GraphHttpError. */
  async verify(token: string): Promise<VerifiedToken> {
    const invalid = (message: string) =>
      new GraphHttpError({ status: 401, code: "InvalidAuthenticationToken", message });
    try {
      const { payload } = await this.jose.jwtVerify(token, this.material.publicKey, {
        algorithms: ["RS256"],
        issuer: this.issuer,
        audience: [GRAPH_RESOURCE, GRAPH_APP_ID],
        currentDate: new Date(this.clock.now()),
        clockTolerance: CLOCK_SKEW_S,
        requiredClaims: ["exp", "aud", "tid"],
      });
      const list = (value: unknown) =>
        Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
      return {
        roles: list(payload.roles),
        scopes: typeof payload.scp === "string" ? payload.scp.split(" ").filter(Boolean) : [],
        appId: typeof payload.appid === "string" ? payload.appid : undefined,
      };
    } catch (error) {
      const code = (error as { code?: string }).code;
      const claim = (error as { claim?: string }).claim;
      if (code === "ERR_JWT_EXPIRED") throw invalid("Lifetime validation failed, the token is expired.");
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "nbf") {
        throw invalid("Lifetime validation failed, the token is not yet valid.");
      }
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "aud") {
        throw invalid("Access token validation failure. Invalid audience.");
      }
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "iss") {
        throw invalid("Access token validation failure. Invalid issuer: the token was not issued for this tenant.");
      }
      if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED")
        throw invalid("Access token validation failure. Invalid signature.");
      if (code === "ERR_JOSE_ALG_NOT_ALLOWED")
        throw invalid("Access token validation failure. Unsupported signing algorithm.");
      throw invalid("Invalid JWT token. The token is malformed or was not issued by this emulator.");
    }
  }

  /** GET /{tenant}/v2.0/.well-known/openid-configuration */
  openidConfiguration(origin: string, tenantSegment: string): Record<string, unknown> {
    const host = new URL(origin).host;
    const base = `${origin}/${tenantSegment}`;
    const issuerTenant = this.isTenant(tenantSegment) ? this.tenantId : "{tenantid}";
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${origin}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "tid", "ver", "oid", "roles"],
      tenant_region_scope: "WW",
      cloud_instance_name: host,
      cloud_graph_host_name: host,
      msgraph_host: host,
      rbac_url: origin,
    };
  }

  /** GET /{tenant}/discovery/v2.0/keys */
  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.material.jwk] };
  }

  /** GET /common/discovery/instance (MSAL's instance discovery, when it is not disabled). */
  instanceDiscovery(origin: string): Record<string, unknown> {
    const host = new URL(origin).host;
    return {
      tenant_discovery_endpoint: `${origin}/{tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }
}
