/** The entries a freshly loaded tenant starts with: its seeded history, and the `logSeed` option's synthetic ones. */
import { DEMO_TENANT } from "../demo-tenant.js";
import { EmulatorOptionsError } from "../errors.js";
import type { Random } from "../random.js";
import { historyOf } from "./history-log.js";
import { type LogSeed, seedEntries } from "./log-seed.js";
import type { ProvisioningLogs } from "./logs.js";
import type { ServicePrincipalRecord } from "./types.js";

export interface TenantLogContext {
  logs: ProvisioningLogs;
  principals: ReadonlyMap<string, ServicePrincipalRecord>;
  tenantId: string;
  now: number;
}

/** What the tenant's seeded executions and quarantines wrote before the emulator started. */
export function writeHistory(context: TenantLogContext): void {
  const { logs, tenantId, now } = context;
  for (const sp of context.principals.values()) {
    const servicePrincipal = { id: sp.id, displayName: sp.displayName };
    for (const { job } of sp.jobs) logs.appendAll(historyOf(job, { tenantId, servicePrincipal, now }));
  }
}

/** Writes `seed.count` synthetic entries for one job. @throws {EmulatorOptionsError} naming the bad field. */
export function writeSeed(context: TenantLogContext, seed: LogSeed, random: Random): void {
  const spId = seed.servicePrincipalId ?? DEMO_TENANT.jobs.active.servicePrincipalId;
  const jobId = seed.jobId ?? DEMO_TENANT.jobs.active.jobId;
  const sp = context.principals.get(spId.toLowerCase());
  if (!sp) throw new EmulatorOptionsError("logSeed.servicePrincipalId", `the tenant has no service principal ${spId}`);
  const record = sp.jobs.find((r) => r.job.id.toLowerCase() === jobId.toLowerCase());
  if (!record) throw new EmulatorOptionsError("logSeed.jobId", `service principal ${spId} has no job ${jobId}`);
  if (seed.count > context.logs.capacity) {
    throw new EmulatorOptionsError(
      "logSeed.count",
      `${seed.count} is more than limits.provisioningLogEntries (${context.logs.capacity}): raise that limit too`,
    );
  }
  context.logs.appendAll(
    seedEntries({
      job: record.job,
      servicePrincipal: { id: sp.id, displayName: sp.displayName },
      tenantId: context.tenantId,
      now: context.now,
      count: seed.count,
      random,
    }),
  );
}
