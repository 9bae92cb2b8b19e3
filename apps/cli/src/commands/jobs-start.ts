/**
 * `jobs start`: safe by default. The job is read first and started only when start is what it needs (Paused,
 * Quarantine, or never run); an Active job is left alone unless --force, because Microsoft warns that repeated starts
 * on a running job can make the service stop it. `--wait` follows the job until it runs; `--from` starts many.
 */
import type { SynchronizationJob } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import {
  booleanOption,
  CliError,
  ExitCode,
  formatDuration,
  isCliError,
  type OptionValues,
  parseDuration,
  stringOption,
} from "../core.js";
import { graphCall } from "../graph-call.js";
import { describeStatus, waitUntilRunning } from "../wait.js";
import { jobOf, printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";
import { decideStart } from "./start-decision.js";

interface StartOptions {
  force: boolean;
  wait: boolean;
  timeoutMs: number;
}

function startOptions(values: OptionValues): StartOptions {
  // --timeout without --wait, --concurrency without --from and --from with --sp/--job/--wait are refused by the
  // parser (the declaration's rules).
  return {
    force: booleanOption(values, "force"),
    wait: booleanOption(values, "wait"),
    timeoutMs: parseDuration(stringOption(values, "timeout") ?? "10m", "--timeout"),
  };
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const from = stringOption(values, "from");
  const options = startOptions(values);
  if (from !== undefined) {
    const { startMany } = await import("./jobs-start-bulk.js");
    await startMany(context, from, values, options.force);
    return;
  }
  await startOne(context, values, options);
}

async function startOne(context: CommandContext, values: OptionValues, options: StartOptions): Promise<void> {
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const jobId = jobOf(values);
  const subject = { servicePrincipalId, jobId };
  const read = (signal?: AbortSignal) =>
    graphCall(context, `could not read job ${jobId}`, subject, (client, own) =>
      client.getJob(servicePrincipalId, jobId, signal ?? own),
    );
  const start = () =>
    graphCall(context, `could not start job ${jobId}`, subject, (client, signal) =>
      client.startJob(servicePrincipalId, jobId, signal),
    );
  const handle = await context.client();
  const { output } = context;
  if (handle.dryRun) {
    await recordPlannedCalls([read, start]);
    printDryRun(
      context,
      handle,
      "The POST is sent only if the GET shows the job Paused, Quarantine or NotRun (or with --force).",
    );
    return;
  }

  const before = await read();
  const previousStatus = before.status?.code ?? null;
  const decision = decideStart(before, options.force);
  if (!decision.start) {
    if (output.json)
      output.printJson({ servicePrincipalId, jobId, previousStatus, action: "refused", reason: decision.reason });
    throw new CliError(ExitCode.failed, `not starting job ${jobId}: ${decision.reason}`, { hint: decision.hint });
  }
  output.info(`starting job ${jobId}: ${decision.note}`);
  await start();
  // With --emulator the emulator's clock is the service's time (a manual one in tests): --wait follows it.
  const clock = handle.emulator?.clock ?? context.clock;
  const startedAt = clock.now();
  if (!options.wait) {
    if (output.json)
      output.printJson({ servicePrincipalId, jobId, previousStatus, action: "started", forced: options.force });
    else if (!output.quiet)
      output.print(`${output.out.green("started")} job ${jobId} (was ${previousStatus ?? "unknown"})`);
    return;
  }

  /** The `--output json` document of a start with --wait; `status` is the job's last seen status, if any. */
  const summary = (outcome: string, status: SynchronizationJob["status"] | undefined) => ({
    servicePrincipalId,
    jobId,
    previousStatus,
    action: "started",
    forced: options.force,
    wait: {
      outcome,
      status: status?.code ?? null,
      elapsedMs: clock.now() - startedAt,
      executionBegan: status?.lastExecution?.timeBegan ?? null,
      quarantine: status?.quarantine ?? null,
    },
  });

  let result: Awaited<ReturnType<typeof waitUntilRunning>>;
  try {
    result = await waitUntilRunning({
      read: (signal) => read(signal),
      before,
      timeoutMs: options.timeoutMs,
      clock,
      signal: context.signal,
      output,
      label: `job ${jobId}`,
    });
  } catch (error) {
    // The start was applied either way: a script reading --output json still gets the document, then the exit code.
    if (output.json && (isCliError(error, ExitCode.throttledOrTimedOut) || isCliError(error, ExitCode.interrupted))) {
      output.printJson(summary(isCliError(error, ExitCode.interrupted) ? "interrupted" : "timeout", undefined));
    }
    throw error;
  }
  const status = result.job.status;
  if (result.outcome === "quarantined") {
    if (output.json) output.printJson(summary(result.outcome, status));
    const quarantine = status?.quarantine;
    throw new CliError(ExitCode.failed, `job ${jobId} was started but went to Quarantine`, {
      details: [
        `reason: ${quarantine?.reason ?? "unknown"}`,
        ...(quarantine?.error?.message
          ? [`error: ${quarantine.error.code ?? ""} ${quarantine.error.message}`.trim()]
          : []),
      ],
      hint: "fix the cause (often the target app's credentials or a scoping rule), then start it again.",
    });
  }
  if (output.json) output.printJson(summary(result.outcome, status));
  else if (!output.quiet) {
    output.print(
      `${output.out.green("running")} job ${jobId}: ${describeStatus(result.job)} (waited ${formatDuration(result.elapsedMs)})`,
    );
  }
}
