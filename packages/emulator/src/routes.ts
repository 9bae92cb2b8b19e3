/**
 * The Graph side: `/v1.0/...` and `/beta/...`. Routes come from the spec's paths; a request goes through faults,
 * body reading, authentication, route and method checks, parameter/query/body validation, then the operation's
 * handler, then (for writes) the state file, then the answer.
 */
import type { SynchronizationJobApplicationParameters } from "@graphsync/types";
import { authorize } from "./auth.js";
import type { Core } from "./core.js";
import { GraphHttpError } from "./errors.js";
import type { Exchange } from "./exchange.js";
import { admit } from "./fault-gate.js";
import { parseJsonBody } from "./http.js";
import type { GraphVersion, OperationDef, OperationId } from "./spec.js";
import { RESTART_SCOPES, type RestartScope } from "./state.js";
import { describeProblems } from "./validate.js";

export interface Call {
  version: GraphVersion;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The call changed the tenant: save before answering. */
  writes: boolean;
}

/** The page size when a client does not send $top. */
export const DEFAULT_PAGE_SIZE = 100;

type Match =
  | { kind: "operation"; op: OperationDef; params: Record<string, string> }
  | { kind: "method"; allow: string[]; params: Record<string, string>; op: OperationDef }
  | { kind: "none"; segment: string | undefined; depth: number };

function matchRoute(operations: readonly OperationDef[], segments: string[], method: string): Match {
  let best: { depth: number; segment: string | undefined } = { depth: -1, segment: segments[0] };
  const byPath: Array<{ op: OperationDef; params: Record<string, string> }> = [];
  for (const op of operations) {
    const params: Record<string, string> = {};
    let depth = 0;
    for (; depth < op.segments.length && depth < segments.length; depth++) {
      const want = op.segments[depth];
      const got = segments[depth] ?? "";
      if (want === undefined) break;
      if ("param" in want) {
        if (got === "") break;
        params[want.param] = got;
      } else if (want.literal.toLowerCase() !== got.toLowerCase()) break;
    }
    if (depth === op.segments.length && depth === segments.length) byPath.push({ op, params });
    else if (depth > best.depth) best = { depth, segment: segments[depth] };
  }
  const exact = byPath.find((entry) => entry.op.method === method);
  if (exact) return { kind: "operation", op: exact.op, params: exact.params };
  const first = byPath[0];
  if (first)
    return { kind: "method", allow: [...new Set(byPath.map((e) => e.op.method))], params: first.params, op: first.op };
  return { kind: "none", segment: best.segment, depth: best.depth };
}

/** Decodes each path segment; malformed percent-encoding is a 400 naming the segment. */
export function decodeSegments(pathname: string): string[] {
  return pathname
    .split("/")
    .slice(1)
    .map((raw) => {
      try {
        return decodeURIComponent(raw);
      } catch {
        throw GraphHttpError.badRequest(`The path segment '${raw.slice(0, 200)}' has malformed percent-encoding.`);
      }
    });
}

function checkParams(core: Core, op: OperationDef, params: Record<string, string>): void {
  for (const def of op.parameters) {
    if (def.in !== "path") continue;
    const value = params[def.name] ?? "";
    const problems = core.validator.validate(def.schemaPointer, value);
    if (problems.length === 0) continue;
    if (def.name === "servicePrincipalId") {
      throw GraphHttpError.badRequest(
        `Invalid object identifier '${value.slice(0, 200)}': servicePrincipalId must be the service principal's object id, a GUID.`,
        def.name,
      );
    }
    throw GraphHttpError.badRequest(
      `Invalid ${def.name} '${value.slice(0, 200)}': ${describeProblems(problems)}.`,
      def.name,
    );
  }
}

const SKIPTOKEN = /^X'4453707402([0-9A-F]{8})'$/;

function skiptoken(offset: number): string {
  return `X'4453707402${offset.toString(16).toUpperCase().padStart(8, "0")}'`;
}

function checkQuery(core: Core, op: OperationDef, search: URLSearchParams): Record<string, string> {
  const declared = op.parameters.filter((p) => p.in === "query");
  const query: Record<string, string> = {};
  for (const [rawName, value] of search) {
    if (!rawName.startsWith("$")) continue;
    const def = declared.find((p) => p.name.toLowerCase() === rawName.toLowerCase());
    if (!def) {
      const supported = declared.map((p) => p.name).join(", ") || "none";
      throw GraphHttpError.badRequest(
        `Query option '${rawName.slice(0, 100)}' is not supported by ${op.operationId} (supported: ${supported}).`,
        rawName.slice(0, 100),
      );
    }
    if (def.name in query)
      throw GraphHttpError.badRequest(`Query option '${def.name}' is given more than once.`, def.name);
    if (def.name === "$top") {
      const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
      const problems = core.validator.validate(def.schemaPointer, Number.isNaN(number) ? value : number);
      if (problems.length > 0 || Number.isNaN(number)) {
        throw GraphHttpError.badRequest(
          `Invalid value '${value.slice(0, 100)}' for query option '$top': use a whole number from 1 to 999.`,
          "$top",
        );
      }
    }
    if (def.name === "$skiptoken" && !SKIPTOKEN.test(value)) {
      throw GraphHttpError.badRequest(
        `Invalid value '${value.slice(0, 100)}' for query option '$skiptoken': follow the @odata.nextLink the service returned rather than building one.`,
        "$skiptoken",
      );
    }
    query[def.name] = value;
  }
  return query;
}

