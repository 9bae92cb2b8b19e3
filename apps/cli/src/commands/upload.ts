/**
 * `graphsync upload`: HR records to Entra ID through an inbound provisioning job's bulkUpload. The input is read
 * twice, streamed: once to check every record (nothing is sent if any is wrong), once to send the batches; with
 * --wait, the provisioning logs say what became of each record. The pieces live in src/upload/.
 */
import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";
import { printUploadDryRun } from "./upload-dry-run.js";
import { prepare } from "./upload-prepare.js";
import { sendUpload } from "./upload-send.js";
import { waitAndReport } from "./upload-wait.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const prepared = await prepare(context, values);
  const handle = await context.client();
  if (handle.dryRun) return printUploadDryRun(context, handle, prepared);
  const sent = await sendUpload(context, prepared);
  await waitAndReport(context, prepared, sent);
}
