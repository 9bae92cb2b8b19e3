/**
 * What `graphsync health` says about one job, from its synchronizationStatus alone: healthy, a warning, or unhealthy,
 * with the next step for each unhealthy state. Pure: the same status and time always give the same verdict.
 */
import type { SynchronizationJob } from "@graphsync/types";

export type HealthState = "healthy" | "warning" | "unhealthy" | "error";

export interface HealthRow {
  servicePrincipalId: string;
  servicePrincipalName: string | null;
  jobId: string;
  state: HealthState;
  /** synchronizationStatus.code ("-" when the job could not be read). */
  status: string;
  lastSuccessfulExportAt: string | null;
  /** Milliseconds since lastSuccessfulExecutionWithExports ended (null: never). */
  sinceExportMs: number | null;
  quarantine: {
    reason: string | null;
    seriesBegan: string | null;
    nextAttempt: string | null;
    /** Whole days until the service disables a job quarantined for 4 weeks (0: due now). */
    daysLeft: number | null;
  } | null;
  countSuccessiveCompleteFailures: number;
  escrowsPruned: boolean;
  problems: string[];
  /** The restart scope that fits a quarantine's reason (never None or ConnectorDataStore). */
  resetScope: string | null;
  nextStep: string | null;
}

const DAY_MS = 86_400_000;
/** The service disables a job that stayed in quarantine for 4 weeks (reference §5). */
export const QUARANTINE_DISABLE_DAYS = 28;

/**
 * The restart scope for each quarantine reason, with the fix that comes first. Escrow thresholds: the failing
 * entries are fixed, then their escrows and the quarantine cleared. TooManyDeletes keeps the deletions held back
 * (ForceDeletes would apply them): the text says when ForceDeletes is the right choice.
 */
const QUARANTINE_STEPS: Readonly<Record<string, { scope: string; fix: string }>> = {
  EncounteredBaseEscrowThreshold: { scope: "Escrows,QuarantineState", fix: "fix the failing entries" },
  EncounteredTotalEscrowThreshold: { scope: "Escrows,QuarantineState", fix: "fix the failing entries" },
  EncounteredEscrowProportionThreshold: { scope: "Escrows,QuarantineState", fix: "fix the failing entries" },
  EncounteredQuarantineException: {
    scope: "QuarantineState",
    fix: "fix the connection to the target (credentials, URL, its availability: 'Test connection' in the portal)",
  },
  TooManyDeletes: {
    scope: "QuarantineState,Watermark",
    fix: "review the deletions held back (graphsync logs --action delete); if they are intended, restart with --reset-scope ForceDeletes,QuarantineState instead; if not, fix the scoping or the source first",
  },
  QuarantinedOnDemand: { scope: "QuarantineState", fix: "resolve what the quarantine was requested for" },
  IngestionInterrupted: { scope: "QuarantineState", fix: "check the API-driven ingestion (bulkUpload) that stopped" },
};
const UNKNOWN_REASON = { scope: "QuarantineState", fix: "read the quarantine error and the failures in the logs" };

export function quarantineStep(reason: string | null | undefined): { scope: string; fix: string } {
  return (reason && QUARANTINE_STEPS[reason]) || UNKNOWN_REASON;
}

const timeOf = (value: string | null | undefined): number | undefined => {
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) || at <= 0 ? undefined : at;
};

export interface AssessInput {
  servicePrincipalId: string;
  servicePrincipalName?: string | null | undefined;
  job: SynchronizationJob;
  now: number;
  /** --max-age: no successful cycle (or no export) within it is reported. */
  maxAgeMs: number;
}

