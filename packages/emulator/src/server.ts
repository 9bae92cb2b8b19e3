/**
 * `startEmulator`: wires the tenant, clock, faults, validator, auth and state file to an HTTP(S) server on
 * loopback, with a per-request error boundary (any unexpected failure answers a Graph 500 and is logged; nothing
 * crashes the process), header and request timeouts against slow clients, a body limit, and a `close()` that leaves
 * no socket, timer or server behind.
 */
import { once } from "node:events";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import {
  type QuarantineReason,
  quarantineReasonValues,
  type SynchronizationError,
  type SynchronizationJob,
} from "@graphsync/types";
import type { AuthSettings } from "./auth.js";
import { Authority } from "./authority.js";
import { handleAuthority, matchAuthority } from "./authority-routes.js";
import { createClock, type EmulatorClock } from "./clock.js";
import { CONTROL_PREFIX, handleControl } from "./control.js";
import type { Core, Settings } from "./core.js";
import { answerCors } from "./cors.js";
import { createDemoTenant, type TenantInput } from "./demo-tenant.js";
import { describeError, EmulatorOptionsError, EmulatorStartError, GraphHttpError } from "./errors.js";
import { Exchange } from "./exchange.js";
import { type FaultRule, type FaultRuleInput, Faults } from "./faults.js";
import { clientErrorResponse, responseInFlight } from "./http.js";
import { createLogger } from "./log.js";
import { type EmulatorOptions, resolveOptions } from "./options.js";
import { createStateFile, readStateFile, removeStaleTemps, type StateFile } from "./persist.js";
import { createRandom } from "./random.js";
import { decodeSegments, handleGraph, missingHandlers } from "./routes.js";
import { componentSchema, GRAPH_VERSIONS, type GraphVersion, type OperationId, readOperations } from "./spec.js";
import {
  isPersistedState,
  type JobCounters,
  type PersistedState,
  type ServicePrincipalSummary,
  Store,
} from "./state.js";
import { ContractStats, type ContractViolation, OperationCounts, RequestLog, type RequestRecord } from "./stats.js";
import { createTlsMaterial, type TlsMaterial } from "./tls.js";
import { specValidator } from "./validate.js";

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

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

const noop = () => {};

/**
 * Path and query of a request target. Not `new URL(target, base)`: that reads `//x/y` as a host. An absolute-form
 * target (`http://host/path`, which proxies send) is accepted; anything else that does not start with "/" is a 400.
 */
