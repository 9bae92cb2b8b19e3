/**
 * The end of `upload`: without --wait, the summary; with it, the job's provisioning logs read (the transport paces
 * them to the service's 5 requests per 10 s, rate-pacer.ts) until every record has an outcome or --timeout passes, the failed records
 * written in the input's own format, and the outcomes reported.
 */
import type { CommandContext } from "../context.js";
import { isCliError } from "../core.js";
import { failedFilePath, writeFailedRecords } from "../upload/failed-file.js";
import { type RecordOutcome, waitForOutcomes } from "../upload/outcomes.js";
import { printUploadSummary, reportOutcomes } from "../upload/report.js";
import type { Prepared } from "./upload-prepare.js";
import type { Sent } from "./upload-send.js";

/**
 * Log entries are read from the moment the upload began, not earlier: an earlier entry of the same externalId (a
 * previous upload's) must not pass for this one's outcome. The service writes entries minutes after it accepts a
 * batch, which covers a clock of ours that runs ahead of the service's by less than that.
 */

async function readOutcomes(context: CommandContext, prepared: Prepared, sent: Sent) {
  const { clock } = prepared;
  const records = new Map<string, RecordOutcome | undefined>((sent.externalIds ?? []).map((id) => [id, undefined]));
  const handle = await context.client();
  const filter = { jobId: sent.summary.jobId, since: new Date(sent.startedAt) };
  try {
    const wait = await waitForOutcomes({
      records,
      read: (signal) => handle.listProvisioningLogs(filter, undefined, signal),
      timeoutMs: prepared.options.timeoutMs,
      clock,
      signal: context.signal,
      output: context.output,
    });
    return { records, wait };
  } catch (error) {
    if (isCliError(error)) throw error;
    const { toCliError } = await import("../graph-errors.js");
    throw await toCliError(error, "the upload was sent, but the provisioning logs could not be read");
  }
}

async function failedFile(prepared: Prepared, records: ReadonlyMap<string, RecordOutcome | undefined>) {
  const failed = new Set([...records].filter(([, outcome]) => outcome?.outcome === "failed").map(([id]) => id));
  if (failed.size === 0) return undefined;
  const { input, plan, mapping, options } = prepared;
  const path = failedFilePath({
    from: options.from,
    format: plan.format,
    now: prepared.clock.now(),
    cwd: process.cwd(),
  });
  await writeFailedRecords({ stream: input.again(), source: input.source, mapping, plan, failed, path });
  return path;
}

export async function waitAndReport(context: CommandContext, prepared: Prepared, sent: Sent): Promise<void> {
  printUploadSummary(context, sent.summary);
  if (!prepared.options.wait) {
    reportOutcomes(context, sent.summary, undefined);
    context.output.info("the job processes the records in the background; --wait follows them to their outcome.");
    return;
  }
  const { records, wait } = await readOutcomes(context, prepared, sent);
  const file = await failedFile(prepared, records);
  reportOutcomes(context, sent.summary, { records, wait, failedFile: file });
}
