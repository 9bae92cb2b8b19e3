/**
 * Carrying out `apply`'s plan, job by job and step by step in the plan's order (job, credentials check, secrets,
 * schema, start or pause). A step that fails stops the run: the error says which step, what was already done (and
 * whether a job was left not configured), and that running apply again continues from there.
 */
import { join } from "node:path";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, isCliError } from "../core.js";
import { graphCall } from "../graph-call.js";
import { backupPath, readSchema, replaceSchema } from "../schema/apply-schema.js";
import { diffSchemas, hasDifferences } from "../schema/diff.js";
import type { LoadedTarget } from "./apply-load.js";
import { rejectedCredentials } from "./credential-errors.js";
import { isChange, type PlannedStep, type TargetPlan } from "./plan.js";
import { pairsOf } from "./secret-run.js";

interface Progress {
  done: string[];
  backupDir: string;
  /** A job created in this run that has not been fully set up yet. */
  unconfigured?: string | undefined;
}

async function runStep(
  context: CommandContext,
  plan: TargetPlan,
  loaded: LoadedTarget,
  step: PlannedStep,
  progress: Progress,
): Promise<void> {
  const sp = plan.servicePrincipalId;
  const where = plan.target.where;
  const ids = () => ({ servicePrincipalId: sp, jobId: plan.jobId as string });
  switch (step.kind) {
    case "job": {
      const job = await graphCall(
        context,
        `${where}: could not create the job`,
        { servicePrincipalId: sp },
        (client, signal) => client.createJob(sp, plan.target.templateId, signal),
      );
      plan.jobId = job.id ?? undefined;
      progress.unconfigured = plan.jobId;
      progress.done.push(`${where}: created job ${plan.jobId} from template ${plan.target.templateId} (NotConfigured)`);
      return;
    }
    case "credentials": {
      try {
        await graphCall(context, `${where}: could not check the credentials`, ids(), (client, signal) =>
          client.validateCredentials(sp, plan.jobId, { credentials: pairsOf(plan.secrets) }, signal),
        );
      } catch (error) {
        const reason = rejectedCredentials(error);
        throw reason === undefined
          ? error
          : new CliError(ExitCode.failed, `the credentials in the setup file are not valid: ${reason}`, {
              cause: error,
            });
      }
      progress.done.push(`${where}: the service accepted the credentials`);
      return;
    }
    case "secrets":
      await graphCall(context, `${where}: could not save the secrets`, { servicePrincipalId: sp }, (client, signal) =>
        client.putSecrets(sp, pairsOf(plan.secrets), signal),
      );
      progress.done.push(
        `${where}: saved ${plan.secrets.length} secret(s) (${plan.secrets.map((s) => s.key).join(", ")})`,
      );
      return;
    case "schema":
      await applySchema(context, plan, loaded, progress);
      return;
    case "run":
      await graphCall(
        context,
        `${where}: could not ${step.sign === ">" ? "start" : "pause"} the job`,
        ids(),
        (client, signal) =>
          step.sign === ">"
            ? client.startJob(sp, plan.jobId as string, signal)
            : client.pauseJob(sp, plan.jobId as string, signal),
      );
      progress.done.push(`${where}: ${step.sign === ">" ? "started" : "paused"} job ${plan.jobId}`);
  }
}

async function applySchema(
  context: CommandContext,
  plan: TargetPlan,
  loaded: LoadedTarget,
  progress: Progress,
): Promise<void> {
  const target = { servicePrincipalId: plan.servicePrincipalId, jobId: plan.jobId as string };
  const desired = loaded.schema as NonNullable<LoadedTarget["schema"]>;
  const current = await readSchema(context, target);
  // A new job's template schema may already be what the file says.
  if (!hasDifferences(diffSchemas(current, desired))) {
    progress.done.push(`${plan.target.where}: the schema of job ${target.jobId} already matches ${plan.target.schema}`);
    return;
  }
  const backup = join(progress.backupDir, backupPath(target.jobId, context.clock.now()));
  await replaceSchema(context, { target, current, desired, backup });
  progress.done.push(
    `${plan.target.where}: replaced the schema of job ${target.jobId} (previous one in ${backup}); the job restarts with an initial cycle`,
  );
}

export interface Execution {
  /** The context (client) for a tenant: see tenants.ts. */
  contextFor(tenant: string | undefined): CommandContext;
  plans: readonly TargetPlan[];
  loaded: readonly LoadedTarget[];
  /** The setup file, for the "run it again" hint. */
  file: string;
  /** Where schema backups go ("." by default). */
  backupDir: string;
}

/** Runs every change of every plan in order; returns what was done, or throws saying where it stopped. */
export async function executePlans({ contextFor, plans, loaded, file, backupDir }: Execution): Promise<string[]> {
  const progress: Progress = { done: [], backupDir };
  for (const [i, plan] of plans.entries()) {
    const context = contextFor(plan.target.tenant);
    for (const step of plan.steps) {
      if (!isChange(step) && step.kind !== "credentials") continue;
      try {
        await runStep(context, plan, loaded[i] as LoadedTarget, step, progress);
      } catch (error) {
        throw stopped({ error, plan, step, progress, file });
      }
    }
    progress.unconfigured = undefined;
  }
  return progress.done;
}

interface Stop {
  error: unknown;
  plan: TargetPlan;
  step: PlannedStep;
  progress: Progress;
  file: string;
}

function stopped({ error, plan, step, progress, file }: Stop): CliError {
  const cause = isCliError(error) ? error : undefined;
  const message = cause?.message ?? (error as Error).message;
  const details = [
    ...(cause?.details ?? []),
    progress.done.length ? "already done:" : "nothing was changed before this step.",
    ...progress.done.map((line) => `  ${line}`),
  ];
  if (progress.unconfigured) {
    details.push(
      `job ${progress.unconfigured} was created in this run and is NOT fully configured yet: it will not run until apply completes`,
    );
  }
  return new CliError(
    isCliError(error, ExitCode.interrupted) ? ExitCode.interrupted : ExitCode.failed,
    `apply stopped at step "${step.kind}" (${step.text}) of ${plan.target.where}: ${message}`,
    {
      details,
      hint: `${cause?.hint ? `${cause.hint} Then ` : "Fix the cause, then "}run 'graphsync apply ${file} --yes' again: it continues from here (what is done shows as unchanged).`,
      cause: error,
    },
  );
}
