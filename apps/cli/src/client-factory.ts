/**
 * Builds the Graph client for one run from the global options: where requests go (--cloud, --api-version,
 * --base-url, or an embedded emulator with --emulator), how they are authenticated (GRAPHSYNC_TOKEN, --auth through
 * @azure/identity), and what the transport does (--dry-run records instead of sending, --verbose logs).
 * Commands see a small facade, `ClientHandle`, over `@graphsync/client`.
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
import type {
  StringKeyStringValuePair,
  SynchronizationJob,
  SynchronizationJobApplicationParameters,
} from "@graphsync/types";
import type { CommandContext } from "./context.js";
import { UsageError } from "./core.js";
import { formatDuration } from "./duration.js";
import type { EmbeddedEmulator } from "./embedded-emulator.js";
import { type RecordedRequest, recordingFetch, verboseFetch } from "./http-log.js";
import { type FetchLike, nodeFetch } from "./transport.js";

export interface DryRun {
  /** The requests recorded since the last call (and forgets them). */
  take(): RecordedRequest[];
}

export interface ClientHandle {
  readonly baseUrl: string;
  /** Set with --dry-run: nothing is sent, requests are recorded. */
  readonly dryRun: DryRun | undefined;
  /** Set with --emulator: the embedded emulator and its demo tenant. */
  readonly emulator: EmbeddedEmulator | undefined;
  listJobs(servicePrincipalId: string, signal: AbortSignal): Promise<SynchronizationJob[]>;
  getJob(servicePrincipalId: string, jobId: string, signal: AbortSignal): Promise<SynchronizationJob>;
  startJob(servicePrincipalId: string, jobId: string, signal: AbortSignal): Promise<void>;
  pauseJob(servicePrincipalId: string, jobId: string, signal: AbortSignal): Promise<void>;
  restartJob(
    servicePrincipalId: string,
    jobId: string,
    resetScope: string | undefined,
    signal: AbortSignal,
  ): Promise<void>;
  provisionOnDemand(
    servicePrincipalId: string,
    jobId: string,
    parameters: SynchronizationJobApplicationParameters[],
    signal: AbortSignal,
  ): Promise<StringKeyStringValuePair>;
  /** Subscribes to the client's retry events (bulk start uses them to hold all lanes on throttling). */
  onRetry(listener: (event: RetryEvent) => void): () => void;
}

/** Stands in for a token in --dry-run when none is configured: it is never sent and the header is redacted anyway. */
const DRY_RUN_TOKEN = "dry-run-token-not-sent";

export async function createClientHandle(context: CommandContext): Promise<ClientHandle> {
  const { settings, runtime, output, secrets } = context;
  if (settings.baseUrl !== undefined && settings.apiVersion !== undefined) {
    throw new UsageError("--api-version cannot be combined with --base-url", {
      hint: "the base URL includes the version, e.g. --base-url http://127.0.0.1:4010/v1.0.",
    });
  }
  if (settings.emulator && settings.baseUrl !== undefined) {
    throw new UsageError("--emulator cannot be combined with --base-url", {
      hint: "--emulator runs its own emulator; to use one that is already running, pass only --base-url.",
    });
  }

  let emulator: EmbeddedEmulator | undefined;
  let baseUrl = settings.baseUrl;
  if (settings.emulator) {
    const { startEmbeddedEmulator } = await import("./embedded-emulator.js");
    emulator = await startEmbeddedEmulator(runtime.emulatorOptions);
    const started = emulator;
    context.onClose(() => started.close());
    baseUrl = emulator.graphUrl;
  }

  let recorded: RecordedRequest[] = [];
  let fetchImpl: FetchLike = runtime.fetch ?? nodeFetch;
  if (settings.dryRun) fetchImpl = recordingFetch((request) => recorded.push(request));
  if (settings.verbose) {
    fetchImpl = verboseFetch(
      fetchImpl,
      (text) => output.error(output.err.dim(text)),
      () => runtime.clock.now(),
    );
  }

  // Each in-flight request listens on the run's signal (up to --concurrency of them, plus --wait): not a leak.
  setMaxListeners(256, context.signal);
  const listeners = new Set<(event: RetryEvent) => void>();
  const connection = {
    cloud: settings.cloud as GraphCloud,
    ...(baseUrl !== undefined ? { baseUrl } : { apiVersion: (settings.apiVersion ?? "v1.0") as ApiVersion }),
    // The client reads only status, headers.get() and text(): the minimal response is enough (see transport.ts).
    fetch: fetchImpl as unknown as typeof globalThis.fetch,
    signal: context.signal,
    userAgent: `graphsync-cli/${runtime.version}`,
    retry: {
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
    },
  };

  const envToken = runtime.env.GRAPHSYNC_TOKEN?.trim() || undefined;
  let auth: { accessToken: string } | { credential: TokenCredentialLike };
  if (settings.dryRun) {
    auth = { accessToken: envToken ?? emulator?.token ?? DRY_RUN_TOKEN };
  } else if (emulator) {
    auth = { accessToken: emulator.token };
  } else if (settings.auth === undefined && envToken !== undefined) {
    auth = { accessToken: envToken };
  } else {
    const { createCredential } = await import("./auth.js");
    auth = {
      credential: await createCredential(
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
      ),
    };
  }
  if ("accessToken" in auth) secrets.add(auth.accessToken);

  let client: GraphSyncClient;
  try {
    client = createGraphSyncClient({ ...connection, ...auth });
  } catch (error) {
    const { toCliError } = await import("./graph-errors.js");
    throw await toCliError(error, "invalid connection settings");
  }

  // The client already aborts every call on the run's signal: passing the same one per call would make it combine
  // the two with AbortSignal.any, whose bookkeeping on a long-lived signal grows with every call in Node 20.
  const call = (signal: AbortSignal) => (signal === context.signal ? {} : { signal });
  return {
    baseUrl: client.baseUrl,
    dryRun: settings.dryRun
      ? {
          take() {
            const taken = recorded;
            recorded = [];
            return taken;
          },
        }
      : undefined,
    emulator,
    async listJobs(sp, signal) {
      const jobs: SynchronizationJob[] = [];
      for await (const job of client.listJobs(sp, call(signal))) jobs.push(job);
      return jobs;
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
  };
}
