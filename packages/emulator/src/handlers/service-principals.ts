/** GET of the service principal collection (`$filter` on appId or displayName, paged) and of one, with `$select`. */
import { matches, parseEquality } from "../graph/filter.js";
import { DEFAULT_PAGE_SIZE, offsetOf, skiptoken } from "../graph/paging.js";
import { applySelect, parseSelect, selectSuffix } from "../graph/select.js";
import { type Handler, metadata } from "./types.js";

export const listServicePrincipals: Handler = (core, call) => {
  const filter = parseEquality(call.query.$filter);
  const selected = parseSelect(call.query.$select, "servicePrincipal");
  const all = core.store.servicePrincipalEntities().filter((sp) => matches(sp, filter));
  const top = call.query.$top !== undefined ? Number(call.query.$top) : DEFAULT_PAGE_SIZE;
  const offset = offsetOf(call.query.$skiptoken, all.length);
  const body: Record<string, unknown> = {
    "@odata.context": metadata(core, call, `servicePrincipals${selectSuffix(selected)}`),
    value: all.slice(offset, offset + top).map((sp) => applySelect(sp, selected)),
  };
  if (offset + top < all.length) {
    const kept = ["$filter", "$select", "$top"].filter((name) => call.query[name] !== undefined);
    const query = kept.map((name) => `${name}=${encodeURIComponent(call.query[name] as string)}&`).join("");
    const token = encodeURIComponent(skiptoken(offset + top)).replaceAll("'", "%27");
    body["@odata.nextLink"] = `${core.origin}/${call.version}/servicePrincipals?${query}$skiptoken=${token}`;
  }
  return { status: 200, body, writes: false };
};

export const getServicePrincipal: Handler = (core, call) => {
  const selected = parseSelect(call.query.$select, "servicePrincipal");
  const sp = applySelect(core.store.servicePrincipalEntity(call.params.servicePrincipalId ?? ""), selected);
  const context = `servicePrincipals${selectSuffix(selected)}/$entity`;
  return { status: 200, body: { "@odata.context": metadata(core, call, context), ...sp }, writes: false };
};
