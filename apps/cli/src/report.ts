/** How an invocation's failure is shown: the message, details and hint of a CliError; one line and "a bug" otherwise. */
import { CliError, ExitCode } from "./errors.js";
import type { Output } from "./output.js";

const EXIT_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(ExitCode).map(([name, code]) => [code, name]),
);

/**
 * With --output json, the error as a document on stdout too, so a script reading stdout is never left with nothing
 * (only when nothing was printed there yet: a refusal or a bulk summary already is the document).
 */
export function errorDocument(error: unknown): { error: Record<string, unknown> } {
  const cliError = error instanceof CliError ? error : undefined;
  const cause = (cliError?.cause ?? {}) as {
    code?: unknown;
    status?: unknown;
    requestId?: unknown;
    clientRequestId?: unknown;
  };
  const exitCode = cliError?.exitCode ?? ExitCode.failed;
  const kind = cliError ? (EXIT_NAMES[exitCode] ?? "failed") : "unexpected";
  const message = cliError
    ? cliError.message
    : `unexpected ${(error as Error)?.name ?? "Error"}: ${(error as Error)?.message ?? String(error)}`;
  return {
    error: {
      code: typeof cause.code === "string" ? cause.code : kind,
      kind,
      message,
      ...(cliError?.details.length ? { details: cliError.details } : {}),
      ...(cliError?.hint ? { hint: cliError.hint } : {}),
      ...(typeof cause.status === "number" ? { status: cause.status } : {}),
      requestId: typeof cause.requestId === "string" ? cause.requestId : null,
      clientRequestId: typeof cause.clientRequestId === "string" ? cause.clientRequestId : null,
      exitCode,
    },
  };
}

/** Prints the error on stderr (and with --output json as a document on stdout); returns its exit code. */
export function reportError(error: unknown, output: Output, debug: boolean): number {
  if (!output.wroteResult) output.printErrorDocument(errorDocument(error));
  const style = output.err;
  if (error instanceof CliError) {
    const label = error.exitCode === ExitCode.interrupted ? style.yellow("interrupted:") : style.red("error:");
    output.error(`${label} ${error.message}`);
    for (const line of error.details) output.error(`  ${line}`);
    if (error.hint) output.error(`${style.dim("hint:")} ${error.hint}`);
    if (debug && error.cause instanceof Error && error.cause.stack) output.error(style.dim(error.cause.stack));
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  output.error(`${style.red("error:")} unexpected ${err.name}: ${err.message}`);
  if (debug) {
    if (err.stack) output.error(style.dim(err.stack));
  } else {
    output.error(
      `${style.dim("hint:")} this is a bug in graphsync. Rerun with --verbose (or GRAPHSYNC_DEBUG=1) for details and report it.`,
    );
  }
  return ExitCode.failed;
}
