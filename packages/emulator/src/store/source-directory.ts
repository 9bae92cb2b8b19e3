/**
 * Each job's emulated source directory: a small, fixed set of people derived from the job id, so a cycle's log
 * entries name the same objects (ids, userPrincipalName, externalId) on every read, after a restart, and in tests.
 */
import type { SynchronizationJob } from "@graphsync/types";
import { hash32, uuidFrom } from "../random.js";

/** People per job: the objects the logs name (a job's counts may be larger; the logs sample these). */
export const DIRECTORY_SIZE = 24;

/** How an object behaves in every cycle: the same objects fail or are out of scope until someone fixes them. */
export type Disposition = "ok" | "outOfScope" | "updateRejected" | "duplicateTarget";

export interface SourcePerson {
  index: number;
  /** The object id in the source system (a GUID, or the HR system's worker id for an inbound job). */
  sourceId: string;
  /** The object id in the target system. */
  targetId: string;
  userPrincipalName: string;
  displayName: string;
  /** The HR system's id (SCIM externalId, Entra employeeId). */
  externalId: string;
  department: string;
  disposition: Disposition;
}

const GIVEN = ["Adele", "Alex", "Diego", "Grady", "Henrietta", "Isaiah", "Johanna", "Joni", "Lee", "Lidia", "Lynne"];
const FAMILY = ["Vance", "Wilber", "Siciliani", "Archie", "Mueller", "Langer", "Lorenz", "Sherman", "Gu", "Holloway"];
const DEPARTMENTS = ["Finance", "Sales", "Engineering", "Legal", "Operations", "Marketing"];

/** People (and jobs' offsets) remembered, each a few hashes to compute; beyond it a memo starts over. */
const PEOPLE_CAP = 10_000;

/** Inbound jobs read an HR system and write Entra ID: their source ids are the HR worker ids. */
export function isInbound(job: Pick<SynchronizationJob, "templateId" | "id">): boolean {
  return /^(API2AAD|API2AD|Workday|SuccessFactors)/i.test(job.templateId ?? job.id);
}

const offsets = new Map<string, number>();

/** How the object at `index` of a job's directory behaves: cheap (one hash per job), for an execution's counts. */
export function dispositionOf(jobId: string, index: number): Disposition {
  // Two problem objects and three out of scope per job, at positions that depend on the job.
  let offset = offsets.get(jobId);
  if (offset === undefined) {
    if (offsets.size >= PEOPLE_CAP) offsets.clear();
    offset = hash32(`${jobId}/directory`) % DIRECTORY_SIZE;
    offsets.set(jobId, offset);
  }
  const slot = (index - offset + DIRECTORY_SIZE) % DIRECTORY_SIZE;
  if (slot === 3) return "updateRejected";
  if (slot === 11) return "duplicateTarget";
  if (slot === 5 || slot === 14 || slot === 20) return "outOfScope";
  return "ok";
}

const people = new Map<string, SourcePerson>();

/** The person at `index` (0 ≤ index < DIRECTORY_SIZE) of a job's source (never mutate it: it is shared). */
export function personOf(job: Pick<SynchronizationJob, "templateId" | "id">, index: number): SourcePerson {
  const key = `${job.templateId ?? ""}\u0000${job.id}\u0000${index}`;
  let person = people.get(key);
  if (!person) {
    if (people.size >= PEOPLE_CAP) people.clear();
    person = makePerson(job, index);
    people.set(key, person);
  }
  return person;
}

function makePerson(job: Pick<SynchronizationJob, "templateId" | "id">, index: number): SourcePerson {
  const given = GIVEN[index % GIVEN.length] as string;
  const family = FAMILY[(index * 7 + 3) % FAMILY.length] as string;
  const externalId = String(100_200 + index * 37);
  // The same person (Entra object id, UPN, externalId) in every job of the tenant, as one user is in several apps.
  const objectId = uuidFrom(`person/${index}`);
  const inbound = isInbound(job);
  return {
    index,
    sourceId: inbound ? externalId : objectId,
    targetId: inbound ? objectId : uuidFrom(`${job.id}/person/${index}/target`),
    userPrincipalName: `${given}.${family}${index}@contoso.com`.toLowerCase(),
    displayName: `${given} ${family}`,
    externalId,
    department: DEPARTMENTS[index % DEPARTMENTS.length] as string,
    disposition: dispositionOf(job.id, index),
  };
}

/** The person a client names by source id, target id, userPrincipalName or externalId, if any. */
export function findPerson(job: Pick<SynchronizationJob, "templateId" | "id">, key: string): SourcePerson | undefined {
  for (let i = 0; i < DIRECTORY_SIZE; i++) {
    const person = personOf(job, i);
    if ([person.sourceId, person.targetId, person.userPrincipalName, person.externalId].includes(key)) return person;
  }
  return undefined;
}
