/** The tenant's records and the state file's format. */
import type { ProvisioningObjectSummary, SynchronizationJob, SynchronizationSchema } from "@graphsync/types";
import type { StoredSecret } from "../setup/secrets.js";
import type { InboundState } from "./inbound.js";
import type { RateWindow } from "./rate-window.js";
import type { JobSnapshot, RunState } from "./simulation.js";

export interface JobCounters {
  /** Accepted starts (204/200), including repeated ones. */
  starts: number;
  /** Starts of a job that was already Active: the service warns against them. */
  repeatedStarts: number;
  pauses: number;
  restarts: number;
  /** Accepted provisionOnDemand calls (throttled ones are not counted). */
  provisions: number;
}

export interface JobRecord extends JobSnapshot {
  servicePrincipalId: string;
  counters: JobCounters;
  /** Object ids provisioned on demand (bounded): the second time an object is "Skipped". */
  provisioned: string[];
  /** provisionOnDemand calls inside the rate window (not persisted). */
  window: RateWindow;
  /** The schema once a PUT replaced it; until then the template's (setup/catalogue.ts). */
  schema?: SynchronizationSchema;
}

export interface ServicePrincipalRecord {
  id: string;
  appId: string | null;
  displayName: string | null;
  jobs: JobRecord[];
  /** The catalogue templates it offers. */
  templates: string[];
  /** Its synchronization secrets; secret-bearing ones only as digests. */
  secrets: StoredSecret[];
}

/** The state file's format: the tenant plus what the emulator needs to continue (runs, counters). */
export interface PersistedState {
  graphsyncEmulatorState: 1;
  savedAt: string;
  /** Number of writes applied since the state was created: a writer can tell which of its writes are in. */
  seq: number;
  /** The manual clock's time when saved (absent for the real clock). */
  clock?: number;
  tenantId: string;
  servicePrincipals: Array<{
    id: string;
    appId: string | null;
    displayName: string | null;
    jobs: Array<{
      job: SynchronizationJob;
      asOf: number;
      run: RunState | null;
      counters: JobCounters;
      provisioned: string[];
      schema?: SynchronizationSchema;
    }>;
    templates?: string[];
    secrets?: StoredSecret[];
  }>;
  /** The provisioning logs, oldest first (absent in states saved before the logs existed). */
  provisioningLogs?: ProvisioningObjectSummary[];
  /** Inbound provisioning's users and uploads (absent in states saved before it existed). */
  directory?: InboundState;
}

/** A service principal as the Graph routes answer it. */
export interface ServicePrincipalEntity {
  id: string;
  appId: string | null;
  displayName: string | null;
}

export interface ServicePrincipalSummary {
  id: string;
  appId: string | null;
  displayName: string | null;
  jobIds: string[];
}

export function zeroCounters(): JobCounters {
  return { starts: 0, repeatedStarts: 0, pauses: 0, restarts: 0, provisions: 0 };
}

export function isPersistedState(value: unknown): value is PersistedState {
  return typeof value === "object" && value !== null && "graphsyncEmulatorState" in value;
}
