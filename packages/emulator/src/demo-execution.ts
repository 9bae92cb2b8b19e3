/** Seeded task executions for the demo tenant's jobs, relative to the clock's start. */
import type {
  SynchronizationError,
  SynchronizationTaskExecution,
  SynchronizationTaskExecutionResult,
} from "@graphsync/types";
import { formatTime } from "./time.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A seeded task execution that began `began` ms before `now` and lasted `seconds`, with these counts. */
export function execution(
  now: number,
  began: number,
  seconds: number,
  counts: Partial<Record<string, number>>,
  extra: {
    activityIdentifier?: string;
    error?: SynchronizationError;
    state?: SynchronizationTaskExecutionResult;
  } = {},
): SynchronizationTaskExecution {
  return {
    activityIdentifier: extra.activityIdentifier ?? null,
    countEntitled: counts.entitled ?? 0,
    countEntitledForProvisioning: counts.entitled ?? 0,
    countEscrowed: counts.escrowed ?? 0,
    countEscrowedRaw: counts.escrowed ?? 0,
    countExported: counts.exported ?? 0,
    countExports: counts.exported ?? 0,
    countImported: counts.imported ?? 0,
    countImportedDeltas: counts.deltas ?? 0,
    countImportedReferenceDeltas: 0,
    error: extra.error ?? null,
    state: extra.state ?? "Succeeded",
    timeBegan: formatTime(now - began),
    timeEnded: formatTime(now - began + seconds * 1000),
  };
}
