import type { SynchronizationJob } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import { type OptionValues, stringOption } from "../core.js";
import { runGraphCommand } from "./graph-command.js";
import { servicePrincipalOf } from "./shared.js";

/** What a new job needs before it can run, as commands to copy. */
export function nextSteps(servicePrincipalId: string, jobId: string): string[] {
  const ids = `--sp ${servicePrincipalId} --job ${jobId}`;
  return [
    "next steps:",
    `  graphsync credentials validate ${ids} --set BaseAddress=<url> --set-from-env SecretToken=<ENV_NAME>`,
    `  graphsync secrets set --sp ${servicePrincipalId} --set BaseAddress=<url> --set-from-env SecretToken=<ENV_NAME>`,
    `  graphsync schema pull ${ids} --out schema.json    # edit the mappings, then 'graphsync schema apply'`,
    `  graphsync jobs start ${ids}`,
    "or describe it all in a setup file and run 'graphsync apply <setup.yaml>'.",
  ];
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const templateId = stringOption(values, "template") as string;
  const { output } = context;
  await runGraphCommand(context, {
    subject: { servicePrincipalId },
    what: `could not create a job from template ${templateId}`,
    call: (client, subject, signal) => client.createJob(subject.servicePrincipalId, templateId, signal),
    print(job: SynchronizationJob) {
      if (output.json) return output.printJson(job);
      const jobId = job.id ?? "?";
      if (output.quiet) return output.print(jobId);
      output.print(`${output.out.green("created")} job ${jobId} (template ${job.templateId ?? templateId})`);
      output.print(`status: ${job.status?.code ?? "unknown"}`);
      for (const line of nextSteps(servicePrincipalId, jobId)) output.info(line);
    },
  });
}
