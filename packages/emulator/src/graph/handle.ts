/**
 * The Graph side, `/v1.0/...` and `/beta/...`: faults, body, authentication, route and method, parameter, query
 * and body checks, the handler, then (for writes) the state file, then the answer.
 */
import { authorize } from "../auth.js";
import type { Core } from "../core.js";
import { GraphHttpError } from "../errors.js";
import type { Exchange } from "../exchange.js";
import { admit } from "../fault-gate.js";
import type { Result } from "../handlers/types.js";
import { parseJsonBody } from "../http.js";
import type { GraphVersion } from "../spec.js";
import { checkBody, checkParams, checkQuery } from "./checks.js";
import { type BoundRoute, type Match, matchRoute } from "./match.js";
import { noHttpResource } from "./no-resource.js";
import { checkBulkRequest, checkMediaType } from "./scim-checks.js";

export interface GraphRequest {
  version: GraphVersion | undefined;
  segments: string[];
  search: URLSearchParams;
}

function notFound(segment: string | undefined, hint: string): GraphHttpError {
  const where = segment === undefined ? "" : ` for the segment '${segment.slice(0, 200)}'`;
  return new GraphHttpError({
    status: 404,
    code: "ResourceNotFound",
    message: `Resource not found${where}. ${hint}`,
    target: segment?.slice(0, 200) ?? null,
  });
}

/** Handles one Graph request. Throws GraphHttpError for Graph errors (the caller answers them). */
export async function handleGraph(
  core: Core,
  exchange: Exchange,
  routes: readonly BoundRoute[],
  request: GraphRequest,
): Promise<void> {
  const { version, segments } = request;
  const match: Match = version
    ? matchRoute(routes, segments, exchange.method)
    : { kind: "none", segment: segments[0], depth: 0 };
  const params = match.kind === "none" ? {} : match.params;
  if (match.kind === "operation") {
    exchange.op = match.bound.op;
    exchange.operation = match.bound.op.operationId;
  }
  const admitted = await admit(core, exchange, {
    graph: true,
    operation: match.kind === "operation" ? match.bound.op.operationId : undefined,
    method: exchange.method,
    servicePrincipalId: params.servicePrincipalId,
    jobId: params.synchronizationJobId,
  });
  if (!admitted) return;
  if (admitted.refused) throw admitted.refused;
  if (!version) throw notFound(segments[0] ?? "", "Graph URLs start with /v1.0 or /beta.");
  const op = match.kind === "operation" ? match.bound.op : undefined;
  const caller = await authorize(core.auth, exchange.req.headers.authorization, op);
  if (match.kind === "none") {
    throw notFound(
      match.segment,
      "The emulator serves the synchronization job operations of /servicePrincipals/{id}/synchronization/jobs.",
    );
  }
  if (match.kind === "method") {
    throw (
      noHttpResource(exchange.method, segments, match.params, core.store.tenantId) ??
      new GraphHttpError({
        status: 405,
        code: "MethodNotAllowed",
        message: `The ${exchange.method.slice(0, 20)} method is not allowed here: use ${match.allow.join(" or ")}.`,
        headers: { Allow: match.allow.join(", ") },
      })
    );
  }
  const { bound } = match;
  checkParams(core, bound.op, params);
  const query = checkQuery(core, bound.op, request.search);
  checkMediaType(exchange.req, bound.op);
  const body = parseJsonBody(exchange.req, admitted.raw);
  if (bound.op.operationId === "bulkUpload") checkBulkRequest(core, bound.op, body);
  else checkBody(core, bound.op, body);
  // Uploads due by now are processed first, so every answer (logs, users) sees them; saved like any write.
  if (core.store.inbound.settle() > 0) await saveWrites(core, exchange, { status: 200, writes: true });
  const result = bound.route.handler(core, { version, params, query, body, caller });
  await saveWrites(core, exchange, result);
  core.operationCounts.add(bound.op.operationId);
  exchange.answer(result.status, result.body, result.headers);
}

/** Write-ahead: a change is answered only once the state file holds it. */
async function saveWrites(core: Core, exchange: Exchange, result: Result): Promise<void> {
  if (!result.writes) return;
  try {
    await core.persist();
  } catch (error) {
    core.log({
      level: "error",
      event: "persist-error",
      message: `could not save the state file: ${(error as Error).message}`,
      requestId: exchange.requestId,
    });
    throw new GraphHttpError({
      status: 500,
      code: "generalException",
      message: "The emulator applied the change but could not save its state file; see the emulator's log.",
    });
  }
}