export function assessJob(input: AssessInput): HealthRow {
  const { job, now } = input;
  const status = job.status ?? {};
  const jobId = job.id ?? "";
  const exportedAt = timeOf(status.lastSuccessfulExecutionWithExports?.timeEnded);
  const quarantine = status.quarantine;
  const seriesBegan = timeOf(quarantine?.seriesBegan) ?? timeOf(quarantine?.currentBegan);
  const row: HealthRow = {
    servicePrincipalId: input.servicePrincipalId,
    servicePrincipalName: input.servicePrincipalName ?? null,
    jobId,
    state: "healthy",
    status: status.code ?? "unknown",
    lastSuccessfulExportAt: exportedAt === undefined ? null : new Date(exportedAt).toISOString(),
    sinceExportMs: exportedAt === undefined ? null : Math.max(0, now - exportedAt),
    quarantine: quarantine
      ? {
          reason: quarantine.reason ?? null,
          seriesBegan: seriesBegan === undefined ? null : new Date(seriesBegan).toISOString(),
          nextAttempt: quarantine.nextAttempt ?? null,
          daysLeft:
            seriesBegan === undefined
              ? null
              : Math.max(0, Math.floor((seriesBegan + QUARANTINE_DISABLE_DAYS * DAY_MS - now) / DAY_MS)),
        }
      : null,
    countSuccessiveCompleteFailures: status.countSuccessiveCompleteFailures ?? 0,
    escrowsPruned: status.escrowsPruned === true,
    problems: [],
    resetScope: null,
    nextStep: null,
  };
  judge(row, input);
  return row;
}

/** Fills in the state, the problems and the next step. */
function judge(row: HealthRow, { servicePrincipalId, job, now, maxAgeMs }: AssessInput): void {
  const ids = `--sp ${servicePrincipalId} --job ${row.jobId}`;
  const status = job.status ?? {};
  const flag = (state: "warning" | "unhealthy", problem: string, next?: string) => {
    const wasUnhealthy = row.state === "unhealthy";
    if (!wasUnhealthy) row.state = state;
    row.problems.push(problem);
    // The first unhealthy state's step comes first; a warning's only when there is nothing worse.
    if (next && (row.nextStep === null || (state === "unhealthy" && !wasUnhealthy))) row.nextStep = next;
  };
  switch (row.status) {
    case "Quarantine": {
      const { scope, fix } = quarantineStep(row.quarantine?.reason);
      row.resetScope = scope;
      const left = row.quarantine?.daysLeft;
      flag(
        "unhealthy",
        `quarantined (${row.quarantine?.reason ?? "no reason given"})${left === null || left === undefined ? "" : `, disabled in ${left} day${left === 1 ? "" : "s"} unless fixed`}`,
        `${fix}, then: graphsync jobs restart ${ids} --reset-scope ${scope}`,
      );
      return;
    }
    case "Paused":
      flag("unhealthy", "paused: not provisioning", `graphsync jobs start ${ids}`);
      return;
    case "NotRun":
      flag("unhealthy", "never started", `graphsync jobs start ${ids}`);
      return;
    case "NotConfigured":
      flag("unhealthy", "not configured", "set up its provisioning (credentials, mappings), then start it");
      return;
    case "Active":
      break;
    default:
      flag("warning", `unknown status ${row.status}`);
      return;
  }
  const logs = `graphsync logs ${ids} --status failure --summary`;
  if (row.countSuccessiveCompleteFailures > 0 || status.lastExecution?.state === "Failed") {
    flag("unhealthy", `${Math.max(1, row.countSuccessiveCompleteFailures)} successive complete failure(s)`, logs);
  }
  const initialRunning = (status.progress ?? []).some((p) => (p.completedUnits ?? 0) < (p.totalUnits ?? 0));
  const succeededAt = timeOf(status.lastSuccessfulExecution?.timeEnded);
  if (!initialRunning && (succeededAt === undefined || now - succeededAt > maxAgeMs)) {
    flag("unhealthy", `no successful cycle in ${formatAge(maxAgeMs)}`, logs);
  } else if (!initialRunning && (row.sinceExportMs === null || row.sinceExportMs > maxAgeMs)) {
    flag("warning", `nothing exported in ${formatAge(maxAgeMs)} (a quiet source, or changes out of scope)`);
  }
  if (status.lastExecution?.state === "EntryLevelErrors") flag("warning", "entry-level errors in the last cycle", logs);
  if (row.escrowsPruned) flag("warning", "escrows were pruned: some failed entries are no longer retried", logs);
}

/** An age as people say it: 40m, 5h12m, 3d4h. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
  return hours % 24 ? `${Math.floor(hours / 24)}d${hours % 24}h` : `${Math.floor(hours / 24)}d`;
}
