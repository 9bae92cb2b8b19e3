/**
 * `jobs start --from`: many safe starts, streamed. Records are read one at a time into a pool of `--concurrency`
 * lanes, each result is printed as soon as it is known (NDJSON with --output json) and only counters are kept, so
 * the retained heap stays flat however many records. A file is checked completely before the first request; stdin
 * cannot be read twice, so there a malformed record stops the run (nothing new is started after it).
 * When the service throttles one lane (429/503 with Retry-After), every lane holds back until that time.
 */

import { validateJobId, validateServicePrincipalId } from "@graphsync/client";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, formatDuration, type OptionValues, stringOption } from "../core.js";
import { graphCall } from "../graph-call.js";
import { formatRequest } from "../http-log.js";
import { runPool } from "../pool.js";
import { type JobRecord, openInput, readRecords } from "../records.js";
import { recordPlannedCalls } from "./shared.js";
import { decideStart } from "./start-decision.js";

export const MAX_CONCURRENCY = 64;

/** `interrupted`: Ctrl-C arrived while this record was in flight (its message says whether start may have been sent). */
export type ItemOutcome = "started" | "refused" | "failed" | "interrupted";

export interface ItemResult {
  type: "result";
  line: number;
  /** The record's position in the input: unique, where `line` repeats for records on one line. */
  record: number;
  servicePrincipalId: string;
  jobId: string;
  outcome: ItemOutcome;
  previousStatus: string | null;
  /** For refused and failed items: why, and the exit code a single start would have had. */
  message?: string;
  exitCode?: number;
  requestId?: string;
}

export interface Summary {
  type: "summary";
  total: number;
  started: number;
  refused: number;
  failed: number;
  interrupted: number;
  elapsedMs: number;
  /** True when Ctrl-C or an input error stopped the run before the end of the input. */
  stopped: boolean;
}

export function parseConcurrency(text: string | undefined): number {
  if (text === undefined) return 4;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new CliError(ExitCode.usage, `invalid --concurrency ${JSON.stringify(text)}`, {
      hint: `a whole number from 1 to ${MAX_CONCURRENCY}.`,
    });
  }
  return value;
}

/** The records, with their ids checked as the client will check them: a bad id is an input error with its line. */
async function* checkedRecords(stream: AsyncIterable<Buffer | string>, source: string): AsyncGenerator<JobRecord> {
  let index = 0;
  for await (const record of readRecords(stream, source)) {
    record.index = ++index;
    try {
      validateServicePrincipalId(record.servicePrincipalId);
      validateJobId(record.jobId);
    } catch (error) {
      throw new CliError(
        ExitCode.usage,
        `${source}, line ${record.line} (record ${index}): ${(error as Error).message}`,
        {
          hint: "servicePrincipalId is the service principal's object id (a GUID); jobId looks like scim.e4bbf44533ea4eabb17027f3a92e92aa.",
        },
      );
    }
    yield record;
  }
}

