/**
 * Typed CLI errors. Commands throw these; `bin.ts` is the only place that turns them into a process exit code.
 * Every error a user can cause carries a message written for that user (no stack trace is printed for them).
 */

/** The documented exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  throttledOrTimedOut: 5,
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

  constructor(message: string, exitCode: ExitCode, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CliError";
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

/** Exit 2: the command line or an input file is wrong. Nothing was sent. */
export class UsageError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.usage, options);
    this.name = "UsageError";
  }
}

/** Exit 1: the operation was refused or failed (for example `jobs start` on an Active job without --force). */
export class OperationError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.failed, options);
    this.name = "OperationError";
  }
}

/** Exit 3: no credential, a rejected token, or a missing permission (401/403). */
export class AuthError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.auth, options);
    this.name = "AuthError";
  }
}

/** Exit 4: the service principal or the job does not exist. */
export class NotFoundError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.notFound, options);
    this.name = "NotFoundError";
  }
}

/** Exit 5: still throttled after the client's retries, or a request or `--wait` timed out. */
export class ThrottledOrTimeoutError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.throttledOrTimedOut, options);
    this.name = "ThrottledOrTimeoutError";
  }
}

/** Exit 130: Ctrl-C (SIGINT). Whatever was in flight was aborted; the message says what is known to have happened. */
export class InterruptedError extends CliError {
  constructor(message = "interrupted", options?: CliErrorOptions) {
    super(message, ExitCode.interrupted, options);
    this.name = "InterruptedError";
  }
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}
