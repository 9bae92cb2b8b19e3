/** The public shape of a running emulator: what `startEmulator` resolves to. */
import type { QuarantineReason, SynchronizationError, SynchronizationJob } from "@graphsync/types";
import type { EmulatorClock } from "./clock.js";
import type { Settings } from "./core.js";
import type { TenantInput } from "./demo-tenant.js";
import type { FaultRule, FaultRuleInput } from "./faults.js";
import type { GraphVersion, OperationId } from "./spec.js";
import type { ContractViolation, RequestRecord } from "./stats.js";
import type { JobCounters, PersistedState, ServicePrincipalSummary } from "./store/types.js";

/** The bearer token `emulator.token` gives in bearer mode (any well-formed token works unless `tokens` is set). */
export const DEFAULT_TOKEN = "graphsync-emulator-token";

export interface EmulatorFaults {
  /** Adds a rule (validated: EmulatorOptionsError names a bad field). */
  add(rule: FaultRuleInput): FaultRule;
  /** The active rules with their match/fire counts. */
  list(): FaultRule[];
  remove(id: string): boolean;
  clear(): void;
}

export interface EmulatorState {
  /** A job as a client would read it now, or undefined. */
  getJob(servicePrincipalId: string, jobId: string): SynchronizationJob | undefined;
  /** The jobs of a service principal now, or undefined for an unknown one. */
  listJobs(servicePrincipalId: string): SynchronizationJob[] | undefined;
  servicePrincipals(): ServicePrincipalSummary[];
  /** Accepted starts of a job (repeated ones included); 0 for an unknown job. */
  startCount(servicePrincipalId: string, jobId: string): number;
  /** Every counter of a job; undefined for an unknown job. */
  counters(servicePrincipalId: string, jobId: string): JobCounters | undefined;
  /** Counters of every job. */
  allCounters(): Array<{ servicePrincipalId: string; jobId: string } & JobCounters>;
  /** Applied (successful) Graph operations, by operation id. */
  operationCounts(): Partial<Record<OperationId, number>>;
  /** The tenant as plain payloads, as of now. */
  export(): TenantInput;
  /** The state file's content (tenant plus runs and counters). */
  serialize(): PersistedState;
  /** Replaces the tenant (validated first; saved when there is a state file). */
  replace(tenant: TenantInput | PersistedState): Promise<void>;
  /**
   * Puts a job in quarantine now (default reason EncounteredQuarantineException with a SCIM credentials error), as
   * the service does when executions fail; the emulator never does it by itself. Saved like any change.
   */
  quarantine(
    servicePrincipalId: string,
    jobId: string,
    options?: { reason?: QuarantineReason; error?: SynchronizationError },
  ): Promise<void>;
  /** Back to the initial tenant, with zero counters (faults and the request log are kept: see emulator.reset). */
  reset(): Promise<void>;
  /** Writes applied since the state was created. */
  readonly seq: number;
}

export interface EmulatorRequests {
  /** Graph requests received: unknown routes, throttled and dropped ones included. 0 proves "sent nothing". */
  readonly count: number;
  /** Token endpoint and discovery requests received. */
  readonly authorityCount: number;
  /** The latest requests (bounded by limits.requestLog), oldest first. */
  list(): RequestRecord[];
  byOperation(): Record<string, number>;
  clear(): void;
}

export interface EmulatorContract {
  /** Responses validated against the spec (strict mode). */
  readonly validated: number;
  /** Responses that did not match the spec (each was answered as a 500 EmulatorContractViolation). */
  readonly violationCount: number;
  /** The first violations (at most 100). */
  readonly violations: ContractViolation[];
}

export interface Emulator {
  /** The origin, e.g. `http://127.0.0.1:43123` (https with `tls`). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The Graph root of a version: `${url}/v1.0` (default) or `${url}/beta`. */
  graphUrl(version?: GraphVersion): string;
  readonly tenantId: string;
  /** A bearer token the emulator accepts (bearer mode). */
  readonly token: string;
  /** What to pass as `authorityHost` to @azure/identity (jwt mode): the origin. */
  readonly authorityHost: string;
  /** The token endpoint of the tenant (jwt mode). */
  readonly tokenUrl: string;
  /** The test CA's certificate (PEM) with `tls`, else undefined. */
  readonly ca: string | undefined;
  /** Open client connections right now (a load test can check none leaked). */
  readonly connections: number;
  readonly clock: EmulatorClock;
  readonly faults: EmulatorFaults;
  readonly state: EmulatorState;
  readonly requests: EmulatorRequests;
  readonly contract: EmulatorContract;
  /** Changes answers at run time (start's 200/204, strict). */
  configure(settings: Partial<Settings>): void;
  readonly settings: Readonly<Settings>;
  /** Back to the initial tenant; clears counters, faults, rate limits and the request log. */
  reset(): Promise<void>;
  /** Stops serving, closes every connection, cancels pending latency, finishes and final-saves the state file. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
