/**
 * Where the bearer token comes from. A credential's token is cached until shortly before it expires, and however
 * many requests are in flight, only one `getToken` call runs at a time. The credential's cache lives apart from
 * `tokenAuth`, so a bundle of `createGraphSyncCore`, which takes tokens only, holds none of it. Tokens are checked
 * once when obtained: a header cannot carry control characters, and a runtime's complaint about one would quote
 * the token.
 */
import { AuthenticationError, invalid } from "./errors.js";

/** An access token as `@azure/identity` returns it. */
export interface AccessTokenLike {
  token: string;
  /** When the token expires, in milliseconds since the epoch. */
  expiresOnTimestamp: number;
}

/**
 * Anything with `getToken`: structurally the `TokenCredential` of `@azure/identity` (`DefaultAzureCredential`,
 * `ClientSecretCredential`, `ManagedIdentityCredential`, …), without depending on it.
 */
export interface TokenCredentialLike {
  getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal },
  ): Promise<AccessTokenLike | null | undefined>;
}

/** A fixed token, or a function returning the current one (called for every attempt; it does its own caching). */
export type AccessTokenOption = string | (() => string | Promise<string>);

/** Tokens are refreshed this long before they expire, as `@azure/core-rest-pipeline` does. */
export const REFRESH_MARGIN_MS = 120_000;

/** The token to send now (as it is when cached); the transport stops waiting for it when the attempt ends. */
export interface Auth {
  (): string | Promise<string>;
  /** Forgets a token the service rejected (401), so the next call asks the credential again. Only a cache has one. */
  reject?: (token: string) => void;
}

/**
 * A fixed token or a token function (what `createGraphSyncCore` takes): nothing to cache or forget.
 * @throws {ValidationError} unless `accessToken` is a string or a function; {AuthenticationError} for a string that
 * is not a usable token.
 */
export function tokenAuth(accessToken: unknown, scope: string): Auth {
  if (typeof accessToken === "string") {
    const token = checked(accessToken, scope, "accessToken");
    return () => token;
  }
  if (typeof accessToken === "function") return () => obtain(accessToken as () => unknown, scope, "accessToken");
  // Never quote the value: it may be a secret.
  throw invalid("accessToken", undefined, "a token or a function returning one");
}

/**
 * What `createGraphSyncClient` takes: a credential (its tokens cached) or a token or token function.
 * @throws {ValidationError} unless exactly one usable auth option is given.
 */
export function createAuth(credential: unknown, accessToken: unknown, scope: string): Auth {
  if (credential === undefined && accessToken !== undefined) return tokenAuth(accessToken, scope);
  if (typeof (credential as TokenCredentialLike | null)?.getToken === "function" && accessToken === undefined) {
    return cached(credential as TokenCredentialLike, scope);
  }
  // Never quote either value: both may be secrets.
  throw invalid(
    credential === undefined ? "accessToken" : "credential",
    undefined,
    "exactly one of credential (with getToken) and accessToken (a string or a function)",
  );
}

function cached(credential: TokenCredentialLike, scope: string): Auth {
  let token: string | undefined;
  // 0 until a token with a usable expiry arrives, and again once the service rejects it.
  let expiresAt = 0;
  let pending: Promise<string> | undefined;

  const refresh = async (): Promise<string> => {
    try {
      let expires: unknown;
      token = await obtain(
        async () => {
          const result = await credential.getToken(scope);
          expires = result?.expiresOnTimestamp;
          return result?.token;
        },
        scope,
        "credential",
      );
      // A token without a usable expiry serves the calls waiting for it and is then asked for again.
      expiresAt = Number.isFinite(expires) ? (expires as number) : 0;
      return token;
    } catch (e) {
      // A refresh inside the margin that fails is not fatal while the current token is still valid.
      if (Date.now() < expiresAt) return token as string;
      throw e;
    } finally {
      pending = undefined;
    }
  };

  const current: Auth = () => {
    if (Date.now() < expiresAt - REFRESH_MARGIN_MS) return token as string;
    // The refresh is shared, so it is not tied to any one caller's signal; each caller stops waiting on its own.
    pending ??= refresh();
    return pending;
  };
  current.reject = (rejected) => {
    if (rejected === token) expiresAt = 0;
  };
  return current;
}

/** Calls a token source; whatever goes wrong becomes an AuthenticationError that never quotes a token. */
async function obtain(source: () => unknown, scope: string, what: string): Promise<string> {
  let value: unknown;
  try {
    value = await source();
  } catch (e) {
    throw new AuthenticationError(
      `${what} failed for ${scope}: ${(e as Error)?.message ?? e}`,
      { code: "CredentialFailed", scope },
      e,
    );
  }
  return checked(value, scope, what);
}

const TOKEN_TEXT = /^[\x21-\x7e]+$/;

function checked(value: unknown, scope: string, what: string): string {
  // Also refuses characters a header cannot carry (fetch's complaint about them would quote the token).
  if (typeof value !== "string" || !TOKEN_TEXT.test(value)) {
    throw new AuthenticationError(`${what} gave no usable token for ${scope}`, { code: "NoToken", scope });
  }
  return value;
}
