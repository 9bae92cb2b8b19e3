/**
 * Replacing a job's schema safely: back the current one up, PUT the whole document (the service has no PATCH for a
 * schema), read it back and compare. Shared by `schema apply` and `apply`.
 */
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, isCliError } from "../core.js";
import { graphCall } from "../graph-call.js";
import { writeOutput } from "../setup/files.js";
import type { SynchronizationSchema } from "../setup/graph-types.js";
import { canonicalText } from "./canonical.js";
import { diffSchemas, hasDifferences } from "./diff.js";
import { diffLineText } from "./print.js";

export interface SchemaTarget {
  servicePrincipalId: string;
  jobId: string;
}

export function readSchema(
  context: CommandContext,
  { servicePrincipalId, jobId }: SchemaTarget,
): Promise<SynchronizationSchema> {
  return graphCall(
    context,
    `could not read the schema of job ${jobId}`,
    { servicePrincipalId, jobId },
    (client, signal) => client.getSchema(servicePrincipalId, jobId, signal),
  );
}

/** The default backup path: the job id and the UTC time, in the current directory. */
export function backupPath(jobId: string, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `${jobId.replace(/[^A-Za-z0-9._-]/g, "_")}.schema-backup-${stamp}.json`;
}

export interface ReplaceOptions {
  target: SchemaTarget;
  current: SynchronizationSchema;
  desired: SynchronizationSchema;
  backup: string;
}

/** Backs up, PUTs and verifies; throws (exit 1) when the service's schema differs from the file afterwards. */
export async function replaceSchema(context: CommandContext, options: ReplaceOptions): Promise<void> {
  const { target, current, desired, backup } = options;
  await writeOutput(backup, canonicalText(current), { overwrite: false });
  context.output.info(`saved the current schema of job ${target.jobId} to ${backup}`);
  try {
    await graphCall(context, `could not replace the schema of job ${target.jobId}`, target, (client, signal) =>
      client.putSchema(target.servicePrincipalId, target.jobId, desired, signal),
    );
  } catch (error) {
    // A 400 is the service refusing the document: nothing changed. Say so, and where the schema is saved.
    if (isCliError(error) && (error.cause as { status?: number } | undefined)?.status === 400) {
      throw new CliError(error.exitCode, error.message, {
        details: error.details,
        hint: `the service refused the file, so the job keeps its schema (also saved in ${backup}); fix the file and apply it again.`,
        cause: error.cause,
      });
    }
    throw error;
  }
  const after = await readSchema(context, target);
  const left = diffSchemas(after, desired);
  if (hasDifferences(left)) {
    throw new CliError(
      ExitCode.failed,
      `the schema of job ${target.jobId} was sent, but reading it back differs from the file`,
      {
        details: left.lines.map((line) => diffLineText(line, context.output.err)),
        hint: `the service may have adjusted it; the previous schema is in ${backup} ('graphsync schema apply … ${backup} --yes' puts it back).`,
      },
    );
  }
}
