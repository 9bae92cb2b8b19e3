/**
 * @graphsync/types/operations: the run-time facts of each operation of the spec (method, path, idempotency,
 * success statuses), one constant per operationId so that a bundle keeps only the ones it uses.
 */
export type { OperationFacts } from "./operation-facts.js";
export * from "./generated/operations.js";
