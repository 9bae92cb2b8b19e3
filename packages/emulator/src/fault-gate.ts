/**
 * The fault rules that act before a request is handled, shared by the Graph and the authority routes, in the order
 * a real failure would hit: a drop before the body is read, latency, a drop after it, an injected exception.
 */
import type { Core } from "./core.js";
import type { GraphHttpError } from "./errors.js";
import { type Exchange, faultError } from "./exchange.js";
import type { FaultRequest } from "./faults.js";
import { readBody } from "./http.js";

export interface Admitted {
  /** The request body, read within the body limit. */
  raw: Buffer;
  /** A rule that refuses the request (429, 503, …): each route answers it in its own dialect. */
  refused: GraphHttpError | undefined;
}

/**
 * Applies the rules matching `request`. Returns undefined when the connection was dropped (nothing more to do); a
 * rule that breaks the answer of an applied request (drop after apply, truncate, invalid JSON) is left on
 * `exchange.breakWith` for the answer to honour.
 */
export async function admit(core: Core, exchange: Exchange, request: FaultRequest): Promise<Admitted | undefined> {
  const decision = core.faults.decide(request);
  exchange.faults = decision.rules;
  const action = decision.action;
  if (action?.type === "drop" && action.when === "before-body") {
    exchange.drop();
    return undefined;
  }
  if (decision.latencyMs > 0) await core.delay(decision.latencyMs);
  const raw = await readBody(exchange.req, core.limits.bodyBytes);
  if (action?.type === "drop" && action.when === "after-body") {
    exchange.drop();
    return undefined;
  }
  if (action?.type === "exception") throw new Error("injected exception (fault rule)");
  const refused = action && faultError(action);
  if (action && !refused) exchange.breakWith = action;
  return { raw, refused };
}
