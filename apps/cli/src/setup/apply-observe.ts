/** The reads behind `apply`'s plan: the target's job, whether its saved credentials validate, its schema's diff. */
import type { SynchronizationJob } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode } from "../core.js";
import { graphCall } from "../graph-call.js";
import type { Subject } from "../graph-errors.js";
import { diffSchemas } from "../schema/diff.js";
import type { LoadedTarget } from "./apply-load.js";
import { rejectedCredentials } from "./credential-errors.js";
import type { Observation } from "./plan.js";

/** The one job of the target: the named one, or the only one made from its template. */
export function findJob(loaded: LoadedTarget, jobs: readonly SynchronizationJob[]): SynchronizationJob | undefined {
  const { target } = loaded;
  if (target.jobId !== undefined) {
    const job = jobs.find((j) => j.id === target.jobId);
    if (!job) {
      throw new CliError(
        ExitCode.notFound,
        `${target.where}.job: job ${target.jobId} does not exist on service principal ${target.servicePrincipalId}`,
        {
          hint: `its jobs: ${jobs.map((j) => j.id).join(", ") || "none"}; remove job: to create one from the template.`,
        },
      );
    }
    return job;
  }
  const matching = jobs.filter((j) => j.templateId === target.templateId);
  if (matching.length > 1) {
    throw new CliError(
      ExitCode.failed,
      `${target.where}: ${matching.length} jobs of service principal ${target.servicePrincipalId} have template ${target.templateId}`,
      {
        hint: `name the one to manage with job: (${matching.map((j) => j.id).join(", ")}).`,
      },
    );
  }
  return matching[0];
}

export interface Observed {
  servicePrincipalId: string;
  observation: Observation;
}

export async function observe(context: CommandContext, loaded: LoadedTarget, resend: boolean): Promise<Observed> {
  const subject: Subject = { servicePrincipalId: loaded.target.servicePrincipalId };
  const jobs = await graphCall(context, `${loaded.target.where}: could not list the jobs`, subject, (client, signal) =>
    client.listJobs(subject.servicePrincipalId as string, signal),
  );
  const servicePrincipalId = subject.servicePrincipalId as string;
  const found = findJob(loaded, jobs);
  const observation: Observation = {};
  if (!found?.id) return { servicePrincipalId, observation };
  const ids = { servicePrincipalId, jobId: found.id };
  observation.job = { id: found.id, status: found.status?.code ?? "unknown" };
  if (loaded.secrets.length > 0 && !resend) {
    try {
      await graphCall(context, `${loaded.target.where}: could not check the saved credentials`, ids, (client, signal) =>
        client.validateCredentials(servicePrincipalId, found.id as string, { useSavedCredentials: true }, signal),
      );
      observation.savedCredentials = { valid: true };
    } catch (error) {
      const reason = rejectedCredentials(error);
      if (reason === undefined) throw error;
      observation.savedCredentials = { valid: false, reason };
    }
  }
  if (loaded.schema) {
    const current = await graphCall(
      context,
      `${loaded.target.where}: could not read the schema`,
      ids,
      (client, signal) => client.getSchema(servicePrincipalId, found.id as string, signal),
    );
    observation.schemaDiff = diffSchemas(current, loaded.schema);
  }
  return { servicePrincipalId, observation };
}