function checkBody(core: Core, op: OperationDef, body: unknown): void {
  if (!op.requestBody) {
    const empty =
      body === undefined ||
      (typeof body === "object" && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!empty) {
      throw GraphHttpError.badRequest(`${op.operationId} takes no request body (send none, or {}).`, "(body)");
    }
    return;
  }
  if (body === undefined) {
    if (op.requestBody.required) {
      throw GraphHttpError.badRequest(
        `${op.operationId} needs a JSON request body: { "parameters": [ { "ruleId": "...", "subjects": [ { "objectId": "...", "objectTypeName": "User" } ] } ] }.`,
        "(body)",
      );
    }
    return;
  }
  if (op.operationId === "restartSynchronizationJob") {
    // A precise message for the common mistake (a misspelt scope member) before the schema's generic one.
    const scope = (body as { criteria?: { resetScope?: unknown } | null } | null)?.criteria?.resetScope;
    if (typeof scope === "string") parseResetScope(scope);
  }
  const problems = core.validator.validate(op.requestBody.schemaPointer, body);
  if (problems.length > 0) {
    throw new GraphHttpError({
      status: 400,
      code: "BadRequest",
      message: `Invalid request body: ${describeProblems(problems)}.`,
      target: problems[0]?.path || "(body)",
      details: problems.slice(0, 20).map((p) => ({
        code: p.kind,
        message: `${p.path || "(body)"}: ${p.message}`,
        target: p.path || "(body)",
      })),
    });
  }
}

/** The members of a resetScope flags value ("Watermark, Escrows"); [] for none. */
export function parseResetScope(value: unknown): RestartScope[] {
  if (value === undefined || value === null) return [];
  const members = String(value)
    .split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  for (const member of members) {
    if (!RESTART_SCOPES.includes(member as RestartScope)) {
      throw GraphHttpError.badRequest(
        `criteria.resetScope: '${member.slice(0, 100)}' is not a restart scope: use one or more of ${RESTART_SCOPES.join(", ")}, separated by commas.`,
        "criteria.resetScope",
      );
    }
  }
  return members as RestartScope[];
}

function metadata(core: Core, call: Call, fragment: string): string {
  return `${core.origin}/${call.version}/$metadata#${fragment}`;
}

