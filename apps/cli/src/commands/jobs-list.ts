import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";
import { graphCall } from "../graph-call.js";
import { jobColumns, printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const what = `could not list the jobs of service principal ${servicePrincipalId}`;
  const list = () =>
    graphCall(context, what, { servicePrincipalId }, (client, signal) => client.listJobs(servicePrincipalId, signal));
  const handle = await context.client();
  if (handle.dryRun) {
    await recordPlannedCalls([list]);
    printDryRun(context, handle);
    return;
  }
  const jobs = await list();
  const { output } = context;
  if (output.json) {
    output.printJson(jobs);
  } else if (output.quiet) {
    for (const job of jobs) output.print(job.id ?? "");
  } else if (jobs.length === 0) {
    output.info(`service principal ${servicePrincipalId} has no synchronization jobs.`);
  } else {
    output.table(jobColumns(context), jobs);
  }
}
