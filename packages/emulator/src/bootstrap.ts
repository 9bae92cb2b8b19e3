/**
 * Everything `startEmulator` sets up before it listens: options, the validator (compiled ahead), the tenant (from a
 * state file, the `state` option or the demo tenant, continuing a saved manual clock), faults, the token authority
 * and TLS. The result is the Core the request handlers share.
 */
import type { AuthSettings } from "./auth.js";
import { Authority } from "./authority.js";
import { createClock, type EmulatorClock } from "./clock.js";
import type { Core, Settings } from "./core.js";
import { createDelays, type Delays } from "./delays.js";
import { createDemoTenant } from "./demo-tenant.js";
import { EmulatorOptionsError, EmulatorStartError } from "./errors.js";
import { Faults } from "./faults.js";
import { type BoundRoute, bindRoutes } from "./graph/match.js";
import { createLogger } from "./log.js";
import { type EmulatorOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { createStateFile, readStateFile, removeStaleTemps } from "./persist.js";
import { createRandom, type Random } from "./random.js";
import { ROUTES } from "./route-table.js";
import { componentSchema, type OperationDef, readOperations } from "./spec.js";
import { ContractStats, OperationCounts, RequestLog } from "./stats.js";
import { Store } from "./store/store.js";
import { isPersistedState } from "./store/types.js";
import { createTlsMaterial } from "./tls.js";
import { type SpecValidator, specValidator } from "./validate.js";

export interface Booted {
  opts: ResolvedOptions;
  core: Core;
  routes: readonly BoundRoute[];
  delays: Delays;
  /** Back to the initial tenant with zero counters (faults and the request log are kept). */
  resetState(): Promise<void>;
}

function warmValidator(validator: SpecValidator, operations: readonly OperationDef[]): void {
  validator.warm([
    componentSchema("synchronizationJob"),
    componentSchema("odataError"),
    ...operations.flatMap((op) => [
      ...(op.requestBody ? [op.requestBody.schemaPointer] : []),
      ...op.parameters.map((p) => p.schemaPointer),
      ...[...op.responses.values()].flatMap((r) => (r.schemaPointer ? [r.schemaPointer] : [])),
    ]),
  ]);
}

/** Loads the first tenant; returns how to get it again (for reset) and whether the state file existed. */
async function loadState(store: Store, opts: ResolvedOptions, clock: EmulatorClock) {
  // A saved state continues on the manual clock it was saved with (unless the caller chose a start).
  const resumeClock = (source: unknown) => {
    const chosen = typeof opts.clock === "object" && opts.clock.start !== undefined;
    if (clock.mode === "manual" && isPersistedState(source) && typeof source.clock === "number" && !chosen) {
      if (source.clock > clock.now()) clock.set(source.clock);
    }
  };
  resumeClock(opts.state);
  const fallback = opts.state ? () => opts.state : () => createDemoTenant(clock.now());
  if (opts.stateFile) {
    await removeStaleTemps(opts.stateFile);
    const saved = await readStateFile(opts.stateFile);
    if (saved !== undefined) {
      resumeClock(saved);
      store.load(saved, opts.stateFile);
      return { initialSource: () => saved, fileExisted: true };
    }
  }
  store.load(fallback());
  return { initialSource: fallback, fileExisted: false };
}

function createFaults(random: Random, operations: readonly OperationDef[], opts: ResolvedOptions): Faults {
  const targets = [
    ...operations.map((op) => op.operationId),
    "token",
    "openidConfiguration",
    "jwks",
    "instanceDiscovery",
  ];
  const faults = new Faults(random.fork("faults"), new Set<string>(targets));
  opts.faults.forEach((rule, i) => {
    try {
      faults.add(rule);
    } catch (error) {
      if (!(error instanceof EmulatorOptionsError)) throw error;
      throw new EmulatorOptionsError(
        error.option.replace(/^fault/, `faults[${i}]`),
        error.message.replace(/^[^:]*: /, ""),
      );
    }
  });
  return faults;
}

async function createAuth(opts: ResolvedOptions, store: Store, clock: EmulatorClock, random: Random) {
  const authority =
    opts.auth === "jwt"
      ? await Authority.create({
          tenantId: store.tenantId,
          clients: opts.clients,
          clock,
          random: random.fork("tokens"),
        })
      : undefined;
  const auth: AuthSettings = { mode: opts.auth, tokens: opts.tokens ? new Set(opts.tokens) : undefined, authority };
  return { auth, authority };
}

export async function bootstrap(options: EmulatorOptions): Promise<Booted> {
  const opts = resolveOptions(options);
  const clock = createClock(opts.clock);
  const random = createRandom(opts.seed);
  const validator = specValidator();
  const operations = readOperations();
  let routes: BoundRoute[];
  try {
    routes = bindRoutes(ROUTES, operations);
  } catch (error) {
    throw new EmulatorStartError(`the route table and the spec disagree: ${(error as Error).message}`);
  }
  warmValidator(validator, operations);
  const store = new Store({
    clock,
    timing: opts.timing,
    random: random.fork("state"),
    validator,
    logEntries: opts.limits.provisioningLogEntries,
  });
  const { initialSource, fileExisted } = await loadState(store, opts, clock);
  const faults = createFaults(random, operations, opts);
  const { auth, authority } = await createAuth(opts, store, clock, random);
  const tls = opts.tls ? await createTlsMaterial() : undefined;
  const stateFile = opts.stateFile ? createStateFile(opts.stateFile, () => store.serialize()) : undefined;
  if (stateFile && !fileExisted) await stateFile.save();
  const delays = createDelays();
  const settings: Settings = {
    strict: opts.strict,
    startResponse: opts.startResponse,
    uploadDelayMs: opts.uploadDelayMs,
  };
  const persist = async () => {
    if (stateFile) await stateFile.save();
  };
  const resetState = async () => {
    store.load(initialSource(), opts.stateFile);
    operationCounts.clear();
    await persist();
  };
  const requests = new RequestLog(opts.limits.requestLog);
  const operationCounts = new OperationCounts();
  const core: Core = {
    clock,
    store,
    faults,
    validator,
    operations,
    settings,
    auth,
    authority,
    tls,
    stateFile,
    requests,
    random: random.fork("requests"),
    limits: opts.limits,
    operationCounts,
    contract: new ContractStats(),
    log: createLogger(opts.log),
    host: opts.host,
    corsOrigins: opts.corsOrigins,
    origin: "",
    delay: delays.delay,
    persist,
    reset: async () => {
      faults.clear();
      requests.clear();
      await resetState();
    },
  };
  return { opts, core, routes, delays, resetState };
}
