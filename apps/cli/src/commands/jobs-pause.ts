import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";
import { runJobCommand } from "./graph-command.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const { output } = context;
  await runJobCommand(context, values, {
    what: (jobId) => `could not pause job ${jobId}`,
    call: (client, { servicePrincipalId, jobId }, signal) => client.pauseJob(servicePrincipalId, jobId, signal),
    print(_, { servicePrincipalId, jobId }) {
      if (output.json) output.printJson({ servicePrincipalId, jobId, action: "paused" });
      else if (!output.quiet)
        output.print(
          `${output.out.green("paused")} job ${jobId} (progress is kept; 'graphsync jobs start' resumes it)`,
        );
    },
  });
}
