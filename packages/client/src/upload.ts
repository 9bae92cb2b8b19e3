/**
 * API-driven inbound provisioning: `bulkUpload` sends up to 50 SCIM users to a job (`application/scim+json`), and
 * the pure `toBulkRequests` cuts a stream of users into such requests with stable bulkIds. An openapi-fetch call on
 * the spec's path, like every operation; kept in its own module so programs that only start jobs stay small.
 */
import type { paths, ScimBulkOperation, ScimBulkRequest, ScimUser } from "@graphsync/types";
import { bulkUpload as BULK } from "@graphsync/types/operations";
import { isObject } from "./answers.js";
import { call, type ResponseInfo } from "./call.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { invalid } from "./errors.js";
import { checkJobId, servicePrincipalSegment } from "./ids.js";
import type { CallOptions } from "./transport.js";

export type BulkRequest = ScimBulkRequest;
export type BulkOperation = ScimBulkOperation;
export type { ScimUser };

const BULK_PATH = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/bulkUpload";

/** The most operations one bulkUpload request may carry (the service refuses more with a 400). */
export const MAX_BULK_OPERATIONS = 50;
export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
/** The media type the service requires; anything else is a 400 "Invalid data format". */
export const SCIM_JSON = "application/scim+json";

export interface BulkUploadResult extends ResponseInfo {
  /** Accepted: the records are processed later, each writing one provisioning log entry. */
  status: 202;
  /** The `Location` header: the provisioning logs of the job. `null` when the service sent none. */
  location: string | null;
}

/**
 * Sends one SCIM BulkRequest (1 to 50 operations, unique bulkIds) to an inbound provisioning job. A `202` means
 * accepted, not processed: a paused or quarantined job accepts too and processes nothing, so check the job first.
 * Not idempotent: retried on `429`/`503` (refused unapplied), never after the request may have arrived.
 * @throws {ValidationError} for bad ids or a request without 1 to 50 operations with unique, non-empty bulkIds.
 */
export async function bulkUpload(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  request: BulkRequest,
  options?: CallOptions,
): Promise<BulkUploadResult> {
  const path = {
    servicePrincipalId: servicePrincipalSegment(servicePrincipalId),
    synchronizationJobId: checkJobId(jobId),
  };
  checkBulkRequest(request);
  type ScimBody = paths[typeof BULK_PATH]["post"]["requestBody"]["content"]["application/scim+json"];
  const { api, send } = internalsOf(client);
  const { init, done } = call({ send, facts: BULK, signal: options?.signal, timeoutMs: options?.timeoutMs });
  const { info, answer } = await done(
    api.POST(BULK_PATH, {
      ...init,
      params: { path },
      // Coupled to the spec: the body is what it declares for application/scim+json on this path.
      body: request satisfies ScimBody,
      headers: { "Content-Type": SCIM_JSON },
    }),
  );
  return { ...info, status: 202, location: answer.headers.get("location") ?? null };
}

/** The run-time checks of a request a JavaScript caller may have built by hand (the service checks the rest). */
function checkBulkRequest(request: unknown): void {
  if (!isObject(request)) throw invalid("request", undefined, "a SCIM BulkRequest object");
  const operations = request.Operations;
  if (!Array.isArray(operations) || operations.length < 1 || operations.length > MAX_BULK_OPERATIONS) {
    const count = Array.isArray(operations) ? `${operations.length} operations` : undefined;
    throw invalid("request.Operations", count, `an array of 1 to ${MAX_BULK_OPERATIONS} operations`);
  }
  const seen = new Map<string, number>();
  operations.forEach((operation: unknown, i) => {
    const bulkId = isObject(operation) ? operation.bulkId : undefined;
    if (typeof bulkId !== "string" || !bulkId) {
      throw invalid(`request.Operations[${i}].bulkId`, bulkId, "a non-empty string");
    }
    const first = seen.get(bulkId);
    if (first !== undefined) {
      throw invalid(`request.Operations[${i}].bulkId`, bulkId, `a bulkId not already used by Operations[${first}]`);
    }
    seen.set(bulkId, i);
  });
}

