/**
 * The provisioning logs (`GET /auditLogs/provisioning`): what each cycle and each on-demand provisioning did to
 * each object. An openapi-fetch call on the spec's path, on the shared pager, and a `$filter` builder for the
 * questions people ask of them (this job, failures, since yesterday).
 */
import {
  provisioningActionValues as ACTIONS,
  type ProvisioningAction,
  type ProvisioningObjectSummary,
  type ProvisioningResult,
  provisioningResultValues as RESULTS,
} from "@graphsync/types";
import { listProvisioningLogs as LIST } from "@graphsync/types/operations";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { invalid, throwAll, ValidationError } from "./errors.js";
import { checkJobId, odataString } from "./ids.js";
import { type PageOptions, paged } from "./paging.js";

export type { ProvisioningAction, ProvisioningObjectSummary, ProvisioningResult };

/** Which entries to read; the conditions are joined with `and`. Ids are compared exactly (case-sensitive). */
export interface ProvisioningLogQuery {
  jobId?: string;
  /** The object id of the job's service principal (`servicePrincipal/id`). */
  servicePrincipalId?: string;
  cycleId?: string;
  changeId?: string;
  action?: ProvisioningAction;
  /** `provisioningStatusInfo/status`. */
  status?: ProvisioningResult;
  /** `sourceIdentity/id`. */
  sourceId?: string;
  /** `targetIdentity/id`. */
  targetId?: string;
  /** Entries at or after this time (`activityDateTime ge`): a Date or an ISO 8601 date or date-time. */
  since?: Date | string;
  /** Entries at or before this time (`activityDateTime le`). */
  until?: Date | string;
}

export interface ListProvisioningLogsOptions extends PageOptions {
  /** The entries to read: a query built into `$filter` by {@link provisioningLogFilter}, or a `$filter` as is. */
  filter?: ProvisioningLogQuery | string;
}

/** Query keys with a plain string value, and the service's (case-sensitive) property path for each. */
const ID_FIELDS = [
  ["servicePrincipalId", "servicePrincipal/id"],
  ["cycleId", "cycleId"],
  ["changeId", "changeId"],
  ["sourceId", "sourceIdentity/id"],
  ["targetId", "targetIdentity/id"],
] as const;
const KNOWN = new Set(["jobId", "action", "status", "since", "until", ...ID_FIELDS.map(([key]) => key)]);
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$/;
// No control characters (a way to smuggle line breaks into the service's logs), 1 to 256 characters.
const VALUE = /^[^\p{Cc}\p{Cs}]{1,256}$/u;

/**
 * The OData `$filter` for `query` (undefined when it asks for nothing): `eq` on each id, action and status,
 * `ge`/`le` on activityDateTime, joined with `and`; quotes inside values doubled.
 * @throws {ValidationError} naming every bad field at once, before any request.
 */
export function provisioningLogFilter(query: ProvisioningLogQuery): string | undefined {
  if (typeof query !== "object" || query === null) throw invalid("filter", query, "an object or a $filter string");
  const problems: ValidationError[] = [];
  const terms: string[] = [];
  const attempt = (build: () => string | undefined) => {
    try {
      const term = build();
      if (term) terms.push(term);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(error);
    }
  };
  for (const key of Object.keys(query)) {
    if (!KNOWN.has(key)) attempt(() => throwing(invalid("filter", key, "a known condition", [...KNOWN])));
  }
  attempt(() => (query.jobId === undefined ? undefined : `jobId eq ${odataString(checkJobId(query.jobId, "jobId"))}`));
  for (const [key, path] of ID_FIELDS) attempt(() => idTerm(key, path, query[key]));
  attempt(() => enumTerm("action", "provisioningAction", query.action, ACTIONS));
  attempt(() => enumTerm("status", "provisioningStatusInfo/status", query.status, RESULTS));
  attempt(() => timeTerm("since", "ge", query.since));
  attempt(() => timeTerm("until", "le", query.until));
  throwAll(problems);
  return terms.length ? terms.join(" and ") : undefined;
}

/**
 * Every provisioning log entry matching `options.filter`, newest first, following every page. The service allows
 * 5 requests per 10 seconds: the client's retry honours its `Retry-After`.
 * @throws {ValidationError} for a bad filter, top or maxPages, before any request.
 */
export function listProvisioningLogs(
  client: GraphSyncCore,
  options?: ListProvisioningLogsOptions,
): AsyncIterableIterator<ProvisioningObjectSummary> {
  const { api } = internalsOf(client);
  const $filter = filterOf(options?.filter);
  return paged(
    client,
    LIST,
    options,
    (init, $top) =>
      api.GET("/auditLogs/provisioning", {
        ...init,
        params: { query: { ...($filter && { $filter }), ...($top && { $top }) } },
      }),
    "provisioning log entries",
  );
}

function filterOf(filter: ProvisioningLogQuery | string | undefined): string | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter !== "string") return provisioningLogFilter(filter);
  if (!filter.trim() || filter.length > 4096)
    throw invalid("filter", filter, "an OData $filter of 1 to 4096 characters");
  return filter;
}

function throwing(error: ValidationError): never {
  throw error;
}

function idTerm(field: string, path: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !VALUE.test(value)) {
    throw invalid(field, value, "1 to 256 characters, no control characters");
  }
  return `${path} eq ${odataString(value)}`;
}

function enumTerm(field: string, path: string, value: unknown, allowed: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as string)) throw invalid(field, value, "one of the service's values", allowed);
  return `${path} eq ${odataString(value as string)}`;
}

/** An OData DateTimeOffset literal (unquoted, UTC) for a Date or an ISO 8601 string. */
function timeTerm(field: string, operator: "ge" | "le", value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const time =
    value instanceof Date ? value.getTime() : typeof value === "string" && ISO.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) {
    throw invalid(field, value, "a Date or an ISO 8601 date or date-time (2026-11-28 or 2026-11-28T10:00:00Z)");
  }
  return `activityDateTime ${operator} ${new Date(time).toISOString()}`;
}
