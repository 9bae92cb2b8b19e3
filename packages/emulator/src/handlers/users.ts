/** GET of the users (`$filter`, `$select`, `$expand=manager`, paged) and of one user (by id or UPN). */
import { GraphHttpError } from "../errors.js";
import { DEFAULT_PAGE_SIZE, offsetOf, skiptoken } from "../graph/paging.js";
import { applySelect, parseSelect, selectSuffix } from "../graph/select.js";
import { parseExpand, parseUserFilter } from "../graph/user-filter.js";
import { type Call, type Handler, metadata } from "./types.js";

/** The selected properties, keeping `manager` when it is expanded (Graph answers what it expanded). */
function reading(call: Call) {
  const expand = parseExpand(call.query.$expand);
  const selected = parseSelect(call.query.$select, "user");
  const keep = selected && expand ? [...selected.filter((name) => name !== "manager"), "manager"] : selected;
  return { expand, selected, keep };
}

export const listUsers: Handler = (core, call) => {
  const { directory } = core.store.inbound;
  const predicate = parseUserFilter(call.query.$filter);
  const { expand, selected, keep } = reading(call);
  const all = directory.all().filter(predicate);
  const top = call.query.$top !== undefined ? Number(call.query.$top) : DEFAULT_PAGE_SIZE;
  const offset = offsetOf(call.query.$skiptoken, all.length);
  const body: Record<string, unknown> = {
    "@odata.context": metadata(core, call, `users${selectSuffix(selected)}`),
    value: all.slice(offset, offset + top).map((user) => applySelect(directory.view(user, expand), keep)),
  };
  if (offset + top < all.length) {
    const kept = ["$filter", "$select", "$expand", "$top"].filter((name) => call.query[name] !== undefined);
    const query = kept.map((name) => `${name}=${encodeURIComponent(call.query[name] as string)}&`).join("");
    const token = encodeURIComponent(skiptoken(offset + top)).replaceAll("'", "%27");
    body["@odata.nextLink"] = `${core.origin}/${call.version}/users?${query}$skiptoken=${token}`;
  }
  return { status: 200, body, writes: false };
};

export const getUser: Handler = (core, call) => {
  const { directory } = core.store.inbound;
  const id = call.params.userId ?? "";
  const user = directory.find(id);
  if (!user) throw GraphHttpError.notFound(id);
  const { expand, selected, keep } = reading(call);
  const context = metadata(core, call, `users${selectSuffix(selected)}/$entity`);
  return {
    status: 200,
    body: { "@odata.context": context, ...applySelect(directory.view(user, expand), keep) },
    writes: false,
  };
};
