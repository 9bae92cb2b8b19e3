/**
 * The sending half of `upload`: read the job (refuse one that is not Active), check the checkpoint and the daily
 * budget, then send the batches paced, recording each accepted one before the next goes out.
 */
import type { ClientHandle } from "../client-handle.js";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, isCliError } from "../core.js";
import { graphCall } from "../graph-call.js";
import type { Subject } from "../graph-errors.js";
import { Pacer } from "../rate-pacer.js";
import type { Batch } from "../upload/batches.js";
import { toBulkRequest } from "../upload/bulk-request.js";
import type { UploadSummary } from "../upload/report.js";
import { sendAll } from "../upload/send.js";
import {
  type Checkpoint,
  type CheckpointKey,
  checkpointPath,
  DailyBudget,
  readCheckpoint,
  stateDirectory,
  writeAtomically,
} from "../upload/state.js";
import { batchesOf, type Prepared } from "./upload-prepare.js";

export const MAX_ATTEMPTS = 10;
export const MAX_RETRY_AFTER_MS = 120_000;

export interface Sent {
  summary: UploadSummary;
  /** Every uploaded externalId (this run's and the resumed ones'): what --wait looks for. */
  externalIds: string[] | undefined;
  /** When the upload's first batch was sent (an earlier run's, when resumed). */
  startedAt: number;
}

async function preflight(context: CommandContext, subject: Subject & { jobId: string }, force: boolean) {
  const job = await graphCall(context, `could not read job ${subject.jobId}`, subject, (handle, signal) =>
    handle.getJob(subject.servicePrincipalId as string, subject.jobId, signal),
  );
  const code = job.status?.code ?? "unknown";
  if (code === "Active") return;
  if (force) {
    context.output.warn(
      `job ${subject.jobId} is ${code}: uploading anyway (--force); it processes nothing until it runs.`,
    );
    return;
  }
  throw new CliError(ExitCode.failed, `not uploading to job ${subject.jobId}: it is ${code}, not Active`, {
    hint: `a ${code} job answers 202 and silently processes nothing. Start it first ('graphsync jobs start --sp ${subject.servicePrincipalId} --job ${subject.jobId}'), or add --force to upload anyway.`,
  });
}

interface Resumption {
  skip: number;
  startedAt: number | undefined;
}

function resumption(
  prepared: Prepared,
  existing: Checkpoint | undefined,
  path: string,
  context: CommandContext,
): Resumption {
  const { options, plan, input, jobId } = prepared;
  if (existing && !existing.done && !options.resume) {
    throw new CliError(
      ExitCode.failed,
      `an earlier upload of ${input.source} to job ${jobId} stopped after ${existing.accepted} of ${existing.batches} batch(es)`,
      {
        hint: `add --resume to send the rest (the accepted batches are not sent again); to send everything again, delete ${path}.`,
      },
    );
  }
  if (!options.resume) return { skip: 0, startedAt: undefined };
  if (!existing) {
    context.output.info("--resume: no checkpoint for this input, job and mapping: uploading from the start.");
    return { skip: 0, startedAt: undefined };
  }
  const skip = existing.done ? plan.batches : existing.accepted;
  context.output.info(
    existing.done
      ? `--resume: this upload was completed on ${existing.updatedAt}; nothing to send.`
      : `--resume: ${existing.accepted} of ${plan.batches} batch(es) were accepted on ${existing.updatedAt}; sending the rest.`,
  );
  return { skip, startedAt: Date.parse(existing.startedAt) };
}

function checkBudget(used: number, needed: number, limit: number): void {
  if (needed === 0 || used + needed <= limit) return;
  throw new CliError(
    ExitCode.failed,
    `this upload needs ${needed} bulkUpload request(s), and the job has had ${used} of its ${limit} in the last 24 hours`,
    {
      hint: "the service allows 6,000 requests per job per day (about 300,000 records): send it later, or give --budget <n> to allow more.",
    },
  );
}

/** The ids of every batch while passing them on (for --wait), whether sent now or before. */
async function* collecting(batches: AsyncIterable<Batch>, ids: string[] | undefined): AsyncGenerator<Batch> {
  for await (const batch of batches) {
    ids?.push(...batch.externalIds);
    yield batch;
  }
}

