/**
 * @graphsync/types/operations: the run-time facts of each operation of the spec (idempotency, success statuses),
 * one constant per operationId so that a bundle keeps only the ones it uses, and `ROUTES` (method and path → operationId).
 */

export * from "./generated/operations.js";
export type { OperationFacts } from "./operation-facts.js";
