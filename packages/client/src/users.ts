/**
 * Users: what inbound provisioning made of an HR record (`employeeId` is what the job matches `externalId` to). An
 * openapi-fetch call on the spec's paths, on the shared pager for the list.
 */
import type { User } from "@graphsync/types";
import { getUser as GET, listUsers as LIST } from "@graphsync/types/operations";
import { graphError, isObject } from "./answers.js";
import { call } from "./call.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { invalid } from "./errors.js";
import { odataString } from "./ids.js";
import { type PageOptions, paged } from "./paging.js";
import type { CallOptions } from "./transport.js";

export type { User };

/** Which users to list: all, the one with an employeeId (an HR record's externalId), or a raw `$filter`. */
export type UserQuery = { employeeId?: string; filter?: undefined } | { employeeId?: undefined; filter?: string };

export interface UserReadOptions {
  /** The properties to read (`$select`). */
  select?: readonly string[];
  /** Adds `manager` (`$expand=manager`); `true`, or the manager's properties to read. */
  expandManager?: boolean | readonly string[];
}

export interface ListUsersOptions extends PageOptions, UserReadOptions {}

const NAME = /^[A-Za-z][A-Za-z0-9]*$/;
// No control characters (they could smuggle line breaks into the service's logs), 1 to 1024 characters.
const VALUE = /^[^\p{Cc}\p{Cs}]{1,1024}$/u;
// One path segment: what the path serialiser accepts (`.` and `..` excepted there too).
const USER_ID = /^(?!\.\.?$)[^\p{Cc}\p{Cs}/\\?#%]{1,256}$/u;

/**
 * The users matching `query`, following every page. @throws {ValidationError} for both query keys, an empty or
 * control-character employeeId or filter, or bad select/expand names, before any request.
 */
export function listUsers(
  client: GraphSyncCore,
  query: UserQuery = {},
  options?: ListUsersOptions,
): AsyncIterableIterator<User> {
  const { api } = internalsOf(client);
  const $filter = filterOf(query);
  const { $select, $expand } = readOf(options);
  return paged(
    client,
    LIST,
    options,
    (init, $top) =>
      api.GET("/users", {
        ...init,
        params: {
          query: {
            ...($filter && { $filter }),
            ...($select && { $select }),
            ...($expand && { $expand }),
            ...($top && { $top }),
          },
        },
      }),
    "users",
  );
}

/** Reads one user by object id or user principal name. */
export async function getUser(
  client: GraphSyncCore,
  userId: string,
  options?: CallOptions & UserReadOptions,
): Promise<User> {
  if (typeof userId !== "string" || !USER_ID.test(userId)) {
    throw invalid(
      "userId",
      userId,
      "an object id, or a user principal name without / \\ ? # % (use a guest's object id)",
    );
  }
  const { $select, $expand } = readOf(options);
  const { api, send } = internalsOf(client);
  const { init, done } = call({ send, facts: GET, signal: options?.signal, timeoutMs: options?.timeoutMs });
  const { data, answer } = await done(
    api.GET("/users/{userId}", {
      ...init,
      params: { path: { userId }, query: { ...($select && { $select }), ...($expand && { $expand }) } },
    }),
  );
  if (isObject(data) && typeof data.id === "string") return data;
  throw graphError(answer, undefined, undefined, "a user");
}

function filterOf({ employeeId, filter }: UserQuery): string | undefined {
  if (employeeId !== undefined && filter !== undefined)
    throw invalid("query", undefined, "employeeId or filter, not both");
  if (employeeId !== undefined) {
    if (typeof employeeId !== "string" || !VALUE.test(employeeId)) {
      throw invalid("employeeId", employeeId, "1 to 1024 characters, no control characters");
    }
    return `employeeId eq ${odataString(employeeId)}`;
  }
  if (filter === undefined) return undefined;
  if (typeof filter !== "string" || !filter.trim() || filter.length > 4096) {
    throw invalid("filter", filter, "an OData $filter of 1 to 4096 characters");
  }
  return filter;
}

function readOf(options: UserReadOptions | undefined): { $select?: string; $expand?: string } {
  const names = (field: string, list: unknown) => {
    if (!Array.isArray(list) || !list.length || !list.every((name) => typeof name === "string" && NAME.test(name))) {
      throw invalid(field, list, "property names such as id, displayName, employeeId");
    }
    return list.join(",");
  };
  const select = options?.select === undefined ? undefined : names("select", options.select);
  const expand = options?.expandManager;
  let $expand: string | undefined;
  if (expand === true) $expand = "manager";
  else if (Array.isArray(expand)) $expand = `manager($select=${names("expandManager", expand)})`;
  else if (expand !== undefined && expand !== false) {
    throw invalid("expandManager", expand, "true, false or the manager's property names");
  }
  return { ...(select && { $select: select }), ...($expand && { $expand }) };
}
