/** The options of `startEmulator`, checked up front: a bad one throws EmulatorOptionsError naming it. */
import type { AuthMode } from "./auth.js";
import type { ClockOption, EmulatorClock } from "./clock.js";
import { type CorsOrigins, checkCorsOrigins } from "./cors.js";
import { DEMO_TENANT, type TenantInput } from "./demo-tenant.js";
import { EmulatorOptionsError } from "./errors.js";
import type { FaultRuleInput } from "./faults.js";
import type { LogEntry, LogOption } from "./log.js";
import { checkClients, type EmulatorClient } from "./oauth.js";
import { DEFAULT_TIMING, type Timing } from "./store/simulation.js";
import type { PersistedState } from "./store/types.js";

export interface EmulatorLimits {
  /** Largest request body accepted; larger ones get 413. Default 1 MiB. */
  bodyBytes: number;
  /** A client must send all its headers within this time (slowloris). Default 10 s. */
  headersTimeoutMs: number;
  /** A client must send its whole request within this time. Default 30 s. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. Default 5 s. */
  keepAliveTimeoutMs: number;
  /** Largest header section; larger gets 431. Default 16 KiB. */
  maxHeaderBytes: number;
  /** How many requests `emulator.requests.list()` keeps. Default 1000. */
  requestLog: number;
  /** Provisioning-log reads per client in 10 seconds, as the service allows; then 429. Default 5. */
  provisioningLogRequests: number;
  /** Provisioning log entries kept (the oldest are dropped), so a long run's memory stays flat. Default 1000. */
  provisioningLogEntries: number;
  /** bulkUpload requests per job in 5 seconds; then 429 (reference §1, the stricter page). Default 40. */
  bulkUploadRequests: number;
  /** bulkUpload requests per job in 24 hours; then 429. Default 6000. */
  bulkUploadDailyRequests: number;
}

export const DEFAULT_LIMITS: EmulatorLimits = {
  bodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  requestLog: 1000,
  provisioningLogRequests: 5,
  provisioningLogEntries: 1000,
  bulkUploadRequests: 40,
  bulkUploadDailyRequests: 6000,
};

/** How long an accepted bulkUpload waits before it is processed (the service takes minutes). Default 5 s. */
export const DEFAULT_UPLOAD_DELAY_MS = 5000;

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (keep it on loopback: the emulator has no real security). */
  host?: string;
  /** The tenant to start with (plain Graph payloads, or a saved state). Default: the demo tenant. */
  state?: TenantInput | PersistedState;
  /**
   * A JSON file to load the tenant from (when it exists) and to save every change to, atomically and before the
   * change is acknowledged. When it does not exist yet it is created from `state` (or the demo tenant).
   */
  stateFile?: string;
  /** Makes ids and probabilistic faults reproducible. Default: random. */
  seed?: string | number;
  /** "real" (default), "manual", or { mode: "manual", start }. */
  clock?: ClockOption;
  /** Fault rules active from the start. */
  faults?: FaultRuleInput[];
  /** "bearer" (default: any well-formed bearer token) or "jwt" (tokens from the emulator's token endpoint). */
  auth?: AuthMode;
  /** Bearer mode: accept only these tokens. Default: any. */
  tokens?: string[];
  /** JWT mode: the app registrations the token endpoint knows. Default: DEMO_TENANT.clients. */
  clients?: EmulatorClient[];
  /** Serve HTTPS with a generated test CA (see `emulator.ca`). Default false. */
  tls?: boolean;
  /** Validate every response against the spec; a violation becomes a 500 EmulatorContractViolation. Default true. */
  strict?: boolean;
  /** Where log entries go: "silent" (default), "stderr", or a function. Authorization values are never logged. */
  log?: LogOption;
  /** What a successful start answers: 204 (the live service, default) or 200 with the seed's `{ value }` body. */
  startResponse?: 200 | 204;
  /** How fast jobs move (see the README). */
  timing?: Partial<Timing>;
  /** Milliseconds from an accepted bulkUpload to its processing (its log entries). Default 5000. */
  uploadDelayMs?: number;
  limits?: Partial<EmulatorLimits>;
  /**
   * Origins allowed to call the Graph routes from a browser (CORS): "*" (default, like Graph) or a list such as
   * ["http://127.0.0.1:5173"]. The control endpoint never answers cross-origin requests.
   */
  corsOrigins?: "*" | string[];
}

export interface ResolvedOptions {
  port: number;
  host: string;
  state: TenantInput | PersistedState | undefined;
  stateFile: string | undefined;
  seed: string | number | undefined;
  clock: ClockOption;
  faults: FaultRuleInput[];
  auth: AuthMode;
  tokens: string[] | undefined;
  clients: EmulatorClient[];
  tls: boolean;
  strict: boolean;
  log: LogOption;
  startResponse: 200 | 204;
  timing: Timing;
  uploadDelayMs: number;
  limits: EmulatorLimits;
  corsOrigins: CorsOrigins;
}

export type { EmulatorClock, LogEntry };

