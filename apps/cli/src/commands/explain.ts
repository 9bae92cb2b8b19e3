/**
 * `graphsync explain`: why one object was (not) provisioned. Reads its latest entries for the job and the job itself,
 * shows the latest entry step by step with its error and modified properties, or, with no entry, why that may be.
 */
import type { ProvisioningLogQuery, ProvisioningObjectSummary } from "@graphsync/client";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, type OptionValues, quote, stringOption } from "../core.js";
import { orderedSteps, printExplanation, whyNoEntry } from "../explain-render.js";
import { graphCall } from "../graph-call.js";
import { checkJob, checkValue, parseTop, USER_HINT } from "../logs-query.js";
import { Problems } from "../problems.js";
import { printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";

const DEFAULT_TOP = 5;

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const problems = new Problems();
  const jobId = problems.check(() => checkJob(stringOption(values, "job") ?? ""));
  const user = problems.check(() => checkValue("--user", stringOption(values, "user") ?? "", USER_HINT));
  const topText = stringOption(values, "top");
  const top = topText === undefined ? DEFAULT_TOP : problems.check(() => parseTop(topText));
  problems.throwIfAny();
  if (jobId === undefined || user === undefined || top === undefined) return;
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const filter: ProvisioningLogQuery = { servicePrincipalId, jobId, identity: user };
  const handle = await context.client();
  const subject = { servicePrincipalId, jobId };
  const readJob = () =>
    graphCall(context, `could not read job ${jobId}`, subject, (c, s) => c.getJob(servicePrincipalId, jobId, s));
  const readEntries = () =>
    graphCall(context, "could not read the provisioning logs", {}, async (c, signal) => {
      const entries: ProvisioningObjectSummary[] = [];
      for await (const entry of c.listProvisioningLogs(filter, Math.min(top, 999), signal)) {
        entries.push(entry);
        if (entries.length >= top) break;
      }
      return entries;
    });
  if (handle.dryRun) {
    await recordPlannedCalls([readJob, readEntries]);
    printDryRun(context, handle);
    return;
  }
  const job = await readJob();
  const entries = await readEntries();
  if (entries.length === 0) {
    const { reasons, tries } = whyNoEntry({ servicePrincipalId: subject.servicePrincipalId, jobId, user, job });
    throw new CliError(ExitCode.usage, `no provisioning log entry of job ${jobId} matches --user ${quote(user)}`, {
      details: ["Why that may be:", ...reasons.map((r) => `- ${r}`), "What to try:", ...tries.map((t) => `  ${t}`)],
      hint: `--user is ${USER_HINT}.`,
    });
  }
  const { output } = context;
  if (output.json) {
    const [latest] = entries;
    output.printJson({
      user,
      job: { id: job.id, status: job.status ?? null },
      latest: latest ? { ...latest, provisioningSteps: orderedSteps(latest) } : null,
      entries,
    });
    return;
  }
  printExplanation(output, entries, job);
}
