/**
 * The tenant: service principals and their jobs, what each action does to a job (reference §4), the per-job
 * counters tests observe (starts, repeated starts, …), and the tenant's import and export. Every method takes the
 * time from the clock; job payloads are computed on read by simulation.ts.
 */
import type {
  QuarantineReason,
  SynchronizationError,
  SynchronizationJob,
  SynchronizationJobApplicationParameters,
} from "@graphsync/types";
import type { EmulatorClock } from "./clock.js";
import { DEMO_TENANT, type TenantInput } from "./demo-tenant.js";
import { EmulatorStateError, GraphHttpError } from "./errors.js";
import { GUID_PATTERN, type Random } from "./random.js";
import { type JobSnapshot, newRun, type RunState, runOfActiveJob, type Timing, viewJob } from "./simulation.js";
import { componentSchema } from "./spec.js";
import { formatTime } from "./time.js";
import { specValidator } from "./validate.js";

export interface JobCounters {
  /** Accepted starts (204/200), including repeated ones. */
  starts: number;
  /** Starts of a job that was already Active: the service warns against them. */
  repeatedStarts: number;
  pauses: number;
  restarts: number;
  /** Accepted provisionOnDemand calls (throttled ones are not counted). */
  provisions: number;
}

interface JobRecord extends JobSnapshot {
  servicePrincipalId: string;
  counters: JobCounters;
  /** Object ids provisioned on demand (bounded): the second time an object is "Skipped". */
  provisioned: string[];
  /** Times of the provisionOnDemand calls inside the rate window (not persisted). */
  window: number[];
}

interface ServicePrincipalRecord {
  id: string;
  appId: string | null;
  displayName: string | null;
  jobs: JobRecord[];
}

/** The state file's format: the tenant plus what the emulator needs to continue (runs, counters). */
export interface PersistedState {
  graphsyncEmulatorState: 1;
  savedAt: string;
  /** Number of writes applied since the state was created: a writer can tell which of its writes are in. */
  seq: number;
  /** The manual clock's time when saved (absent for the real clock). */
  clock?: number;
  tenantId: string;
  servicePrincipals: Array<{
    id: string;
    appId: string | null;
    displayName: string | null;
    jobs: Array<{
      job: SynchronizationJob;
      asOf: number;
      run: RunState | null;
      counters: JobCounters;
      provisioned: string[];
    }>;
  }>;
}

export type StateSource = TenantInput | PersistedState;

export interface ServicePrincipalSummary {
  id: string;
  appId: string | null;
  displayName: string | null;
  jobIds: string[];
}

/** provisionOnDemand: 5 requests per 10 seconds per job (reference §2). */
export const PROVISION_LIMIT = 5;
export const PROVISION_WINDOW_MS = 10_000;
const PROVISIONED_CAP = 10_000;

export const RESTART_SCOPES = [
  "None",
  "ConnectorDataStore",
  "Escrows",
  "Watermark",
  "QuarantineState",
  "Full",
  "ForceDeletes",
] as const;
export type RestartScope = (typeof RESTART_SCOPES)[number];
/** What a restart without a resetScope resets: the portal's "Restart provisioning". */
export const PORTAL_RESTART: RestartScope[] = ["QuarantineState", "Watermark", "Escrows"];

function zeroCounters(): JobCounters {
  return { starts: 0, repeatedStarts: 0, pauses: 0, restarts: 0, provisions: 0 };
}

function notConfigured(jobId: string, action: string): GraphHttpError {
  return new GraphHttpError({
    status: 400,
    code: "BadRequest",
    message:
      `The synchronization job '${jobId}' is not configured (status NotConfigured), so it cannot ${action}. ` +
      "Configure its credentials and schema first (in the portal, or with the synchronization secrets and schema APIs).",
    target: jobId,
    details: [{ code: "SynchronizationJobNotConfigured", message: `Job '${jobId}' is NotConfigured.`, target: jobId }],
  });
}

export function isPersistedState(value: unknown): value is PersistedState {
  return typeof value === "object" && value !== null && "graphsyncEmulatorState" in value;
}

