/**
 * Service principals: finding the one a job belongs to by its appId or display name (few people know its object
 * id), and reading one. openapi-fetch calls on the spec's paths, like every operation.
 */
import type { components } from "@graphsync/types";
import { getServicePrincipal as GET, listServicePrincipals as LIST } from "@graphsync/types/operations";
import { graphError, isObject } from "./answers.js";
import { call } from "./call.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { invalid } from "./errors.js";
import { checkAppId, odataString, servicePrincipalSegment } from "./ids.js";
import { type PageOptions, paged } from "./paging.js";
import type { CallOptions } from "./transport.js";

export type ServicePrincipal = components["schemas"]["servicePrincipal"];

/** Which service principals to list: all, the one with an appId, or those with a display name. */
export type ServicePrincipalQuery =
  | { appId?: string; displayName?: undefined }
  | { appId?: undefined; displayName?: string };

export interface ListServicePrincipalsOptions extends PageOptions {
  /** The properties to read (`$select`); Graph sends many more than graphsync reads without it. */
  select?: readonly string[];
}

const SELECT = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The service principals matching `query` (an exact appId, or an exact display name: Graph compares ignoring case),
 * following every page. @throws {ValidationError} for an appId that is not a GUID, an empty display name, or both.
 */
export function listServicePrincipals(
  client: GraphSyncCore,
  query: ServicePrincipalQuery = {},
  options?: ListServicePrincipalsOptions,
): AsyncIterableIterator<ServicePrincipal> {
  const { api } = internalsOf(client);
  const $filter = filterOf(query);
  const $select = selectOf(options?.select);
  return paged(
    client,
    LIST,
    options,
    (init, $top) =>
      api.GET("/servicePrincipals", {
        ...init,
        params: { query: { ...($filter && { $filter }), ...($select && { $select }), ...($top && { $top }) } },
      }),
    "service principals",
  );
}

/** Reads one service principal by its object id. */
export async function getServicePrincipal(
  client: GraphSyncCore,
  servicePrincipalId: string,
  options?: CallOptions & { select?: readonly string[] },
): Promise<ServicePrincipal> {
  const path = { servicePrincipalId: servicePrincipalSegment(servicePrincipalId) };
  const $select = selectOf(options?.select);
  const { api, send } = internalsOf(client);
  const { init, done } = call({ send, facts: GET, signal: options?.signal, timeoutMs: options?.timeoutMs });
  const { data, answer } = await done(
    api.GET("/servicePrincipals/{servicePrincipalId}", {
      ...init,
      params: { path, query: $select ? { $select } : {} },
    }),
  );
  if (isObject(data) && typeof data.id === "string") return data;
  throw graphError(answer, undefined, undefined, "a service principal");
}

/** OData `$filter` for the query; quotes inside a value are doubled, as OData requires. */
function filterOf({ appId, displayName }: ServicePrincipalQuery): string | undefined {
  if (appId !== undefined && displayName !== undefined) {
    throw invalid("query", undefined, "appId or displayName, not both");
  }
  if (appId !== undefined) return `appId eq ${odataString(checkAppId(appId))}`;
  if (displayName === undefined) return undefined;
  if (typeof displayName !== "string" || !displayName.trim() || displayName.length > 256) {
    throw invalid("displayName", displayName, "a display name of 1 to 256 characters");
  }
  return `displayName eq ${odataString(displayName)}`;
}

function selectOf(select: readonly string[] | undefined): string | undefined {
  if (select === undefined) return undefined;
  if (!Array.isArray(select) || !select.length || !select.every((name) => SELECT.test(name))) {
    throw invalid("select", select, "property names such as id, appId, displayName");
  }
  return select.join(",");
}
