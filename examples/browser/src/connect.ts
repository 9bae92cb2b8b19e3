/**
 * Makes the client the page uses: the emulator's fixed token, or MSAL.js tokens for Microsoft Graph when an app
 * (client) id is given. MSAL is loaded only in that case, so the emulator path never downloads it.
 */
import { createGraphSyncCore, type GraphSyncCore, type RetryEvent } from "@graphsync/client";

/** What the server that serves the page says about where to send requests (`/config.json`). */
export interface PageConfig {
  graphUrl: string;
  /** The emulator's bearer token (not a secret: the emulator accepts any); null when serving for Graph only. */
  token: string | null;
  servicePrincipalId: string;
  clientId: string;
  tenant: string;
}

export interface ConnectOptions {
  graphUrl: string;
  clientId: string;
  tenant: string;
  token: string | null;
  onRetry: (event: RetryEvent) => void;
}

export async function connect(options: ConnectOptions): Promise<GraphSyncCore> {
  let accessToken: string | (() => Promise<string>);
  if (options.clientId) {
    const { msalTokens } = await import("./msal.js");
    accessToken = await msalTokens({ clientId: options.clientId, tenant: options.tenant });
  } else if (options.token) {
    accessToken = options.token;
  } else {
    throw new Error("Give an app (client) id to sign in with MSAL, or serve the page with the emulator.");
  }
  return createGraphSyncCore({
    accessToken,
    baseUrl: options.graphUrl,
    timeoutMs: 30_000,
    retry: { maxAttempts: 3, onRetry: options.onRetry },
  });
}
