/**
 * One batch as the body of one bulkUpload request, made by the client's pure `toBulkRequests`: each operation's
 * bulkId is the record's externalId (the service names the bulkId in its errors), or, when an externalId is too
 * long to be a bulkId, the record's position in the batch. Either way the same batch always gives the same request.
 */
import { type BulkRequest, type ScimUser, toBulkRequests } from "@graphsync/client";
import type { Batch } from "./batches.js";

const MAX_BULK_ID = 256;

export function toBulkRequest(batch: Batch): BulkRequest {
  const bulkId = batch.externalIds.every((id) => id.length <= MAX_BULK_ID) ? "externalId" : "position";
  const [request] = toBulkRequests(batch.users as unknown as ScimUser[], { bulkId });
  if (!request) throw new Error("an empty batch");
  return request;
}
