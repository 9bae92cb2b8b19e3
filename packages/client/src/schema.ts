/**
 * A job's schema (reference §4): read it, replace it whole (PUT; the service has no PATCH), and ask the service
 * about its expression language (parse and evaluate an expression, the functions, the scoping-filter operators).
 */
import type {
  AttributeDefinition,
  AttributeMappingFunctionSchema,
  ExpressionInputObject,
  FilterOperatorSchema,
  ParseExpressionResponse,
  SynchronizationSchema,
} from "@graphsync/types";
import {
  listSynchronizationFunctions as FUNCTIONS,
  getSynchronizationSchema as GET,
  listSynchronizationFilterOperators as OPERATORS,
  parseSynchronizationExpression as PARSE,
  replaceSynchronizationSchema as PUT,
} from "@graphsync/types/operations";
import { graphError, isObject } from "./answers.js";
import type { JsonBody } from "./call.js";
import type { GraphSyncCore } from "./core.js";
import { invalid } from "./errors.js";
import type { ActionResult } from "./jobs.js";
import { jobPath, objectOf, prepare } from "./prepare.js";
import type { CallOptions } from "./transport.js";

export type {
  AttributeMappingFunctionSchema,
  ExpressionInputObject,
  FilterOperatorSchema,
  ParseExpressionResponse,
  SynchronizationSchema,
};

const SCHEMA = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/schema";
const PARSE_PATH = `${SCHEMA}/parseExpression` as const;

export interface ParseExpressionOptions extends CallOptions {
  /**
   * Values to evaluate the expression with: the service's expressionInputObject, or simply attribute names and
   * values (`{ givenName: "Adele", surname: "Vance" }`).
   */
  testInput?: ExpressionInputObject | Record<string, string | number | boolean | readonly string[] | null>;
  /** The attribute the expression will be mapped to. */
  targetAttributeDefinition?: AttributeDefinition;
}

/** Reads a job's schema: its directories and its synchronization rules (attribute mappings, scoping filters). */
export async function getSchema(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: CallOptions,
): Promise<SynchronizationSchema> {
  const path = jobPath(servicePrincipalId, jobId);
  const { api, init, done } = prepare(client, GET, options);
  const { data, answer } = await done(api.GET(SCHEMA, { ...init, params: { path } }));
  return objectOf(data, answer);
}

/**
 * Replaces a job's whole schema (PUT, 204). The job restarts with an initial cycle. Not retried once it may have
 * arrived: a repeat would restart the job again.
 */
export async function replaceSchema(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  schema: SynchronizationSchema,
  options?: CallOptions,
): Promise<ActionResult> {
  const path = jobPath(servicePrincipalId, jobId);
  if (!isObject(schema) || !Array.isArray(schema.synchronizationRules)) {
    throw invalid("schema", schema, "a synchronizationSchema object with synchronizationRules (as getSchema reads it)");
  }
  const { api, init, done } = prepare(client, PUT, options);
  const { status, info } = await done(
    api.PUT(SCHEMA, { ...init, params: { path }, body: schema satisfies JsonBody<typeof SCHEMA, "put"> }),
  );
  return { ...info, status };
}

/**
 * Parses an attribute-mapping expression (`Join(" ", [givenName], [surname])`) and, with `testInput`, evaluates
 * it. A syntax error is an answer (`parsingSucceeded: false`, `error`), not a rejection.
 */
export async function parseExpression(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  expression: string,
  options?: ParseExpressionOptions,
): Promise<ParseExpressionResponse> {
  const path = jobPath(servicePrincipalId, jobId);
  if (typeof expression !== "string" || !expression.trim() || expression.length > 10_000) {
    throw invalid("expression", expression, "an expression of 1 to 10,000 characters");
  }
  const testInputObject = inputObject(options?.testInput);
  const target = options?.targetAttributeDefinition;
  if (target !== undefined && !isObject(target)) {
    throw invalid("targetAttributeDefinition", target, "an attributeDefinition object");
  }
  const { api, init, done } = prepare(client, PARSE, options);
  const body = {
    expression,
    testInputObject,
    targetAttributeDefinition: target ?? null,
  } satisfies JsonBody<typeof PARSE_PATH, "post">;
  const { data, answer } = await done(api.POST(PARSE_PATH, { ...init, params: { path }, body }));
  return objectOf(data, answer);
}

/** The functions attribute-mapping expressions may use, with their parameters. */
export async function listFunctions(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: CallOptions,
): Promise<AttributeMappingFunctionSchema[]> {
  const path = jobPath(servicePrincipalId, jobId);
  const { api, init, done } = prepare(client, FUNCTIONS, options);
  const { data, answer } = await done(api.GET(`${SCHEMA}/functions`, { ...init, params: { path } }));
  if (isObject(data) && Array.isArray(data.value)) return data.value;
  throw graphError(answer, undefined, undefined, "a collection of functions");
}

/** The operators scoping-filter clauses may use, their arity and the attribute types they apply to. */
export async function listFilterOperators(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: CallOptions,
): Promise<FilterOperatorSchema[]> {
  const path = jobPath(servicePrincipalId, jobId);
  const { api, init, done } = prepare(client, OPERATORS, options);
  const { data, answer } = await done(api.GET(`${SCHEMA}/filterOperators`, { ...init, params: { path } }));
  if (isObject(data) && Array.isArray(data.value)) return data.value;
  throw graphError(answer, undefined, undefined, "a collection of filter operators");
}

/** The service's expressionInputObject for `input`: given as one, or built from attribute names and values. */
export function inputObject(input: ParseExpressionOptions["testInput"]): ExpressionInputObject | null {
  if (input === undefined || input === null) return null;
  if (!isObject(input)) throw invalid("testInput", input, "an expressionInputObject or an object of attribute values");
  if (Array.isArray(input.properties) || "definition" in input) return input as ExpressionInputObject;
  return { definition: null, properties: Object.entries(input).map(([key, value]) => ({ key, value })) };
}