export interface ToBulkRequestsOptions {
  /** Operations per request, 1 to 50 (default 50). */
  size?: number;
  /**
   * How each operation's bulkId is made, so that sending the same input again sends the same ids:
   * `"externalId"` (default): the record's externalId (unique within a request, or a ValidationError);
   * `"position"`: the record's 0-based position in the whole input, as a string.
   */
  bulkId?: "externalId" | "position";
  /** `failOnErrors` of each request (default `null`, as Microsoft's samples send). */
  failOnErrors?: number | null;
  /** The `path` of each operation (default `/Users`). */
  path?: "/Users" | "/users";
}

/**
 * Cuts `users` into BulkRequests of at most `size` operations, lazily (a stream of any length is never held
 * whole). Pure: the same input and options give the same requests, bulkIds included.
 * @throws {ValidationError} for a bad option, or a record without a string externalId (naming its position), or a
 * bulkId used twice in one request.
 */
export function* toBulkRequests(
  users: Iterable<ScimUser>,
  options: ToBulkRequestsOptions = {},
): Generator<BulkRequest> {
  const { size, bulkId, failOnErrors, path } = checkOptions(options);
  let batch: BulkOperation[] = [];
  let ids = new Set<string>();
  let position = 0;
  for (const user of users) {
    const id = bulkIdOf(user, position, bulkId);
    if (ids.has(id)) {
      throw invalid(`users[${position}].externalId`, id, "an externalId not already in the same request");
    }
    ids.add(id);
    batch.push({ method: "POST", bulkId: id, path, data: user });
    position++;
    if (batch.length === size) {
      yield bulkRequest(batch, failOnErrors);
      batch = [];
      ids = new Set();
    }
  }
  if (batch.length) yield bulkRequest(batch, failOnErrors);
}

const bulkRequest = (operations: BulkOperation[], failOnErrors: number | null): BulkRequest => ({
  schemas: [BULK_REQUEST_SCHEMA],
  Operations: operations,
  failOnErrors,
});

function bulkIdOf(user: unknown, position: number, kind: "externalId" | "position"): string {
  const externalId = isObject(user) ? user.externalId : undefined;
  if (typeof externalId !== "string" || !externalId) {
    throw invalid(`users[${position}].externalId`, externalId, "a non-empty string (the job matches on it)");
  }
  if (kind === "position") return String(position);
  if (externalId.length > 256) {
    throw invalid(
      `users[${position}].externalId`,
      undefined,
      'at most 256 characters to be a bulkId (use bulkId: "position")',
    );
  }
  return externalId;
}

function checkOptions(options: ToBulkRequestsOptions) {
  if (typeof options !== "object" || options === null) throw invalid("options", options, "an object");
  const size = options.size ?? MAX_BULK_OPERATIONS;
  if (!Number.isInteger(size) || size < 1 || size > MAX_BULK_OPERATIONS) {
    throw invalid("size", size, `a whole number from 1 to ${MAX_BULK_OPERATIONS}`);
  }
  const bulkId = options.bulkId ?? "externalId";
  if (bulkId !== "externalId" && bulkId !== "position") {
    throw invalid("bulkId", bulkId, "how bulkIds are made", ["externalId", "position"]);
  }
  const failOnErrors = options.failOnErrors ?? null;
  if (failOnErrors !== null && (!Number.isInteger(failOnErrors) || failOnErrors < 0)) {
    throw invalid("failOnErrors", failOnErrors, "a whole number from 0, or null");
  }
  const path = options.path ?? "/Users";
  if (path !== "/Users" && path !== "/users") throw invalid("path", path, "the Users endpoint", ["/Users", "/users"]);
  return { size, bulkId, failOnErrors, path } as const;
}
