import type { CommandContext } from "../context.js";
import { booleanOption, CliError, ExitCode, type OptionValues } from "../core.js";
import { graphCall } from "../graph-call.js";
import { runJobCommand } from "./graph-command.js";
import { jobOf, servicePrincipalOf, statusText } from "./shared.js";

/** What deleting a job loses: said before refusing, and in the help. */
export function whatIsLost(servicePrincipalId: string, jobId: string): string[] {
  return [
    "deleting a job cannot be undone; it loses:",
    "  - the job's state and progress: watermarks, escrows and quarantine history; a new job starts with a full initial cycle",
    "  - its schema customisations: attribute mappings, expressions and scoping filters",
    "  - and a deleted and re-created job has been publicly reported to leave an application impossible to configure",
    `keep the mappings first: graphsync schema pull --sp ${servicePrincipalId} --job ${jobId} --out ${jobId}.schema.json`,
  ];
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const jobId = jobOf(values);
  const { output } = context;
  if (!booleanOption(values, "force")) {
    // Read it first (not in a dry run): a wrong id is reported now, not after --force.
    const job = (await context.client()).dryRun
      ? undefined
      : await graphCall(context, `could not read job ${jobId}`, { servicePrincipalId, jobId }, (client, signal) =>
          client.getJob(servicePrincipalId, jobId, signal),
        );
    const about = job ? ` (template ${job.templateId ?? "?"}, status ${statusText(job)})` : "";
    throw new CliError(ExitCode.failed, `not deleting job ${jobId}${about} without --force`, {
      details: whatIsLost(servicePrincipalId, jobId),
      hint: "add --force to delete it.",
    });
  }
  await runJobCommand(context, values, {
    what: (id) => `could not delete job ${id}`,
    call: (client, ids, signal) => client.deleteJob(ids.servicePrincipalId, ids.jobId, signal),
    print() {
      if (output.json) output.printJson({ servicePrincipalId, jobId, action: "deleted" });
      else if (!output.quiet) output.print(`${output.out.green("deleted")} job ${jobId}`);
    },
  });
}
