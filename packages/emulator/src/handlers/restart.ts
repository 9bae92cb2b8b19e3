import { parseResetScope } from "../graph/reset-scope.js";
import type { Handler } from "./types.js";

export const restartJob: Handler = (core, call) => {
  const criteria = (call.body as { criteria?: { resetScope?: unknown } | null } | undefined)?.criteria;
  const scopes = parseResetScope(criteria?.resetScope);
  core.store.restart(call.params.servicePrincipalId ?? "", call.params.synchronizationJobId ?? "", scopes);
  return { status: 204, writes: true };
};
