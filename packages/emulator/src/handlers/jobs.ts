/** GET of the job collection (paged) and of one job. */
import { DEFAULT_PAGE_SIZE, offsetOf, skiptoken } from "../graph/paging.js";
import { type Handler, metadata } from "./types.js";

export const listJobs: Handler = (core, call) => {
  const sp = call.params.servicePrincipalId ?? "";
  const jobs = core.store.listJobs(sp);
  const top = call.query.$top !== undefined ? Number(call.query.$top) : DEFAULT_PAGE_SIZE;
  const offset = offsetOf(call.query.$skiptoken, jobs.length);
  const body: Record<string, unknown> = {
    "@odata.context": metadata(core, call, `servicePrincipals('${sp}')/synchronization/jobs`),
    value: jobs.slice(offset, offset + top),
  };
  if (offset + top < jobs.length) {
    const token = encodeURIComponent(skiptoken(offset + top)).replaceAll("'", "%27");
    const query = `${call.query.$top !== undefined ? `$top=${top}&` : ""}$skiptoken=${token}`;
    body["@odata.nextLink"] =
      `${core.origin}/${call.version}/servicePrincipals/${encodeURIComponent(sp)}/synchronization/jobs?${query}`;
  }
  return { status: 200, body, writes: false };
};

export const getJob: Handler = (core, call) => {
  const sp = call.params.servicePrincipalId ?? "";
  const job = core.store.getJob(sp, call.params.synchronizationJobId ?? "");
  return {
    status: 200,
    body: { "@odata.context": metadata(core, call, `servicePrincipals('${sp}')/synchronization/jobs/$entity`), ...job },
    writes: false,
  };
};
