/** GET of the job collection (paged) and of one job, both with `$select`. */
import { DEFAULT_PAGE_SIZE, offsetOf, skiptoken } from "../graph/paging.js";
import { applySelect, parseSelect, selectSuffix } from "../graph/select.js";
import { type Handler, metadata } from "./types.js";

export const listJobs: Handler = (core, call) => {
  const sp = call.params.servicePrincipalId ?? "";
  const selected = parseSelect(call.query.$select);
  const jobs = core.store.listJobs(sp);
  const top = call.query.$top !== undefined ? Number(call.query.$top) : DEFAULT_PAGE_SIZE;
  const offset = offsetOf(call.query.$skiptoken, jobs.length);
  const body: Record<string, unknown> = {
    "@odata.context": metadata(core, call, `servicePrincipals('${sp}')/synchronization/jobs${selectSuffix(selected)}`),
    value: jobs.slice(offset, offset + top).map((job) => applySelect(job, selected)),
  };
  if (offset + top < jobs.length) {
    const token = encodeURIComponent(skiptoken(offset + top)).replaceAll("'", "%27");
    const select = call.query.$select !== undefined ? `$select=${encodeURIComponent(call.query.$select)}&` : "";
    const query = `${call.query.$top !== undefined ? `$top=${top}&` : ""}${select}$skiptoken=${token}`;
    body["@odata.nextLink"] =
      `${core.origin}/${call.version}/servicePrincipals/${encodeURIComponent(sp)}/synchronization/jobs?${query}`;
  }
  return { status: 200, body, writes: false };
};

export const getJob: Handler = (core, call) => {
  const sp = call.params.servicePrincipalId ?? "";
  const selected = parseSelect(call.query.$select);
  const job = applySelect(core.store.getJob(sp, call.params.synchronizationJobId ?? ""), selected);
  const context = `servicePrincipals('${sp}')/synchronization/jobs${selectSuffix(selected)}/$entity`;
  return { status: 200, body: { "@odata.context": metadata(core, call, context), ...job }, writes: false };
};
