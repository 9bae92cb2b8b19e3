/**
 * `upload --dry-run`: the input checked in full, the batches counted, and the requests of a real run shown (the
 * job's pre-flight read and the first batch in full, headers redacted); nothing is sent.
 */
import type { ClientHandle } from "../client-handle.js";
import type { CommandContext } from "../context.js";
import { formatDuration } from "../core.js";
import { formatRequest } from "../http-log.js";
import { toBulkRequest } from "../upload/bulk-request.js";
import { BATCH_SIZE } from "../upload/check.js";
import { recordPlannedCalls } from "./shared.js";
import { batchesOf, type Prepared } from "./upload-prepare.js";

export async function printUploadDryRun(
  context: CommandContext,
  handle: ClientHandle,
  prepared: Prepared,
): Promise<void> {
  const { output } = context;
  const { plan, servicePrincipalId, jobId } = prepared;
  const batches = batchesOf(prepared);
  const first = (await batches.next()).value;
  await batches.return(undefined);
  await recordPlannedCalls([
    () => handle.getJob(servicePrincipalId, jobId, context.signal),
    ...(first ? [() => handle.bulkUpload(servicePrincipalId, jobId, toBulkRequest(first), context.signal)] : []),
  ]);
  const requests = handle.dryRun?.take() ?? [];
  const last = plan.uploads - (plan.batches - 1) * BATCH_SIZE;
  const counts = {
    records: plan.records,
    uploads: plan.uploads,
    duplicatesDropped: plan.dropped,
    batches: plan.batches,
    lastBatchSize: plan.batches > 0 ? last : 0,
  };
  if (output.json) {
    output.printJson({ dryRun: true, ...counts, requests });
    return;
  }
  output.info(output.err.yellow("dry run: nothing was sent."));
  output.print(
    `${plan.uploads} record(s) in ${plan.batches} bulkUpload request(s) of up to ${BATCH_SIZE} (the last with ${counts.lastBatchSize}), at most ${prepared.options.pace.limit} per ${formatDuration(prepared.options.pace.windowMs)}.`,
  );
  output.print("A real run reads the job first, then sends the batches; the first two requests:");
  requests.forEach((request) => {
    output.print();
    output.print(formatRequest(request));
  });
}
