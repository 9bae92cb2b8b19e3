/**
 * `--wait`: follow a job after start until it is running (Active, with an execution that began after the start) or
 * has failed (Quarantine with a new quarantine), polling with capped exponential backoff. Ctrl-C aborts the
 * in-flight read and the pending sleep; the start itself is never undone or repeated.
 */
import type { SynchronizationJob } from "@graphsync/types";
import type { Clock } from "./clock.js";
import { CliError, ExitCode, formatDuration, isCliError, type Output } from "./core.js";

export type WaitOutcome = "running" | "quarantined";

export interface WaitResult {
  outcome: WaitOutcome;
  job: SynchronizationJob;
  elapsedMs: number;
  polls: number;
}

export interface WaitOptions {
  /** Reads the job (aborting with the signal). */
  read(signal: AbortSignal): Promise<SynchronizationJob>;
  /** The job as read before the start: what "new" is measured against. */
  before: SynchronizationJob;
  timeoutMs: number;
  clock: Clock;
  signal: AbortSignal;
  output: Output;
  /** "job scim.123": for the progress line. */
  label: string;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;
const FACTOR = 1.6;

function time(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const parsed = Date.parse(value);
  // "0001-01-01T00:00:00Z" and empty strings mean "never" in real payloads.
  return Number.isNaN(parsed) || parsed <= 0 ? undefined : parsed;
}

function executionBegan(job: SynchronizationJob): number | undefined {
  return time(job.status?.lastExecution?.timeBegan);
}

function quarantineBegan(job: SynchronizationJob): number | undefined {
  return time(job.status?.quarantine?.currentBegan);
}

interface Progress {
  completed: number;
  total: number;
  observed: number | undefined;
}

function progressOf(job: SynchronizationJob): Progress | undefined {
  const progress = job.status?.progress?.[0];
  if (!progress || typeof progress.completedUnits !== "number") return undefined;
  return {
    completed: progress.completedUnits,
    total: progress.totalUnits ?? 0,
    observed: time(progress.progressObservationDateTime),
  };
}

/**
 * Running: Active, and an execution observably began after the start: a later `lastExecution`, or an initial cycle
 * whose progress moved past where it stood before the start (the service reports an initial cycle's progress while
 * it runs, and its `lastExecution` only when it ends).
 */
export function isRunning(job: SynchronizationJob, before: SynchronizationJob): boolean {
  if (job.status?.code !== "Active") return false;
  const began = executionBegan(job);
  const previous = executionBegan(before);
  if (began !== undefined && (previous === undefined || began > previous)) return true;
  const now = progressOf(job);
  if (now === undefined) return false;
  const then = progressOf(before);
  if (then === undefined) return now.completed > 0;
  const observedLater = now.observed !== undefined && (then.observed === undefined || now.observed > then.observed);
  return observedLater && now.completed > then.completed;
}

/** Failed: in Quarantine, and not just the quarantine that start was meant to clear. */
export function isNewlyQuarantined(job: SynchronizationJob, before: SynchronizationJob): boolean {
  if (job.status?.code !== "Quarantine") return false;
  if (before.status?.code !== "Quarantine") return true;
  const now = quarantineBegan(job);
  const then = quarantineBegan(before);
  return now !== undefined && (then === undefined || now > then);
}

export function describeStatus(job: SynchronizationJob): string {
  const code = job.status?.code ?? "unknown";
  const progress = progressOf(job);
  if (progress && progress.total > 0 && progress.completed < progress.total) {
    return `${code}, initial cycle ${progress.completed}/${progress.total} objects`;
  }
  const began = executionBegan(job);
  return began === undefined ? code : `${code}, last execution began ${new Date(began).toISOString()}`;
}

/** The progress line while waiting: what is known, and what is still awaited. */
export function waitingStatus(job: SynchronizationJob, before: SynchronizationJob): string {
  const code = job.status?.code ?? "unknown";
  if (code !== "Active") return `${code} (the start is not visible yet)`;
  const progress = progressOf(job);
  if (progress && progress.total > 0 && progress.completed < progress.total) {
    return `Active, initial cycle at ${progress.completed}/${progress.total} objects, waiting for it to move`;
  }
  const began = executionBegan(before);
  return `Active, waiting for an execution to begin${began === undefined ? "" : ` (the last one began ${new Date(began).toISOString()})`}`;
}

export async function waitUntilRunning(options: WaitOptions): Promise<WaitResult> {
  const { clock, output, signal } = options;
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  let delay = options.firstDelayMs ?? FIRST_DELAY_MS;
  const maxDelay = options.maxDelayMs ?? MAX_DELAY_MS;
  let polls = 0;
  let last = describeStatus(options.before);
  output.progress(
    `waiting for ${options.label} to run (timeout ${formatDuration(options.timeoutMs)}; Ctrl-C stops waiting)`,
    new Date(clock.now()),
  );
  try {
    for (;;) {
      const remaining = deadline - clock.now();
      if (remaining <= 0) {
        throw new CliError(
          ExitCode.throttledOrTimedOut,
          `${options.label} was started but is not running after ${formatDuration(options.timeoutMs)}`,
          {
            details: [`last seen: ${last}`],
            hint: "the start was sent and stays in effect; follow it with 'graphsync jobs get', or wait longer with --timeout.",
          },
        );
      }
      await clock.sleep(Math.min(delay, remaining), signal);
      delay = Math.min(maxDelay, Math.round(delay * FACTOR));
      const job = await options.read(signal);
      polls++;
      last = waitingStatus(job, options.before);
      const elapsedMs = clock.now() - started;
      if (isRunning(job, options.before)) return { outcome: "running", job, elapsedMs, polls };
      if (isNewlyQuarantined(job, options.before)) return { outcome: "quarantined", job, elapsedMs, polls };
      output.progress(`waiting for ${options.label}: ${last} (${formatDuration(elapsedMs)})`, new Date(clock.now()));
    }
  } catch (error) {
    if (signal.aborted && !isCliError(error, ExitCode.throttledOrTimedOut)) {
      throw new CliError(ExitCode.interrupted, `stopped waiting for ${options.label}`, {
        details: [`last seen: ${last}`],
        hint: "the start request had completed: the job keeps running on the service. Nothing else was sent.",
      });
    }
    throw error;
  } finally {
    output.endProgress();
  }
}
