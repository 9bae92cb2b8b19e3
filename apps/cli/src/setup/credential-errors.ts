import { ExitCode, isCliError } from "../core.js";

/** A 400 from validateCredentials means "these do not work": its message is the reason. */
export function rejectedCredentials(error: unknown): string | undefined {
  if (!isCliError(error, ExitCode.failed) || (error.cause as { status?: number } | undefined)?.status !== 400)
    return undefined;
  const line = error.details.find((detail) => detail.startsWith("Graph: "));
  return line?.replace(/^Graph: \d+ (\S+: )?/, "") ?? error.message;
}
