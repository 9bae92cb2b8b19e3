/**
 * The tenant: service principals and their jobs, the actions on them (job-machine.ts), the counters tests observe,
 * and import/export. Every method takes the time from the clock; job payloads are computed on read (simulation.ts).
 */
import type {
  ProvisioningObjectSummary,
  QuarantineReason,
  SynchronizationError,
  SynchronizationJob,
  SynchronizationJobApplicationParameters,
} from "@graphsync/types";
import type { EmulatorClock } from "../clock.js";
import type { TenantInput } from "../demo-tenant.js";
import { EmulatorOptionsError, GraphHttpError } from "../errors.js";
import type { Random } from "../random.js";
import type { SpecValidator } from "../validate.js";
import { entriesSince, retryEntry } from "./cycle-log.js";
import { Inbound, type InboundState } from "./inbound.js";
import {
  type Machine,
  type Moment,
  pauseJob,
  quarantineJob,
  type RestartScope,
  requireConfigured,
  restartJob,
  startJob,
} from "./job-machine.js";
import { PROVISION_LIMIT, PROVISION_WINDOW_MS } from "./limits.js";
import { loadTenant } from "./load.js";
import type { LogSeed } from "./log-seed.js";
import { type LogContext, ProvisioningLogs } from "./logs.js";
import { firstSubject, provisionAnswer, remember } from "./provision.js";
import { quarantineOptions } from "./quarantine-options.js";
import { Setup } from "./setup.js";
import { type Timing, viewJob } from "./simulation.js";
import { writeHistory, writeSeed } from "./tenant-logs.js";
import {
  isPersistedState,
  type JobCounters,
  type JobRecord,
  type PersistedState,
  type ServicePrincipalEntity,
  type ServicePrincipalRecord,
  type ServicePrincipalSummary,
} from "./types.js";

export interface StoreOptions {
  clock: EmulatorClock;
  timing: Timing;
  random: Random;
  validator: SpecValidator;
  /** Provisioning log entries kept (limits.provisioningLogEntries). */
  logEntries?: number;
  /** Synthetic entries a tenant loaded from plain payloads starts with. */
  logSeed?: LogSeed;
  /** SecretToken values validateCredentials accepts (default: any non-empty one). */
  acceptedSecretTokens?: readonly string[] | undefined;
}

export class Store {
  tenantId = "";
  /** Writes applied since the state was created (persisted). */
  seq = 0;
  private principals = new Map<string, ServicePrincipalRecord>();
  /** The provisioning logs the actions write (persisted). */
  readonly logs: ProvisioningLogs;
  /** Inbound provisioning: the directory of users and the accepted uploads (persisted). */
  readonly inbound: Inbound;
  /** Job setup and schema: templates, create, delete, secrets, credentials, schema (setup.ts). */
  readonly setup: Setup;

  constructor(private readonly options: StoreOptions) {
    this.logs = new ProvisioningLogs(options.logEntries);
    this.setup = new Setup(this, options);
    this.inbound = new Inbound({
      clock: options.clock,
      random: options.random.fork("inbound"),
      append: (entry) => this.logs.append(entry),
      tenantId: () => this.tenantId,
      servicePrincipal: (spId) => this.servicePrincipalEntity(spId),
      running: (spId, jobId) => this.getJob(spId, jobId).status?.code === "Active",
      write: () => ++this.seq,
    });
  }

  private get now(): number {
    return this.options.clock.now();
  }

  /** Replaces the whole tenant. Validates everything first: a bad source leaves the current tenant untouched. */
  load(source: unknown, file?: string): void {
    const loaded = loadTenant(source, {
      now: this.now,
      timing: this.options.timing,
      validator: this.options.validator,
      series: () => this.options.random.hex(16),
      file,
    });
    this.principals = loaded.principals;
    this.tenantId = loaded.tenantId;
    this.seq = loaded.seq;
    this.logs.replace(loaded.provisioningLogs);
    const { directory, users } = source as { directory?: InboundState; users?: TenantInput["users"] };
    this.inbound.replace(directory, users);
    // A tenant from plain payloads starts with what its seeded jobs wrote (and the logSeed option's entries).
    if (isPersistedState(source)) return;
    const context = { logs: this.logs, principals: this.principals, tenantId: this.tenantId, now: this.now };
    writeHistory(context);
    if (this.options.logSeed) writeSeed(context, this.options.logSeed, this.options.random.fork("log-seed"));
  }

