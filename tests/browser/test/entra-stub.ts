/**
 * Stands in for Microsoft Entra ID and Microsoft Graph inside a Playwright browser context, so the page's MSAL.js path
 * runs end to end without leaving the machine: the authorize endpoint redirects to the app's redirect URI with a code,
 * the token endpoint answers a token (unsigned: MSAL.js in a browser does not check the id token's signature), and
 * graph.microsoft.com is served by the emulator. Every request is recorded.
 */
import type { BrowserContext } from "playwright-core";

export interface EntraStub {
  /** Each request to login.microsoftonline.com: method, URL and (for the token endpoint) the form body. */
  readonly idp: Array<{ method: string; url: URL; form: URLSearchParams | undefined }>;
  /** Authorization headers that reached graph.microsoft.com. */
  readonly graphAuthorization: string[];
}

export interface EntraStubOptions {
  clientId: string;
  tenantId: string;
  accessToken: string;
  /** The emulator's origin, which serves graph.microsoft.com's paths. */
  emulatorUrl: string;
}

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "*",
  "access-control-allow-methods": "GET, POST",
};
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function tokenAnswer(options: EntraStubOptions, nonce: string | null): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: options.clientId,
    iss: `https://login.microsoftonline.com/${options.tenantId}/v2.0`,
    tid: options.tenantId,
    oid: "7d3c5a1e-0000-4000-8000-000000000001",
    sub: "stub-subject",
    nonce,
    iat: now,
    nbf: now,
    exp: now + 3600,
    ver: "2.0",
    preferred_username: "admin@contoso.onmicrosoft.com",
    name: "Contoso Admin",
  };
  return JSON.stringify({
    token_type: "Bearer",
    scope: "https://graph.microsoft.com/Synchronization.ReadWrite.All openid profile",
    expires_in: 3600,
    ext_expires_in: 3600,
    access_token: options.accessToken,
    id_token: `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.stub`,
    client_info: b64({ uid: claims.oid, utid: options.tenantId }),
  });
}

export async function stubEntraAndGraph(context: BrowserContext, options: EntraStubOptions): Promise<EntraStub> {
  const stub: EntraStub = { idp: [], graphAuthorization: [] };
  let nonce: string | null = null;
  await context.route(/^https:\/\/login\.microsoftonline\.com\//, (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const form = url.pathname.endsWith("/token") ? new URLSearchParams(request.postData() ?? "") : undefined;
    stub.idp.push({ method: request.method(), url, form });
    if (request.method() === "OPTIONS") return route.fulfill({ status: 204, headers: CORS });
    if (url.pathname.endsWith("/oauth2/v2.0/authorize")) {
      nonce = url.searchParams.get("nonce");
      const clientInfo = b64({ uid: "7d3c5a1e-0000-4000-8000-000000000001", utid: options.tenantId });
      const state = encodeURIComponent(url.searchParams.get("state") ?? "");
      const location = `${url.searchParams.get("redirect_uri")}#code=stub-code&state=${state}&client_info=${clientInfo}`;
      return route.fulfill({ status: 302, headers: { location } });
    }
    if (url.pathname.endsWith("/oauth2/v2.0/token")) {
      const body = tokenAnswer(options, nonce);
      return route.fulfill({ status: 200, headers: { ...CORS, "content-type": "application/json" }, body });
    }
    return route.fulfill({ status: 404, headers: CORS, body: "{}" });
  });
  await context.route(/^https:\/\/graph\.microsoft\.com\//, async (route) => {
    const url = new URL(route.request().url());
    stub.graphAuthorization.push(route.request().headers().authorization ?? "");
    const response = await route.fetch({ url: `${options.emulatorUrl}${url.pathname}${url.search}` });
    return route.fulfill({ response });
  });
  return stub;
}
