import type { SynchronizationJob } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";
import { runJobCommand } from "./graph-command.js";
import { styleStatus, when } from "./shared.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  await runJobCommand(context, values, {
    what: (jobId) => `could not read job ${jobId}`,
    call: (client, { servicePrincipalId, jobId }, signal) => client.getJob(servicePrincipalId, jobId, signal),
    print(job) {
      if (context.output.json) context.output.printJson(job);
      else printJob(context, job);
    },
  });
}
/** A job as labelled lines: what an engineer looks at first when a job misbehaves. */
export function printJob(context: CommandContext, job: SynchronizationJob): void {
  const { output } = context;
  const status = job.status;
  const rows: [string, string][] = [
    ["Job", job.id ?? "-"],
    ["Template", job.templateId ?? "-"],
    ["Status", styleStatus(context, status?.code ?? "unknown")],
    [
      "Schedule",
      [job.schedule?.state, job.schedule?.interval && `every ${job.schedule.interval}`].filter(Boolean).join(", ") ||
        "-",
    ],
  ];
  const progress = status?.progress?.[0];
  if (progress && typeof progress.completedUnits === "number" && progress.totalUnits) {
    rows.push([
      "Progress",
      `${progress.completedUnits}/${progress.totalUnits} ${progress.units ?? "objects"}${progress.completedUnits < progress.totalUnits ? " (initial cycle running)" : ""}, observed ${when(progress.progressObservationDateTime)}`,
    ]);
  }
  const last = status?.lastExecution;
  if (last) {
    rows.push([
      "Last execution",
      `${when(last.timeBegan)} → ${when(last.timeEnded)}${last.state ? ` (${last.state})` : ""}`,
    ]);
    if (last.error?.message) rows.push(["Last error", `${last.error.code ?? ""} ${last.error.message}`.trim()]);
  }
  if (status?.lastSuccessfulExecution) rows.push(["Last success", when(status.lastSuccessfulExecution.timeEnded)]);
  if (when(status?.steadyStateLastAchievedTime) !== "-") {
    rows.push(["Steady state", `last reached ${when(status?.steadyStateLastAchievedTime)}`]);
  }
  const quarantine = status?.quarantine;
  if (quarantine) {
    rows.push(["Quarantine", `${quarantine.reason ?? "?"} since ${when(quarantine.currentBegan)}`]);
    if (quarantine.nextAttempt) rows.push(["Next attempt", when(quarantine.nextAttempt)]);
    if (quarantine.error?.message) rows.push(["Quarantine error", quarantine.error.message]);
  }
  if (status?.countSuccessiveCompleteFailures) {
    rows.push(["Successive failures", String(status.countSuccessiveCompleteFailures)]);
  }
  const counts = status?.synchronizedEntryCountByType ?? [];
  if (counts.length > 0) rows.push(["Synchronized", counts.map((pair) => `${pair.key}: ${pair.value}`).join(", ")]);
  if (status?.troubleshootingUrl) rows.push(["Troubleshooting", status.troubleshootingUrl]);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) output.print(`${output.out.bold(label.padEnd(width))}  ${value}`);
}
