/**
 * Builds the Graph client for one run from the global options: where requests go (--cloud, --api-version,
 * --base-url, or an embedded emulator with --emulator), how they are authenticated (GRAPHSYNC_TOKEN, --auth through
 * @azure/identity), and what the transport does (--dry-run records instead of sending, --verbose logs).
 * Commands see a small facade, `ClientHandle` (client-handle.ts), over `@graphsync/client`.
 */
import { setMaxListeners } from "node:events";
import {
  type ApiVersion,
  createGraphSyncClient,
  type GraphCloud,
  type GraphSyncClient,
  type RetryEvent,
  type TokenCredentialLike,
} from "@graphsync/client";
import type { SynchronizationJob } from "@graphsync/types";
import type { ClientHandle, EmbeddedEmulator } from "./client-handle.js";
import type { Output, SecretRegistry } from "./core.js";
import { formatDuration } from "./duration.js";
import { type RecordedRequest, recordingFetch, verboseFetch } from "./http-log.js";
import type { Runtime, Settings } from "./runtime.js";
import { type FetchLike, nodeFetch } from "./transport.js";

/** What building a client needs of the run (a CommandContext has all of it). */
export interface ClientFactoryInput {
  readonly runtime: Runtime;
  readonly settings: Settings;
  readonly output: Output;
  readonly secrets: SecretRegistry;
  readonly signal: AbortSignal;
  onClose(fn: () => Promise<void> | void): void;
}

type Auth = { accessToken: string } | { credential: TokenCredentialLike };

/** Stands in for a token in --dry-run when none is configured: it is never sent and the header is redacted anyway. */
const DRY_RUN_TOKEN = "dry-run-token-not-sent";

/** A hold on requests to one path (`upload` paces bulkUpload and the provisioning logs with it). */
interface Gate {
  pathEnd: string;
  wait: (signal?: AbortSignal) => Promise<void>;
}

/** Each request waits for the gates of its path (none by default: one Set size check per request). */
function gatedFetch(inner: FetchLike, gates: ReadonlySet<Gate>): FetchLike {
  return async (url, init) => {
    if (gates.size > 0) {
      const path = new URL(url).pathname;
      for (const gate of gates) if (path.endsWith(gate.pathEnd)) await gate.wait(init?.signal ?? undefined);
    }
    return inner(url, init);
  };
}

function transportFor(
  input: ClientFactoryInput,
  record: (request: RecordedRequest) => void,
  gates: ReadonlySet<Gate>,
): FetchLike {
  const { settings, runtime, output } = input;
  let fetchImpl: FetchLike = runtime.fetch ?? nodeFetch;
  if (settings.dryRun) fetchImpl = recordingFetch(record);
  if (settings.verbose) {
    fetchImpl = verboseFetch(
      fetchImpl,
      (text) => output.error(output.err.dim(text)),
      () => runtime.clock.now(),
    );
  }
  return gatedFetch(fetchImpl, gates);
}

function retryOptions(input: ClientFactoryInput, listeners: Set<(event: RetryEvent) => void>) {
  const { runtime, output } = input;
  return {
    // More than the client's default 5: a bulk run at a steady 20 % throttling would otherwise see about one
    // request in 3,000 refused 5 times in a row. The client's caps on one wait (2 min) and in all (5 min) stay.
    maxAttempts: 10,
    sleep: (ms: number, signal?: AbortSignal) => runtime.clock.sleep(ms, signal),
    onRetry(event: RetryEvent) {
      const { status, code } = event.error as { status?: number; code?: string };
      // Every retry is reported: throttling, and a service that cannot be reached (which otherwise looks like a
      // hang while the backoff grows).
      output.info(
        output.err.dim(
          `${event.method} ${event.operation}: ${status ?? code ?? event.error.name} on attempt ${event.attempt}, retrying in ${formatDuration(event.delayMs)} (Ctrl-C stops)`,
        ),
      );
      for (const listener of listeners) listener(event);
    },
  };
}

async function authFor(input: ClientFactoryInput, emulator: EmbeddedEmulator | undefined): Promise<Auth> {
  const { settings, runtime, output, secrets } = input;
  const envToken = runtime.env.GRAPHSYNC_TOKEN?.trim() || undefined;
  if (settings.dryRun) return { accessToken: envToken ?? emulator?.token ?? DRY_RUN_TOKEN };
  if (emulator) return { accessToken: emulator.token };
  if (settings.auth === undefined && envToken !== undefined) return { accessToken: envToken };
  const { createCredential } = await import("./auth.js");
  const credential = await createCredential(
    {
      mode: settings.auth ?? "default",
      tenant: settings.tenant,
      clientId: settings.clientId,
      clientSecretFile: settings.clientSecretFile,
      certificateFile: settings.certificateFile,
      authorityHost: settings.authorityHost,
      cloud: settings.cloud,
    },
    { env: runtime.env, secrets, prompt: (message) => output.error(message) },
  );
  return { credential };
}