const KNOWN = new Set([
  "port",
  "host",
  "state",
  "stateFile",
  "seed",
  "clock",
  "faults",
  "auth",
  "tokens",
  "clients",
  "tls",
  "strict",
  "log",
  "startResponse",
  "timing",
  "uploadDelayMs",
  "limits",
  "corsOrigins",
]);

function fail(option: string, message: string): never {
  throw new EmulatorOptionsError(option, message);
}

function positive(value: unknown, option: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    fail(option, `${JSON.stringify(value)} is not allowed: use a number from ${min} to ${max}`);
  }
  return value;
}

function resolveTokens(input: EmulatorOptions["tokens"]): string[] | undefined {
  if (input === undefined) return undefined;
  if (!Array.isArray(input) || input.length === 0) fail("tokens", "must be a non-empty array of tokens");
  input.forEach((token, i) => {
    if (typeof token !== "string" || !/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
      fail(`tokens[${i}]`, "is not a bearer token (RFC 6750 characters: letters, digits, -._~+/ and trailing =)");
    }
  });
  return [...input];
}

function resolveTiming(input: EmulatorOptions["timing"]): Timing {
  const timing: Timing = { ...DEFAULT_TIMING };
  if (input !== undefined) {
    for (const [key, value] of Object.entries(input)) {
      if (!(key in DEFAULT_TIMING))
        fail(`timing.${key}`, `is not a timing option (allowed: ${Object.keys(DEFAULT_TIMING).join(", ")})`);
      const min = key === "unitsPerSecond" ? 0.001 : 0;
      timing[key as keyof Timing] = positive(value, `timing.${key}`, min, 1e9);
    }
    if (timing.incrementalCycleMs < 1) fail("timing.incrementalCycleMs", "must be at least 1");
  }
  return timing;
}

function resolveLimits(input: EmulatorOptions["limits"]): EmulatorLimits {
  const limits: EmulatorLimits = { ...DEFAULT_LIMITS };
  if (input !== undefined) {
    for (const [key, value] of Object.entries(input)) {
      if (!(key in DEFAULT_LIMITS))
        fail(`limits.${key}`, `is not a limit (allowed: ${Object.keys(DEFAULT_LIMITS).join(", ")})`);
      limits[key as keyof EmulatorLimits] = Math.floor(positive(value, `limits.${key}`, 1, 2 ** 31));
    }
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    fail(
      "limits.headersTimeoutMs",
      `${limits.headersTimeoutMs} must not exceed limits.requestTimeoutMs (${limits.requestTimeoutMs})`,
    );
  }
  return limits;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  if (typeof options !== "object" || options === null) fail("options", "must be an object");
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) fail(key, `is not an emulator option (allowed: ${[...KNOWN].join(", ")})`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail("port", `${JSON.stringify(port)} is not allowed: use a whole number from 0 to 65535 (0 picks a free port)`);
  }
  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || host.length === 0) fail("host", "must be a host name or IP address");
  if (options.stateFile !== undefined && (typeof options.stateFile !== "string" || options.stateFile === "")) {
    fail("stateFile", "must be a file path");
  }
  if (options.seed !== undefined && typeof options.seed !== "string" && typeof options.seed !== "number") {
    fail("seed", "must be a string or a number");
  }
  const auth = options.auth ?? "bearer";
  if (auth !== "bearer" && auth !== "jwt")
    fail("auth", `${JSON.stringify(auth)} is not allowed: use "bearer" or "jwt"`);
  const tokens = resolveTokens(options.tokens);
  const clients =
    options.clients !== undefined
      ? checkClients(options.clients)
      : Object.values(DEMO_TENANT.clients).map((c) => ({ ...c, roles: [...c.roles] }));
  if (options.tls !== undefined && typeof options.tls !== "boolean") fail("tls", "must be true or false");
  if (options.strict !== undefined && typeof options.strict !== "boolean") fail("strict", "must be true or false");
  const log = options.log ?? "silent";
  if (log !== "silent" && log !== "stderr" && typeof log !== "function") {
    fail("log", `${JSON.stringify(log)} is not allowed: use "silent", "stderr" or a function`);
  }
  const startResponse = options.startResponse ?? 204;
  if (startResponse !== 200 && startResponse !== 204)
    fail("startResponse", `${JSON.stringify(startResponse)} is not allowed: use 204 or 200`);
  if (options.faults !== undefined && !Array.isArray(options.faults)) fail("faults", "must be an array of fault rules");
  const timing = resolveTiming(options.timing);
  const limits = resolveLimits(options.limits);
  return {
    port,
    host,
    state: options.state,
    stateFile: options.stateFile,
    seed: options.seed,
    clock: options.clock ?? "real",
    faults: options.faults ?? [],
    auth,
    tokens,
    clients,
    tls: options.tls ?? false,
    strict: options.strict ?? true,
    log,
    startResponse,
    timing,
    uploadDelayMs:
      options.uploadDelayMs === undefined
        ? DEFAULT_UPLOAD_DELAY_MS
        : positive(options.uploadDelayMs, "uploadDelayMs", 0, 7 * 24 * 60 * 60 * 1000),
    limits,
    corsOrigins: checkCorsOrigins(options.corsOrigins),
  };
}
