/**
 * What each action does to a job (reference §4). Each function takes a job already brought up to `now` and
 * changes its status; counters and the write sequence are the store's business.
 */
import type { QuarantineReason, SynchronizationError, SynchronizationJob } from "@graphsync/types";
import { GraphHttpError } from "../errors.js";
import { formatTime, parseTime } from "../time.js";
import { nextRetry } from "./quarantine.js";
import { newRun, type RunState, type Timing } from "./simulation.js";

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

/** A job and its run, as the machine changes them. */
export interface Machine {
  job: SynchronizationJob;
  run: RunState | null;
}

export interface Moment {
  now: number;
  timing: Timing;
  /** Seeds the ids of a new run's executions. */
  series: () => string;
}

export function notConfigured(jobId: string, action: string): GraphHttpError {
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

/** Refuses an action on a NotConfigured job, as the service does. */
export function requireConfigured(job: SynchronizationJob, action: string): void {
  if (job.status?.code === "NotConfigured") throw notConfigured(job.id, action);
}

function activate(machine: Machine, moment: Moment, fresh: boolean): void {
  const job = machine.job;
  const status = job.status ?? {};
  status.code = "Active";
  if (job.schedule) job.schedule.state = "Active";
  machine.run = newRun(job, moment.now, moment.timing, moment.series(), fresh);
  if (fresh) status.progress = [];
  job.status = status;
}

/** start: Paused resumes, Quarantine is cleared, NotRun begins; Active stays Active (a repeated start). */
export function startJob(machine: Machine, moment: Moment): { repeated: boolean } {
  const status = machine.job.status ?? {};
  if (status.code === "Active") return { repeated: true };
  if (status.code === "Quarantine" || status.quarantine) {
    status.quarantine = null;
    status.countSuccessiveCompleteFailures = 0;
  }
  activate(machine, moment, false);
  return { repeated: false };
}

/** pause: keeps all progress; a later start continues from it. */
export function pauseJob(machine: Machine): void {
  const job = machine.job;
  (job.status ?? {}).code = "Paused";
  if (job.schedule) job.schedule.state = "Paused";
  machine.run = null;
}

/**
 * restart: Watermark/Full/ConnectorDataStore re-process every object; QuarantineState clears a quarantine;
 * ForceDeletes releases a TooManyDeletes one; Escrows and None reset nothing modelled. A job left in quarantine stays.
 */
export function restartJob(machine: Machine, moment: Moment, scopes: readonly RestartScope[]): void {
  const status = machine.job.status ?? {};
  const scope = new Set<RestartScope>(scopes.length > 0 ? scopes : PORTAL_RESTART);
  const full = scope.has("Full") || scope.has("ConnectorDataStore");
  if (full || scope.has("QuarantineState")) status.quarantine = null;
  if ((full || scope.has("ForceDeletes")) && status.quarantine?.reason === "TooManyDeletes") status.quarantine = null;
  if (status.quarantine) {
    status.code = "Quarantine";
    machine.run = null;
    return;
  }
  status.countSuccessiveCompleteFailures = 0;
  activate(machine, moment, full || scope.has("Watermark"));
}

/** Quarantine now, as the service does when executions fail (the emulator never does it by itself). */
export function quarantineJob(
  machine: Machine,
  now: number,
  reason: QuarantineReason,
  error: SynchronizationError,
): void {
  const status = machine.job.status ?? {};
  const previous = status.quarantine;
  status.code = "Quarantine";
  status.countSuccessiveCompleteFailures = (status.countSuccessiveCompleteFailures ?? 0) + 1;
  const seriesBegan = parseTime(previous?.seriesBegan) ?? now;
  status.quarantine = {
    currentBegan: formatTime(now),
    error,
    // The documented series: retries 6 h, 12 h, 24 h after it began, then daily (quarantine.ts).
    nextAttempt: formatTime(nextRetry(seriesBegan, now)),
    reason,
    seriesBegan: formatTime(seriesBegan),
    seriesCount: (previous?.seriesCount ?? 0) + 1,
  };
  status.progress = [];
  machine.run = null;
}
