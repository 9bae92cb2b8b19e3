/**
 * Tokens for Microsoft Graph from MSAL.js: a sign-in popup once, then `acquireTokenSilent` (MSAL caches and refreshes)
 * before every request, falling back to a popup when consent or a new sign-in is needed.
 */
import { type AccountInfo, InteractionRequiredAuthError, PublicClientApplication } from "@azure/msal-browser";

/** Delegated permission to read and start synchronization jobs (an admin consents once for the tenant). */
const SCOPES = ["https://graph.microsoft.com/Synchronization.ReadWrite.All"];

export async function msalTokens(options: { clientId: string; tenant: string }): Promise<() => Promise<string>> {
  const app = new PublicClientApplication({
    auth: {
      clientId: options.clientId,
      authority: `https://login.microsoftonline.com/${encodeURIComponent(options.tenant || "organizations")}`,
      // MSAL 5 returns popup answers through a bridge page (redirect.html); register this URI as a SPA redirect URI.
      redirectUri: new URL("/redirect.html", location.origin).href,
    },
    cache: { cacheLocation: "sessionStorage" },
  });
  await app.initialize();
  let account: AccountInfo | null = app.getAllAccounts()[0] ?? null;
  if (!account) account = (await app.loginPopup({ scopes: SCOPES })).account;
  const signedIn = account;
  return async () => {
    try {
      return (await app.acquireTokenSilent({ scopes: SCOPES, account: signedIn })).accessToken;
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError)) throw error;
      return (await app.acquireTokenPopup({ scopes: SCOPES, account: signedIn })).accessToken;
    }
  };
}
