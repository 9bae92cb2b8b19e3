/**
 * A small Entra ID look-alike for `auth: "jwt"` (README "Auth"): issues and verifies RS256 tokens, one key per
 * instance.
 */
import type { EmulatorClock } from "./clock.js";
import { GraphHttpError } from "./errors.js";
import { type EmulatorClient, GRAPH_APP_ID, GRAPH_RESOURCE, type OAuthError, type OAuthErrorBody } from "./oauth.js";
import { type Random, uuidFrom } from "./random.js";
import { checkTokenRequest } from "./token-request.js";

const TOKEN_LIFETIME_S = 3599;
/** Entra ID tolerates five minutes of clock skew. */
const CLOCK_SKEW_S = 300;

type Jose = typeof import("jose");
type KeyMaterial = { privateKey: CryptoKey; publicKey: CryptoKey; jwk: Record<string, unknown>; kid: string };

/** A fresh RSA key pair: each emulator signs with its own, so one instance never accepts another's tokens. */
async function createKeys(jose: Jose): Promise<KeyMaterial> {
  const { privateKey, publicKey } = await jose.generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const jwk = (await jose.exportJWK(publicKey)) as Record<string, unknown>;
  const kid = await jose.calculateJwkThumbprint(jwk as Parameters<Jose["calculateJwkThumbprint"]>[0]);
  return { privateKey, publicKey, jwk: { ...jwk, kid, use: "sig", alg: "RS256", kty: "RSA" }, kid };
}

export interface VerifiedToken {
  roles: string[];
  scopes: string[];
  appId: string | undefined;
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
    const material = await createKeys(jose);
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
    const { client, audience } = checkTokenRequest({
      tenantId: this.tenantId,
      isTenant: this.isTenant(tenantSegment),
      tenantSegment,
      form,
      basic,
      clients: this.clients,
    });
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
    // Another tenant's token is named as such, before its signature (another instance's key) is looked at.
    let issuer: unknown;
    try {
      issuer = this.jose.decodeJwt(token).iss;
    } catch {
      throw invalid("Invalid JWT token. The token is malformed or was not issued by this emulator.");
    }
    if (issuer !== this.issuer) {
      throw invalid("Access token validation failure. Invalid issuer: the token was not issued for this tenant.");
    }
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
