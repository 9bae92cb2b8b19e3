/**
 * What every single-request operation module shares (jobs.ts, setup.ts, schema.ts): the checked path of a job, one
 * call's openapi-fetch client with its facts, and the JSON object a 2xx must carry. Internal: not exported.
 */
import type { OperationFacts } from "@graphsync/types/operations";
import { type Answer, graphError, isObject } from "./answers.js";
import { call } from "./call.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { checkJobId, servicePrincipalSegment } from "./ids.js";
import type { CallOptions } from "./transport.js";

/** The checked path parameters of a job's operations. */
export const jobPath = (servicePrincipalId: unknown, synchronizationJobId: unknown) => ({
  servicePrincipalId: servicePrincipalSegment(servicePrincipalId),
  synchronizationJobId: checkJobId(synchronizationJobId),
});

/** The checked path parameter of a service principal's operations. */
export const principalPath = (servicePrincipalId: unknown) => ({
  servicePrincipalId: servicePrincipalSegment(servicePrincipalId),
});

/** The JSON object a 2xx carries (as openapi-fetch parsed it), or a GraphError saying what came instead. */
export function objectOf<T>(data: T | undefined, answer: Answer): T {
  if (isObject(data)) return data;
  throw graphError(answer, undefined, undefined, "a JSON object");
}

/** One call of `client`'s openapi-fetch client with an operation's facts and the caller's options. */
export function prepare(client: GraphSyncCore, facts: OperationFacts, options: CallOptions | null | undefined) {
  const { api, send } = internalsOf(client);
  return { api, ...call({ send, facts, signal: options?.signal, timeoutMs: options?.timeoutMs }) };
}
