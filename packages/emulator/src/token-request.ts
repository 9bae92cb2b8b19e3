/** The checks of a client-credentials token request, in Entra ID's order and with its AADSTS codes. */
import { type EmulatorClient, GRAPH_APP_ID, GRAPH_RESOURCE, OAuthError, OTHER_RESOURCES, sameSecret } from "./oauth.js";

export interface TokenRequest {
  tenantId: string;
  /** Whether the URL's tenant segment is this tenant. */
  isTenant: boolean;
  tenantSegment: string;
  form: URLSearchParams;
  basic: { clientId: string; clientSecret: string } | undefined;
  clients: readonly EmulatorClient[];
}

function checkTenant({ isTenant, tenantSegment, tenantId }: TokenRequest): void {
  if (isTenant) return;
  if (["common", "organizations", "consumers"].includes(tenantSegment.toLowerCase())) {
    throw new OAuthError(
      400,
      "invalid_request",
      50059,
      "No tenant-identifying information found in either the request or implied by any provided credentials. Use the tenant id in the authority for the client-credentials flow.",
    );
  }
  throw new OAuthError(
    400,
    "invalid_request",
    90002,
    `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID (this emulator serves ${tenantId}).`,
  );
}

function checkGrant(form: URLSearchParams): void {
  const grant = form.get("grant_type");
  if (grant !== "client_credentials") {
    throw new OAuthError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grant ?? ""}': the emulator supports client_credentials.`,
    );
  }
  if (form.has("client_assertion")) {
    throw new OAuthError(
      400,
      "invalid_client",
      700027,
      "Client assertions (certificate credentials) are not supported by the emulator: use a client secret.",
    );
  }
}

function audienceOf(form: URLSearchParams, tenantId: string): string {
  const scope = form.get("scope") ?? "";
  const resource = scope.endsWith("/.default") ? scope.slice(0, -"/.default".length) : undefined;
  if (!resource || scope.includes(" ")) {
    throw new OAuthError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope '${scope.slice(0, 200)}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const audience = resource === GRAPH_APP_ID ? GRAPH_RESOURCE : resource;
  if (!OTHER_RESOURCES.includes(audience) && audience !== GRAPH_RESOURCE) {
    throw new OAuthError(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource.slice(0, 200)} was not found in the tenant named ${tenantId}. The emulator issues tokens for ${[GRAPH_RESOURCE, ...OTHER_RESOURCES].join(", ")}.`,
    );
  }
  return audience;
}

/** The client and the audience of a valid request; an OAuthError otherwise. */
export function checkTokenRequest(request: TokenRequest): { client: EmulatorClient; audience: string } {
  const { form, basic, tenantId } = request;
  checkTenant(request);
  checkGrant(form);
  const clientId = basic?.clientId ?? form.get("client_id") ?? "";
  const secret = basic?.clientSecret ?? form.get("client_secret");
  if (!clientId) {
    throw new OAuthError(
      400,
      "invalid_request",
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const audience = audienceOf(form, tenantId);
  const client = request.clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase());
  if (!client) {
    throw new OAuthError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId.slice(0, 200)}' was not found in the directory '${tenantId}'.`,
    );
  }
  if (typeof secret !== "string" || !sameSecret(secret, client.clientSecret)) {
    throw new OAuthError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
    );
  }
  return { client, audience };
}