export async function startMany(
  context: CommandContext,
  from: string,
  values: OptionValues,
  force: boolean,
): Promise<void> {
  const concurrency = parseConcurrency(stringOption(values, "concurrency"));
  const { output, clock } = context;
  const stdin = () => context.runtime.stdin();
  const open = () => openInput(from, from === "-" ? stdin() : (undefined as never));

  // A regular file can be read twice: check all of it before sending anything. A pipe is read once, as stdin is.
  let input = await open();
  if (input.rereadable) {
    let count = 0;
    for await (const _ of checkedRecords(input.stream, input.source)) count++;
    output.info(`${input.source}: ${count} record(s)`);
    input = await open();
  }

  const handle = await context.client();
  if (handle.dryRun) {
    output.info(
      output.err.yellow(
        "dry run: nothing is sent. For each record graphsync would send the GET, then the POST only if the job is one start is meant for:",
      ),
    );
  }
  const summary: Summary = {
    type: "summary",
    total: 0,
    started: 0,
    refused: 0,
    failed: 0,
    interrupted: 0,
    elapsedMs: 0,
    stopped: false,
  };
  const began = clock.now();

  // Throttling seen by one lane holds every lane back until the service's Retry-After has passed.
  let holdUntil = 0;
  const unsubscribe = handle.onRetry((event) => {
    const status = (event.error as { status?: number }).status;
    if (status === 429 || status === 503) holdUntil = Math.max(holdUntil, clock.now() + event.delayMs);
  });
  // The same job twice in a row must not be started twice concurrently: a record waits for an in-flight twin.
  const inFlight = new Map<string, Promise<void>>();

  // An authentication failure (no token, 401, 403) would fail every later record the same way: stop reading.
  const stop = new AbortController();
  const poolSignal = AbortSignal.any([context.signal, stop.signal]);
  let authFailure: ItemResult | undefined;

  const report = (result: ItemResult) => {
    if (result.exitCode === ExitCode.auth && !authFailure) {
      authFailure = result;
      stop.abort();
    }
    summary.total++;
    summary[result.outcome]++;
    if (output.json) {
      output.printJsonLine(result);
      return;
    }
    if (output.quiet && result.outcome === "started") return;
    const mark =
      result.outcome === "started"
        ? output.out.green("started")
        : result.outcome === "refused"
          ? output.out.yellow("refused")
          : output.out.red(result.outcome === "failed" ? "failed " : result.outcome);
    const detail = result.outcome === "started" ? `was ${result.previousStatus ?? "unknown"}` : (result.message ?? "");
    output.print(`line ${result.line}  ${mark}  ${result.servicePrincipalId}  ${result.jobId}  ${detail}`);
  };

  const handleRecord = async (record: JobRecord): Promise<void> => {
    const key = `${record.servicePrincipalId}\u0000${record.jobId}`;
    const twin = inFlight.get(key);
    const work = (async () => {
      if (twin) await twin;
      const wait = holdUntil - clock.now();
      if (wait > 0) await clock.sleep(wait, context.signal);
      await startRecord(context, record, force, report);
    })();
    inFlight.set(key, work);
    try {
      await work;
    } finally {
      if (inFlight.get(key) === work) inFlight.delete(key);
    }
  };

  let inputError: unknown;
  try {
    await runPool(
      checkedRecords(input.stream, input.source),
      // Dry-run output is per record, in input order.
      handle.dryRun ? 1 : concurrency,
      async (record) => {
        if (handle.dryRun) {
          await recordDryRun(context, record);
          return;
        }
        try {
          await handleRecord(record);
        } catch (error) {
          // A record waiting for its throttling hold when Ctrl-C came: it was not started.
          if (!context.signal.aborted) throw error;
          report({
            type: "result",
            line: record.line,
            record: record.index ?? 0,
            servicePrincipalId: record.servicePrincipalId,
            jobId: record.jobId,
            outcome: "interrupted",
            previousStatus: null,
            message: "interrupted before the start request: not started",
            exitCode: ExitCode.interrupted,
          });
        }
      },
      poolSignal,
    );
  } catch (error) {
    inputError = error;
  } finally {
    unsubscribe();
  }

  summary.elapsedMs = clock.now() - began;
  summary.stopped = inputError !== undefined || poolSignal.aborted;
  if (handle.dryRun) {
    if (inputError) throw inputError;
    return;
  }
  if (output.json) output.printJsonLine(summary);
  else {
    const parts = [
      output.err.green(`${summary.started} started`),
      summary.refused ? output.err.yellow(`${summary.refused} refused`) : `${summary.refused} refused`,
      summary.failed ? output.err.red(`${summary.failed} failed`) : `${summary.failed} failed`,
      ...(summary.interrupted ? [output.err.red(`${summary.interrupted} interrupted`)] : []),
    ];
    output.info(
      `${summary.stopped ? "stopped" : "done"}: ${parts.join(", ")} of ${summary.total} in ${formatDuration(summary.elapsedMs)}`,
    );
  }

  if (context.signal.aborted) {
    throw new CliError(ExitCode.interrupted, `stopped after ${summary.total} record(s)`, {
      hint: "each record read so far is reported above; the records after them were not read and not started.",
    });
  }
  if (authFailure) {
    throw new CliError(
      ExitCode.auth,
      `stopped after ${summary.total} record(s): line ${authFailure.line} failed authentication: ${authFailure.message ?? ""}`,
      {
        hint: "every later record would fail the same way, so none was read or started; fix the credential or the permissions, then rerun (started jobs are left alone unless --force).",
      },
    );
  }
  if (inputError) {
    if (inputError instanceof CliError && summary.total > 0) {
      throw new CliError(
        ExitCode.usage,
        `${inputError.message} (the ${summary.total} record(s) before it were handled; nothing after it was started)`,
        {
          hint: inputError.hint,
        },
      );
    }
    throw inputError;
  }
  if (summary.refused + summary.failed > 0) {
    throw new CliError(ExitCode.failed, `${summary.refused + summary.failed} of ${summary.total} job(s) not started`, {
      hint:
        summary.refused > 0
          ? "each refused record says why above; --force starts an Active job anyway (see 'graphsync jobs start --help')."
          : undefined,
    });
  }
}

async function startRecord(
  context: CommandContext,
  record: JobRecord,
  force: boolean,
  report: (result: ItemResult) => void,
): Promise<void> {
  const { servicePrincipalId, jobId, line } = record;
  const index = record.index ?? 0;
  const subject = { servicePrincipalId, jobId };
  let previousStatus: string | null = null;
  let phase: "read" | "start" = "read";
  const item = (outcome: ItemOutcome, details: Pick<ItemResult, "message" | "exitCode" | "requestId"> = {}) =>
    report({ type: "result", line, record: index, servicePrincipalId, jobId, outcome, previousStatus, ...details });
  try {
    const before = await graphCall(context, `could not read job ${jobId}`, subject, (client, signal) =>
      client.getJob(servicePrincipalId, jobId, signal),
    );
    previousStatus = before.status?.code ?? null;
    const decision = decideStart(before, force);
    if (!decision.start) {
      item("refused", { message: decision.reason, exitCode: ExitCode.failed });
      return;
    }
    phase = "start";
    await graphCall(context, `could not start job ${jobId}`, subject, (client, signal) =>
      client.startJob(servicePrincipalId, jobId, signal),
    );
    item("started");
  } catch (error) {
    if (context.signal.aborted) {
      item("interrupted", {
        message:
          phase === "start"
            ? "interrupted while the start request was in flight: it may or may not have reached the service"
            : "interrupted before the start request: not started",
        exitCode: ExitCode.interrupted,
      });
      return;
    }
    const cliError = error instanceof CliError ? error : undefined;
    const cause = cliError?.cause as { requestId?: string } | undefined;
    item("failed", {
      message: cliError ? cliError.message : `unexpected ${(error as Error).name}: ${(error as Error).message}`,
      exitCode: cliError?.exitCode ?? ExitCode.failed,
      ...(cause?.requestId ? { requestId: cause.requestId } : {}),
    });
  }
}

async function recordDryRun(context: CommandContext, record: JobRecord): Promise<void> {
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
