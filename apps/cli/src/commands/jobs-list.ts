import type { SynchronizationJob } from "@graphsync/types";
import { synchronizationStatusCodeValues } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, type OptionValues, quote, stringOption, suggest } from "../core.js";
import { runGraphCommand } from "./graph-command.js";
import { jobColumns, servicePrincipalOf } from "./shared.js";

const STATUS_CODES: readonly string[] = synchronizationStatusCodeValues;

/** `--status Paused,Quarantine`: members checked against the spec's status codes (any case), in Graph's spelling. */
export function parseStatuses(text: string): Set<string> {
  const codes = new Set<string>();
  for (const member of text.split(",").map((part) => part.trim())) {
    const code = STATUS_CODES.find((known) => known.toLowerCase() === member.toLowerCase());
    if (code === undefined) {
      const guess = member === "" ? undefined : suggest(member, STATUS_CODES);
      throw new CliError(ExitCode.usage, `invalid --status member ${quote(member)}`, {
        hint: `${guess ? `did you mean ${guess}? ` : ""}allowed (comma-separated): ${STATUS_CODES.join(", ")}.`,
      });
    }
    codes.add(code);
  }
  return codes;
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const statusText = stringOption(values, "status");
  const statuses = statusText === undefined ? undefined : parseStatuses(statusText);
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const { output } = context;
  // Graph lists every job of a service principal (no $filter on jobs): the status filter is applied here.
  const wanted = (job: SynchronizationJob) => statuses === undefined || statuses.has(job.status?.code ?? "");
  await runGraphCommand(context, {
    subject: { servicePrincipalId },
    what: `could not list the jobs of service principal ${servicePrincipalId}`,
    call: async (client, subject, signal) => (await client.listJobs(subject.servicePrincipalId, signal)).filter(wanted),
    print(jobs, subject) {
      if (output.json) {
        output.printJson(jobs);
      } else if (output.quiet) {
        for (const job of jobs) output.print(job.id ?? "");
      } else if (jobs.length === 0) {
        output.info(
          `service principal ${subject.servicePrincipalId} has no synchronization jobs${statuses ? ` with status ${[...statuses].join(" or ")}` : ""}.`,
        );
      } else {
        output.table(jobColumns(context), jobs);
      }
    },
  });
}
