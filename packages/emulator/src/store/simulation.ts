/** How a job moves over time, computed on read from a snapshot and its run: nothing runs in the background. */
import type { SynchronizationJob, SynchronizationStatus, SynchronizationTaskExecution } from "@graphsync/types";
import { hash32, uuidFrom } from "../random.js";
import { formatTime, parseDuration, parseTime } from "../time.js";
import { countsOf, incrementalObjects } from "./cycle-plan.js";
import { advanceQuarantine } from "./quarantine.js";

export interface Timing {
  /** From an accepted start (or restart) to the beginning of the first execution. Default 1000. */
  startDelayMs: number;
  /** Speed of an initial cycle, in objects per second. Default 400. */
  unitsPerSecond: number;
  /** Length of an incremental (steady-state) execution. Default 3000. */
  incrementalCycleMs: number;
}

export const DEFAULT_TIMING: Timing = { startDelayMs: 1000, unitsPerSecond: 400, incrementalCycleMs: 3000 };

export interface RunState {
  /** When the run's first execution begins. */
  beginsAt: number;
  /** The initial cycle still to do (objects `from` of `total`), or null for a job in steady state. */
  initial: { from: number; total: number } | null;
  /** Seeds the activity ids and counts of this run's executions. */
  series: string;
}

export interface JobSnapshot {
  job: SynchronizationJob;
  asOf: number;
  run: RunState | null;
}

export interface Plan {
  /** End of the run's first execution (the initial cycle, or an incremental one). */
  end0: number;
  begin(k: number): number;
  end(k: number): number;
  /** The last execution that ended at or before `now`, or -1. */
  latest(now: number): number;
}

export function planOf(run: RunState, job: SynchronizationJob, timing: Timing): Plan {
  const first = run.initial
    ? Math.max(1, Math.ceil(((run.initial.total - run.initial.from) * 1000) / timing.unitsPerSecond))
    : timing.incrementalCycleMs;
  const end0 = run.beginsAt + first;
  const interval = parseDuration(job.schedule?.interval ?? undefined);
  // Executions never overlap, whatever interval a tenant declares (PT1S would otherwise stack them).
  const every =
    interval !== undefined && Number.isFinite(interval) && interval > 0
      ? Math.max(interval, 2 * timing.incrementalCycleMs)
      : Number.POSITIVE_INFINITY;
  const begin = (k: number) => (k === 0 ? run.beginsAt : end0 + k * every);
  const end = (k: number) => (k === 0 ? end0 : begin(k) + timing.incrementalCycleMs);
  return {
    end0,
    begin,
    end,
    latest: (now) => {
      if (now < end0) return -1;
      if (!Number.isFinite(every)) return 0;
      return Math.max(0, Math.floor((now - end0 - timing.incrementalCycleMs) / every));
    },
  };
}

function executionOf(run: RunState, job: SynchronizationJob, plan: Plan, k: number): SynchronizationTaskExecution {
  let imported: number;
  let entitled: number;
  let exported: number;
  let failed = 0;
  if (k === 0 && run.initial) {
    imported = run.initial.total - run.initial.from;
    entitled = run.initial.total;
    exported = imported;
  } else {
    const objects = incrementalObjects(job, run.series, k);
    imported = objects.length;
    entitled = objects.length;
    ({ exported, failed } = countsOf(objects));
  }
  return {
    activityIdentifier: uuidFrom(`${run.series}/${k}`),
    countEntitled: entitled,
    countEntitledForProvisioning: entitled,
    countEscrowed: failed,
    countEscrowedRaw: failed,
    countExported: exported,
    countExports: exported,
    countImported: imported,
    countImportedDeltas: k === 0 && run.initial ? 0 : imported,
    countImportedReferenceDeltas: 0,
    error: failed
      ? {
          code: "EntryLevelErrors",
          message: `${failed} ${failed === 1 ? "entry" : "entries"} could not be provisioned. See the provisioning logs.`,
          tenantActionable: true,
        }
      : null,
    state: failed ? "EntryLevelErrors" : "Succeeded",
    timeBegan: formatTime(plan.begin(k)),
    timeEnded: formatTime(plan.end(k)),
  };
}

/** The counts by object type after an initial cycle of `total` objects: the known split, scaled. */
function entryCounts(
  status: SynchronizationStatus,
  total: number,
): SynchronizationStatus["synchronizedEntryCountByType"] {
  const known = (status.synchronizedEntryCountByType ?? []).filter((pair) => (pair.value ?? 0) > 0);
  const sum = known.reduce((acc, pair) => acc + (pair.value ?? 0), 0);
  if (sum === 0) return [{ key: "user to user", value: total }];
  let left = total;
  return known.map((pair, i) => {
    const value = i === known.length - 1 ? left : Math.round(((pair.value ?? 0) * total) / sum);
    left -= value;
    return { key: pair.key ?? null, value };
  });
}

