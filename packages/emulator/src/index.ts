/** @graphsync/emulator: a local, stateful Microsoft Graph emulator for synchronization jobs (see the README). */

export type { AuthMode } from "./auth.js";
export { type CliIo, DEFAULT_PORT, type ReadyInfo, runEmulatorCli, USAGE } from "./cli.js";
export { type ClockMode, type ClockOption, type EmulatorClock, MANUAL_CLOCK_START } from "./clock.js";
export type { Settings as EmulatorSettings } from "./core.js";
export {
  createDemoTenant,
  DEMO_TENANT,
  type JobRef,
  type ServicePrincipalInput,
  type TenantInput,
} from "./demo-tenant.js";
export type {
  Emulator,
  EmulatorContract,
  EmulatorFaults,
  EmulatorRequests,
  EmulatorState,
} from "./emulator-api.js";
export {
  EmulatorClockError,
  EmulatorError,
  EmulatorOptionsError,
  EmulatorStartError,
  EmulatorStateError,
  type GraphErrorBody,
} from "./errors.js";
export { DEFAULT_TOKEN } from "./facade.js";
export type { AuthorityEndpoint, FaultAction, FaultMatch, FaultRule, FaultRuleInput, FaultTarget } from "./faults.js";
export { buildJob, type JobInput } from "./job-builder.js";
export type { LogEntry, LogOption } from "./log.js";
export type { EmulatorClient } from "./oauth.js";
export { GRAPH_APP_ID, GRAPH_RESOURCE } from "./oauth.js";
export { DEFAULT_LIMITS, type EmulatorLimits, type EmulatorOptions, type LogSeed } from "./options.js";
export { startEmulator } from "./server.js";
export type { GraphVersion, OperationId } from "./spec.js";
export type { ContractViolation, RequestRecord } from "./stats.js";
export { PORTAL_RESTART } from "./store/job-machine.js";
export { PROVISION_LIMIT, PROVISION_WINDOW_MS } from "./store/limits.js";
export { QUARANTINE_LIMIT_MS } from "./store/quarantine.js";
export { DEFAULT_TIMING, type Timing } from "./store/simulation.js";
export { DIRECTORY_SIZE, personOf, type SourcePerson } from "./store/source-directory.js";
export type { JobCounters, PersistedState, ServicePrincipalSummary } from "./store/types.js";
