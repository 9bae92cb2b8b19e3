/**
 * The seeded tenant (README "The seeded tenant"), relative to the clock's start so a manual clock repeats it exactly.
 */
import type { SynchronizationJob, User } from "@graphsync/types";
import { DAY, execution, HOUR, MINUTE } from "./demo-execution.js";
import {
  demoUsers,
  INBOUND_APP_ID,
  INBOUND_DISPLAY_NAME,
  INBOUND_JOB,
  INBOUND_SP,
  inboundJob,
} from "./demo-inbound.js";
import { buildJob } from "./job-builder.js";
import { formatTime } from "./time.js";

export interface JobRef {
  servicePrincipalId: string;
  jobId: string;
}

const CLOUD_SYNC = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const SCIM = "3f6d2b1a-9c8e-4d7f-a6b5-c4d3e2f1a0b9";
const WORKDAY = "b7e6d5c4-a3b2-4c1d-9e0f-1a2b3c4d5e6f";
const API_INBOUND = "d2c1b0a9-f8e7-4d6c-b5a4-93827160f5e4";
const NO_JOBS = "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a00";

/** The ids of the seeded tenant (see the README's table). */
export const DEMO_TENANT = {
  tenantId: "5f0c3a7e-2b1d-4c9e-8a6f-3d2e1c0b9a87",
  /** The service principal `graphsync demo` and `--emulator` use by default: it has jobs in several states. */
  servicePrincipalId: CLOUD_SYNC,
  servicePrincipals: {
    cloudSync: CLOUD_SYNC,
    scim: SCIM,
    workday: WORKDAY,
    apiInbound: API_INBOUND,
    /** "API-driven inbound provisioning to Microsoft Entra ID": the job bulkUpload feeds. */
    inboundEntra: INBOUND_SP,
    noJobs: NO_JOBS,
  },
  jobs: {
    /** Paused part-way through its initial cycle (412 of 1241 objects): start resumes it. */
    paused: { servicePrincipalId: CLOUD_SYNC, jobId: "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da" },
    /** Active, in steady state, running every 2 minutes. */
    active: { servicePrincipalId: CLOUD_SYNC, jobId: "AD2AADPasswordHash.5b8e2f9c1d7a4e6b9c3f0a8d2e1b7c4f" },
    /** NotConfigured: created but never set up; start answers 400 (see the README). */
    notConfigured: {
      servicePrincipalId: CLOUD_SYNC,
      jobId: "AAD2ADGroupProvisioning.9d4c7b2a6e1f4083b5a9c8d7e6f50412",
    },
    /**
     * Quarantine (EncounteredQuarantineException: the SCIM app refuses the credentials) since 3 days 2 hours, 5 failed
     * retries, the next in 22 hours; disabled 4 weeks after the series began. Start (or restart with QuarantineState)
     * clears it.
     */
    quarantine: { servicePrincipalId: SCIM, jobId: "scim.e4bbf44533ea4eabb17027f3a92e92aa" },
    /** NotRun, with a disabled schedule, the max TimeSpan interval and year-1 times (the messy example). */
    notRun: { servicePrincipalId: WORKDAY, jobId: "Workday.0a1b2c3d4e5f60718293a4b5c6d7e8f9" },
    /** Active, whose last execution had entry-level errors. */
    activeWithErrors: { servicePrincipalId: API_INBOUND, jobId: "API2AAD.2e7f1c9b8a6d4f3e9b0c1a2d3e4f5a6b" },
    /** Quarantine (TooManyDeletes): restart with ForceDeletes (or Full) releases it. */
    tooManyDeletes: { servicePrincipalId: API_INBOUND, jobId: "API2AD.7c3b9e1f5a2d4c8e9f0a1b2c3d4e5f6a" },
    /** Active API-driven inbound provisioning to Entra ID: bulkUpload's records are processed (README). */
    inbound: { servicePrincipalId: INBOUND_SP, jobId: INBOUND_JOB },
  },
  /** Confidential clients the token endpoint knows (auth: "jwt"). Test credentials, not secrets of any tenant. */
  clients: {
    admin: {
      clientId: "a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b",
      clientSecret: "emulator-admin-secret",
      roles: ["Synchronization.ReadWrite.All", "AuditLog.Read.All", "SynchronizationData-User.Upload", "User.Read.All"],
    },
    owner: {
      clientId: "a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a5b",
      clientSecret: "emulator-owner-secret",
      roles: ["Application.ReadWrite.OwnedBy"],
    },
    reader: {
      clientId: "a1b2c3d4-0003-4e5f-8a9b-0c1d2e3f4a5b",
      clientSecret: "emulator-reader-secret",
      roles: ["Synchronization.Read.All"],
    },
    noRoles: {
      clientId: "a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a5b",
      clientSecret: "emulator-noroles-secret",
      roles: [] as string[],
    },
  },
} as const;

export interface ServicePrincipalInput {
  /** Object id (GUID). */
  id: string;
  appId?: string;
  displayName?: string;
  jobs: SynchronizationJob[];
  /** The ids of the catalogue's templates it offers (default: those of its jobs' templateIds). */
  templates?: string[];
}