/** The job as a client reading it at `now` sees it. Never mutates the snapshot. */
export function viewJob(snapshot: JobSnapshot, now: number, timing: Timing): SynchronizationJob {
  const job = structuredClone(snapshot.job);
  const run = snapshot.run;
  if (now > snapshot.asOf) advanceQuarantine(job, snapshot.asOf, now);
  if (!run || now < run.beginsAt || now <= snapshot.asOf) return job;
  job.status ??= {};
  const status = job.status;
  const plan = planOf(run, job, timing);
  if (run.initial && now < plan.end0) {
    const done = run.initial.from + Math.floor(((now - run.beginsAt) * timing.unitsPerSecond) / 1000);
    status.progress = [
      {
        completedUnits: Math.min(run.initial.total, done),
        totalUnits: run.initial.total,
        units: "objects",
        progressObservationDateTime: formatTime(now),
      },
    ];
    return job;
  }
  const k = plan.latest(now);
  if (k < 0 || plan.end(k) <= snapshot.asOf) return job;
  const last = executionOf(run, job, plan, k);
  status.lastExecution = last;
  // Bounded look-back: older executions were already folded into the snapshot when it was taken.
  let succeeded = false;
  let exported = false;
  for (let j = k; j >= 0 && j >= k - 3 && plan.end(j) > snapshot.asOf && !(succeeded && exported); j--) {
    const execution = j === k ? last : executionOf(run, job, plan, j);
    if (execution.state !== "Succeeded") continue;
    if (!succeeded) status.lastSuccessfulExecution = execution;
    succeeded = true;
    if (!exported && (execution.countExported ?? 0) > 0) {
      status.lastSuccessfulExecutionWithExports = execution;
      exported = true;
    }
  }
  status.countSuccessiveCompleteFailures = 0;
  status.steadyStateLastAchievedTime = formatTime(plan.end(k));
  if (parseTime(status.steadyStateFirstAchievedTime) === undefined) {
    status.steadyStateFirstAchievedTime = formatTime(plan.end0);
  }
  if (run.initial && plan.end0 > snapshot.asOf) {
    status.progress = [];
    status.synchronizedEntryCountByType = entryCounts(status, run.initial.total);
  }
  return job;
}

/** How many objects an initial cycle of this job processes: what it last counted, else a stable made-up size. */
export function sourceObjects(job: SynchronizationJob): number {
  const progress = job.status?.progress?.[0]?.totalUnits ?? 0;
  if (progress > 0) return progress;
  const counted = (job.status?.synchronizedEntryCountByType ?? []).reduce((acc, pair) => acc + (pair.value ?? 0), 0);
  if (counted > 0) return counted;
  return 40 + (hash32(job.id) % 1960);
}

/**
 * The run a job starts when it is started or restarted at `now`. A job still in (or never past) its initial cycle
 * resumes it where its progress says; `fresh` (a Watermark reset) starts the initial cycle over.
 */
export function newRun(job: SynchronizationJob, now: number, timing: Timing, series: string, fresh: boolean): RunState {
  const status = job.status ?? {};
  const progress = status.progress?.[0];
  const midCycle = progress !== undefined && (progress.completedUnits ?? 0) < (progress.totalUnits ?? 0);
  const steady = parseTime(status.steadyStateFirstAchievedTime) !== undefined;
  let initial: RunState["initial"] = null;
  if (fresh || midCycle || !steady) {
    const total = sourceObjects(job);
    const from = fresh ? 0 : Math.max(0, Math.min(total, progress?.completedUnits ?? 0));
    initial = { from, total };
  }
  return { beginsAt: now + timing.startDelayMs, initial, series };
}

/**
 * The run of a job that is already Active when it is loaded: its seeded last execution is the run's first, so the
 * next ones follow on the job's interval; a job that never ran begins shortly after loading.
 */
export function runOfActiveJob(job: SynchronizationJob, now: number, timing: Timing, series: string): RunState {
  const began = parseTime(job.status?.lastExecution?.timeBegan);
  const steady = parseTime(job.status?.steadyStateFirstAchievedTime) !== undefined;
  if (began !== undefined && began <= now && steady) {
    const progress = job.status?.progress?.[0];
    const midCycle = progress !== undefined && (progress.completedUnits ?? 0) < (progress.totalUnits ?? 0);
    if (!midCycle) return { beginsAt: began, initial: null, series };
  }
  return newRun(job, now - timing.startDelayMs, timing, series, false);
}

/** The executions of a run that ended in (after, upTo]: the newest `max` of them, oldest first. */
export function endedBetween(
  snapshot: { job: SynchronizationJob; run: RunState },
  timing: Timing,
  interval: { after: number; upTo: number; max: number },
): { plan: Plan; executions: number[] } {
  const plan = planOf(snapshot.run, snapshot.job, timing);
  const executions: number[] = [];
  for (let k = plan.latest(interval.upTo); k >= 0 && executions.length < interval.max; k--) {
    if (plan.end(k) <= interval.after) break;
    executions.push(k);
  }
  return { plan, executions: executions.reverse() };
}
