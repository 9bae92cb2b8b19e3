/**
 * Whether each operation of the spec is safe to repeat (`x-idempotent`): a request that may have reached the
 * service is retried only when it is. Kept by hand so the spec document is never bundled;
 * `test/operations.test.ts` fails when this table and `@graphsync/types/spec` disagree.
 */
import type { OperationId } from "@graphsync/types";

export const IDEMPOTENT: Readonly<Record<OperationId, boolean>> = {
  listSynchronizationJobs: true,
  getSynchronizationJob: true,
  startSynchronizationJob: false,
  pauseSynchronizationJob: true,
  restartSynchronizationJob: false,
  provisionOnDemand: false,
};
