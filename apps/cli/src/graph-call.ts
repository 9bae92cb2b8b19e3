/**
 * One Graph call as a command makes it: through the run's client, aborted by Ctrl-C, with the client's typed error
 * turned into a CLI error that says what failed. A 404 on a job is followed by one read of the service principal's
 * jobs, so the message can say which id does not exist (and which jobs do).
 */
import type { ClientHandle } from "./client-handle.js";
import type { CommandContext } from "./context.js";
import { isClientError, isGraphAnswer, type Subject, toCliError } from "./graph-errors.js";

export async function graphCall<T>(
  context: CommandContext,
  what: string,
  subject: Subject,
  call: (handle: ClientHandle, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const handle = await context.client();
  try {
    return await call(handle, context.signal);
  } catch (error) {
    // Only Graph's own 404 says an id is missing: then one read tells which (a wrong --base-url's 404 does not).
    if (isClientError(error) && error.name === "GraphError" && error.status === 404 && isGraphAnswer(error)) {
      await refineNotFound(handle, context.signal, subject);
    }
    throw await toCliError(error, what, subject);
  }
}

async function refineNotFound(handle: ClientHandle, signal: AbortSignal, subject: Subject): Promise<void> {
  if (subject.servicePrincipalId === undefined || subject.jobId === undefined || handle.dryRun) return;
  try {
    const jobs = await handle.listJobs(subject.servicePrincipalId, signal);
    subject.missing = "job";
    subject.knownJobs = jobs.map((job) => job.id ?? "").filter((id) => id !== "");
  } catch (error) {
    if (isClientError(error) && (error as { status?: number }).status === 404) subject.missing = "servicePrincipal";
    // Anything else: keep the generic message; the original error is what matters.
  }
}
