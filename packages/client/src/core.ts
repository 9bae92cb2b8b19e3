/**
 * The client without its methods: options checked, endpoint, auth, retries and transport set up. The operations
 * are standalone functions that take it (`startJob(core, …)` in `jobs.ts`), so a bundler keeps only the ones a
 * program calls; `createGraphSyncClient` adds every one as a method.
 */
import { type AccessTokenOption, type Auth, type TokenCredentialLike, tokenAuth } from "./auth.js";
import { type Api, createApi } from "./call.js";
import { type ApiVersion, type GraphCloud, resolveEndpoint } from "./clouds.js";
import { invalid } from "./errors.js";
import { VERSION } from "./generated/version.js";
import type { FetchLike } from "./http.js";
import { checkTimeout } from "./options.js";
import { type RetryOptions, retryPolicy } from "./retry.js";
import { createTransport, type Send } from "./transport.js";

/** Exactly one of `credential` and `accessToken`. */
export type GraphSyncAuthOptions =
  | {
      /**
       * Where tokens come from: any `TokenCredential` of `@azure/identity` (`new DefaultAzureCredential()`, …) or
       * an object with the same `getToken`. Tokens are cached until 2 minutes before they expire; one refresh at a
       * time however many calls are in flight.
       */
      credential: TokenCredentialLike;
      accessToken?: undefined;
    }
  | {
      /** A bearer token, or a (possibly async) function returning the current one, called for every attempt. */
      accessToken: AccessTokenOption;
      credential?: undefined;
    };

export type GraphSyncClientOptions = GraphSyncAuthOptions & GraphSyncConnectionOptions;

/**
 * What `createGraphSyncCore` takes: a token or token function (a browser app passes what MSAL gives it), and every
 * connection option but the client-wide `signal` (each call takes its own) and the `userAgent` suffix (browsers set
 * their own User-Agent). A credential, a client-wide signal and a suffix are `createGraphSyncClient`'s: their code
 * stays out of a bundle that does not use them.
 */
export type GraphSyncCoreOptions = Extract<GraphSyncAuthOptions, { accessToken: AccessTokenOption }> & {
  signal?: undefined;
  userAgent?: undefined;
} & Omit<GraphSyncConnectionOptions, "signal" | "userAgent">;

export interface GraphSyncConnectionOptions {
  /** The national cloud (default `global`): decides the Graph root and the token scope `<root>/.default`. */
  cloud?: GraphCloud;
  /** Graph version (default `v1.0`). Not allowed with `baseUrl`, which includes the version. */
  apiVersion?: ApiVersion;
  /**
   * Replaces the Graph root, version included: `http://127.0.0.1:4000/v1.0` (the emulator), a proxy. Must be
   * https unless the host is loopback (127.0.0.0/8, ::1, localhost).
   */
  baseUrl?: string;
  /** The fetch to use (default: the global one, read when the client is created). Called as `fetch(url, init)`. */
  fetch?: FetchLike;
  /** Retry options, or `false` for a single attempt. See the retry table in the README. */
  retry?: RetryOptions | false;
  /**
   * The longest one attempt may take, token and response body included. Default: no limit of the client's own
   * (Node's fetch gives up after 300 s without headers or body data; browsers have their own limits).
   */
  timeoutMs?: number;
  /** Aborts every call of this client (for example on Ctrl-C). */
  signal?: AbortSignal;
  /** Added to the User-Agent header after `graphsync/<version>`, e.g. `my-tool/1.2`. */
  userAgent?: string;
}

/** What `createGraphSyncCore` makes: pass it to `startJob`, `getJob`, … or to `createRawClient`. */
export interface GraphSyncCore {
  /** The resolved API root requests go to, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
  /** The scope asked of the credential, e.g. `https://graph.microsoft.com/.default`. */
  readonly scope: string;
}

interface Internals {
  /** The openapi-fetch client every operation calls. */
  api: Api;
  send: Send;
  /** `baseUrl` as checked (the object's own property could be reassigned). */
  base: string;
  /** The only origin the token is sent to. */
  origin: string;
}

/** Each core's transport, out of sight of users (and of `JSON.stringify(client)`). */
const internals: WeakMap<object, Internals> = new WeakMap();

/**
 * Creates a client without methods, for the standalone functions (`startJob(core, …)`): the smallest bundle. Takes
 * a token or token function; `createGraphSyncClient` also takes a credential and a client-wide signal. Checks every
 * option first.
 * @throws {ValidationError} on a missing token option (a credential is one), a signal or `userAgent` (the full
 * client's), an unknown cloud or version, an unsafe `baseUrl`, or a bad `timeoutMs` or `retry`.
 */
export function createGraphSyncCore(options: GraphSyncCoreOptions): GraphSyncCore {
  return createCore(options, {
    auth: (o, scope) => {
      // Given anyway (from JavaScript), they must not be ignored. A credential is refused as a missing accessToken.
      for (const field of ["signal", "userAgent"] as const) {
        if (o[field] !== undefined) throw invalid(field, undefined, "none here (createGraphSyncClient takes it)");
      }
      return tokenAuth(o.accessToken, scope);
    },
  });
}

/** What a kind of client adds to a core: its token source, a User-Agent suffix, a wrapper of the transport. */
export interface CoreParts<O> {
  auth: (options: O, scope: string) => Auth;
  agent?: (options: O) => string;
  wrap?: (send: Send, options: O) => Send;
}

/**
 * The one way a core is made: `auth` makes the token source for the cloud's scope, `wrap` (the client's) adds to
 * the transport.
 */
export function createCore<O extends GraphSyncCoreOptions | GraphSyncClientOptions>(
  options: O,
  { auth, agent, wrap }: CoreParts<O>,
): GraphSyncCore {
  // Not an object: every option is missing, and the token option says so.
  options = Object(options);
  const { base, origin, scope } = resolveEndpoint(options.cloud, options.apiVersion, options.baseUrl);
  const tokens = auth(options, scope);
  // Every runtime has it, but a browser only in a secure context: a page served over plain http could be altered to
  // read the token, so graphsync does not run there.
  if (!globalThis.crypto?.randomUUID) throw invalid("context", undefined, "a secure one (https or localhost)");
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw invalid("fetch", fetchImpl, "a fetch function");
  const send = createTransport({
    fetch: fetchImpl,
    auth: tokens,
    retry: retryPolicy(options.retry),
    timeoutMs: checkTimeout(options.timeoutMs),
    userAgent: `graphsync/${VERSION}${agent ? agent(options) : ""}`,
  });
  const core = { baseUrl: base, scope };
  internals.set(core, { api: createApi(base), send: wrap ? wrap(send, options) : send, base, origin });
  return core;
}

/** A core's transport. @throws {ValidationError} when `client` was not made by this package. */
export function internalsOf(client: unknown): Internals {
  const found = internals.get(client as object);
  if (!found) throw invalid("client", undefined, "a graphsync client");
  return found;
}
