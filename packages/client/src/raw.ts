/**
 * `@graphsync/client/raw`: the openapi-fetch client every operation of a GraphSyncClient or core already calls,
 * exposed whole, for every operation of the spec. Calls go through the same transport (auth, retries, timeouts,
 * errors), with the same path checks, and the token only ever goes to the client's origin. Every failure is a
 * GraphSyncError, openapi-fetch's own exceptions included: a 2xx resolves `{ data, response }`, anything else rejects.
 */
import type { OperationId, paths } from "@graphsync/types";
import { OPERATIONS, ROUTES as SPEC_ROUTES } from "@graphsync/types/operations";
import type { Client, Middleware } from "openapi-fetch";
import { call } from "./call.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { invalid } from "./errors.js";

/** The typed openapi-fetch client `createRawClient` returns. */
export type RawClient = Client<paths, "application/json">;

/** The operation behind each method and path of the spec (generated from it). */
export const ROUTES: Readonly<Record<string, OperationId>> = SPEC_ROUTES;

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * The openapi-fetch client of `client` (made by `createGraphSyncClient` or `createGraphSyncCore`): its base URL,
 * token, retries, timeout, abort signal and error handling. Each call also takes `timeoutMs`. Middleware added
 * with `use` runs on this raw client's calls (before the transport: it sees the request without the token).
 * @throws {ValidationError} when `client` was not made by this package.
 */
export function createRawClient(client: GraphSyncCore): RawClient {
  const { api, send, origin } = internalsOf(client);
  const wrap =
    (method: string) =>
    (path: string, init?: Record<string, unknown>): Promise<unknown> => {
      const op = OPERATIONS[ROUTES[`${method} ${path}`] as OperationId];
      // The caller's signal and time limit go to the transport, not onto openapi-fetch's Request.
      const { timeoutMs, signal, ...rest } = init ?? {};
      const { init: transport, done } = call({
        send: (outgoing) => {
          // A per-call `baseUrl` must not take the token elsewhere.
          if (new URL(outgoing.url).origin !== origin) {
            throw invalid("baseUrl", outgoing.url, `a URL on ${origin}, the only origin the token is sent to`);
          }
          return send(outgoing);
        },
        facts: op && { ...op, success: [200, 201, 202, 203, 204, 205, 206] },
        signal: signal as AbortSignal | undefined,
        timeoutMs: timeoutMs as number | undefined,
      });
      const run = api[method as "GET"] as unknown as (path: string, init: object) => Promise<object>;
      const middleware = [...middlewares, ...((rest.middleware as Middleware[] | undefined) ?? [])];
      // Standard Requests (the client's own calls use a lighter one), so that middleware sees what it expects.
      const result = run(path, { ...rest, middleware, Request, ...transport });
      // openapi-fetch's result without what `done` adds.
      return done(result).then(({ status, info, answer, ...rest }) => rest);
    };
  // Middleware of this raw client: it runs on its calls, not on the methods' and functions' of the client.
  const middlewares: Middleware[] = [];
  const raw: Record<string, unknown> = {
    use: (...added: Middleware[]) => {
      for (const m of added) if (m) middlewares.push(checkMiddleware(m));
    },
    eject: (...removed: Middleware[]) => {
      for (const m of removed) if (middlewares.includes(m)) middlewares.splice(middlewares.indexOf(m), 1);
    },
  };
  for (const method of METHODS) raw[method] = wrap(method);
  raw.request = (method: string, path: string, init?: Record<string, unknown>) =>
    wrap(method.toUpperCase())(path, init);
  return raw as unknown as RawClient;
}

/** openapi-fetch's own check of what `use` takes. */
function checkMiddleware(m: Middleware): Middleware {
  if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
    throw invalid("middleware", m, "an object with onRequest, onResponse or onError");
  }
  return m;
}
