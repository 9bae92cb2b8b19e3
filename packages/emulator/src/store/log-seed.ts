/**
 * Synthetic history for load tests (`logSeed`): `count` entries for one job, one a second up to now, cycling
 * through the job's source directory with its usual outcomes. Entries share their constant parts, so 100,000 of
 * them take a few tens of MiB.
 */
import type { ProvisioningObjectSummary, SynchronizationJob } from "@graphsync/types";
import type { Random } from "../random.js";
import type { CycleObject } from "./cycle-plan.js";
import { type EntryBase, objectEntry } from "./log-entries.js";
import { DIRECTORY_SIZE, personOf, type SourcePerson } from "./source-directory.js";

export interface LogSeed {
  /** Entries to write (limits.provisioningLogEntries must hold them). */
  count: number;
  /** The job's service principal. Default: the demo tenant's default. */
  servicePrincipalId?: string;
  /** Default: the demo tenant's Active job (AD2AADPasswordHash). */
  jobId?: string;
}

/** A GUID as one flat string: the seeded random builds it from 32 one-character pieces, which V8 keeps as a rope. */
function flatUuid(random: Random): string {
  return Buffer.from(random.uuid(), "latin1").toString("latin1");
}

function outcomeOf(person: SourcePerson, cycle: number, i: number): CycleObject["outcome"] {
  if (person.disposition !== "ok") return person.disposition;
  if (cycle % 5 === 0) return "create";
  return i % 7 === 0 ? "redundant" : "update";
}

/** The seeded entries, oldest first. */
export function seedEntries(options: {
  job: SynchronizationJob;
  servicePrincipal: { id: string; displayName: string | null };
  tenantId: string;
  now: number;
  count: number;
  random: Random;
}): ProvisioningObjectSummary[] {
  const { job, count, random } = options;
  const people = Array.from({ length: DIRECTORY_SIZE }, (_, i) => personOf(job, i));
  const entries: ProvisioningObjectSummary[] = new Array(count);
  let cycleId = "";
  for (let i = 0; i < count; i++) {
    const cycle = Math.floor(i / DIRECTORY_SIZE);
    if (i % DIRECTORY_SIZE === 0) cycleId = flatUuid(random);
    const person = people[i % DIRECTORY_SIZE] as SourcePerson;
    const base: EntryBase = {
      id: flatUuid(random),
      activityDateTime: new Date(options.now - (count - i) * 1000).toISOString(),
      tenantId: options.tenantId,
      jobId: job.id,
      cycleId,
      changeId: flatUuid(random),
      servicePrincipal: options.servicePrincipal,
      durationInMilliseconds: 200 + ((i * 37) % 900),
      initiatedBy: "system",
    };
    entries[i] = objectEntry(base, job, person, outcomeOf(person, cycle, i));
  }
  return entries;
}
