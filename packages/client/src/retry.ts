/**
 * When a failed attempt is repeated, and after how long.
 *
 * | failure                                                        | idempotent operation | other operations |
 * |----------------------------------------------------------------|----------------------|------------------|
 * | 429 Too Many Requests, 503 Service Unavailable                 | retried              | retried          |
 * | 504 Gateway Timeout                                            | retried              | not retried      |
 * | connection failed before the request was sent (`sent: false`)  | retried              | retried          |
 * | failure after it may have been sent (reset, truncated answer)  | retried              | not retried      |
 * | attempt timed out (`TimeoutError`)                             | retried              | not retried      |
 * | any other status, a validation, auth or abort error            | not retried          | not retried      |
 *
 * 429 and 503 mean the service refused the request without applying it, so even `start` is safe to repeat. A 504
 * or a connection that dies while waiting for the answer leaves it unknown whether the service applied the
 * request: only operations the spec marks `x-idempotent: true` are repeated then.
 *
 * The wait is the service's `Retry-After` (seconds, possibly fractional, or an HTTP date) when it sends one,
 * otherwise exponential backoff with full jitter: a random wait in [0, min(maxDelayMs, baseDelayMs × 2^(n-1))].
 * The client gives up (throwing the last error) after `maxAttempts` attempts, when the wait would end more than
 * `maxElapsedMs` after the call began, or when `Retry-After` asks for more than `maxRetryAfterMs`.
 */
import type { GraphError, NetworkError, TimeoutError } from "./errors.js";
import { invalid } from "./errors.js";
import { checkNumber } from "./options.js";
import { untilAborted } from "./signals.js";

export interface RetryOptions {
  /** Attempts in all, the first included (default 5; 1 disables retries, as does `retry: false`). */
  maxAttempts?: number;
  /** The cap of the first backoff, doubled for each further retry (default 1000 ms). */
  baseDelayMs?: number;
  /** The largest backoff (default 30 000 ms). */
  maxDelayMs?: number;
  /** The longest `Retry-After` the client will wait; a longer one ends the call with the error (default 120 000). */
  maxRetryAfterMs?: number;
  /** No retry starts more than this long after the call began (default 300 000 ms). */
  maxElapsedMs?: number;
  /** Called before each wait: for logs and `--verbose` output. Its exceptions are ignored. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * How the client waits. Must settle when `signal` fires (the client then throws `AbortError`). For tests and
   * fake clocks; the default is `setTimeout`.
   */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

export interface RetryEvent {
  operation: string;
  method: string;
  url: string;
  clientRequestId: string;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** How long the client will wait before the next attempt. */
  delayMs: number;
  /** Why: the service's answer, or the transport failure. */
  error: GraphError | NetworkError | TimeoutError;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  maxElapsedMs: number;
  onRetry: ((event: RetryEvent) => void) | undefined;
  sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const DEFAULTS = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  maxElapsedMs: 300_000,
};

/** @throws {ValidationError} on an option that is not a number ≥ 0 (a whole number ≥ 1 for maxAttempts). */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const given = options || {};
  if (typeof given !== "object") throw invalid("retry", options, "retry options, or false");
  const policy: RetryPolicy = { ...DEFAULTS, onRetry: given.onRetry, sleep: given.sleep ?? sleep };
  for (const key in DEFAULTS) {
    const attempts = key === "maxAttempts";
    const name = key as keyof typeof DEFAULTS;
    policy[name] = checkNumber(`retry.${key}`, given[name], +attempts, undefined, attempts) ?? policy[name];
  }
  if (options === false) policy.maxAttempts = 1;
  return policy;
}

/**
 * Parses `Retry-After`: a number of seconds (`120`, or fractional as Graph sends it, `2.128`) or an HTTP date.
 * Returns milliseconds to wait (0 for a date in the past), or `undefined` when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim() ?? "";
  const ms = SECONDS.test(text)
    ? // Via microseconds: 8.005 * 1000 is 8005.000000000001 in floating point.
      Math.ceil(Math.round(Number(text) * 1e6) / 1000)
    : // An HTTP date always names a day or month; this keeps Date.parse from reading "-1" or "5" as a year.
      LETTER.test(text)
      ? Math.max(0, Date.parse(text) - now)
      : NaN;
  return ms >= 0 ? ms : undefined;
}

const SECONDS = /^\d+(\.\d+)?$/;
const LETTER = /[a-z]/i;

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): spreads a thundering herd evenly. */
export function backoff(policy: RetryPolicy, failedAttempt: number, random = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(random() * cap);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it fires; never leaves a timer behind. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wait = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return untilAborted(wait, signal).finally(() => clearTimeout(timer));
}