  /** Internal to the store's modules (setup.ts): the record of a service principal, or a 404. */
  principal(spId: string): ServicePrincipalRecord {
    const record = this.principals.get(spId.toLowerCase());
    if (!record) throw GraphHttpError.notFound(spId);
    return record;
  }

  record(spId: string, jobId: string): JobRecord {
    const key = jobId.toLowerCase();
    const record = this.principal(spId).jobs.find((job) => job.job.id.toLowerCase() === key);
    if (!record) throw GraphHttpError.notFound(jobId);
    return record;
  }

  hasServicePrincipal(spId: string): boolean {
    return this.principals.has(spId.toLowerCase());
  }

  servicePrincipals(): ServicePrincipalSummary[] {
    return [...this.principals.values()].map((sp) => ({
      id: sp.id,
      appId: sp.appId,
      displayName: sp.displayName,
      jobIds: sp.jobs.map((job) => job.job.id),
    }));
  }

  /** The service principals as Graph shapes the properties the emulator keeps. */
  servicePrincipalEntities(): ServicePrincipalEntity[] {
    return [...this.principals.values()].map(({ id, appId, displayName }) => ({ id, appId, displayName }));
  }

  /** One service principal as Graph shapes it (throws a 404 GraphHttpError for an unknown one). */
  servicePrincipalEntity(spId: string): ServicePrincipalEntity {
    const { id, appId, displayName } = this.principal(spId);
    return { id, appId, displayName };
  }

  /** The jobs of a service principal as of now (throws a 404 GraphHttpError for an unknown one). */
  listJobs(spId: string): SynchronizationJob[] {
    const now = this.now;
    return this.principal(spId).jobs.map((record) => viewJob(record, now, this.options.timing));
  }

  getJob(spId: string, jobId: string): SynchronizationJob {
    return viewJob(this.record(spId, jobId), this.now, this.options.timing);
  }

  counters(spId: string, jobId: string): JobCounters {
    return { ...this.record(spId, jobId).counters };
  }

  /** Every job with its counters, for the control endpoint and `emulator.state`. */
  allCounters(): Array<{ servicePrincipalId: string; jobId: string } & JobCounters> {
    return [...this.principals.values()].flatMap((sp) =>
      sp.jobs.map((record) => ({ servicePrincipalId: sp.id, jobId: record.job.id, ...record.counters })),
    );
  }

  /** Brings a job up to `now`, adding the log entries of what it did meanwhile (cycles, quarantine retries). */
  private advance(sp: ServicePrincipalRecord, record: JobRecord, now: number, into: ProvisioningObjectSummary[]) {
    if (now <= record.asOf) return;
    const { timing } = this.options;
    const servicePrincipal = { id: sp.id, displayName: sp.displayName };
    const max = this.logs.capacity;
    const entries = entriesSince({ snapshot: record, now, timing, tenantId: this.tenantId, servicePrincipal, max });
    for (const entry of entries) into.push(entry); // a loop: a spread of 100,000 arguments overflows the stack
    record.job = viewJob(record, now, timing);
    record.asOf = now;
  }

  /** Every job brought up to now: the logs then hold every cycle that has run (the logs route reads after it). */
  catchUpLogs(): void {
    const now = this.now;
    const entries: ProvisioningObjectSummary[] = [];
    for (const sp of this.principals.values()) for (const record of sp.jobs) this.advance(sp, record, now, entries);
    this.logs.appendAll(entries);
  }

  /** The job brought up to now, so an action changes it as a client would see it. */
  materialize(spId: string, jobId: string): { record: JobRecord; moment: Moment } {
    const record = this.record(spId, jobId);
    const now = this.now;
    const entries: ProvisioningObjectSummary[] = [];
    this.advance(this.principal(spId), record, now, entries);
    this.logs.appendAll(entries);
    record.job.status ??= {};
    return { record, moment: { now, timing: this.options.timing, series: () => this.options.random.hex(16) } };
  }

  start(spId: string, jobId: string): { repeated: boolean } {
    const { record, moment } = this.materialize(spId, jobId);
    requireConfigured(record.job, "start");
    record.counters.starts++;
    this.seq++;
    const result = startJob(record as Machine, moment);
    if (result.repeated) record.counters.repeatedStarts++;
    this.logs.cycle(this.logContext(spId, record, moment.now), "start");
    return result;
  }

  pause(spId: string, jobId: string): void {
    const { record } = this.materialize(spId, jobId);
    requireConfigured(record.job, "be paused");
    record.counters.pauses++;
    this.seq++;
    pauseJob(record);
  }

