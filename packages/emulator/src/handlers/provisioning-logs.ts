/** GET /auditLogs/provisioning: the tenant's provisioning log entries, newest first, `$filter`ed and paged. */
import { parseLogFilter } from "../graph/log-filter.js";
import { DEFAULT_PAGE_SIZE, offsetOf, skiptoken } from "../graph/paging.js";
import { type Handler, metadata } from "./types.js";

export const listProvisioningLogs: Handler = (core, call) => {
  core.store.logs.admit(call.caller, core.clock.now(), core.limits.provisioningLogRequests);
  const predicate = parseLogFilter(call.query.$filter);
  const all = core.store.logs.newestFirst().filter((entry) => predicate(entry));
  const top = call.query.$top !== undefined ? Number(call.query.$top) : DEFAULT_PAGE_SIZE;
  const offset = offsetOf(call.query.$skiptoken, all.length);
  const body: Record<string, unknown> = {
    "@odata.context": metadata(core, call, "auditLogs/provisioning"),
    value: all.slice(offset, offset + top),
  };
  if (offset + top < all.length) {
    const kept = ["$filter", "$top"].filter((name) => call.query[name] !== undefined);
    const query = kept.map((name) => `${name}=${encodeURIComponent(call.query[name] as string)}&`).join("");
    const token = encodeURIComponent(skiptoken(offset + top)).replaceAll("'", "%27");
    body["@odata.nextLink"] = `${core.origin}/${call.version}/auditLogs/provisioning?${query}$skiptoken=${token}`;
  }
  return { status: 200, body, writes: false };
};
