/** The public object `startEmulator` returns: read-only views and controls over one running emulator. */
import type { Booted } from "./bootstrap.js";
import type { Settings } from "./core.js";
import type { Emulator, EmulatorContract, EmulatorRequests, EmulatorState } from "./emulator-api.js";
import { EmulatorOptionsError, GraphHttpError } from "./errors.js";
import { GRAPH_VERSIONS } from "./spec.js";

/** The bearer token `emulator.token` gives in bearer mode (any well-formed token works unless `tokens` is set). */
export const DEFAULT_TOKEN = "graphsync-emulator-token";

export interface Listening {
  origin: string;
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}

/** The store's answer, or `fallback` when the job or service principal does not exist. */
function orUnknown<T, F>(read: () => T, fallback: F): T | F {
  try {
    return read();
  } catch (error) {
    if (error instanceof GraphHttpError) return fallback;
    throw error;
  }
}

function stateView({ core, resetState }: Booted): EmulatorState {
  const { store } = core;
  return {
    getJob: (sp, job) => orUnknown(() => store.getJob(sp, job), undefined),
    listJobs: (sp) => (store.hasServicePrincipal(sp) ? store.listJobs(sp) : undefined),
    servicePrincipals: () => store.servicePrincipals(),
    startCount: (sp, job) => orUnknown(() => store.counters(sp, job).starts, 0),
    counters: (sp, job) => orUnknown(() => store.counters(sp, job), undefined),
    allCounters: () => store.allCounters(),
    operationCounts: () => core.operationCounts.all(),
    export: () => store.exportTenant(),
    serialize: () => store.serialize(),
    replace: async (tenant) => {
      store.load(tenant);
      await core.persist();
    },
    reset: () => resetState(),
    quarantine: async (sp, job, options) => {
      store.quarantine(sp, job, options ?? {});
      await core.persist();
    },
    get seq() {
      return store.seq;
    },
  };
}

function requestsView({ core }: Booted): EmulatorRequests {
  const { requests } = core;
  return {
    get count() {
      return requests.count;
    },
    get authorityCount() {
      return requests.authorityRequests;
    },
    list: () => requests.list(),
    byOperation: () => requests.byOperation(),
    clear: () => requests.clear(),
  };
}

function contractView({ core }: Booted): EmulatorContract {
  const { contract } = core;
  return {
    get validated() {
      return contract.validated;
    },
    get violationCount() {
      return contract.violationCount;
    },
    get violations() {
      return contract.violations;
    },
  };
}

function configure(settings: Settings, next: Partial<Settings>): void {
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
  if (next.uploadDelayMs !== undefined) {
    const ms = next.uploadDelayMs;
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      throw new EmulatorOptionsError("uploadDelayMs", `${JSON.stringify(ms)} is not allowed: use milliseconds >= 0`);
    }
    settings.uploadDelayMs = ms;
  }
}

export function createFacade(booted: Booted, listening: Listening): Emulator {
  const { core, opts } = booted;
  const { origin, close } = listening;
  const { faults, store } = core;
  return {
    url: origin,
    port: listening.port,
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
    ca: core.tls?.ca,
    get connections() {
      return listening.connections();
    },
    clock: core.clock,
    faults: {
      add: (rule) => faults.add(rule),
      list: () => faults.list(),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
    },
    state: stateView(booted),
    requests: requestsView(booted),
    contract: contractView(booted),
    configure: (next) => configure(core.settings, next),
    get settings() {
      return { ...core.settings };
    },
    reset: () => core.reset(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
