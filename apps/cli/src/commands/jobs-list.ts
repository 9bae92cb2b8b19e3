import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";
import { runGraphCommand } from "./graph-command.js";
import { jobColumns, servicePrincipalOf } from "./shared.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const { output } = context;
  await runGraphCommand(context, {
    subject: { servicePrincipalId },
    what: `could not list the jobs of service principal ${servicePrincipalId}`,
    call: (client, _, signal) => client.listJobs(servicePrincipalId, signal),
    print(jobs) {
      if (output.json) {
        output.printJson(jobs);
      } else if (output.quiet) {
        for (const job of jobs) output.print(job.id ?? "");
      } else if (jobs.length === 0) {
        output.info(`service principal ${servicePrincipalId} has no synchronization jobs.`);
      } else {
        output.table(jobColumns(context), jobs);
      }
    },
  });
}