function fail(pointer: string, message: string, file?: string): never {
  throw new EmulatorStateError(pointer, message, file);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkJob(job: unknown, pointer: string, file?: string): SynchronizationJob {
  const problems = specValidator().validate(componentSchema("synchronizationJob"), job);
  const first = problems[0];
  if (first) fail(`${pointer}${first.pointer}`, `${first.message} (the spec's synchronizationJob schema)`, file);
  const id = (job as SynchronizationJob).id;
  if (id.length === 0 || id.length > 256 || id.includes("/")) {
    fail(`${pointer}/id`, `${JSON.stringify(id)} is not a job id: 1 to 256 characters, no "/"`, file);
  }
  return job as SynchronizationJob;
}

function checkCount(value: unknown, pointer: string, file?: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    fail(pointer, `${JSON.stringify(value)} is not a count: use a whole number >= 0`, file);
  }
  return value;
}

function checkRun(value: unknown, pointer: string, file?: string): RunState | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) fail(pointer, "must be an object or null", file);
  const beginsAt = value.beginsAt;
  if (typeof beginsAt !== "number" || !Number.isFinite(beginsAt))
    fail(`${pointer}/beginsAt`, "must be a time (ms)", file);
  let initial: RunState["initial"] = null;
  if (value.initial !== null && value.initial !== undefined) {
    if (!isObject(value.initial)) fail(`${pointer}/initial`, "must be an object or null", file);
    const from = checkCount(value.initial.from, `${pointer}/initial/from`, file);
    const total = checkCount(value.initial.total, `${pointer}/initial/total`, file);
    if (from > total) fail(`${pointer}/initial/from`, `${from} is more than total ${total}`, file);
    initial = { from, total };
  }
  const series = typeof value.series === "string" ? value.series : "0";
  return { beginsAt, initial, series };
}