const HANDLERS: Record<OperationId, (core: Core, call: Call) => Result> = {
  listSynchronizationJobs(core, call) {
    const sp = call.params.servicePrincipalId ?? "";
    const jobs = core.store.listJobs(sp);
    const top = call.query.$top !== undefined ? Number(call.query.$top) : DEFAULT_PAGE_SIZE;
    const token = call.query.$skiptoken;
    const offset = token !== undefined ? Number.parseInt(SKIPTOKEN.exec(token)?.[1] ?? "0", 16) : 0;
    if (offset > jobs.length) {
      throw GraphHttpError.badRequest(
        `The $skiptoken '${token}' is no longer valid (the list changed): start again without $skiptoken.`,
        "$skiptoken",
      );
    }
    const body: Record<string, unknown> = {
      "@odata.context": metadata(core, call, `servicePrincipals('${sp}')/synchronization/jobs`),
      value: jobs.slice(offset, offset + top),
    };
    if (offset + top < jobs.length) {
      const query = `${call.query.$top !== undefined ? `$top=${top}&` : ""}$skiptoken=${encodeURIComponent(skiptoken(offset + top)).replaceAll("'", "%27")}`;
      body["@odata.nextLink"] =
        `${core.origin}/${call.version}/servicePrincipals/${encodeURIComponent(sp)}/synchronization/jobs?${query}`;
    }
    return { status: 200, body, writes: false };
  },

  getSynchronizationJob(core, call) {
    const sp = call.params.servicePrincipalId ?? "";
    const job = core.store.getJob(sp, call.params.synchronizationJobId ?? "");
    return {
      status: 200,
      body: {
        "@odata.context": metadata(core, call, `servicePrincipals('${sp}')/synchronization/jobs/$entity`),
        ...job,
      },
      writes: false,
    };
  },

  startSynchronizationJob(core, call) {
    const sp = call.params.servicePrincipalId ?? "";
    const jobId = call.params.synchronizationJobId ?? "";
    const { repeated } = core.store.start(sp, jobId);
    if (repeated) {
      core.log({
        level: "warn",
        event: "repeated-start",
        message: `start of ${jobId}, which is already Active (the service warns that repeated starts can stop it)`,
      });
    }
    if (core.settings.startResponse === 204) return { status: 204, writes: true };
    return {
      status: 200,
      body: {
        "@odata.context": metadata(core, call, "microsoft.graph.stringKeyStringValuePair"),
        value: { "@odata.type": "#microsoft.graph.stringKeyStringValuePair", key: "status", value: "Active" },
      },
      writes: true,
    };
  },

  pauseSynchronizationJob(core, call) {
    core.store.pause(call.params.servicePrincipalId ?? "", call.params.synchronizationJobId ?? "");
    return { status: 204, writes: true };
  },

  restartSynchronizationJob(core, call) {
    const criteria = (call.body as { criteria?: { resetScope?: unknown } | null } | undefined)?.criteria;
    const scopes = parseResetScope(criteria?.resetScope);
    core.store.restart(call.params.servicePrincipalId ?? "", call.params.synchronizationJobId ?? "", scopes);
    return { status: 204, writes: true };
  },

  provisionOnDemand(core, call) {
    const parameters = (call.body as { parameters: SynchronizationJobApplicationParameters[] }).parameters;
    const result = core.store.provision(
      call.params.servicePrincipalId ?? "",
      call.params.synchronizationJobId ?? "",
      parameters,
    );
    return {
      status: 200,
      body: {
        "@odata.context": metadata(core, call, "microsoft.graph.stringKeyStringValuePair"),
        key: result.key,
        value: result.value,
      },
      writes: true,
    };
  },
};

/** The operations this emulator answers: startup fails when the spec has one without a handler. */
export function missingHandlers(operations: readonly OperationDef[]): string[] {
  return operations.filter((op) => !(op.operationId in HANDLERS)).map((op) => op.operationId);
}

/** Handles one Graph request. Throws GraphHttpError for Graph errors (the caller answers them). */
export async function handleGraph(
  core: Core,
  exchange: Exchange,
  version: GraphVersion | undefined,
  segments: string[],
  search: URLSearchParams,
): Promise<void> {
  const match: Match = version
    ? matchRoute(core.operations, segments, exchange.method)
    : { kind: "none", segment: segments[0], depth: 0 };
  const params = match.kind === "none" ? {} : match.params;
  if (match.kind === "operation") {
    exchange.op = match.op;
    exchange.operation = match.op.operationId;
  }

  const admitted = await admit(core, exchange, {
    graph: true,
    operation: match.kind === "operation" ? match.op.operationId : undefined,
    method: exchange.method,
    servicePrincipalId: params.servicePrincipalId,
    jobId: params.synchronizationJobId,
  });
  if (!admitted) return;
  const { raw, refused } = admitted;
  if (refused) throw refused;

  if (!version) {
    throw new GraphHttpError({
      status: 404,
      code: "ResourceNotFound",
      message: `Resource not found for the segment '${(segments[0] ?? "").slice(0, 200)}'. Graph URLs start with /v1.0 or /beta.`,
      target: segments[0]?.slice(0, 200) ?? null,
    });
  }

  await authorize(core.auth, exchange.req.headers.authorization, match.kind === "operation" ? match.op : undefined);

  if (match.kind === "none") {
    const where = match.segment === undefined ? "" : ` for the segment '${match.segment.slice(0, 200)}'`;
    throw new GraphHttpError({
      status: 404,
      code: "ResourceNotFound",
      message: `Resource not found${where}. The emulator serves the synchronization job operations of /servicePrincipals/{id}/synchronization/jobs.`,
      target: match.segment?.slice(0, 200) ?? null,
    });
  }
  if (match.kind === "method") {
    throw new GraphHttpError({
      status: 405,
      code: "MethodNotAllowed",
      message: `The ${exchange.method.slice(0, 20)} method is not allowed here: use ${match.allow.join(" or ")}.`,
      headers: { Allow: match.allow.join(", ") },
    });
  }

  const op = match.op;
  checkParams(core, op, params);
  const query = checkQuery(core, op, search);
  const body = parseJsonBody(exchange.req, raw);
  checkBody(core, op, body);

  const handler = HANDLERS[op.operationId];
  const result = handler(core, { version, params, query, body });
  if (result.writes) {
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
  core.operationCounts.add(op.operationId);
  exchange.answer(result.status, result.body, result.headers);
}
