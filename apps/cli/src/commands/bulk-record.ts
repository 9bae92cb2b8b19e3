/**
 * One record of a bulk start: the safe start (read, decide, start), a read-back when the start's answer was lost,
 * and exactly one result reported, whatever happens. Also what --dry-run prints for a record.
 */
import type { SynchronizationJob } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode } from "../core.js";
import { graphCall } from "../graph-call.js";
import { formatRequest } from "../http-log.js";
import type { JobRecord } from "../records.js";
import type { ItemOutcome, ItemResult } from "./bulk-results.js";
import { recordPlannedCalls } from "./shared.js";
import { decideStart } from "./start-decision.js";
import { readBack, startOutcomeUnknown } from "./start-readback.js";

export interface RecordOptions {
  force: boolean;
  /** An Active job counts as done (`already-running`) instead of refused. */
  skipRunning: boolean;
}

type Details = Pick<ItemResult, "message" | "exitCode" | "requestId" | "confirmedByReading">;

function failure(error: unknown): Details {
  const cliError = error instanceof CliError ? error : undefined;
  const cause = cliError?.cause as { requestId?: string } | undefined;
  return {
    message: cliError ? cliError.message : `unexpected ${(error as Error).name}: ${(error as Error).message}`,
    exitCode: cliError?.exitCode ?? ExitCode.failed,
    ...(cause?.requestId ? { requestId: cause.requestId } : {}),
  };
}

export async function startRecord(
  context: CommandContext,
  record: JobRecord,
  options: RecordOptions,
  report: (result: ItemResult) => void,
): Promise<void> {
  const { servicePrincipalId, jobId, line } = record;
  const subject = { servicePrincipalId, jobId };
  let previousStatus: string | null = null;
  let phase: "read" | "start" = "read";
  const item = (outcome: ItemOutcome, details: Details = {}) =>
    report({ type: "result", line, record: record.index ?? 0, ...subject, outcome, previousStatus, ...details });
  try {
    const before = await graphCall(context, `could not read job ${jobId}`, subject, (client, signal) =>
      client.getJob(servicePrincipalId, jobId, signal),
    );
    previousStatus = before.status?.code ?? null;
    if (options.skipRunning && previousStatus === "Active") return item("already-running");
    const decision = decideStart(before, options.force);
    if (!decision.start) return item("refused", { message: decision.reason, exitCode: ExitCode.failed });
    phase = "start";
    try {
      await graphCall(context, `could not start job ${jobId}`, subject, (client, signal) =>
        client.startJob(servicePrincipalId, jobId, signal),
      );
    } catch (error) {
      if (context.signal.aborted || !startOutcomeUnknown(error)) throw error;
      return item(...(await resolveLostAnswer(context, subject, before, error)));
    }
    item("started");
  } catch (error) {
    if (!context.signal.aborted) return item("failed", failure(error));
    item("interrupted", {
      message:
        phase === "start"
          ? "interrupted while the start request was in flight: it may or may not have reached the service"
          : "interrupted before the start request: not started",
      exitCode: ExitCode.interrupted,
    });
  }
}

/** The start's answer was lost: what reading the job back shows decides the record (the start is not resent). */
async function resolveLostAnswer(
  context: CommandContext,
  subject: { servicePrincipalId: string; jobId: string },
  before: SynchronizationJob,
  error: unknown,
): Promise<[ItemOutcome, Details]> {
  const seen = await readBack(context, subject, before);
  if (seen.verdict === "started") return ["started", { message: seen.message, confirmedByReading: true }];
  const lost = failure(error);
  return [
    "failed",
    {
      ...lost,
      message: `${seen.verdict === "not-started" ? seen.message : `outcome unknown: ${seen.message}`}; ${lost.message}`,
    },
  ];
}

export async function recordDryRun(context: CommandContext, record: JobRecord): Promise<void> {
  const handle = await context.client();
  const { servicePrincipalId, jobId } = record;
  const subject = { servicePrincipalId, jobId };
  await recordPlannedCalls([
    () =>
      graphCall(context, `could not read job ${jobId} (line ${record.line})`, subject, (client, signal) =>
        client.getJob(servicePrincipalId, jobId, signal),
      ),
    () =>
      graphCall(context, `could not start job ${jobId} (line ${record.line})`, subject, (client, signal) =>
        client.startJob(servicePrincipalId, jobId, signal),
      ),
  ]);
  const { output } = context;
  const requests = handle.dryRun?.take() ?? [];
  if (output.json) {
    for (const request of requests) output.printJsonLine({ type: "request", line: record.line, ...request });
    return;
  }
  output.print(output.out.dim(`# line ${record.line}: ${servicePrincipalId} ${jobId}`));
  for (const request of requests) output.print(`${formatRequest(request)}\n`);
}
