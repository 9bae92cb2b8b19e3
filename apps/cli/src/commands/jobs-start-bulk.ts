/**
 * `jobs start --from`: many safe starts, streamed. Records are read one at a time into a pool of `--concurrency`
 * lanes, each result is printed as soon as it is known (NDJSON with --output json) and only counters are kept, so
 * the retained heap stays flat however many records. A file is checked completely before the first request; stdin
 * cannot be read twice, so there a malformed record stops the run (nothing new is started after it).
 * When the service throttles one lane (429/503 with Retry-After), every lane holds back until that time.
 */

import { validateJobId, validateServicePrincipalId } from "@graphsync/client";
import type { ClientHandle } from "../client-handle.js";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, type OptionValues, stringOption } from "../core.js";
import { runPool } from "../pool.js";
import { type JobRecord, openInput, type ReadOptions, readRecords } from "../records.js";
import { type RecordOptions, recordDryRun, startRecord } from "./bulk-record.js";
import { BulkResults, type ItemResult } from "./bulk-results.js";

export type { ItemOutcome, ItemResult, Summary } from "./bulk-results.js";

export const MAX_CONCURRENCY = 64;

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
async function* checkedRecords(
  stream: AsyncIterable<Buffer | string>,
  source: string,
  options: ReadOptions = {},
): AsyncGenerator<JobRecord> {
  let index = 0;
  for await (const record of readRecords(stream, source, options)) {
    record.index = ++index;
    try {
      validateServicePrincipalId(record.servicePrincipalId);
      validateJobId(record.jobId);
    } catch (error) {
      const bad = new CliError(
        ExitCode.usage,
        `${source}, line ${record.line} (record ${index}): ${(error as Error).message}`,
        {
          hint: "servicePrincipalId is the service principal's object id (a GUID); jobId looks like scim.e4bbf44533ea4eabb17027f3a92e92aa.",
        },
      );
      if (!options.onBadRecord) throw bad;
      options.onBadRecord(bad);
      continue;
    }
    yield record;
  }
}

/** How many bad records of a file are listed (all are counted). */
export const MAX_BAD_RECORDS_SHOWN = 20;

/** Every bad record of a checked file, as one usage error: the first ones listed, all counted. */
function badInput(source: string, bad: readonly CliError[], badCount: number, total: number): CliError {
  const [first] = bad;
  if (badCount === 1 && first) return first;
  const more = badCount - bad.length;
  return new CliError(ExitCode.usage, `${source}: ${badCount} of ${total} records are bad; nothing was sent`, {
    details: [...bad.map((error) => error.message), ...(more > 0 ? [`… and ${more} more`] : [])],
    hint: first?.hint,
  });
}

/** Opens the input; a regular file is checked completely first (it can be read twice), a pipe is read once. */
async function openChecked(context: CommandContext, from: string) {
  const open = () => openInput(from, from === "-" ? context.runtime.stdin() : (undefined as never));
  const input = await open();
  if (!input.rereadable) return input;
  let count = 0;
  let badCount = 0;
  const bad: CliError[] = [];
  const onBadRecord = (error: CliError) => {
    badCount++;
    if (bad.length < MAX_BAD_RECORDS_SHOWN) bad.push(error);
  };
  for await (const _ of checkedRecords(input.stream, input.source, { onBadRecord })) count++;
  if (badCount > 0) throw badInput(input.source, bad, badCount, count + badCount);
  context.output.info(`${input.source}: ${count} record(s)`);
  return open();
}

/**
 * Runs each record's work in turn with the others: the same job twice is never handled by two lanes at once, and
 * throttling seen by one lane holds every lane back until the service's Retry-After has passed.
 */
function scheduler(context: CommandContext, handle: ClientHandle) {
  const { clock } = context;
  let holdUntil = 0;
  const unsubscribe = handle.onRetry((event) => {
    const status = (event.error as { status?: number }).status;
    if (status === 429 || status === 503) holdUntil = Math.max(holdUntil, clock.now() + event.delayMs);
  });
  const inFlight = new Map<string, Promise<void>>();
  const schedule = async (record: JobRecord, work: () => Promise<void>): Promise<void> => {
    const key = `${record.servicePrincipalId}\u0000${record.jobId}`;
    const twin = inFlight.get(key);
    const running = (async () => {
      if (twin) await twin;
      const wait = holdUntil - clock.now();
      if (wait > 0) await clock.sleep(wait, context.signal);
      await work();
    })();
    inFlight.set(key, running);
    try {
      await running;
    } finally {
      if (inFlight.get(key) === running) inFlight.delete(key);
    }
  };
  return { schedule, close: unsubscribe };
}

function interruptedBeforeStart(record: JobRecord): ItemResult {
  return {
    type: "result",
    line: record.line,
    record: record.index ?? 0,
    servicePrincipalId: record.servicePrincipalId,
    jobId: record.jobId,
    outcome: "interrupted",
    previousStatus: null,
    message: "interrupted before the start request: not started",
    exitCode: ExitCode.interrupted,
  };
}

export async function startMany(
  context: CommandContext,
  from: string,
  values: OptionValues,
  options: RecordOptions,
): Promise<void> {
  const concurrency = parseConcurrency(stringOption(values, "concurrency"));
  const { output, clock } = context;
  const input = await openChecked(context, from);
  const handle = await context.client();
  if (handle.dryRun) {
    output.info(
      output.err.yellow(
        "dry run: nothing is sent. For each record graphsync would send the GET, then the POST only if the job is one start is meant for:",
      ),
    );
  }
  const began = clock.now();
  // An authentication failure (no token, 401, 403) would fail every later record the same way: stop reading.
  const stop = new AbortController();
  const poolSignal = AbortSignal.any([context.signal, stop.signal]);
  const results = new BulkResults(context, () => stop.abort());
  const lanes = scheduler(context, handle);
  const report = (result: ItemResult) => results.report(result);

  let inputError: unknown;
  try {
    // Dry-run output is per record, in input order.
    await runPool(
      checkedRecords(input.stream, input.source),
      handle.dryRun ? 1 : concurrency,
      async (record) => {
        if (handle.dryRun) return recordDryRun(context, record);
        try {
          await lanes.schedule(record, () => startRecord(context, record, options, report));
        } catch (error) {
          // A record waiting for its throttling hold when Ctrl-C came: it was not started.
          if (!context.signal.aborted) throw error;
          report(interruptedBeforeStart(record));
        }
      },
      poolSignal,
    );
  } catch (error) {
    inputError = error;
  } finally {
    lanes.close();
  }
  if (handle.dryRun) {
    if (inputError) throw inputError;
    return;
  }
  results.summary.elapsedMs = clock.now() - began;
  results.summary.stopped = inputError !== undefined || poolSignal.aborted;
  results.printSummary();
  const failure = results.finalError(context.signal.aborted, inputError);
  if (failure) throw failure;
}
