/** Job setup: templates (paged), create (201), delete (204), secrets (204), validateCredentials (204 or 400). */
import type { SynchronizationSecretKeyStringValuePair } from "@graphsync/types";
import { DEFAULT_PAGE_SIZE, offsetOf, skiptoken } from "../graph/paging.js";
import type { ValidateInput } from "../store/setup.js";
import { type Handler, metadata } from "./types.js";

const sp = (params: Record<string, string>) => params.servicePrincipalId ?? "";

export const listTemplates: Handler = (core, call) => {
  const id = sp(call.params);
  const templates = core.store.setup.templates(id);
  const top = call.query.$top !== undefined ? Number(call.query.$top) : DEFAULT_PAGE_SIZE;
  const offset = offsetOf(call.query.$skiptoken, templates.length);
  const body: Record<string, unknown> = {
    "@odata.context": metadata(core, call, `servicePrincipals('${id}')/synchronization/templates`),
    value: templates.slice(offset, offset + top),
  };
  if (offset + top < templates.length) {
    const token = encodeURIComponent(skiptoken(offset + top)).replaceAll("'", "%27");
    const query = `${call.query.$top !== undefined ? `$top=${top}&` : ""}$skiptoken=${token}`;
    body["@odata.nextLink"] =
      `${core.origin}/${call.version}/servicePrincipals/${encodeURIComponent(id)}/synchronization/templates?${query}`;
  }
  return { status: 200, body, writes: false };
};

export const createJob: Handler = (core, call) => {
  const id = sp(call.params);
  const { templateId } = call.body as { templateId: string };
  const job = core.store.setup.createJob(id, templateId);
  const context = metadata(core, call, `servicePrincipals('${id}')/synchronization/jobs/$entity`);
  return { status: 201, body: { "@odata.context": context, ...job }, writes: true };
};

export const deleteJob: Handler = (core, call) => {
  core.store.setup.deleteJob(sp(call.params), call.params.synchronizationJobId ?? "");
  return { status: 204, writes: true };
};

export const setSecrets: Handler = (core, call) => {
  const { value } = call.body as { value: SynchronizationSecretKeyStringValuePair[] };
  core.store.setup.setSecrets(sp(call.params), value);
  return { status: 204, writes: true };
};

export const validateCredentials: Handler = (core, call) => {
  core.store.setup.validateCredentials(sp(call.params), undefined, (call.body ?? {}) as ValidateInput);
  return { status: 204, writes: false };
};

export const validateJobCredentials: Handler = (core, call) => {
  const job = call.params.synchronizationJobId ?? "";
  core.store.setup.validateCredentials(sp(call.params), job, (call.body ?? {}) as ValidateInput);
  return { status: 204, writes: false };
};
