/**
 * The CLI's one error type. Commands throw a `CliError` carrying a documented exit code; `bin.ts` is the only place
 * that turns it into a process exit. Every error a user can cause carries a message written for that user (no stack
 * trace is printed for them).
 */

/** The documented exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  /** The operation was refused or failed (for example `jobs start` on an Active job without --force). */
  failed: 1,
  /** The command line or an input file is wrong. Nothing was sent. */
  usage: 2,
  /** No credential, a rejected token, or a missing permission (401/403). */
  auth: 3,
  /** The service principal or the job does not exist. */
  notFound: 4,
  /** Still throttled after the client's retries, or a request or `--wait` timed out. */
  throttledOrTimedOut: 5,
  /** `graphsync health`: every job was checked and at least one is not healthy (or could not be read). */
  unhealthy: 6,
  /** Ctrl-C or SIGTERM: whatever was in flight was aborted; the message says what is known to have happened.
   * (bin.ts exits 141 instead when stdout was closed before the end.) */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface CliErrorOptions {
  /** A next step for the user, printed after the message. */
  hint?: string | undefined;
  /** Extra lines (Graph code, request ids, ...) printed between the message and the hint. */
  details?: readonly string[] | undefined;
  cause?: unknown;
}

export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: readonly string[];

  constructor(exitCode: ExitCode, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CliError";
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

/** A CliError, optionally with this exit code. */
export function isCliError(error: unknown, exitCode?: ExitCode): error is CliError {
  return error instanceof CliError && (exitCode === undefined || error.exitCode === exitCode);
}
