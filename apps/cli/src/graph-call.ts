/**
 * One Graph call as a command makes it: through the run's client, aborted by Ctrl-C, with the client's typed error
 * turned into a CLI error that says what failed. A 404 on a job is followed by one read of the service principal's
 * jobs, so the message can say which id does not exist (and which jobs do).
 */
import type { ServicePrincipal } from "@graphsync/client";
import type { ClientHandle } from "./client-handle.js";
import type { CommandContext } from "./context.js";
import { quote } from "./core.js";
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
      // An appId given for --sp: the calls read the subject's id, so once it is the object id, the call is made
      // again (a 404 applied nothing).
      if (subject.missing === "servicePrincipal" && (await asAppId(context, handle, subject))) {
        return graphCall(context, what, subject, call);
      }
    }
    throw await toCliError(error, what, subject);
  }
}

/** When the missing service principal id is an appId, makes the subject's id the object id. */
async function asAppId(context: CommandContext, handle: ClientHandle, subject: Subject): Promise<boolean> {
  const appId = subject.servicePrincipalId;
  if (appId === undefined || subject.resolvedAppId !== undefined || !GUID.test(appId)) return false;
  let found: ServicePrincipal[];
  try {
    found = await handle.findServicePrincipals({ appId }, context.signal);
  } catch {
    // No permission to read service principals, say: the original 404 stands.
    return false;
  }
  const [match, other] = found;
  if (!match || other) return false;
  context.output.info(
    `--sp ${appId} is the appId of ${quote(match.displayName ?? match.id)}: using its object id ${match.id}.`,
  );
  Object.assign(subject, { servicePrincipalId: match.id, resolvedAppId: appId, missing: undefined });
  return true;
}

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

async function refineNotFound(handle: ClientHandle, signal: AbortSignal, subject: Subject): Promise<void> {
  if (subject.servicePrincipalId === undefined || handle.dryRun) return;
  // A call on the service principal alone (its job list): its 404 is the service principal's.
  if (subject.jobId === undefined) {
    subject.missing = "servicePrincipal";
    return;
  }
  try {
    const jobs = await handle.listJobs(subject.servicePrincipalId, signal);
    subject.missing = "job";
    subject.knownJobs = jobs.map((job) => job.id ?? "").filter((id) => id !== "");
  } catch (error) {
    if (isClientError(error) && (error as { status?: number }).status === 404) subject.missing = "servicePrincipal";
    // Anything else: keep the generic message; the original error is what matters.
  }
}