function splitTarget(target: string): { pathname: string; search: string } {
  let path = target;
  if (!path.startsWith("/")) {
    try {
      const absolute = new URL(path);
      if (absolute.protocol !== "http:" && absolute.protocol !== "https:") throw new Error("not http");
      path = `${absolute.pathname}${absolute.search}`;
    } catch {
      throw GraphHttpError.badRequest(
        "The request target must be a path such as /v1.0/servicePrincipals/{id}/synchronization/jobs.",
      );
    }
  }
  const question = path.indexOf("?");
  return question < 0
    ? { pathname: path, search: "" }
    : { pathname: path.slice(0, question), search: path.slice(question + 1) };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const opts = resolveOptions(options);
  const clock = createClock(opts.clock);
  const random = createRandom(opts.seed);
  const log = createLogger(opts.log);
  const validator = specValidator();
  const operations = readOperations();
  const missing = missingHandlers(operations);
  if (missing.length > 0)
    throw new EmulatorStartError(`the spec has operations the emulator cannot serve: ${missing.join(", ")}`);
  validator.warm([
    componentSchema("synchronizationJob"),
    componentSchema("odataError"),
    ...operations.flatMap((op) => [
      ...(op.requestBody ? [op.requestBody.schemaPointer] : []),
      ...op.parameters.map((p) => p.schemaPointer),
      ...[...op.responses.values()].flatMap((r) => (r.schemaPointer ? [r.schemaPointer] : [])),
    ]),
  ]);

  const store = new Store(clock, opts.timing, random.fork("state"));
  // A saved state continues on the manual clock it was saved with (unless the caller chose a start).
  const resumeClock = (source: unknown) => {
    if (
      clock.mode === "manual" &&
      isPersistedState(source) &&
      typeof source.clock === "number" &&
      !(typeof opts.clock === "object" && opts.clock.start !== undefined) &&
      source.clock > clock.now()
    ) {
      clock.set(source.clock);
    }
  };
  resumeClock(opts.state);
  let initialSource: () => unknown;
  let fileExisted = false;
  if (opts.stateFile) {
    await removeStaleTemps(opts.stateFile);
    const saved = await readStateFile(opts.stateFile);
    if (saved !== undefined) {
      fileExisted = true;
      resumeClock(saved);
      store.load(saved, opts.stateFile);
      initialSource = () => saved;
    } else {
      const start = opts.state ?? createDemoTenant(clock.now());
      store.load(start);
      initialSource = opts.state ? () => opts.state : () => createDemoTenant(clock.now());
    }
  } else {
    store.load(opts.state ?? createDemoTenant(clock.now()));
    initialSource = opts.state ? () => opts.state : () => createDemoTenant(clock.now());
  }

  const knownTargets = new Set<string>([
    ...operations.map((op) => op.operationId),
    "token",
    "openidConfiguration",
    "jwks",
    "instanceDiscovery",
  ]);
  const faults = new Faults(random.fork("faults"), knownTargets);
  opts.faults.forEach((rule, i) => {
    try {
      faults.add(rule);
    } catch (error) {
      if (error instanceof EmulatorOptionsError) {
        throw new EmulatorOptionsError(
          error.option.replace(/^fault/, `faults[${i}]`),
          error.message.replace(/^[^:]*: /, ""),
        );
      }
      throw error;
    }
  });

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
  const tls: TlsMaterial | undefined = opts.tls ? await createTlsMaterial() : undefined;
  const stateFile: StateFile | undefined = opts.stateFile
    ? createStateFile(opts.stateFile, () => store.serialize())
    : undefined;
  if (stateFile && !fileExisted) await stateFile.save();

  const pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const sockets = new Set<Socket>();
  const requests = new RequestLog(opts.limits.requestLog);
  const operationCounts = new OperationCounts();
  const contract = new ContractStats();
  const settings: Settings = { strict: opts.strict, startResponse: opts.startResponse };
  let closed = false;

  const resetState = async () => {
    store.load(initialSource(), opts.stateFile);
    store.clearWindows();
    operationCounts.clear();
    await core.persist();
  };
  const core: Core = {
    clock,
    store,
    faults,
    random: random.fork("requests"),
    validator,
    operations,
    settings,
    limits: opts.limits,
    auth,
    authority,
    tls,
    stateFile,
    requests,
    operationCounts,
    contract,
    log,
    origin: "",
    delay: (ms) =>
      new Promise<void>((resolve) => {
        if (closed) {
          resolve();
          return;
        }
        const entry = {
          timer: setTimeout(() => {
            pendingDelays.delete(entry);
            resolve();
          }, ms),
          resolve,
        };
        pendingDelays.add(entry);
      }),
    persist: async () => {
      if (stateFile) await stateFile.save();
    },
    reset: async () => {
      faults.clear();
      requests.clear();
      await resetState();
    },
    quarantine: async (sp, job, options) => {
      const reason = options.reason ?? "EncounteredQuarantineException";
      if (!(quarantineReasonValues as readonly string[]).includes(reason)) {
        throw new EmulatorOptionsError(
          "reason",
          `${JSON.stringify(reason)} is not allowed: use one of ${quarantineReasonValues.join(", ")}`,
        );
      }
      const error = options.error ?? {
        code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
        message: "Failed to validate the credentials of the target system.",
        tenantActionable: true,
      };
      const problems = validator.validate(componentSchema("synchronizationError"), error);
      if (problems[0])
        throw new EmulatorOptionsError(`error.${problems[0].path}`.replace(/\.$/, ""), problems[0].message);
      try {
        store.quarantine(sp, job, reason, error);
      } catch (caught) {
        if (caught instanceof GraphHttpError) throw new EmulatorOptionsError("jobId", caught.message);
        throw caught;
      }
      await core.persist();
    },
    replaceState: async (source) => {
      store.load(source);
      await core.persist();
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const exchange = new Exchange(core, req, res);
    try {
      const { pathname, search } = splitTarget(req.url ?? "/");
      const searchParams = new URLSearchParams(search);
      const segments = decodeSegments(pathname);
      const first = segments[0] ?? "";
      if (`/${first}` === CONTROL_PREFIX) {
        await handleControl(core, exchange, segments, searchParams);
      } else if ((GRAPH_VERSIONS as readonly string[]).includes(first)) {
        if (answerCors(req, res)) exchange.status = 204;
        else await handleGraph(core, exchange, first as GraphVersion, segments.slice(1), searchParams);
      } else {
        const route = authority ? matchAuthority(segments) : undefined;
        if (route) await handleAuthority(core, exchange, route, segments);
        else await handleGraph(core, exchange, undefined, segments, searchParams);
      }
    } catch (error) {
      if (error instanceof GraphHttpError) {
        exchange.answerError(error);
      } else if (!exchange.answered) {
        log({
          level: "error",
          event: "error",
          message: `unexpected failure on ${exchange.method} ${exchange.rawUrl.split("?")[0]}: ${describeError(error)}${error instanceof Error && error.stack ? `\n${error.stack}` : ""}`,
          requestId: exchange.requestId,
        });
        exchange.answerError(
          new GraphHttpError({
            status: 500,
            code: "generalException",
            message: `The emulator failed to handle the request (request-id ${exchange.requestId}). This is a bug in the emulator.`,
          }),
        );
      }
    } finally {
      const durationMs = Math.round(performance.now() - exchange.started);
      if (exchange.kind !== "control") {
        requests.add({
          at: new Date(clock.now()).toISOString(),
          method: exchange.method.slice(0, 20),
          url: exchange.rawUrl,
          operation: exchange.operation,
          status: exchange.status,
          requestId: exchange.requestId,
          clientRequestId: exchange.clientRequestId,
          durationMs,
          faults: exchange.faults,
          kind: exchange.kind === "authority" ? "authority" : "graph",
        });
      }
      log({
        level: "info",
        event: "request",
        message: `${exchange.method} ${exchange.rawUrl} ${exchange.status}`,
        method: exchange.method.slice(0, 20),
        url: exchange.rawUrl,
        status: exchange.status,
        operation: exchange.operation,
        requestId: exchange.requestId,
        durationMs,
        faults: exchange.faults,
      });
    }
  };

  const serverOptions = {
    requestTimeout: opts.limits.requestTimeoutMs,
    headersTimeout: opts.limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(opts.limits.headersTimeoutMs / 2))),
    maxHeaderSize: opts.limits.maxHeaderBytes,
    requireHostHeader: false,
    noDelay: true,
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    req.on("error", noop);
    res.on("error", noop);
    void handle(req, res);
  };
  const server: Server = tls
    ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, listener)
    : createHttpServer(serverOptions, listener);
  server.keepAliveTimeout = opts.limits.keepAliveTimeoutMs;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "ECONNRESET" || !socket.writable || responseInFlight(socket)) {
      socket.destroy();
      return;
    }
    const requestId = core.random.uuid();
    const answer = clientErrorResponse(error.code, requestId, clock.now());
    contract.validated++;
    const problems = validator.validate(componentSchema("odataError"), answer.body);
    if (problems.length > 0) {
      contract.record({
        at: new Date(clock.now()).toISOString(),
        operation: undefined,
        status: answer.status,
        method: "",
        url: "",
        requestId,
        problems: problems.map((p) => `${p.path || "(body)"}: ${p.message}`),
      });
    }
    log({
      level: "warn",
      event: "client-error",
      message: `answered ${answer.status} to a request that could not be parsed (${error.code ?? "unknown"})`,
      requestId,
      status: answer.status,
    });
    socket.end(answer.raw);
    socket.destroySoon?.();
  });
  if (tls) server.on("tlsClientError", (_error: Error, socket: Socket) => socket.destroy());

  try {
    server.listen({ port: opts.port, host: opts.host, backlog: 2048 });
    await once(server, "listening");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EADDRINUSE"
        ? `port ${opts.port} on ${opts.host} is in use: choose another port, or 0 for a free one`
        : code === "EACCES"
          ? `no permission to listen on port ${opts.port} of ${opts.host}`
          : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
            ? `cannot listen on ${opts.host}: not an address of this machine`
            : describeError(error);
    throw new EmulatorStartError(`cannot start the emulator: ${reason}`, { cause: error });
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const origin = `${tls ? "https" : "http"}://${urlHost(opts.host)}:${port}`;
  core.origin = origin;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      closed = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const entry of pendingDelays) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      pendingDelays.clear();
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await stopped;
      if (stateFile) {
        await stateFile.idle();
        await stateFile
          .save()
          .catch((error: unknown) =>
            log({ level: "error", event: "persist-error", message: `final save failed: ${describeError(error)}` }),
          );
      }
      // libuv releases a closed handle one loop turn after its close callback: wait, so that when close()
      // resolves, process.getActiveResourcesInfo() shows nothing of ours.
      for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
      log({ level: "info", event: "closed", message: `emulator at ${origin} closed` });
    })();
    return closing;
  };

  log({ level: "info", event: "ready", message: `emulator listening on ${origin} (Graph: ${origin}/v1.0)` });

  const emulator: Emulator = {
    url: origin,
    port,
    host: opts.host,
    graphUrl: (version = "v1.0") => {
      if (!(GRAPH_VERSIONS as readonly string[]).includes(version)) {
        throw new EmulatorOptionsError("version", `${JSON.stringify(version)} is not allowed: use "v1.0" or "beta"`);
      }
      return `${origin}/${version}`;
    },
    get tenantId() {
      return store.tenantId;
    },
    token: opts.tokens?.[0] ?? DEFAULT_TOKEN,
    authorityHost: origin,
    get tokenUrl() {
      return `${origin}/${store.tenantId}/oauth2/v2.0/token`;
    },
    ca: tls?.ca,
    get connections() {
      return sockets.size;
    },
    clock,
    faults: {
      add: (rule) => faults.add(rule),
      list: () => faults.list(),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
    },
    state: {
      getJob: (sp, job) => {
        try {
          return store.getJob(sp, job);
        } catch (error) {
          if (error instanceof GraphHttpError) return undefined;
          throw error;
        }
      },
      listJobs: (sp) => (store.hasServicePrincipal(sp) ? store.listJobs(sp) : undefined),
      servicePrincipals: () => store.servicePrincipals(),
      startCount: (sp, job) => {
        try {
          return store.counters(sp, job).starts;
        } catch (error) {
          if (error instanceof GraphHttpError) return 0;
          throw error;
        }
      },
      counters: (sp, job) => {
        try {
          return store.counters(sp, job);
        } catch (error) {
          if (error instanceof GraphHttpError) return undefined;
          throw error;
        }
      },
      allCounters: () => store.allCounters(),
      operationCounts: () => operationCounts.all(),
      export: () => store.exportTenant(),
      serialize: () => store.serialize(),
      replace: (tenant) => core.replaceState(tenant),
      reset: () => resetState(),
      quarantine: (sp, job, options) => core.quarantine(sp, job, options ?? {}),
      get seq() {
        return store.seq;
      },
    },
    requests: {
      get count() {
        return requests.count;
      },
      get authorityCount() {
        return requests.authorityRequests;
      },
      list: () => requests.list(),
      byOperation: () => requests.byOperation(),
      clear: () => requests.clear(),
    },
    contract: {
      get validated() {
        return contract.validated;
      },
      get violationCount() {
        return contract.violationCount;
      },
      get violations() {
        return contract.violations;
      },
    },
    configure: (next) => {
      if (next.startResponse !== undefined) {
        if (next.startResponse !== 200 && next.startResponse !== 204) {
          throw new EmulatorOptionsError(
            "startResponse",
            `${JSON.stringify(next.startResponse)} is not allowed: use 204 or 200`,
          );
        }
        settings.startResponse = next.startResponse;
      }
      if (next.strict !== undefined) {
        if (typeof next.strict !== "boolean") throw new EmulatorOptionsError("strict", "must be true or false");
        settings.strict = next.strict;
      }
    },
    get settings() {
      return { ...settings };
    },
    reset: () => core.reset(),
    close,
    [Symbol.asyncDispose]: close,
  };
  return emulator;
}
