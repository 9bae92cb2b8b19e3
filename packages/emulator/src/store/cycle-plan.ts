/**
 * Which objects of a job's source directory each execution touches, and what happens to each: the one source of
 * both an execution's counts (simulation.ts) and its log entries (cycle-log.ts), so they agree.
 */
import { hash32 } from "../random.js";
import type { Outcome } from "./log-entries.js";
import { DIRECTORY_SIZE, type Disposition, dispositionOf } from "./source-directory.js";

/** An object of the job's directory (personOf(job, index) names it) and what the execution did to it. */
export interface CycleObject {
  index: number;
  outcome: Outcome;
}

type JobRef = { id: string; templateId?: string | null };

const FAILURE: Partial<Record<Disposition, Outcome>> = {
  outOfScope: "outOfScope",
  updateRejected: "updateRejected",
  duplicateTarget: "duplicateTarget",
};

/** An initial cycle of `count` objects: every object of the directory it reaches is created, or skipped out of scope. */
export function initialObjects(job: JobRef, count: number): CycleObject[] {
  return Array.from({ length: Math.min(DIRECTORY_SIZE, Math.max(0, count)) }, (_, index) => ({
    index,
    outcome: dispositionOf(job.id, index) === "outOfScope" ? "outOfScope" : "create",
  }));
}

/**
 * Incremental execution `k` of a run: 0 to 8 changed objects; every third execution exports up to 5 updates; the
 * directory's problem objects fail whenever a cycle touches them and out-of-scope ones are skipped.
 */
export function incrementalObjects(job: JobRef, series: string, k: number): CycleObject[] {
  const changed = hash32(`${series}/${k}/deltas`) % 9;
  const quota = k % 3 === 0 ? 1 + ((hash32(`${series}/${k}/exports`) >>> 4) % 5) : 0;
  const start = hash32(`${series}/${k}/objects`) % DIRECTORY_SIZE;
  let exported = 0;
  // A step of 5 (coprime with 24) visits distinct objects.
  return Array.from({ length: changed }, (_, i) => {
    const index = (start + i * 5) % DIRECTORY_SIZE;
    const failure = FAILURE[dispositionOf(job.id, index)];
    if (failure) return { index, outcome: failure };
    if (exported < quota) {
      exported++;
      return { index, outcome: "update" as const };
    }
    return { index, outcome: "redundant" as const };
  });
}

/** The counts an execution reports for its objects. */
export function countsOf(objects: readonly CycleObject[]): { exported: number; failed: number } {
  let exported = 0;
  let failed = 0;
  for (const { outcome } of objects) {
    if (outcome === "update" || outcome === "create") exported++;
    else if (outcome === "updateRejected" || outcome === "duplicateTarget") failed++;
  }
  return { exported, failed };
}
