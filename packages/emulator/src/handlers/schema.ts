/** A job's schema: GET, PUT (checked; restarts an Active job), parseExpression, functions, filterOperators. */
import type { ExpressionInputObject, SynchronizationSchema } from "@graphsync/types";
import { FILTER_OPERATORS } from "../setup/filter-operators.js";
import { functionSchemas } from "../setup/functions.js";
import { type Handler, metadata } from "./types.js";

const ids = (params: Record<string, string>) =>
  [params.servicePrincipalId ?? "", params.synchronizationJobId ?? ""] as const;
const schemaContext = (sp: string, job: string) =>
  `servicePrincipals('${sp}')/synchronization/jobs('${job.replaceAll("'", "''")}')/schema`;

export const getSchema: Handler = (core, call) => {
  const [sp, job] = ids(call.params);
  const schema = core.store.setup.schema(sp, job);
  return {
    status: 200,
    body: { "@odata.context": metadata(core, call, `${schemaContext(sp, job)}/$entity`), ...schema },
    writes: false,
  };
};

export const replaceSchema: Handler = (core, call) => {
  const [sp, job] = ids(call.params);
  core.store.setup.replaceSchema(sp, job, call.body as SynchronizationSchema);
  return { status: 204, writes: true };
};

export const parseExpression: Handler = (core, call) => {
  const [sp, job] = ids(call.params);
  const body = call.body as { expression?: string | null; testInputObject?: ExpressionInputObject | null };
  const answer = core.store.setup.parseExpression(sp, job, body.expression ?? "", body.testInputObject);
  return {
    status: 200,
    body: { "@odata.context": metadata(core, call, "microsoft.graph.parseExpressionResponse"), ...answer },
    writes: false,
  };
};

export const listFunctions: Handler = (core, call) => {
  const [sp, job] = ids(call.params);
  core.store.setup.requireJob(sp, job);
  const context = metadata(core, call, "Collection(microsoft.graph.attributeMappingFunctionSchema)");
  return { status: 200, body: { "@odata.context": context, value: functionSchemas() }, writes: false };
};

export const listFilterOperators: Handler = (core, call) => {
  const [sp, job] = ids(call.params);
  core.store.setup.requireJob(sp, job);
  const context = metadata(core, call, "Collection(microsoft.graph.filterOperatorSchema)");
  return { status: 200, body: { "@odata.context": context, value: FILTER_OPERATORS }, writes: false };
};
