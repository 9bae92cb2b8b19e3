/** How an invocation's failure is shown: the message, details and hint of a CliError; one line and "a bug" otherwise. */
import { CliError, ExitCode } from "./errors.js";
import type { Output } from "./output.js";

/** Prints the error on stderr and returns the exit code it stands for. */
export function reportError(error: unknown, output: Output, debug: boolean): number {
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
