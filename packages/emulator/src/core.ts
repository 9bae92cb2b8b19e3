/** What the routes, the authority and the control endpoint share: one emulator's parts, wired by bootstrap.ts. */
import type { AuthSettings } from "./auth.js";
import type { Authority } from "./authority.js";
import type { EmulatorClock } from "./clock.js";
import type { CorsOrigins } from "./cors.js";
import type { Faults } from "./faults.js";
import type { Logger } from "./log.js";
import type { EmulatorLimits } from "./options.js";
import type { StateFile } from "./persist.js";
import type { Random } from "./random.js";
import type { OperationDef } from "./spec.js";
import type { ContractStats, OperationCounts, RequestLog } from "./stats.js";
import type { Store } from "./store/store.js";
import type { TlsMaterial } from "./tls.js";
import type { SpecValidator } from "./validate.js";

export interface Settings {
  strict: boolean;
  startResponse: 200 | 204;
  /** From an accepted bulkUpload to its processing (option uploadDelayMs). */
  uploadDelayMs: number;
}

export interface Core {
  readonly clock: EmulatorClock;
  readonly store: Store;
  readonly faults: Faults;
  readonly random: Random;
  readonly validator: SpecValidator;
  readonly operations: readonly OperationDef[];
  readonly settings: Settings;
  readonly limits: EmulatorLimits;
  readonly auth: AuthSettings;
  readonly authority: Authority | undefined;
  readonly tls: TlsMaterial | undefined;
  readonly stateFile: StateFile | undefined;
  readonly requests: RequestLog;
  readonly operationCounts: OperationCounts;
  readonly contract: ContractStats;
  readonly log: Logger;
  /** Origins allowed on the Graph routes (CORS). */
  readonly corsOrigins: CorsOrigins;
  /** The address it listens on (the `host` option). */
  readonly host: string;
  /** `http://127.0.0.1:43123`, known once listening. */
  origin: string;
  /** Waits `ms` of real time; cut short (and resolved) when the emulator closes. */
  delay(ms: number): Promise<void>;
  /** Saves the state file when there is one (write-ahead: before the change is acknowledged). */
  persist(): Promise<void>;
  /** Resets tenant, counters, faults and the request log. */
  reset(): Promise<void>;
}