async function stopped(error: unknown, context: CommandContext, accepted: number, batches: number): Promise<unknown> {
  if (isCliError(error)) return error;
  const progress = `${accepted} of ${batches} batch(es) accepted`;
  if (context.signal.aborted) {
    return new CliError(ExitCode.interrupted, `upload stopped: ${progress}`, {
      hint: "--resume sends the rest (a batch in flight when it stopped may be sent again: the job treats a repeated record as an update).",
    });
  }
  const { toCliError } = await import("../graph-errors.js");
  const cliError = await toCliError(error, `upload stopped at batch ${accepted + 1} (${progress})`);
  if (!isCliError(cliError)) return cliError;
  return new CliError(cliError.exitCode, cliError.message, {
    details: cliError.details,
    hint: `${cliError.hint ? `${cliError.hint} ` : ""}Then --resume sends the rest without resending an accepted batch.`,
    cause: cliError.cause,
  });
}

export async function sendUpload(context: CommandContext, prepared: Prepared): Promise<Sent> {
  const { output } = context;
  const { plan, options, input, clock } = prepared;
  const subject: Subject & { jobId: string } = {
    servicePrincipalId: prepared.servicePrincipalId,
    jobId: prepared.jobId,
  };
  await preflight(context, subject, options.force);
  const servicePrincipalId = subject.servicePrincipalId as string;
  const { jobId } = prepared;
  const dir = options.stateDir ?? stateDirectory(context.env);
  const key: CheckpointKey = { servicePrincipalId, jobId, inputHash: plan.hash, optionsHash: prepared.optionsHash };
  const path = checkpointPath(dir, key);
  const { skip, startedAt: resumedAt } = resumption(prepared, await readCheckpoint(path, key), path, context);
  const budget = new DailyBudget(dir, servicePrincipalId, jobId);
  await budget.load();
  checkBudget(budget.used(clock.now()), plan.batches - skip, options.budget);

  const began = clock.now();
  const startedAt = resumedAt ?? began;
  let accepted = skip;
  const handle: ClientHandle = await context.client();
  const ids = options.wait ? [] : undefined;
  const checkpoint = (done: number): Checkpoint => ({
    ...key,
    version: 1,
    source: input.source,
    batches: plan.batches,
    accepted: done,
    startedAt: new Date(startedAt).toISOString(),
    updatedAt: new Date(clock.now()).toISOString(),
    done: done === plan.batches,
  });
  let result = { sent: 0, requests: 0 };
  try {
    result = await sendAll(
      {
        clock,
        signal: context.signal,
        output,
        pacer: new Pacer({ ...options.pace, clock }),
        budget,
        budgetLimit: options.budget,
        maxAttempts: MAX_ATTEMPTS,
        maxRetryAfterMs: MAX_RETRY_AFTER_MS,
        describe: (batch) => `batch ${batch.index + 1} of ${plan.batches}`,
        post: async (batch, signal) => {
          await handle.bulkUpload(servicePrincipalId, jobId, toBulkRequest(batch), signal);
        },
        accepted: async (batch) => {
          accepted = batch.index + 1;
          await writeAtomically(path, checkpoint(accepted));
          await budget.save(clock.now());
        },
      },
      collecting(batchesOf(prepared), ids),
      skip,
    );
  } catch (error) {
    throw await stopped(error, context, accepted, plan.batches);
  } finally {
    output.endProgress();
    await budget.save(clock.now()).catch(() => {});
  }
  if (plan.batches === skip && skip > 0) await writeAtomically(path, checkpoint(plan.batches));
  const summary = summaryOf(prepared, {
    servicePrincipalId,
    skip,
    ...result,
    startedAt,
    elapsedMs: clock.now() - began,
  });
  return { summary, externalIds: ids, startedAt };
}

interface RunFigures {
  servicePrincipalId: string;
  skip: number;
  sent: number;
  requests: number;
  startedAt: number;
  elapsedMs: number;
}

function summaryOf({ plan, input, jobId }: Prepared, run: RunFigures): UploadSummary {
  return {
    servicePrincipalId: run.servicePrincipalId,
    jobId,
    source: input.source,
    records: plan.records,
    uploaded: plan.uploads,
    duplicatesDropped: plan.dropped,
    batches: plan.batches,
    sent: run.sent,
    resumed: run.skip,
    requests: run.requests,
    startedAt: new Date(run.startedAt).toISOString(),
    elapsedMs: run.elapsedMs,
  };
}
