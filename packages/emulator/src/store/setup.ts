/**
 * Job setup and schema on the tenant (reference §3–4): templates, creating and deleting jobs, secrets and
 * validateCredentials, and the job's schema (read, replace, parseExpression). Works on the store's records through
 * `SetupHost` (the Store), so this module does not import the store.
 */
import type {
  ExpressionInputObject,
  ParseExpressionResponse,
  SynchronizationJob,
  SynchronizationSchema,
  SynchronizationSecretKeyStringValuePair,
  SynchronizationTemplate,
} from "@graphsync/types";
import type { EmulatorClock } from "../clock.js";
import { GraphHttpError } from "../errors.js";
import { buildJob } from "../job-builder.js";
import type { Random } from "../random.js";
import { CATALOGUE, templateById } from "../setup/catalogue.js";
import { parseExpressionAnswer } from "../setup/evaluate.js";
import { schemaProblems } from "../setup/schema-check.js";
import { credentialProblems, mergeSecrets } from "../setup/secrets.js";
import { type Moment, restartJob } from "./job-machine.js";
import { PROVISION_LIMIT, PROVISION_WINDOW_MS } from "./limits.js";
import { RateWindow } from "./rate-window.js";
import { type Timing, viewJob } from "./simulation.js";
import { type JobRecord, type ServicePrincipalRecord, zeroCounters } from "./types.js";

export interface SetupHost {
  seq: number;
  principal(spId: string): ServicePrincipalRecord;
  record(spId: string, jobId: string): JobRecord;
  materialize(spId: string, jobId: string): { record: JobRecord; moment: Moment };
}

export interface SetupOptions {
  clock: EmulatorClock;
  timing: Timing;
  random: Random;
  acceptedSecretTokens?: readonly string[] | undefined;
}

export interface ValidateInput {
  templateId?: string | null;
  useSavedCredentials?: boolean | null;
  credentials?: SynchronizationSecretKeyStringValuePair[];
}

export class Setup {
  constructor(
    private readonly host: SetupHost,
    private readonly options: SetupOptions,
  ) {}

  /** The templates a service principal offers (404 for an unknown one). */
  templates(spId: string): SynchronizationTemplate[] {
    return this.host.principal(spId).templates.flatMap((id) => {
      const def = templateById(id);
      return def ? [structuredClone(def.template)] : [];
    });
  }

  /** Creates a NotConfigured job from one of the service principal's templates. */
  createJob(spId: string, templateId: string): SynchronizationJob {
    const sp = this.host.principal(spId);
    const offered = sp.templates.find((id) => id.toLowerCase() === templateId.toLowerCase());
    const def = templateById(offered);
    if (!def) {
      throw GraphHttpError.badRequest(
        `The template '${templateId.slice(0, 100)}' is not a template of service principal ${sp.id} (its templates: ${sp.templates.join(", ") || "none"}).`,
        "templateId",
      );
    }
    const id = `${def.template.id}.${this.options.random.hex(32)}`;
    const job = buildJob({ id, templateId: def.template.id, status: { code: "NotConfigured" } });
    const now = this.options.clock.now();
    sp.jobs.push({
      servicePrincipalId: sp.id,
      job,
      asOf: now,
      run: null,
      counters: zeroCounters(),
      provisioned: [],
      window: new RateWindow(PROVISION_LIMIT, PROVISION_WINDOW_MS),
    });
    this.host.seq++;
    return viewJob(sp.jobs[sp.jobs.length - 1] as JobRecord, now, this.options.timing);
  }

  /** Deletes a job with its schema and state (404 when there is none). */
  deleteJob(spId: string, jobId: string): void {
    const record = this.host.record(spId, jobId);
    const jobs = this.host.principal(spId).jobs;
    jobs.splice(jobs.indexOf(record), 1);
    this.host.seq++;
  }

