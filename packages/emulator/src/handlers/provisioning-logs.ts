/**
 * GET /auditLogs/provisioning: the tenant's provisioning log entries, newest first, `$filter`ed and paged. The
 * skiptoken holds a position in the log (not an offset), so entries written while a client pages do not repeat.
 */
import { parseLogFilter } from "../graph/log-filter.js";
import { DEFAULT_PAGE_SIZE, SKIPTOKEN, skiptoken } from "../graph/paging.js";
import { type Handler, metadata } from "./types.js";

export const listProvisioningLogs: Handler = (core, call) => {
  core.store.logs.admit(call.caller, core.clock.now(), core.limits.provisioningLogRequests);
  const predicate = parseLogFilter(call.query.$filter);
  core.store.catchUpLogs();
  const top = call.query.$top !== undefined ? Number(call.query.$top) : DEFAULT_PAGE_SIZE;
  const token = call.query.$skiptoken;
  const before = token === undefined ? undefined : Number.parseInt(SKIPTOKEN.exec(token)?.[1] ?? "0", 16);
  const page = core.store.logs.page(predicate, before, top);
  const body: Record<string, unknown> = {
    "@odata.context": metadata(core, call, "auditLogs/provisioning"),
    value: page.value,
  };
  if (page.next !== undefined) {
    const kept = ["$filter", "$top"].filter((name) => call.query[name] !== undefined);
    const query = kept.map((name) => `${name}=${encodeURIComponent(call.query[name] as string)}&`).join("");
    const token = encodeURIComponent(skiptoken(page.next)).replaceAll("'", "%27");
    body["@odata.nextLink"] = `${core.origin}/${call.version}/auditLogs/provisioning?${query}$skiptoken=${token}`;
  }
  return { status: 200, body, writes: false };
};
