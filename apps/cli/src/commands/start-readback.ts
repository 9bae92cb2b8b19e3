/**
 * A start whose answer was lost (the connection failed after the request may have reached the service) is resolved
 * by reading the job back, a GET that is safe to retry. The start itself is never sent again on that evidence: the
 * service may not show a start at once, and a repeated start on a running job can make the service stop it.
 */
import type { SynchronizationJob } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import { CliError } from "../core.js";
import { graphCall } from "../graph-call.js";

/** What the read-back showed: started, not started, or nothing that tells (with why). */
export type ReadBack =
  | { verdict: "started"; job: SynchronizationJob; message: string }
  | { verdict: "not-started"; job: SynchronizationJob; message: string }
  | { verdict: "unknown"; message: string };

/** True when a start failed in a way that leaves its outcome unknown: it may have been applied. */
export function startOutcomeUnknown(error: unknown): boolean {
  const cause = error instanceof CliError ? error.cause : error;
  if (!(cause instanceof Error)) return false;
  if (cause.name === "TimeoutError") return true;
  return cause.name === "NetworkError" && (cause as { sent?: boolean }).sent !== false;
}

/** Reads the job after a start with a lost answer and says what the job shows, compared with before the start. */
export async function readBack(
  context: CommandContext,
  ids: { servicePrincipalId: string; jobId: string },
  before: SynchronizationJob,
): Promise<ReadBack> {
  const { servicePrincipalId, jobId } = ids;
  let job: SynchronizationJob;
  try {
    job = await graphCall(context, `could not read job ${jobId} back`, ids, (client, signal) =>
      client.getJob(servicePrincipalId, jobId, signal),
    );
  } catch (error) {
    return { verdict: "unknown", message: `reading the job back failed too (${(error as Error).message})` };
  }
  const was = before.status?.code ?? "unknown";
  const now = job.status?.code ?? "unknown";
  if (was === "Active") {
    return { verdict: "unknown", message: "the job was already Active (--force): reading it cannot tell" };
  }
  if (now === "Active") return { verdict: "started", job, message: "started (confirmed by reading the job)" };
  if (now === was) return { verdict: "not-started", job, message: `not started (the job is still ${now})` };
  return { verdict: "unknown", message: `reading the job back shows it ${now} (it was ${was})` };
}