  /**
   * Saves secrets, merged by key. A NotConfigured job whose template's required secrets are now all saved becomes
   * NotRun (ready to start).
   */
  setSecrets(spId: string, pairs: SynchronizationSecretKeyStringValuePair[]): void {
    const sp = this.host.principal(spId);
    sp.secrets = mergeSecrets(sp.secrets, pairs, () => this.options.random.hex(16));
    const saved = new Set(sp.secrets.map((s) => s.key));
    for (const record of sp.jobs) {
      const required = templateById(record.job.templateId)?.requiredSecrets ?? [];
      if (record.job.status?.code === "NotConfigured" && required.every((key) => saved.has(key))) {
        record.job.status.code = "NotRun";
      }
    }
    this.host.seq++;
  }

  /** validateCredentials: nothing when the credentials work, else a 400 saying what failed. */
  validateCredentials(spId: string, jobId: string | undefined, input: ValidateInput): void {
    const sp = this.host.principal(spId);
    const templateId = jobId === undefined ? input.templateId : this.host.record(spId, jobId).job.templateId;
    if (jobId === undefined && !sp.templates.some((id) => id.toLowerCase() === input.templateId?.toLowerCase())) {
      throw GraphHttpError.badRequest(
        input.templateId
          ? `The template '${input.templateId.slice(0, 100)}' is not a template of service principal ${sp.id} (its templates: ${sp.templates.join(", ") || "none"}).`
          : "templateId is required to validate credentials without a job.",
        "templateId",
      );
    }
    const problems = credentialProblems({
      required: templateById(templateId)?.requiredSecrets ?? [],
      credentials: input.useSavedCredentials ? { saved: sp.secrets } : { sent: input.credentials ?? [] },
      acceptedSecretTokens: this.options.acceptedSecretTokens,
    });
    if (problems.length > 0) {
      const which = input.useSavedCredentials ? "saved credentials" : "credentials";
      const message = `Validation of the ${which} failed: ${problems.map((p) => p.message).join(" ")}`;
      throw GraphHttpError.badRequest(message, problems[0]?.target ?? undefined, problems);
    }
  }

  /** The job's schema: the one last PUT, else its template's (404 when the catalogue has none). */
  schema(spId: string, jobId: string): SynchronizationSchema {
    const record = this.host.record(spId, jobId);
    if (record.schema) return structuredClone(record.schema);
    const def = templateById(record.job.templateId);
    if (!def) {
      throw new GraphHttpError({
        status: 404,
        code: "Request_ResourceNotFound",
        message: `The emulator has no schema for template '${record.job.templateId}' (its catalogue: ${CATALOGUE.map((t) => t.template.id).join(", ")}).`,
        target: "schema",
      });
    }
    return { ...def.schema(), id: record.job.id };
  }

  /** Replaces the schema after checking it; an Active job restarts with an initial cycle. */
  replaceSchema(spId: string, jobId: string, schema: SynchronizationSchema): void {
    this.host.record(spId, jobId);
    const problems = schemaProblems(schema);
    if (problems.length > 0) {
      const shown = problems.slice(0, 3).map((p) => p.message);
      const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : "";
      throw GraphHttpError.badRequest(
        `The schema is not valid: ${shown.join("; ")}${more}.`,
        problems[0]?.target ?? undefined,
        problems,
      );
    }
    const { record, moment } = this.host.materialize(spId, jobId);
    record.schema = { ...structuredClone(schema), id: schema.id ?? record.job.id };
    if (record.job.status?.code === "Active") restartJob(record, moment, ["Watermark"]);
    this.host.seq++;
  }

  parseExpression(
    spId: string,
    jobId: string,
    expression: string,
    input: ExpressionInputObject | null | undefined,
  ): ParseExpressionResponse {
    this.host.record(spId, jobId);
    const random = this.options.random.fork(`expression/${this.host.seq}`);
    return parseExpressionAnswer(expression, input, { now: this.options.clock.now(), random: () => random.next() });
  }

  /** Checks that the job exists (for the schema's function and operator lists). */
  requireJob(spId: string, jobId: string): void {
    this.host.record(spId, jobId);
  }
}
