/** Checks of a Graph request against its operation in the spec: path parameters, query options, body. */
import type { Core } from "../core.js";
import { GraphHttpError } from "../errors.js";
import type { OperationDef } from "../spec.js";
import { describeProblems, type SchemaProblem } from "../validate.js";
import { SKIPTOKEN } from "./paging.js";
import { parseResetScope } from "./reset-scope.js";

export function checkParams(core: Core, op: OperationDef, params: Record<string, string>): void {
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

export function checkQuery(core: Core, op: OperationDef, search: URLSearchParams): Record<string, string> {
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

/** What a required body looks like, for the message when it is missing (the spec's schema says the rest). */
const BODY_SHAPES: Partial<Record<string, string>> = {
  provisionOnDemand:
    ': { "parameters": [ { "ruleId": "...", "subjects": [ { "objectId": "...", "objectTypeName": "User" } ] } ] }',
  createSynchronizationJob: ': { "templateId": "..." }',
  setSynchronizationSecrets: ': { "value": [ { "key": "BaseAddress", "value": "https://..." } ] }',
  validateSynchronizationCredentials: ': { "templateId": "...", "credentials": [ { "key": "...", "value": "..." } ] }',
  validateSynchronizationJobCredentials:
    ': { "credentials": [ { "key": "...", "value": "..." } ] } or { "useSavedCredentials": true }',
  replaceSynchronizationSchema: ": the whole synchronizationSchema, as GET …/schema answers it",
  parseSynchronizationExpression: ': { "expression": "..." }',
};

/** Bodies that carry synchronization secrets: a problem with a secret's value must not quote it. */
const SECRET_BODIES = new Set([
  "setSynchronizationSecrets",
  "validateSynchronizationCredentials",
  "validateSynchronizationJobCredentials",
]);

function redactSecrets(operationId: string, problems: SchemaProblem[]): SchemaProblem[] {
  if (!SECRET_BODIES.has(operationId)) return problems;
  return problems.map((p) =>
    /\]\.value$/.test(p.path)
      ? { ...p, message: "must be a string or null (the value is not shown: it may be a secret)" }
      : p,
  );
}

export function checkBody(core: Core, op: OperationDef, body: unknown): void {
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
        `${op.operationId} needs a JSON request body${BODY_SHAPES[op.operationId] ?? ""}.`,
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
  const problems = redactSecrets(op.operationId, core.validator.validate(op.requestBody.schemaPointer, body));
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