/** A tenant as plain Graph payloads: what the `state` option and a hand-written state file contain. */
export interface TenantInput {
  tenantId?: string;
  servicePrincipals: ServicePrincipalInput[];
  /** The directory's users (inbound provisioning matches records to them by employeeId); a manager as `{ id }`. */
  users?: User[];
}

type Jobs = Record<keyof typeof DEMO_TENANT.jobs, SynchronizationJob>;

function cloudSyncJobs(now: number): Pick<Jobs, "paused" | "active" | "notConfigured"> {
  const twelve = () => execution(now, 75_000, 3.4561234, { imported: 12, deltas: 12, exported: 12, entitled: 12 });
  return {
    paused: buildJob({
      id: DEMO_TENANT.jobs.paused.jobId,
      templateId: "AD2AADProvisioning",
      schedule: { interval: "PT2M" },
      status: {
        code: "Paused",
        progress: [
          {
            completedUnits: 412,
            totalUnits: 1241,
            units: "objects",
            progressObservationDateTime: formatTime(now - 3 * HOUR + 1234),
          },
        ],
        synchronizedEntryCountByType: [
          { key: "user to user", value: 398 },
          { key: "group to group", value: 14 },
        ],
      },
      synchronizationJobSettings: [
        { name: "AzureIngestionAttributeOptimization", value: "False" },
        { name: "LookaheadQueryEnabled", value: "False" },
      ],
    }),
    active: buildJob({
      id: DEMO_TENANT.jobs.active.jobId,
      templateId: "AD2AADPasswordHash",
      schedule: { interval: "PT2M" },
      status: {
        code: "Active",
        lastExecution: twelve(),
        lastSuccessfulExecution: twelve(),
        lastSuccessfulExecutionWithExports: twelve(),
        steadyStateFirstAchievedTime: formatTime(now - 9 * DAY),
        steadyStateLastAchievedTime: formatTime(now - 75_000 + 3456),
        synchronizedEntryCountByType: [{ key: "user to user", value: 1204 }],
      },
      synchronizationJobSettings: [{ name: "AzureIngestionAttributeOptimization", value: "False" }],
    }),
    notConfigured: buildJob({
      id: DEMO_TENANT.jobs.notConfigured.jobId,
      templateId: "AAD2ADGroupProvisioning",
      status: { code: "NotConfigured" },
    }),
  };
}

/**
 * Quarantined for bad credentials since 3 days 2 hours ago: the series' retries (6 h, 12 h, 24 h, 48 h, 72 h) all
 * failed, the last 2 hours ago; the next is due in 22 hours, and the job is disabled when the series is 4 weeks old.
 */
function quarantinedScimJob(now: number): SynchronizationJob {
  const scimError = {
    code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
    message:
      "Failed to validate the credentials of the target system: the SCIM endpoint answered 401 Unauthorized. Update the secret token in the admin credentials.",
    tenantActionable: true,
  };
  const seriesBegan = now - 3 * DAY - 2 * HOUR;
  return buildJob({
    id: DEMO_TENANT.jobs.quarantine.jobId,
    templateId: "scim",
    schedule: { interval: "PT40M" },
    status: {
      code: "Quarantine",
      countSuccessiveCompleteFailures: 6,
      lastExecution: execution(
        now,
        2 * HOUR,
        4,
        {},
        { error: scimError, state: "Failed", activityIdentifier: "8f0c7d1e-1111-4a2b-9c3d-5e6f7a8b9c0d" },
      ),
      lastSuccessfulExecution: execution(now, 3 * DAY + 2 * HOUR + 40 * MINUTE, 6, { imported: 5, deltas: 5 }),
      lastSuccessfulExecutionWithExports: execution(now, 3 * DAY + 4 * HOUR, 7, {
        imported: 3,
        deltas: 3,
        exported: 3,
        entitled: 3,
      }),
      quarantine: {
        currentBegan: formatTime(now - 2 * HOUR),
        error: scimError,
        nextAttempt: formatTime(seriesBegan + 4 * DAY),
        reason: "EncounteredQuarantineException",
        seriesBegan: formatTime(seriesBegan),
        seriesCount: 6,
      },
      steadyStateFirstAchievedTime: formatTime(now - 45 * DAY),
      steadyStateLastAchievedTime: formatTime(now - 3 * DAY - 4 * HOUR + 7000),
      synchronizedEntryCountByType: [{ key: "user to user", value: 318 }],
      troubleshootingUrl: "https://aka.ms/provisioning-troubleshooting",
    },
  });
}

/** The messy example: an annotation, an empty troubleshootingUrl and a property the spec does not know. */
function notRunWorkdayJob(): SynchronizationJob {
  const job = buildJob({
    id: DEMO_TENANT.jobs.notRun.jobId,
    templateId: "Workday",
    status: { code: "NotRun", troubleshootingUrl: "" },
    synchronizationJobSettings: [{ name: "QuarantineTooManyDeletesThreshold", value: "500" }],
  });
  const status = { ...job.status, someFutureProperty: "added by the service after this description was written" };
  return { "@odata.type": "#microsoft.graph.synchronizationJob", ...job, status } as SynchronizationJob;
}

