/** Turns a checked tenant or saved state into records; refuses what the schema cannot see (duplicates). */
import type { ProvisioningObjectSummary, SynchronizationJob } from "@graphsync/types";
import { DEMO_TENANT } from "../demo-tenant.js";
import { templatesOfJobs } from "../setup/catalogue.js";
import type { StoredSecret } from "../setup/secrets.js";
import type { SpecValidator } from "../validate.js";
import { PROVISION_LIMIT, PROVISION_WINDOW_MS } from "./limits.js";
import { RateWindow } from "./rate-window.js";
import { checkStateSource, stateError } from "./schema.js";
import { type RunState, runOfActiveJob, type Timing } from "./simulation.js";
import {
  isPersistedState,
  type JobRecord,
  type PersistedState,
  type ServicePrincipalRecord,
  zeroCounters,
} from "./types.js";

export interface LoadContext {
  now: number;
  timing: Timing;
  validator: SpecValidator;
  series: () => string;
  file?: string;
}

export interface Loaded {
  tenantId: string;
  seq: number;
  principals: Map<string, ServicePrincipalRecord>;
  provisioningLogs: ProvisioningObjectSummary[];
}

type SavedJob = PersistedState["servicePrincipals"][number]["jobs"][number];
type SourceSp = {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  jobs?: unknown[];
  templates?: string[];
  secrets?: StoredSecret[];
};

function savedRecord(entry: SavedJob, spId: string, ctx: LoadContext, at: string): JobRecord {
  const run: RunState | null = entry.run
    ? { beginsAt: entry.run.beginsAt, initial: entry.run.initial ?? null, series: entry.run.series ?? "0" }
    : null;
  if (run?.initial && run.initial.from > run.initial.total) {
    stateError(`${at}/run/initial/from`, `${run.initial.from} is more than total ${run.initial.total}`, ctx.file);
  }
  return {
    servicePrincipalId: spId,
    job: entry.job,
    asOf: entry.asOf,
    run,
    counters: { ...zeroCounters(), ...entry.counters },
    provisioned: entry.provisioned ?? [],
    window: new RateWindow(PROVISION_LIMIT, PROVISION_WINDOW_MS),
    ...(entry.schema ? { schema: entry.schema } : {}),
  };
}

function plainRecord(input: SynchronizationJob, spId: string, ctx: LoadContext): JobRecord {
  const job = structuredClone(input);
  job.status ??= { code: "NotConfigured" };
  job.status.code ??= "NotConfigured";
  return {
    servicePrincipalId: spId,
    job,
    asOf: ctx.now,
    run: job.status.code === "Active" ? runOfActiveJob(job, ctx.now, ctx.timing, ctx.series()) : null,
    counters: zeroCounters(),
    provisioned: [],
    window: new RateWindow(PROVISION_LIMIT, PROVISION_WINDOW_MS),
  };
}

/** Validates everything first: a bad source throws EmulatorStateError and changes nothing. */
export function loadTenant(source: unknown, ctx: LoadContext): Loaded {
  checkStateSource(ctx.validator, source, ctx.file);
  const persisted = isPersistedState(source);
  const tenant = source as { tenantId?: string; seq?: number; servicePrincipals: SourceSp[] };
  const principals = new Map<string, ServicePrincipalRecord>();
  tenant.servicePrincipals.forEach((sp, i) => {
    const at = `/servicePrincipals/${i}`;
    const key = sp.id.toLowerCase();
    if (principals.has(key)) stateError(`${at}/id`, `service principal ${sp.id} appears twice`, ctx.file);
    const record: ServicePrincipalRecord = {
      id: sp.id,
      appId: sp.appId ?? null,
      displayName: sp.displayName ?? null,
      jobs: [],
      templates: sp.templates ?? [],
      secrets: persisted ? (sp.secrets ?? []) : [],
    };
    const seen = new Set<string>();
    (sp.jobs ?? []).forEach((entry, j) => {
      const jobAt = `${at}/jobs/${j}`;
      const job = persisted
        ? savedRecord(entry as SavedJob, sp.id, ctx, jobAt)
        : plainRecord(entry as SynchronizationJob, sp.id, ctx);
      const jobKey = job.job.id.toLowerCase();
      if (seen.has(jobKey)) {
        stateError(`${jobAt}/id`, `job ${job.job.id} appears twice in service principal ${sp.id}`, ctx.file);
      }
      seen.add(jobKey);
      record.jobs.push(job);
    });
    if (!sp.templates) record.templates = templatesOfJobs(record.jobs.map((r) => r.job.templateId));
    principals.set(key, record);
  });
  return {
    tenantId: tenant.tenantId ?? DEMO_TENANT.tenantId,
    seq: persisted ? (tenant.seq ?? 0) : 0,
    principals,
    provisioningLogs: persisted ? ((source as PersistedState).provisioningLogs ?? []) : [],
  };
}
