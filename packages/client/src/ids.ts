/**
 * Input checks made before any request, and the encoding of path segments. Every id becomes exactly one path
 * segment: `encodeURIComponent` escapes `/ ? # %` and everything else with meaning in a URL, and the two segments
 * it cannot make safe, `.` and `..` (URL parsers resolve them, even percent-encoded), are refused.
 */
import { synchronizationJobRestartScopeValues as scopes } from "@graphsync/types";
import { invalid, oneOf } from "./errors.js";

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
/**
 * 1 to 256 code points (as JSON Schema counts; the `u` flag counts a surrogate pair once), not `.` or `..`, none of
 * them a control character (`Cc`: C0, DEL and C1; never in a job id, and a way to smuggle line breaks into logs) or
 * an unpaired surrogate (`Cs`, which `encodeURIComponent` cannot encode).
 */
const JOB_ID = /^(?!\.\.?$)[^\p{Cc}\p{Cs}]{1,256}$/u;

/**
 * Checks a service principal id (its object id, a GUID) and returns it as a path segment (a GUID needs no
 * encoding). @throws {ValidationError}
 */
export function servicePrincipalSegment(value: unknown): string {
  if (typeof value !== "string" || !GUID.test(value)) {
    throw invalid("servicePrincipalId", value, "a GUID: the service principal's object id, not its appId");
  }
  return value;
}

/** Checks an application (client) id: a GUID. @throws {ValidationError} */
export function checkAppId(value: unknown): string {
  if (typeof value !== "string" || !GUID.test(value)) throw invalid("appId", value, "a GUID: the application id");
  return value;
}

/** Characters a job id never has (real ones are `<templateId>.<32 hex>`) and that proxies decode differently. */
const UNSAFE = /[/\\?#%]/;

/**
 * Checks a synchronization job id: 1 to 256 characters (code points, as JSON Schema counts), none of them a
 * control character, an unpaired surrogate or one of `/ \ ? # %`, and not `.` or `..`. Returns it as given.
 * @throws {ValidationError} naming the offending character.
 */
export function checkJobId(value: unknown, field = "synchronizationJobId"): string {
  if (typeof value === "string" && JOB_ID.test(value)) {
    const bad = UNSAFE.exec(value)?.[0];
    if (!bad) return value;
    throw invalid(field, value, `no ${JSON.stringify(bad)}: a job id is <templateId>.<32 hex characters>`);
  }
  throw invalid(field, value, "1 to 256 characters, no control characters, not . or ..");
}

/** A checked job id as one percent-encoded path segment. @throws {ValidationError} */
export const jobSegment = (value: unknown, field?: string): string => encodeURIComponent(checkJobId(value, field));

/** Checks a service principal id without making a request. @throws {ValidationError} */
export function validateServicePrincipalId(value: unknown): asserts value is string {
  servicePrincipalSegment(value);
}

/** Checks a job id without making a request. @throws {ValidationError} */
export function validateJobId(value: unknown): asserts value is string {
  jobSegment(value);
}

/**
 * Turns a reset scope (members as an array, or the wire form `"Watermark, Escrows"`) into the comma-separated
 * string Graph expects, checking every member against the spec's `synchronizationJobRestartScope`.
 * @throws {ValidationError} on an unknown or empty member, or an empty scope.
 */
export function formatResetScope(value: unknown): string {
  const members = typeof value === "string" ? value.split(",").map((m) => m.trim()) : value;
  const expected = "members of synchronizationJobRestartScope, as an array or comma-separated";
  if (!Array.isArray(members) || !members.length) throw invalid("resetScope", value, expected, scopes);
  return [...new Set(members.map((m) => oneOf("resetScope", m, expected, scopes)))].join(", ");
}

/** An OData string literal: single-quoted, with a quote inside written twice. */
export const odataString = (value: string): string => `'${value.replaceAll("'", "''")}'`;
