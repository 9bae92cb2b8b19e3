/**
 * The plan of `graphsync apply`, computed from the setup file and what was read from the service: per job, the
 * steps in the order they are applied (job, credentials check, secrets, schema, start/pause), each either a change
 * or "already so". Pure: the reads happen in apply-run.ts.
 *
 * Secrets cannot be read back (Graph never returns their values), so graphsync does not compare them and keeps no
 * fingerprint of them anywhere. They are sent when the job is created in this run, when the saved credentials no
 * longer validate (validateCredentials with useSavedCredentials), or when --resend asks for it (a rotation).
 */
import type { SchemaDiff } from "../schema/diff.js";
import { hasDifferences, summary } from "../schema/diff.js";
import { describeSource, type SecretEntry } from "./secret-inputs.js";
import type { SetupTarget } from "./setup-file.js";

export type StepKind = "job" | "credentials" | "secrets" | "schema" | "run";

export interface PlannedStep {
  kind: StepKind;
  /** "+" create, "~" change, ">" start, "||" pause, "?" a check, "=" already so (nothing to do). */
  sign: "+" | "~" | ">" | "||" | "?" | "=";
  text: string;
}

export interface Observation {
  /** The target's job, when it exists. */
  job?: { id: string; status: string } | undefined;
  /** Whether the saved credentials validate (read only for an existing job whose secrets are not forced). */
  savedCredentials?: { valid: boolean; reason?: string | undefined } | undefined;
  /** The job's schema against the file (an existing job with a schema file). */
  schemaDiff?: SchemaDiff | undefined;
}

export interface TargetPlan {
  target: SetupTarget;
  /** The service principal's object id (an appId in the file is resolved by the reads). */
  servicePrincipalId: string;
  jobId: string | undefined;
  secrets: SecretEntry[];
  steps: PlannedStep[];
}

export interface PlanInput {
  target: SetupTarget;
  servicePrincipalId: string;
  observation: Observation;
  secrets: SecretEntry[];
  resend: boolean;
}

function keys(secrets: readonly SecretEntry[]): string {
  return secrets.map((entry) => `${entry.key} ${describeSource(entry.source)}`).join(", ");
}

function secretSteps(input: PlanInput): PlannedStep[] {
  const { secrets, observation, resend } = input;
  if (secrets.length === 0) return [];
  const why = !observation.job
    ? "new job"
    : resend
      ? "--resend"
      : observation.savedCredentials?.valid === false
        ? `the saved credentials do not validate${observation.savedCredentials.reason ? `: ${observation.savedCredentials.reason}` : ""}`
        : undefined;
  if (why === undefined) {
    return [
      {
        kind: "secrets",
        sign: "=",
        text: "secrets: the saved credentials validate; not sent again (Graph never returns secrets: --resend sends them)",
      },
    ];
  }
  return [
    { kind: "credentials", sign: "?", text: `check the credentials with the service (validateCredentials)` },
    { kind: "secrets", sign: observation.job ? "~" : "+", text: `secrets: set ${keys(secrets)} (${why})` },
  ];
}

function schemaStep({ target, observation }: PlanInput): PlannedStep[] {
  if (target.schema === undefined) return [];
  if (!observation.job)
    return [{ kind: "schema", sign: "~", text: `schema: replace the template's with ${target.schema}` }];
  const diff = observation.schemaDiff;
  if (diff && hasDifferences(diff))
    return [{ kind: "schema", sign: "~", text: `schema: ${target.schema}: ${summary(diff)}` }];
  return [{ kind: "schema", sign: "=", text: `schema: matches ${target.schema}` }];
}

function runStep({ target, observation }: PlanInput): PlannedStep[] {
  if (target.run === undefined) return [];
  const status = observation.job?.status;
  if (target.run) {
    return status === "Active"
      ? [{ kind: "run", sign: "=", text: "running (Active)" }]
      : [{ kind: "run", sign: ">", text: `start the job${status ? ` (now ${status})` : ""}` }];
  }
  return status === "Active"
    ? [{ kind: "run", sign: "||", text: "pause the job (now Active)" }]
    : [{ kind: "run", sign: "=", text: `not running (${status ?? "new job"})` }];
}

export function planTarget(input: PlanInput): TargetPlan {
  const { target, observation } = input;
  const job: PlannedStep = observation.job
    ? { kind: "job", sign: "=", text: `job ${observation.job.id} (${observation.job.status})` }
    : { kind: "job", sign: "+", text: `create a job from template ${target.templateId}` };
  return {
    target,
    servicePrincipalId: input.servicePrincipalId,
    jobId: observation.job?.id,
    secrets: input.secrets,
    steps: [job, ...secretSteps(input), ...schemaStep(input), ...runStep(input)],
  };
}

export function isChange(step: PlannedStep): boolean {
  return step.sign !== "=" && step.sign !== "?";
}

export function changeCount(plans: readonly TargetPlan[]): number {
  return plans.reduce((count, plan) => count + plan.steps.filter(isChange).length, 0);
}

/** The plan as text, one block per job. */
export function planLines(plans: readonly TargetPlan[]): string[] {
  const lines: string[] = [];
  for (const plan of plans) {
    const { target } = plan;
    const tenant = target.tenant ? `, tenant ${target.tenant}` : "";
    lines.push(
      `service principal ${plan.servicePrincipalId}${tenant}, template ${target.templateId} (${target.where}):`,
    );
    for (const step of plan.steps) lines.push(`  ${step.sign.padEnd(2)} ${step.text}`);
  }
  return lines;
}
