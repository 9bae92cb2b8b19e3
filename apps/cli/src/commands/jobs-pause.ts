import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";
import { graphCall } from "../graph-call.js";
import { jobOf, printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const jobId = jobOf(values);
  const pause = () =>
    graphCall(context, `could not pause job ${jobId}`, { servicePrincipalId, jobId }, (client, signal) =>
      client.pauseJob(servicePrincipalId, jobId, signal),
    );
  const handle = await context.client();
  if (handle.dryRun) {
    await recordPlannedCalls([pause]);
    printDryRun(context, handle);
    return;
  }
  await pause();
  const { output } = context;
  if (output.json) output.printJson({ servicePrincipalId, jobId, action: "paused" });
  else if (!output.quiet)
    output.print(`${output.out.green("paused")} job ${jobId} (progress is kept; 'graphsync jobs start' resumes it)`);
}
