/** The job setup and schema operations of the route table (issue 18), kept in their own list. */
import { getSchema, listFilterOperators, listFunctions, parseExpression, replaceSchema } from "./handlers/schema.js";
import {
  createJob,
  deleteJob,
  listTemplates,
  setSecrets,
  validateCredentials,
  validateJobCredentials,
} from "./handlers/setup.js";
import type { Handler } from "./handlers/types.js";
import type { OperationId } from "./spec.js";

/** A route-table entry (route-table.ts's Route, written out so this list does not import the table). */
interface SetupRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  operationId: OperationId;
  handler: Handler;
}

const SYNC = "/servicePrincipals/{servicePrincipalId}/synchronization";
const JOBS = `${SYNC}/jobs`;
const JOB = `${JOBS}/{synchronizationJobId}`;
const SCHEMA = `${JOB}/schema`;

export const SETUP_ROUTES: readonly SetupRoute[] = [
  { method: "GET", path: `${SYNC}/templates`, operationId: "listSynchronizationTemplates", handler: listTemplates },
  { method: "POST", path: JOBS, operationId: "createSynchronizationJob", handler: createJob },
  { method: "DELETE", path: JOB, operationId: "deleteSynchronizationJob", handler: deleteJob },
  { method: "PUT", path: `${SYNC}/secrets`, operationId: "setSynchronizationSecrets", handler: setSecrets },
  {
    method: "POST",
    path: `${JOBS}/validateCredentials`,
    operationId: "validateSynchronizationCredentials",
    handler: validateCredentials,
  },
  {
    method: "POST",
    path: `${JOB}/validateCredentials`,
    operationId: "validateSynchronizationJobCredentials",
    handler: validateJobCredentials,
  },
  { method: "GET", path: SCHEMA, operationId: "getSynchronizationSchema", handler: getSchema },
  { method: "PUT", path: SCHEMA, operationId: "replaceSynchronizationSchema", handler: replaceSchema },
  {
    method: "POST",
    path: `${SCHEMA}/parseExpression`,
    operationId: "parseSynchronizationExpression",
    handler: parseExpression,
  },
  { method: "GET", path: `${SCHEMA}/functions`, operationId: "listSynchronizationFunctions", handler: listFunctions },
  {
    method: "GET",
    path: `${SCHEMA}/filterOperators`,
    operationId: "listSynchronizationFilterOperators",
    handler: listFilterOperators,
  },
];
