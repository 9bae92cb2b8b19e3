/** Whether each operation of the spec is safe to repeat (`x-idempotent`), from the facts generated from the spec. */
import type { OperationId } from "@graphsync/types";
import { OPERATIONS } from "@graphsync/types/operations";

export const IDEMPOTENT: Readonly<Record<OperationId, boolean>> = /* @__PURE__ */ Object.fromEntries(
  Object.values(OPERATIONS).map((op) => [op.operationId, op.idempotent]),
) as Record<OperationId, boolean>;
