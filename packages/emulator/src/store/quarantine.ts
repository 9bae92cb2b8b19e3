/**
 * A quarantined job on the emulator's clock (reference §5, Microsoft's "Application provisioning in quarantine
 * status"): retried 6 h, 12 h and 24 h after the series began, then every 24 h; still failing 4 weeks after the
 * series began, it is disabled. The cause never fixes itself here: every retry fails again.
 */
import type { SynchronizationJob, SynchronizationStatus, SynchronizationTaskExecution } from "@graphsync/types";
import { uuidFrom } from "../random.js";
import { formatTime, parseTime } from "../time.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How long a job may stay in quarantine before the service disables it. */
export const QUARANTINE_LIMIT_MS = 28 * DAY;
/** How long a failing retry runs. */
const RETRY_MS = 4000;

/** The retries' offsets from the series' start: 6 h, 12 h, 24 h, 48 h, … 27 days. */
const OFFSETS = [6 * HOUR, 12 * HOUR, ...Array.from({ length: 27 }, (_, i) => (i + 1) * DAY)];

/** The first retry after `after` in the series begun at `began`; the disable time when none is left. */
export function nextRetry(began: number, after: number): number {
  for (const offset of OFFSETS) if (began + offset > after) return began + offset;
  return began + QUARANTINE_LIMIT_MS;
}

/** The retries of the series that happen in (after, upTo], oldest first (at most 29). */
export function retriesIn(began: number, after: number, upTo: number): number[] {
  return OFFSETS.map((offset) => began + offset).filter((t) => t > after && t <= upTo);
}

export interface QuarantineEvents {
  retries: number[];
  /** When the job was disabled, if that happened in the interval. */
  disabledAt?: number;
}

/** What a quarantined job (as of `asOf`) goes through until `now`. */
export function quarantineEvents(
  status: SynchronizationStatus | null | undefined,
  asOf: number,
  now: number,
): QuarantineEvents {
  const quarantine = status?.quarantine;
  const began = parseTime(quarantine?.seriesBegan);
  if (status?.code !== "Quarantine" || !quarantine || began === undefined) return { retries: [] };
  const after = Math.max(asOf, parseTime(quarantine.currentBegan) ?? began);
  const events: QuarantineEvents = { retries: retriesIn(began, after, now) };
  const limit = began + QUARANTINE_LIMIT_MS;
  if (limit > asOf && limit <= now) events.disabledAt = limit;
  return events;
}

function failedRetry(jobId: string, at: number, status: SynchronizationStatus): SynchronizationTaskExecution {
  return {
    activityIdentifier: uuidFrom(`${jobId}/quarantine/${at}`),
    countEntitled: 0,
    countEntitledForProvisioning: 0,
    countEscrowed: 0,
    countEscrowedRaw: 0,
    countExported: 0,
    countExports: 0,
    countImported: 0,
    countImportedDeltas: 0,
    countImportedReferenceDeltas: 0,
    error: status.quarantine?.error ?? null,
    state: "Failed",
    timeBegan: formatTime(at),
    timeEnded: formatTime(at + RETRY_MS),
  };
}

/** The activity id of the retry at `at` (the log entry's cycleId). */
export function retryActivity(jobId: string, at: number): string {
  return uuidFrom(`${jobId}/quarantine/${at}`);
}

/** Applies the retries and the disabling between `asOf` and `now` to a copy of the job (viewJob's). */
export function advanceQuarantine(job: SynchronizationJob, asOf: number, now: number): void {
  const status = job.status;
  const events = quarantineEvents(status, asOf, now);
  const quarantine = status?.quarantine;
  if (!status || !quarantine) return;
  const began = parseTime(quarantine.seriesBegan) as number;
  const last = events.retries.at(-1);
  if (last !== undefined) {
    quarantine.currentBegan = formatTime(last);
    quarantine.seriesCount = (quarantine.seriesCount ?? 0) + events.retries.length;
    quarantine.nextAttempt = formatTime(nextRetry(began, last));
    status.countSuccessiveCompleteFailures = (status.countSuccessiveCompleteFailures ?? 0) + events.retries.length;
    status.lastExecution = failedRetry(job.id, last, status);
  }
  if (events.disabledAt === undefined) return;
  // The service "disables" the job: it stops running. Graph has no Disabled status code, so the emulator shows a
  // Paused job with a Disabled schedule and keeps the quarantine (reason, series) that explains why.
  status.code = "Paused";
  if (job.schedule) job.schedule.state = "Disabled";
  status.escrowsPruned = true;
  quarantine.nextAttempt = formatTime(events.disabledAt);
  quarantine.error = {
    code: quarantine.error?.code ?? "QuarantineTimeout",
    message:
      `The job was in quarantine for 4 weeks (since ${formatTime(began)}) and was disabled: it no longer runs. ` +
      `Cause: ${quarantine.error?.message ?? quarantine.reason}. Fix the cause, then start the job (or restart it with QuarantineState).`,
    tenantActionable: true,
  };
}
