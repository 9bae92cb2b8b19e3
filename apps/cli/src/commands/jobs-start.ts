/**
 * `jobs start`: safe by default. The job is read first and started only when start is what it needs (Paused,
 * Quarantine, or never run); an Active job is left alone unless --force, because Microsoft warns that repeated starts
 * on a running job can make the service stop it. `--wait` follows the job until it runs; `--from` starts many.
 */
import type { SynchronizationJob } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import {
  booleanOption,
  formatDuration,
  InterruptedError,
  OperationError,
  type OptionValues,
  parseDuration,
  quote,
  stringOption,
  ThrottledOrTimeoutError,
  UsageError,
} from "../core.js";
import { graphCall } from "../graph-call.js";
import { describeStatus, waitUntilRunning } from "../wait.js";
import { jobOf, printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";

export type StartDecision = { start: true; note: string } | { start: false; reason: string; hint: string };

const ACTIVE_HINT =
  "Microsoft warns that calling start repeatedly on a running job can make the service stop it; start is meant for Paused or Quarantine jobs. To process everything again use 'graphsync jobs restart'; to start anyway, add --force.";

/** What start should do for a job in this state. Pure: the table in the README is this function. */
export function decideStart(job: SynchronizationJob, force: boolean): StartDecision {
  const code = job.status?.code;
  switch (code) {
    case "Paused":
      return { start: true, note: "it was Paused: it continues from where it stopped." };
    case "Quarantine": {
      const reason = job.status?.quarantine?.reason;
      return {
        start: true,
        note: `it was in Quarantine${reason ? ` (${reason})` : ""}: start clears the quarantine; if the cause is not fixed, the service quarantines it again.`,
      };
    }
    case "NotRun":
      return { start: true, note: "it has never run: this starts its first cycle." };
    case "NotConfigured":
      if (force) return { start: true, note: "it is NotConfigured: starting anyway because of --force." };
      return {
        start: false,
        reason: "it is NotConfigured (provisioning was never set up)",
        hint: "save its admin credentials and mappings first (portal: Provisioning > Admin credentials > Test connection > Save); start then begins its first cycle. --force sends the start anyway.",
      };
    case "Active":
      if (force) return { start: true, note: "it is Active: starting anyway because of --force." };
      return { start: false, reason: "it is Active (already running)", hint: ACTIVE_HINT };
    default:
      if (force)
        return { start: true, note: `its status is ${quote(String(code))}: starting anyway because of --force.` };
      return {
        start: false,
        reason: `its status ${code === undefined ? "is missing" : `${quote(String(code))} is not one graphsync knows`}`,
        hint: "read it with 'graphsync jobs get'; add --force to start it anyway.",
      };
  }
}

interface StartOptions {
  force: boolean;
  wait: boolean;
  timeoutMs: number;
}

function startOptions(values: OptionValues): StartOptions {
  const wait = booleanOption(values, "wait");
  const timeoutText = stringOption(values, "timeout");
  if (timeoutText !== undefined && !wait) {
    throw new UsageError("--timeout applies only with --wait", {
      hint: "add --wait to follow the job after starting it.",
    });
  }
  return { force: booleanOption(values, "force"), wait, timeoutMs: parseDuration(timeoutText ?? "10m", "--timeout") };
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const from = stringOption(values, "from");
  const options = startOptions(values);
  if (from !== undefined) {
    for (const single of ["sp", "job", "wait"]) {
      if (values[single] !== undefined && values[single] !== false) {
        throw new UsageError(`--${single} cannot be combined with --from`, {
          hint:
            single === "wait"
              ? "--wait follows one job; after a bulk start, follow jobs with 'graphsync jobs get'."
              : "--from reads the service principal and job of each record from the file.",
        });
      }
    }
    const { startMany } = await import("./jobs-start-bulk.js");
    await startMany(context, from, values, options.force);
    return;
  }
  if (values.concurrency !== undefined) {
    throw new UsageError("--concurrency applies only with --from", {
      hint: "a single start has nothing to run in parallel.",
    });
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
    throw new OperationError(`not starting job ${jobId}: ${decision.reason}`, { hint: decision.hint });
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
    if (output.json && (error instanceof ThrottledOrTimeoutError || error instanceof InterruptedError)) {
      output.printJson(summary(error instanceof InterruptedError ? "interrupted" : "timeout", undefined));
    }
    throw error;
  }
  const status = result.job.status;
  if (result.outcome === "quarantined") {
    if (output.json) output.printJson(summary(result.outcome, status));
    const quarantine = status?.quarantine;
    throw new OperationError(`job ${jobId} was started but went to Quarantine`, {
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