  restart(spId: string, jobId: string, scopes: RestartScope[]): void {
    const { record, moment } = this.materialize(spId, jobId);
    requireConfigured(record.job, "be restarted");
    record.counters.restarts++;
    this.seq++;
    restartJob(record, moment, scopes);
    this.logs.cycle(this.logContext(spId, record, moment.now), "restart");
  }

  private logContext(spId: string, record: JobRecord, now: number): LogContext {
    const { id, displayName } = this.principal(spId);
    const random = this.options.random.fork(`provisioning-log/${this.seq}`);
    return { now, tenantId: this.tenantId, jobId: record.job.id, servicePrincipal: { id, displayName }, random };
  }

  /** provisionOnDemand: rate-limited per job (429 with the seconds until a slot frees). */
  provision(
    spId: string,
    jobId: string,
    parameters: SynchronizationJobApplicationParameters[],
  ): { key: string; value: string } {
    const record = this.record(spId, jobId);
    const now = this.now;
    const job = viewJob(record, now, this.options.timing);
    requireConfigured(job, "provision on demand");
    firstSubject(parameters);
    const wait = record.window.take(now);
    if (wait !== undefined) {
      throw new GraphHttpError({
        status: 429,
        code: "TooManyRequests",
        message: `provisionOnDemand is limited to ${PROVISION_LIMIT} requests per ${PROVISION_WINDOW_MS / 1000} seconds for a job. Retry after the delay in the Retry-After header.`,
        headers: { "Retry-After": String(wait) },
      });
    }
    record.counters.provisions++;
    this.seq++;
    const before = new Set(record.provisioned);
    const subjects = parameters.flatMap((p) => p.subjects ?? []).filter((s) => s.objectId);
    this.logs.onDemand(
      this.logContext(spId, record, now),
      job,
      subjects.map((s) => ({
        objectId: s.objectId as string,
        objectTypeName: s.objectTypeName ?? "User",
        known: before.has(s.objectId as string),
      })),
    );
    const known = remember(record.provisioned, parameters);
    return provisionAnswer({ jobId: job.id, now, known, parameters });
  }

  /**
   * Quarantines a job now, for tests of code that watches a job. Bad input is an EmulatorOptionsError naming the
   * field (reason, error.*, jobId).
   */
  quarantine(
    spId: string,
    jobId: string,
    options: { reason?: QuarantineReason; error?: SynchronizationError } = {},
  ): void {
    const { reason, error } = quarantineOptions(options, this.options.validator);
    let found: { record: JobRecord; moment: Moment };
    try {
      found = this.materialize(spId, jobId);
    } catch (caught) {
      if (caught instanceof GraphHttpError) throw new EmulatorOptionsError("jobId", caught.message);
      throw caught;
    }
    quarantineJob(found.record, found.moment.now, reason, error);
    const { id, displayName } = this.principal(spId);
    const common = { tenantId: this.tenantId, jobId: found.record.job.id, servicePrincipal: { id, displayName } };
    this.logs.append(retryEntry(common, found.record.job, found.moment.now, false));
    this.seq++;
  }

  /** The tenant as plain payloads as of now (what GET /_emulator/state shows). */
  exportTenant(): TenantInput {
    const now = this.now;
    return {
      tenantId: this.tenantId,
      servicePrincipals: [...this.principals.values()].map((sp) => ({
        id: sp.id,
        ...(sp.appId !== null ? { appId: sp.appId } : {}),
        ...(sp.displayName !== null ? { displayName: sp.displayName } : {}),
        jobs: sp.jobs.map((record) => viewJob(record, now, this.options.timing)),
        templates: [...sp.templates],
      })),
      users: this.inbound.plainUsers(),
    };
  }

  /** The state file's content. */
  serialize(): PersistedState {
    const state: PersistedState = {
      graphsyncEmulatorState: 1,
      savedAt: new Date(this.now).toISOString(),
      seq: this.seq,
      tenantId: this.tenantId,
      servicePrincipals: [...this.principals.values()].map((sp) => ({
        id: sp.id,
        appId: sp.appId,
        displayName: sp.displayName,
        jobs: sp.jobs.map((record) => ({
          job: record.job,
          asOf: record.asOf,
          run: record.run,
          counters: record.counters,
          provisioned: record.provisioned,
          ...(record.schema ? { schema: record.schema } : {}),
        })),
        templates: sp.templates,
        secrets: sp.secrets,
      })),
      provisioningLogs: this.logs.saved(),
      directory: this.inbound.saved(),
    };
    if (this.options.clock.mode === "manual") state.clock = this.now;
    return state;
  }
}
