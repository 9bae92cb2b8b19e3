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
import { readBack, startOutcomeUnknown } from "./start-readback.js";

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
    await startMany(context, from, values, {
      force: options.force,
      skipRunning: booleanOption(values, "skip-running"),
    });
    return;
  }
  await startOne(context, values, options);
}

interface JobIds {
  servicePrincipalId: string;
  jobId: string;
}

async function startOne(context: CommandContext, values: OptionValues, options: StartOptions): Promise<void> {
  const jobId = jobOf(values);
  // The calls read the subject's id: an appId given for --sp becomes the object id on the first read.
  const subject = { servicePrincipalId: await servicePrincipalOf(context, values), jobId };
  const read = (signal?: AbortSignal) =>
    graphCall(context, `could not read job ${jobId}`, subject, (client, own) =>
      client.getJob(subject.servicePrincipalId, jobId, signal ?? own),
    );
  const start = () =>
    graphCall(context, `could not start job ${jobId}`, subject, (client, signal) =>
      client.startJob(subject.servicePrincipalId, jobId, signal),
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
    if (output.json) output.printJson({ ...subject, previousStatus, action: "refused", reason: decision.reason });
    throw new CliError(ExitCode.failed, `not starting job ${jobId}: ${decision.reason}`, { hint: decision.hint });
  }
  output.info(`starting job ${jobId}: ${decision.note}`);
  const confirmed = await sendStart(context, { subject, before, start });
  const started = {
    ...subject,
    previousStatus,
    action: "started",
    forced: options.force,
    ...(confirmed ? { confirmedByReading: true } : {}),
  };
  if (options.wait) {
    await follow(context, { subject, before, read, timeoutMs: options.timeoutMs, document: started });
  } else if (output.json) {
    output.printJson(started);
  } else if (!output.quiet) {
    const note = confirmed ? "; confirmed by reading the job" : "";
    output.print(`${output.out.green("started")} job ${jobId} (was ${previousStatus ?? "unknown"}${note})`);
  }
}

interface SendStart {
  subject: JobIds;
  before: SynchronizationJob;
  start(): Promise<void>;
}

/**
 * Sends the start. When its answer is lost, the job is read back instead (the start is never resent): returns true
 * when that shows the job running, throws when it shows it did not start or cannot tell.
 */
async function sendStart(context: CommandContext, { subject, before, start }: SendStart): Promise<boolean> {
  try {
    await start();
    return false;
  } catch (error) {
    if (context.signal.aborted || !startOutcomeUnknown(error) || !(error instanceof CliError)) throw error;
    const seen = await readBack(context, subject, before);
    if (seen.verdict === "started") {
      context.output.info(`the answer to the start was lost (${error.message}): ${seen.message}`);
      return true;
    }
    const notStarted = seen.verdict === "not-started";
    throw new CliError(
      error.exitCode,
      `job ${subject.jobId}: ${notStarted ? seen.message : `outcome unknown: ${seen.message}`}`,
      {
        details: [error.message, ...error.details],
        hint: notStarted
          ? "the start's answer was lost and reading the job shows it did not take effect; nothing was sent again. Run the same command to start it."
          : error.hint,
        cause: error.cause,
      },
    );
  }
}

interface Follow {
  subject: JobIds;
  before: SynchronizationJob;
  read(signal?: AbortSignal): Promise<SynchronizationJob>;
  timeoutMs: number;
  /** The `--output json` document of the start, which gains the wait's outcome. */
  document: Record<string, unknown>;
}

/** `--wait`: follows the started job until it runs (exit 0), is quarantined (1), times out (5) or Ctrl-C (130). */
async function follow(context: CommandContext, { subject, before, read, timeoutMs, document }: Follow): Promise<void> {
  const { output } = context;
  const handle = await context.client();
  // With --emulator the emulator's clock is the service's time (a manual one in tests): --wait follows it.
  const clock = handle.emulator?.clock ?? context.clock;
  const startedAt = clock.now();
  const label = `job ${subject.jobId}`;
  /** `status` is the job's last seen status, if any. */
  const summary = (outcome: string, status: SynchronizationJob["status"] | undefined) => ({
    ...document,
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
    result = await waitUntilRunning({ read, before, timeoutMs, clock, signal: context.signal, output, label });
  } catch (error) {
    // The start was applied either way: a script reading --output json still gets the document, then the exit code.
    if (output.json && (isCliError(error, ExitCode.throttledOrTimedOut) || isCliError(error, ExitCode.interrupted))) {
      output.printJson(summary(isCliError(error, ExitCode.interrupted) ? "interrupted" : "timeout", undefined));
    }
    throw error;
  }
  const status = result.job.status;
  if (output.json) output.printJson(summary(result.outcome, status));
  if (result.outcome === "quarantined") {
    const quarantine = status?.quarantine;
    throw new CliError(ExitCode.failed, `${label} was started but went to Quarantine`, {
      details: [
        `reason: ${quarantine?.reason ?? "unknown"}`,
        ...(quarantine?.error?.message
          ? [`error: ${quarantine.error.code ?? ""} ${quarantine.error.message}`.trim()]
          : []),
      ],
      hint: "fix the cause (often the target app's credentials or a scoping rule), then start it again.",
    });
  }
  if (!output.json && !output.quiet) {
    output.print(
      `${output.out.green("running")} ${label}: ${describeStatus(result.job)} (waited ${formatDuration(result.elapsedMs)})`,
    );
  }
}
