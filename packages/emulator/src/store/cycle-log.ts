/**
 * The entries a job's scheduled executions and quarantine retries wrote between two reads, derived from the run's
 * seeded series and the clock: written lazily when time is read, the same entries whenever that happens, and
 * bounded (a clock jump of weeks writes at most `max` entries per job, the newest).
 */
import type { ProvisioningObjectSummary, SynchronizationJob } from "@graphsync/types";
import { uuidFrom } from "../random.js";
import { type CycleObject, incrementalObjects, initialObjects } from "./cycle-plan.js";
import { type EntryBase, objectEntry } from "./log-entries.js";
import { quarantineEvents, retryActivity } from "./quarantine.js";
import { endedBetween, type JobSnapshot, type Plan, type RunState, type Timing } from "./simulation.js";
import { personOf } from "./source-directory.js";

export interface CycleLogInput {
  /** The job as last materialized (before the time moved on). */
  snapshot: JobSnapshot;
  now: number;
  timing: Timing;
  tenantId: string;
  servicePrincipal: { id: string; displayName: string | null };
  /** Entries written at most (the newest are kept). */
  max: number;
}

type Common = Pick<EntryBase, "tenantId" | "jobId" | "servicePrincipal">;

function objectsOf(job: SynchronizationJob, run: RunState, k: number): CycleObject[] {
  if (k === 0 && run.initial) return initialObjects(job, run.initial.total - run.initial.from);
  return incrementalObjects(job, run.series, k);
}

function scheduledEntries(input: CycleLogInput, run: RunState, common: Common): ProvisioningObjectSummary[] {
  const { snapshot, now, timing, max } = input;
  const { plan, executions } = endedBetween({ job: snapshot.job, run }, timing, {
    after: snapshot.asOf,
    upTo: now,
    max,
  });
  // Newest execution first, until `max` entries: older ones would be dropped anyway.
  const batches: ProvisioningObjectSummary[][] = [];
  let count = 0;
  for (let e = executions.length - 1; e >= 0 && count < max; e--) {
    const batch = executionEntries(snapshot.job, run, plan, executions[e] as number, common);
    batches.push(batch);
    count += batch.length;
  }
  return batches.reverse().flat().slice(-max);
}

function executionEntries(job: SynchronizationJob, run: RunState, plan: Plan, k: number, common: Common) {
  const objects = objectsOf(job, run, k);
  const begin = plan.begin(k);
  const step = (plan.end(k) - begin) / (objects.length + 1);
  const cycleId = uuidFrom(`${run.series}/${k}`);
  return objects.map(({ index, outcome }, i) => {
    const person = personOf(job, index);
    // Fields spelled out, not spread: a catch-up writes thousands of these.
    const base: EntryBase = {
      id: uuidFrom(`${run.series}/${k}/${i}/entry`),
      activityDateTime: new Date(Math.round(begin + step * (i + 1))).toISOString(),
      tenantId: common.tenantId,
      jobId: common.jobId,
      cycleId,
      changeId: uuidFrom(`${run.series}/${k}/${i}/change`),
      servicePrincipal: common.servicePrincipal,
      durationInMilliseconds: 200 + ((person.index * 37) % 900),
      initiatedBy: "system",
    };
    return objectEntry(base, job, person, outcome);
  });
}

export function retryEntry(
  common: Common,
  job: SynchronizationJob,
  at: number,
  disabled: boolean,
): ProvisioningObjectSummary {
  const quarantine = job.status?.quarantine;
  const code = quarantine?.error?.code ?? quarantine?.reason ?? "EncounteredQuarantineException";
  const cause = quarantine?.error?.message ?? `The job is in quarantine (${quarantine?.reason}).`;
  const reason = disabled
    ? `The job was in quarantine for 4 weeks (since ${quarantine?.seriesBegan}) and was disabled: it no longer runs. ${cause}`
    : `A cycle of the quarantined job failed (the series began ${quarantine?.seriesBegan}): ${cause}`;
  const action =
    quarantine?.reason === "TooManyDeletes"
      ? "Review the deletions, then restart the job with resetScope ForceDeletes."
      : "Fix the cause (for a credentials error, update the admin credentials and test the connection), then restart the job with resetScope QuarantineState or start it.";
  const cycleId = retryActivity(job.id, at);
  return {
    ...common,
    id: uuidFrom(`${cycleId}/${disabled ? "disabled" : "retry"}`),
    activityDateTime: new Date(at).toISOString(),
    cycleId,
    changeId: uuidFrom(`${cycleId}/change/${disabled}`),
    durationInMilliseconds: disabled ? 0 : 4000,
    initiatedBy: { id: "", displayName: "Azure AD Provisioning Service", initiatorType: "system" },
    provisioningAction: "other",
    provisioningStatusInfo: {
      status: "failure",
      errorInformation: {
        errorCode: code,
        errorCategory: "nonServiceFailure",
        reason,
        additionalDetails: null,
        recommendedAction: action,
      },
    },
    provisioningSteps: [
      {
        provisioningStepType: "import",
        name: disabled ? "QuarantineDisabled" : "QuarantineRetry",
        status: "failure",
        description: disabled
          ? `Disabled the job after 4 weeks in quarantine (${quarantine?.reason}).`
          : `Retried the quarantined job (series began ${quarantine?.seriesBegan}): ${cause}`,
        details: {},
      },
    ],
    modifiedProperties: [],
    sourceIdentity: { id: null, displayName: null, identityType: null, details: {} },
    targetIdentity: { id: null, displayName: null, identityType: null, details: {} },
  };
}

/** The entries written between the snapshot's time and `now`, oldest first. */
export function entriesSince(input: CycleLogInput): ProvisioningObjectSummary[] {
  const { snapshot, now } = input;
  if (now <= snapshot.asOf || input.max <= 0) return [];
  const common: Common = {
    tenantId: input.tenantId,
    jobId: snapshot.job.id,
    servicePrincipal: { ...input.servicePrincipal },
  };
  if (snapshot.run) return scheduledEntries(input, snapshot.run, common);
  const events = quarantineEvents(snapshot.job.status, snapshot.asOf, now);
  const entries = events.retries.map((at) => retryEntry(common, snapshot.job, at, false));
  if (events.disabledAt !== undefined) entries.push(retryEntry(common, snapshot.job, events.disabledAt, true));
  return entries.slice(-input.max);
}
