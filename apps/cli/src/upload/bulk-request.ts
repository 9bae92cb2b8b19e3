/** One batch as the body of one bulkUpload request (the client's pure helper makes it: stable bulkIds). */
import type { Batch } from "./batches.js";

export function toBulkRequest(batch: Batch): Record<string, unknown> {
  return {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    Operations: batch.users.map((data, i) => ({ method: "POST", bulkId: String(batch.index * 50 + i + 1), path: "/Users", data })),
    failOnErrors: null,
  };
}