export class Store {
  tenantId = "";
  /** Writes applied since the state was created (persisted). */
  seq = 0;
  private readonly principals = new Map<string, ServicePrincipalRecord>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly timing: Timing,
    private readonly random: Random,
  ) {}

  /** Replaces the whole tenant. Validates everything first: a bad source leaves the current tenant untouched. */
  load(source: unknown, file?: string): void {
    const now = this.clock.now();
    if (!isObject(source)) fail("", "a tenant must be a JSON object with servicePrincipals", file);
    const persisted = isPersistedState(source);
    if (persisted && source.graphsyncEmulatorState !== 1) {
      fail(
        "/graphsyncEmulatorState",
        `${JSON.stringify(source.graphsyncEmulatorState)} is not a known format version (1)`,
        file,
      );
    }
    const tenantId = source.tenantId ?? DEMO_TENANT.tenantId;
    if (typeof tenantId !== "string" || !GUID_PATTERN.test(tenantId)) {
      fail("/tenantId", `${JSON.stringify(tenantId)} is not a GUID`, file);
    }
    const list = source.servicePrincipals;
    if (!Array.isArray(list)) fail("/servicePrincipals", "must be an array of service principals", file);
    const principals = new Map<string, ServicePrincipalRecord>();
    list.forEach((sp: unknown, i: number) => {
      const at = `/servicePrincipals/${i}`;
      if (!isObject(sp)) fail(at, "must be an object with id and jobs", file);
      if (typeof sp.id !== "string" || !GUID_PATTERN.test(sp.id)) {
        fail(`${at}/id`, `${JSON.stringify(sp.id)} is not a service principal object id (a GUID)`, file);
      }
      const key = sp.id.toLowerCase();
      if (principals.has(key)) fail(`${at}/id`, `service principal ${sp.id} appears twice`, file);
      const optionalText = (name: string): string | null => {
        const value = sp[name];
        if (value === undefined || value === null) return null;
        if (typeof value !== "string") fail(`${at}/${name}`, "must be a string", file);
        return value;
      };
      const record: ServicePrincipalRecord = {
        id: sp.id,
        appId: optionalText("appId"),
        displayName: optionalText("displayName"),
        jobs: [],
      };
      const jobs = sp.jobs ?? [];
      if (!Array.isArray(jobs)) fail(`${at}/jobs`, "must be an array of jobs", file);
      const seen = new Set<string>();
      jobs.forEach((entry: unknown, j: number) => {
        const jobAt = `${at}/jobs/${j}`;
        let job: SynchronizationJob;
        let asOf = now;
        let run: RunState | null;
        let counters = zeroCounters();
        let provisioned: string[] = [];
        if (persisted) {
          if (!isObject(entry)) fail(jobAt, "must be an object with job, asOf, run and counters", file);
          job = checkJob(entry.job, `${jobAt}/job`, file);
          if (typeof entry.asOf !== "number" || !Number.isFinite(entry.asOf)) {
            fail(`${jobAt}/asOf`, "must be a time (ms)", file);
          }
          asOf = entry.asOf;
          run = checkRun(entry.run, `${jobAt}/run`, file);
          if (isObject(entry.counters)) {
            const c = entry.counters;
            counters = {
              starts: checkCount(c.starts ?? 0, `${jobAt}/counters/starts`, file),
              repeatedStarts: checkCount(c.repeatedStarts ?? 0, `${jobAt}/counters/repeatedStarts`, file),
              pauses: checkCount(c.pauses ?? 0, `${jobAt}/counters/pauses`, file),
              restarts: checkCount(c.restarts ?? 0, `${jobAt}/counters/restarts`, file),
              provisions: checkCount(c.provisions ?? 0, `${jobAt}/counters/provisions`, file),
            };
          }
          if (Array.isArray(entry.provisioned)) {
            provisioned = entry.provisioned.filter((id): id is string => typeof id === "string");
          }
        } else {
          job = structuredClone(checkJob(entry, jobAt, file));
          job.status ??= { code: "NotConfigured" };
          job.status.code ??= "NotConfigured";
          run = job.status.code === "Active" ? runOfActiveJob(job, now, this.timing, this.random.hex(16)) : null;
        }
        const jobKey = job.id.toLowerCase();
        if (seen.has(jobKey)) fail(`${jobAt}/id`, `job ${job.id} appears twice in service principal ${sp.id}`, file);
        seen.add(jobKey);
        record.jobs.push({
          servicePrincipalId: record.id,
          job,
          asOf,
          run,
          counters,
          provisioned,
          window: [],
        });
      });
      principals.set(key, record);
    });
    this.principals.clear();
    for (const [key, record] of principals) this.principals.set(key, record);
    this.tenantId = tenantId;
    this.seq = persisted && typeof source.seq === "number" ? source.seq : 0;
  }

  private principal(spId: string): ServicePrincipalRecord {
    const record = this.principals.get(spId.toLowerCase());
    if (!record) throw GraphHttpError.notFound(spId);
    return record;
  }

  private record(spId: string, jobId: string): JobRecord {
    const sp = this.principal(spId);
    const key = jobId.toLowerCase();
    const record = sp.jobs.find((job) => job.job.id.toLowerCase() === key);
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

  /** The jobs of a service principal as of now (throws a 404 GraphHttpError for an unknown one). */
  listJobs(spId: string): SynchronizationJob[] {
    const now = this.clock.now();
    return this.principal(spId).jobs.map((record) => viewJob(record, now, this.timing));
  }

  getJob(spId: string, jobId: string): SynchronizationJob {
    return viewJob(this.record(spId, jobId), this.clock.now(), this.timing);
  }

  counters(spId: string, jobId: string): JobCounters {
    return { ...this.record(spId, jobId).counters };
  }

  /** Every job with its counters, for the control endpoint and `emulator.state`. */
  allCounters(): Array<{ servicePrincipalId: string; jobId: string } & JobCounters> {
    const out: Array<{ servicePrincipalId: string; jobId: string } & JobCounters> = [];
    for (const sp of this.principals.values()) {
      for (const record of sp.jobs) out.push({ servicePrincipalId: sp.id, jobId: record.job.id, ...record.counters });
    }
    return out;
  }

  /** Brings the snapshot up to now, so an action changes the job as a client would see it. */
  private materialize(record: JobRecord): SynchronizationJob {
    const now = this.clock.now();
    record.job = viewJob(record, now, this.timing);
    record.asOf = now;
    record.job.status ??= {};
    return record.job;
  }

  private activate(record: JobRecord, fresh: boolean): void {
    const job = record.job;
    const status = job.status ?? {};
    status.code = "Active";
    if (job.schedule) job.schedule.state = "Active";
    record.run = newRun(job, this.clock.now(), this.timing, this.random.hex(16), fresh);
    if (fresh) status.progress = [];
    job.status = status;
  }

  /** start: Paused resumes, Quarantine is cleared, NotRun begins; Active stays Active (counted as repeated). */
  start(spId: string, jobId: string): { repeated: boolean } {
    const record = this.record(spId, jobId);
    const job = this.materialize(record);
    const status = job.status ?? {};
    if (status.code === "NotConfigured") throw notConfigured(job.id, "start");
    record.counters.starts++;
    this.seq++;
    if (status.code === "Active") {
      record.counters.repeatedStarts++;
      return { repeated: true };
    }
    if (status.code === "Quarantine" || status.quarantine) {
      status.quarantine = null;
      status.countSuccessiveCompleteFailures = 0;
    }
    this.activate(record, false);
    return { repeated: false };
  }

  /** pause: keeps all progress; a later start continues from it. */
  pause(spId: string, jobId: string): void {
    const record = this.record(spId, jobId);
    const job = this.materialize(record);
    const status = job.status ?? {};
    if (status.code === "NotConfigured") throw notConfigured(job.id, "be paused");
    record.counters.pauses++;
    this.seq++;
    status.code = "Paused";
    if (job.schedule) job.schedule.state = "Paused";
    record.run = null;
  }

  /**
   * restart: resets what the scope names and starts again. Watermark/Full/ConnectorDataStore re-process every
   * object (a new initial cycle); QuarantineState clears a quarantine; ForceDeletes releases a TooManyDeletes
   * quarantine; Escrows and None reset nothing the emulator models. A job left in quarantine stays there.
   */
  restart(spId: string, jobId: string, scopes: RestartScope[]): void {
    const record = this.record(spId, jobId);
    const job = this.materialize(record);
    const status = job.status ?? {};
    if (status.code === "NotConfigured") throw notConfigured(job.id, "be restarted");
    record.counters.restarts++;
    this.seq++;
    const scope = new Set<RestartScope>(scopes.length > 0 ? scopes : PORTAL_RESTART);
    const full = scope.has("Full") || scope.has("ConnectorDataStore");
    if (full || scope.has("QuarantineState")) status.quarantine = null;
    if ((full || scope.has("ForceDeletes")) && status.quarantine?.reason === "TooManyDeletes") status.quarantine = null;
    if (status.quarantine) {
      status.code = "Quarantine";
      record.run = null;
      return;
    }
    status.countSuccessiveCompleteFailures = 0;
    this.activate(record, full || scope.has("Watermark"));
  }

  /**
   * provisionOnDemand: 5 calls per 10 s per job, then 429 with the fractional seconds until a slot frees. The
   * answer is JSON encoded as strings: the first time an object is provisioned it is created, after that skipped.
   */
  provision(
    spId: string,
    jobId: string,
    parameters: SynchronizationJobApplicationParameters[],
  ): { key: string; value: string } {
    const record = this.record(spId, jobId);
    const now = this.clock.now();
    const job = viewJob(record, now, this.timing);
    if (job.status?.code === "NotConfigured") throw notConfigured(job.id, "provision on demand");
    const subjects = parameters.flatMap((p) => p.subjects ?? []);
    const subject = subjects[0];
    if (!subject?.objectId) {
      throw GraphHttpError.badRequest(
        "parameters[0].subjects: at least one subject with an objectId is required.",
        "parameters[0].subjects",
      );
    }
    record.window = record.window.filter((time) => time > now - PROVISION_WINDOW_MS);
    const oldest = record.window[0];
    if (record.window.length >= PROVISION_LIMIT && oldest !== undefined) {
      const seconds = (oldest + PROVISION_WINDOW_MS - now) / 1000;
      throw new GraphHttpError({
        status: 429,
        code: "TooManyRequests",
        message: `provisionOnDemand is limited to ${PROVISION_LIMIT} requests per ${PROVISION_WINDOW_MS / 1000} seconds for a job. Retry after the delay in the Retry-After header.`,
        headers: { "Retry-After": String(Math.max(0.001, Math.round(seconds * 1000) / 1000)) },
      });
    }
    record.window.push(now);
    record.counters.provisions++;
    this.seq++;
    const objectId = subject.objectId;
    const known = record.provisioned.includes(objectId);
    if (!known) {
      for (const s of subjects)
        if (s.objectId && !record.provisioned.includes(s.objectId)) record.provisioned.push(s.objectId);
      if (record.provisioned.length > PROVISIONED_CAP)
        record.provisioned.splice(0, record.provisioned.length - PROVISIONED_CAP);
    }
    const type = subject.objectTypeName ?? "User";
    const ruleId = parameters[0]?.ruleId ?? null;
    const key = known
      ? {
          result: "Skipped",
          details: {
            errorCode: "RedundantExport",
            errorMessage: `The state of the ${type.toLowerCase()} in both the source and target systems already match.`,
          },
        }
      : { result: "Success", details: {} };
    const steps = [
      {
        name: "EntryImport",
        type: "Import",
        status: "Success",
        description: `Retrieved ${objectId} from the source system.`,
      },
      { name: "EntrySynchronizationScoping", type: "Scoping", status: "Success", description: `${type} is in scope.` },
      {
        name: "EntryExportUpdate",
        type: "Export",
        status: known ? "Skipped" : "Success",
        description: known ? "No changes to export." : `${type} was created in the target system.`,
      },
    ];
    const value = {
      action: known ? "Other" : "Create",
      provisioningSteps: steps,
      reportableIdentifier: objectId,
      ruleId,
      objectTypeName: type,
      jobId: job.id,
      timestamp: new Date(now).toISOString(),
    };
    return { key: JSON.stringify(key), value: JSON.stringify(value) };
  }

  /** The tenant as plain payloads as of now (what GET /_emulator/state shows). */
  exportTenant(): TenantInput {
    const now = this.clock.now();
    return {
      tenantId: this.tenantId,
      servicePrincipals: [...this.principals.values()].map((sp) => ({
        id: sp.id,
        ...(sp.appId !== null ? { appId: sp.appId } : {}),
        ...(sp.displayName !== null ? { displayName: sp.displayName } : {}),
        jobs: sp.jobs.map((record) => viewJob(record, now, this.timing)),
      })),
    };
  }

  /** The state file's content. */
  serialize(): PersistedState {
    const state: PersistedState = {
      graphsyncEmulatorState: 1,
      savedAt: new Date(this.clock.now()).toISOString(),
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
        })),
      })),
    };
    if (this.clock.mode === "manual") state.clock = this.clock.now();
    return state;
  }

  /**
   * Puts a job in quarantine now, as the service does when an execution fails (the emulator never does it by
   * itself): for tests of code that watches a job after starting it.
   */
  quarantine(spId: string, jobId: string, reason: QuarantineReason, error: SynchronizationError): void {
    const record = this.record(spId, jobId);
    const job = this.materialize(record);
    const status = job.status ?? {};
    const now = this.clock.now();
    const previous = status.quarantine;
    status.code = "Quarantine";
    status.countSuccessiveCompleteFailures = (status.countSuccessiveCompleteFailures ?? 0) + 1;
    status.quarantine = {
      currentBegan: formatTime(now),
      error,
      nextAttempt: formatTime(now + 3600_000),
      reason,
      seriesBegan: previous?.seriesBegan ?? formatTime(now),
      seriesCount: (previous?.seriesCount ?? 0) + 1,
    };
    status.progress = [];
    record.run = null;
    this.seq++;
  }

  /** Forgets the provisionOnDemand rate windows (part of a reset). */
  clearWindows(): void {
    for (const sp of this.principals.values()) for (const record of sp.jobs) record.window = [];
  }
}
