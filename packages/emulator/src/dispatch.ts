/**
 * Routes each request to the control endpoint, the Graph routes or the token authority, with one error boundary:
 * a GraphHttpError is answered as Graph would, anything else is logged and answered as a Graph 500, and every
 * request is journaled and logged. Requests Node cannot parse get a Graph error too (clientError).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { handleAuthority, matchAuthority } from "./authority-routes.js";
import { CONTROL_PREFIX, handleControl } from "./control.js";
import type { Core } from "./core.js";
import { isPreflight, preflight } from "./cors.js";
import { describeError, GraphHttpError } from "./errors.js";
import { Exchange } from "./exchange.js";
import { handleGraph } from "./graph/handle.js";
import { type BoundRoute, decodeSegments } from "./graph/match.js";
import { clientErrorResponse, responseInFlight } from "./http.js";
import { componentSchema, GRAPH_VERSIONS, type GraphVersion } from "./spec.js";

/**
 * Path and query of a request target. Not `new URL(target, base)`: that reads `//x/y` as a host. An absolute-form
 * target (`http://host/path`, which proxies send) is accepted; anything else that does not start with "/" is a 400.
 */
function splitTarget(target: string): { pathname: string; search: string } {
  let path = target;
  if (!path.startsWith("/")) {
    try {
      const absolute = new URL(path);
      if (absolute.protocol !== "http:" && absolute.protocol !== "https:") throw new Error("not http");
      path = `${absolute.pathname}${absolute.search}`;
    } catch {
      throw GraphHttpError.badRequest(
        "The request target must be a path such as /v1.0/servicePrincipals/{id}/synchronization/jobs.",
      );
    }
  }
  const question = path.indexOf("?");
  return question < 0
    ? { pathname: path, search: "" }
    : { pathname: path.slice(0, question), search: path.slice(question + 1) };
}

async function route(core: Core, routes: readonly BoundRoute[], exchange: Exchange): Promise<void> {
  const { pathname, search } = splitTarget(exchange.req.url ?? "/");
  const searchParams = new URLSearchParams(search);
  const segments = decodeSegments(pathname);
  const first = segments[0] ?? "";
  const version = (GRAPH_VERSIONS as readonly string[]).includes(first) ? (first as GraphVersion) : undefined;
  const authorityRoute = !version && core.authority ? matchAuthority(segments) : undefined;
  if (`/${first}` === CONTROL_PREFIX) {
    await handleControl(core, exchange, segments, searchParams);
  } else if (authorityRoute) {
    await handleAuthority(core, exchange, authorityRoute, segments);
  } else if (isPreflight(exchange.method, exchange.req.headers)) {
    answerPreflight(core, exchange);
  } else {
    const request = { version, segments: version ? segments.slice(1) : segments, search: searchParams };
    await handleGraph(core, exchange, routes, request);
  }
}

function answerPreflight(core: Core, exchange: Exchange): void {
  exchange.kind = "preflight";
  exchange.operation = "preflight";
  exchange.answerRaw(204, undefined, preflight(core.corsOrigins, exchange.req.headers));
}

function answerFailure(core: Core, exchange: Exchange, error: unknown): void {
  if (error instanceof GraphHttpError) {
    exchange.answerError(error);
    return;
  }
  if (exchange.answered) return;
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : "";
  core.log({
    level: "error",
    event: "error",
    message: `unexpected failure on ${exchange.method} ${exchange.rawUrl.split("?")[0]}: ${describeError(error)}${stack}`,
    requestId: exchange.requestId,
  });
  exchange.answerError(
    new GraphHttpError({
      status: 500,
      code: "generalException",
      message: `The emulator failed to handle the request (request-id ${exchange.requestId}). This is a bug in the emulator.`,
    }),
  );
}

function journal(core: Core, exchange: Exchange): void {
  const durationMs = Math.round(performance.now() - exchange.started);
  const method = exchange.method.slice(0, 20);
  const { rawUrl: url, operation, status, requestId, faults } = exchange;
  if (exchange.kind !== "control" && exchange.kind !== "preflight") {
    const at = new Date(core.clock.now()).toISOString();
    const kind = exchange.kind === "authority" ? "authority" : "graph";
    const clientRequestId = exchange.clientRequestId;
    core.requests.add({ at, method, url, operation, status, requestId, clientRequestId, durationMs, faults, kind });
  }
  const message = `${exchange.method} ${url} ${status}`;
  core.log({ level: "info", event: "request", message, method, url, status, operation, requestId, durationMs, faults });
}

const noop = () => {};

/** The server's request listener. */
export function createDispatcher(core: Core, routes: readonly BoundRoute[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    req.on("error", noop);
    res.on("error", noop);
    const exchange = new Exchange(core, req, res);
    route(core, routes, exchange)
      .catch((error: unknown) => answerFailure(core, exchange, error))
      .finally(() => journal(core, exchange))
      .catch(noop);
  };
}

/** Answers a request Node could not parse with a (validated) Graph error, then closes the connection. */
export function createClientErrorHandler(core: Core) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === "ECONNRESET" || !socket.writable || responseInFlight(socket)) {
      socket.destroy();
      return;
    }
    const requestId = core.random.uuid();
    const now = core.clock.now();
    const answer = clientErrorResponse(error.code, requestId, now);
    core.contract.validated++;
    const problems = core.validator.validate(componentSchema("odataError"), answer.body);
    if (problems.length > 0) {
      core.contract.record({
        at: new Date(now).toISOString(),
        operation: undefined,
        status: answer.status,
        method: "",
        url: "",
        requestId,
        problems: problems.map((p) => `${p.path || "(body)"}: ${p.message}`),
      });
    }
    core.log({
      level: "warn",
      event: "client-error",
      message: `answered ${answer.status} to a request that could not be parsed (${error.code ?? "unknown"})`,
      requestId,
      status: answer.status,
    });
    socket.end(answer.raw);
    socket.destroySoon?.();
  };
}
