/**
 * Sends the batches one after another: each attempt waits for the pacer (40 requests per 5 s) and is counted in the
 * job's daily budget before it goes out; a 429 or 5xx is retried after the service's Retry-After (else a capped
 * backoff), up to `maxAttempts`; every accepted batch is recorded (the checkpoint) before the next one is sent.
 * The client makes one attempt per call here, so every request, retries included, is paced and counted.
 */
import type { Clock } from "../clock.js";
import { CliError, ExitCode, formatDuration, type Output } from "../core.js";
import type { Pacer } from "../rate-pacer.js";
import type { Batch } from "./batches.js";
import type { DailyBudget } from "./state.js";

export interface SendOptions {
  clock: Clock;
  signal: AbortSignal;
  output: Output;
  pacer: Pacer;
  budget: DailyBudget;
  /** Requests allowed to the job in 24 hours. */
  budgetLimit: number;
  maxAttempts: number;
  /** The longest Retry-After honoured; a longer one stops the run (exit 5). */
  maxRetryAfterMs: number;
  /** One attempt: resolves on 202, throws the client's error otherwise. */
  post(batch: Batch, signal: AbortSignal): Promise<void>;
  /** Called once a batch was accepted, before the next is sent (writes the checkpoint). */
  accepted(batch: Batch): Promise<void>;
  /** "batch 3 of 40": for messages. */
  describe(batch: Batch): string;
}

export const MAX_BACKOFF_MS = 30_000;

interface ErrorShape {
  name?: string;
  status?: number;
  retryAfterMs?: number;
  sent?: boolean;
}

/** Refused unapplied (429, 5xx) or never sent: safe and useful to try again. */
export function retryable(error: unknown): boolean {
  const { name, status, sent } = (error ?? {}) as ErrorShape;
  if (name === "GraphError") return status === 429 || (status !== undefined && status >= 500);
  return name === "NetworkError" && sent === false;
}

function budgetExhausted(options: SendOptions, batch: Batch, used: number): CliError {
  return new CliError(
    ExitCode.failed,
    `stopped before ${options.describe(batch)}: the job has had ${used} of its ${options.budgetLimit} bulkUpload requests in the last 24 hours`,
    {
      hint: "the service allows 6,000 a day per job; --resume continues later without resending an accepted batch, or --budget <n> allows more.",
    },
  );
}

/** Sends one batch until it is accepted; throws the last error when it cannot be. */
export async function sendBatch(options: SendOptions, batch: Batch): Promise<number> {
  const { clock, signal, output, budget } = options;
  for (let attempt = 1; ; attempt++) {
    const used = budget.used(clock.now());
    if (used >= options.budgetLimit) throw budgetExhausted(options, batch, used);
    await options.pacer.acquire(signal);
    budget.add(clock.now());
    try {
      await options.post(batch, signal);
      return attempt;
    } catch (error) {
      if (signal.aborted || !retryable(error) || attempt >= options.maxAttempts) throw error;
      const { status, retryAfterMs } = error as ErrorShape;
      const delay = retryAfterMs ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1));
      if (delay > options.maxRetryAfterMs) throw error;
      output.info(
        output.err.dim(
          `${options.describe(batch)}: ${status ?? "not sent"} on attempt ${attempt}, retrying in ${formatDuration(delay)} (Ctrl-C stops; --resume continues)`,
        ),
      );
      await clock.sleep(delay, signal);
    }
  }
}

export interface SendResult {
  /** Batches accepted in this run. */
  sent: number;
  /** Requests made (retries included). */
  requests: number;
}

/** Sends every batch from `skip` on, in order. */
export async function sendAll(options: SendOptions, batches: AsyncIterable<Batch>, skip: number): Promise<SendResult> {
  const result: SendResult = { sent: 0, requests: 0 };
  for await (const batch of batches) {
    if (batch.index < skip) continue;
    options.output.progress(`uploading ${options.describe(batch)}`, new Date(options.clock.now()));
    result.requests += await sendBatch(options, batch);
    await options.accepted(batch);
    result.sent++;
  }
  options.output.endProgress();
  return result;
}