function apiInboundJobs(now: number): Pick<Jobs, "activeWithErrors" | "tooManyDeletes"> {
  const entryErrors = {
    code: "EntryLevelErrors",
    message: "2 entries could not be provisioned. See the provisioning logs.",
    tenantActionable: true,
  };
  const deletesError = {
    code: "TooManyDeletes",
    message:
      "The job was quarantined because the number of deletions (612) exceeds the threshold (500). Review them, then restart with ForceDeletes.",
    tenantActionable: true,
  };
  const fourExported = () => execution(now, 6 * HOUR + 40 * MINUTE, 3, { imported: 4, deltas: 4, exported: 4 });
  return {
    activeWithErrors: buildJob({
      id: DEMO_TENANT.jobs.activeWithErrors.jobId,
      templateId: "API2AAD",
      status: {
        code: "Active",
        lastExecution: execution(
          now,
          25 * MINUTE,
          11.2,
          { imported: 58, deltas: 58, exported: 56, entitled: 58, escrowed: 2 },
          { state: "EntryLevelErrors", error: entryErrors, activityIdentifier: "c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f" },
        ),
        lastSuccessfulExecution: execution(now, 65 * MINUTE, 8.75, { imported: 3, deltas: 3, exported: 0 }),
        lastSuccessfulExecutionWithExports: execution(now, 2 * HOUR + 5 * MINUTE, 9.5, {
          imported: 7,
          deltas: 7,
          exported: 7,
          entitled: 7,
        }),
        steadyStateFirstAchievedTime: formatTime(now - 21 * DAY),
        steadyStateLastAchievedTime: formatTime(now - 25 * MINUTE + 11_200),
        synchronizedEntryCountByType: [{ key: "Worker to user", value: 3877 }],
      },
    }),
    tooManyDeletes: buildJob({
      id: DEMO_TENANT.jobs.tooManyDeletes.jobId,
      templateId: "API2AD",
      status: {
        code: "Quarantine",
        countSuccessiveCompleteFailures: 1,
        lastExecution: execution(
          now,
          5 * HOUR,
          2.5,
          { imported: 612, deltas: 612, entitled: 2290 },
          { state: "Failed", error: deletesError, activityIdentifier: "0f1e2d3c-4b5a-4968-8776-655443322119" },
        ),
        lastSuccessfulExecution: fourExported(),
        lastSuccessfulExecutionWithExports: fourExported(),
        // The series began 5 hours ago: its first retry (6 h) is due in an hour.
        quarantine: {
          currentBegan: formatTime(now - 5 * HOUR + 2500),
          error: deletesError,
          nextAttempt: formatTime(now + HOUR + 2500),
          reason: "TooManyDeletes",
          seriesBegan: formatTime(now - 5 * HOUR + 2500),
          seriesCount: 1,
        },
        steadyStateFirstAchievedTime: formatTime(now - 60 * DAY),
        steadyStateLastAchievedTime: formatTime(now - 6 * HOUR - 40 * MINUTE + 3000),
        synchronizedEntryCountByType: [{ key: "Worker to user", value: 2290 }],
        troubleshootingUrl: "https://aka.ms/provisioning-troubleshooting",
      },
      synchronizationJobSettings: [{ name: "QuarantineTooManyDeletesThreshold", value: "500" }],
    }),
  };
}

/** The seeded tenant as of `now` (ms since the epoch). */
export function createDemoTenant(now: number): TenantInput {
  const cloudSync = cloudSyncJobs(now);
  const apiInbound = apiInboundJobs(now);
  const sp = (id: string, appId: string, displayName: string, jobs: SynchronizationJob[]) => ({
    id,
    appId,
    displayName,
    jobs,
  });
  return {
    tenantId: DEMO_TENANT.tenantId,
    servicePrincipals: [
      sp(CLOUD_SYNC, "1a4721b3-e57f-4451-ae87-ef078703ec94", "contoso.local (Microsoft Entra Cloud Sync)", [
        cloudSync.paused,
        cloudSync.active,
        cloudSync.notConfigured,
      ]),
      sp(SCIM, "6c1d8e2f-3a4b-4c5d-9e6f-7a8b9c0d1e2f", "Fabrikam Cloud (SCIM)", [quarantinedScimJob(now)]),
      sp(WORKDAY, "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "Workday to Microsoft Entra ID user provisioning", [
        notRunWorkdayJob(),
      ]),
      sp(API_INBOUND, "4d5e6f7a-8b9c-4d0e-8f1a-2b3c4d5e6f7a", "Contoso HR API-driven inbound provisioning", [
        apiInbound.activeWithErrors,
        apiInbound.tooManyDeletes,
      ]),
      sp(INBOUND_SP, INBOUND_APP_ID, INBOUND_DISPLAY_NAME, [inboundJob(now)]),
      sp(NO_JOBS, "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", "Contoso Expenses (no provisioning)", []),
    ],
    users: demoUsers(),
  };
}