export async function createClientHandle(input: ClientFactoryInput): Promise<ClientHandle> {
  const { settings, runtime, secrets } = input;
  // --api-version and --emulator with --base-url are refused by the parser (GRAPH_CONFLICTS).
  let emulator: EmbeddedEmulator | undefined;
  if (settings.emulator) {
    const { startEmbeddedEmulator } = await import("./embedded-emulator.js");
    const started = await startEmbeddedEmulator(runtime.emulatorOptions);
    input.onClose(() => started.close());
    emulator = started;
  }
  const baseUrl = emulator?.graphUrl ?? settings.baseUrl;
  let recorded: RecordedRequest[] = [];
  const listeners = new Set<(event: RetryEvent) => void>();
  const gates = new Set<Gate>();
  // Each in-flight request listens on the run's signal (up to --concurrency of them, plus --wait): not a leak.
  setMaxListeners(256, input.signal);
  const auth = await authFor(input, emulator);
  if ("accessToken" in auth) secrets.add(auth.accessToken);

  let client: GraphSyncClient;
  let singleAttempt: () => GraphSyncClient;
  try {
    const options = {
      cloud: settings.cloud as GraphCloud,
      ...(baseUrl !== undefined ? { baseUrl } : { apiVersion: (settings.apiVersion ?? "v1.0") as ApiVersion }),
      // The client reads only status, headers.get() and text(): the minimal response is enough (see transport.ts).
      fetch: transportFor(input, (request) => recorded.push(request), gates),
      signal: input.signal,
      userAgent: `graphsync-cli/${runtime.version}`,
      ...auth,
    };
    client = createGraphSyncClient({ ...options, retry: retryOptions(input, listeners) });
    // For calls whose caller retries each attempt itself (upload: every attempt is paced and counted). Made on
    // first use: no other command pays for it. It shares the credential (a second token cache, one more token).
    let single: GraphSyncClient | undefined;
    singleAttempt = () => {
      single ??= createGraphSyncClient({ ...options, retry: false });
      return single;
    };
  } catch (error) {
    const { toCliError } = await import("./graph-errors.js");
    throw await toCliError(error, "invalid connection settings");
  }
  const dryRun = settings.dryRun
    ? {
        take() {
          const taken = recorded;
          recorded = [];
          return taken;
        },
      }
    : undefined;
  return facade({ client, singleAttempt, signal: input.signal, dryRun, emulator, listeners, gates });
}

interface FacadeParts {
  client: GraphSyncClient;
  singleAttempt: () => GraphSyncClient;
  gates: Set<Gate>;
  signal: AbortSignal;
  dryRun: ClientHandle["dryRun"];
  emulator: EmbeddedEmulator | undefined;
  listeners: Set<(event: RetryEvent) => void>;
}

function facade(parts: FacadeParts): ClientHandle {
  const { client, signal: runSignal, dryRun, emulator, listeners } = parts;
  // The client already aborts every call on the run's signal: passing the same one per call would make it combine
  // the two with AbortSignal.any, whose bookkeeping on a long-lived signal grows with every call in Node 20.
  const call = (signal: AbortSignal) => (signal === runSignal ? {} : { signal });
  return {
    baseUrl: client.baseUrl,
    dryRun,
    emulator,
    async listJobs(sp, signal) {
      const jobs: SynchronizationJob[] = [];
      for await (const job of client.listJobs(sp, call(signal))) jobs.push(job);
      return jobs;
    },
    async findServicePrincipals(query, signal) {
      const found = [];
      const options = { ...call(signal), select: ["id", "appId", "displayName"], maxPages: 10 };
      for await (const sp of client.listServicePrincipals(query, options)) found.push(sp);
      return found;
    },
    getJob: (sp, job, signal) => client.getJob(sp, job, call(signal)),
    async startJob(sp, job, signal) {
      await client.startJob(sp, job, call(signal));
    },
    async pauseJob(sp, job, signal) {
      await client.pauseJob(sp, job, call(signal));
    },
    async restartJob(sp, job, resetScope, signal) {
      await client.restartJob(sp, job, { ...call(signal), ...(resetScope !== undefined ? { resetScope } : {}) });
    },
    async provisionOnDemand(sp, job, parameters, signal) {
      const result = await client.provisionOnDemand(sp, job, { ...call(signal), parameters });
      return result.value;
    },
    onRetry(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...uploadCalls(parts, call),
  };
}

/** What `upload` calls: bulkUpload (one attempt each), the provisioning logs, and the gates that pace them. */
function uploadCalls(
  { singleAttempt, client, gates }: FacadeParts,
  call: (signal: AbortSignal) => { signal?: AbortSignal },
): Pick<ClientHandle, "bulkUpload" | "provisioningLogs" | "gate"> {
  return {
    async bulkUpload(sp, job, request, signal) {
      const result = await singleAttempt().bulkUpload(sp, job, request, call(signal));
      return result.location ?? undefined;
    },
    provisioningLogs: (filter, signal) => client.listProvisioningLogs({ ...call(signal), filter }),
    gate(pathEnd, wait) {
      const gate = { pathEnd, wait };
      gates.add(gate);
      return () => gates.delete(gate);
    },
  };
}
