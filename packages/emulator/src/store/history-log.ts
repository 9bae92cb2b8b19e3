/**
 * The entries a tenant loaded from plain payloads starts with: what its jobs' seeded executions and quarantines
 * wrote before the emulator started (the demo's last cycles, its failures, its quarantine retries), so logs,
 * explain and health have something true to show at once. Bounded: at most a few dozen entries per job.
 */
import type { ProvisioningObjectSummary, SynchronizationJob, SynchronizationTaskExecution } from "@graphsync/types";
import { uuidFrom } from "../random.js";
import { parseTime } from "../time.js";
import { retryEntry } from "./cycle-log.js";
import type { CycleObject } from "./cycle-plan.js";
import { type EntryBase, objectEntry } from "./log-entries.js";
import { retriesIn } from "./quarantine.js";
import { DIRECTORY_SIZE, personOf } from "./source-directory.js";

/** Objects logged per seeded execution at most. */
const PER_EXECUTION = 12;

type Common = Pick<EntryBase, "tenantId" | "jobId" | "servicePrincipal">;

/** The objects a seeded execution's counts stand for: its failures, its exports, a skip or two. */
function objectsOf(job: SynchronizationJob, execution: SynchronizationTaskExecution): CycleObject[] {
  const people = Array.from({ length: DIRECTORY_SIZE }, (_, i) => personOf(job, i));
  const failing = people.filter((p) => p.disposition === "updateRejected" || p.disposition === "duplicateTarget");
  const out = people.filter((p) => p.disposition === "outOfScope");
  const ok = people.filter((p) => p.disposition === "ok");
  const objects: CycleObject[] = [];
  for (const person of failing.slice(0, execution.countEscrowed ?? 0)) {
    objects.push({ index: person.index, outcome: person.disposition as CycleObject["outcome"] });
  }
  for (const person of ok.slice(0, Math.min(execution.countExported ?? 0, PER_EXECUTION - objects.length))) {
    objects.push({ index: person.index, outcome: "update" });
  }
  const imported = execution.countImported ?? 0;
  for (const person of out.slice(0, Math.max(0, Math.min(imported - objects.length, 2)))) {
    objects.push({ index: person.index, outcome: "outOfScope" });
  }
  return objects;
}

function executionEntries(common: Common, job: SynchronizationJob, execution: SynchronizationTaskExecution) {
  const begin = parseTime(execution.timeBegan);
  const end = parseTime(execution.timeEnded) ?? begin;
  if (begin === undefined || end === undefined || execution.state === "Failed") return [];
  const objects = objectsOf(job, execution);
  const cycleId = execution.activityIdentifier ?? uuidFrom(`${job.id}/history/${begin}`);
  const step = (end - begin) / (objects.length + 1);
  return objects.map(({ index, outcome }, i) => {
    const person = personOf(job, index);
    const base: EntryBase = {
      ...common,
      id: uuidFrom(`${cycleId}/${i}/entry`),
      activityDateTime: new Date(Math.round(begin + step * (i + 1))).toISOString(),
      cycleId,
      changeId: uuidFrom(`${cycleId}/${i}/change`),
      durationInMilliseconds: 200 + ((person.index * 37) % 900),
      initiatedBy: "system",
    };
    return objectEntry(base, job, person, outcome);
  });
}

/** The seeded history of one job, oldest first. */
export function historyOf(
  job: SynchronizationJob,
  context: { tenantId: string; servicePrincipal: { id: string; displayName: string | null }; now: number },
): ProvisioningObjectSummary[] {
  const common: Common = { tenantId: context.tenantId, jobId: job.id, servicePrincipal: context.servicePrincipal };
  const status = job.status;
  const seen = new Set<string>();
  const entries: ProvisioningObjectSummary[] = [];
  for (const execution of [status?.lastSuccessfulExecutionWithExports, status?.lastExecution]) {
    const key = `${execution?.timeBegan}`;
    if (!execution || seen.has(key)) continue;
    seen.add(key);
    entries.push(...executionEntries(common, job, execution));
  }
  const began = parseTime(status?.quarantine?.seriesBegan);
  if (status?.code === "Quarantine" && began !== undefined) {
    for (const at of [began, ...retriesIn(began, began, context.now)]) entries.push(retryEntry(common, job, at, false));
  }
  return entries.sort((a, b) => Date.parse(a.activityDateTime) - Date.parse(b.activityDateTime));
}
