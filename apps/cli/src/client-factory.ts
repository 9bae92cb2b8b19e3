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
import { isProvisioningLogs, LOG_WINDOW_MS, logRequestsPerWindow, Pacer, pacedFetch } from "./rate-pacer.js";
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

function transportFor(
  input: ClientFactoryInput,
  record: (request: RecordedRequest) => void,
  clock: Pick<Runtime["clock"], "now" | "sleep">,
): FetchLike {
  const { settings, runtime, output } = input;
  let fetchImpl: FetchLike = runtime.fetch ?? nodeFetch;
  if (settings.dryRun) fetchImpl = recordingFetch(record);
  else {
    // The provisioning logs' own limit, kept on this side (see rate-pacer.ts).
    const pacer = new Pacer({ limit: logRequestsPerWindow(runtime.env), windowMs: LOG_WINDOW_MS, clock });
    fetchImpl = pacedFetch(fetchImpl, pacer, isProvisioningLogs);
  }
  if (settings.verbose) {
    fetchImpl = verboseFetch(
      fetchImpl,
      (text) => output.error(output.err.dim(text)),
      () => runtime.clock.now(),
    );
  }
  return fetchImpl;
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
      fetch: transportFor(input, (request) => recorded.push(request), emulator?.clock ?? runtime.clock),
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
  return facade({ client, singleAttempt, signal: input.signal, dryRun, emulator, listeners });
}

interface FacadeParts {
  client: GraphSyncClient;
  singleAttempt: () => GraphSyncClient;
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
    listServicePrincipals: (signal) =>
      client.listServicePrincipals({}, { ...call(signal), select: ["id", "appId", "displayName"], maxPages: 10_000 }),
    listProvisioningLogs: (filter, top, signal) =>
      client.listProvisioningLogs({ ...call(signal), filter, maxPages: 1_000_000, ...(top ? { top } : {}) }),
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
    async listTemplates(sp, signal) {
      const templates = [];
      for await (const template of client.listTemplates(sp, call(signal))) templates.push(template);
      return templates;
    },
    createJob: (sp, templateId, signal) => client.createJob(sp, templateId, call(signal)),
    async deleteJob(sp, job, signal) {
      await client.deleteJob(sp, job, call(signal));
    },
    async validateCredentials(sp, job, request, signal) {
      const options = { ...call(signal), ...request };
      if (job === undefined) await client.validateCredentials(sp, options);
      else await client.validateJobCredentials(sp, job, options);
    },
    async putSecrets(sp, secrets, signal) {
      await client.setSecrets(sp, secrets, call(signal));
    },
    getSchema: (sp, job, signal) => client.getSchema(sp, job, call(signal)),
    async putSchema(sp, job, schema, signal) {
      await client.replaceSchema(sp, job, schema, call(signal));
    },
    parseExpression: (sp, job, expression, testInput, signal) =>
      client.parseExpression(sp, job, expression, { ...call(signal), ...(testInput ? { testInput } : {}) }),
    onRetry(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...uploadCalls(parts, call),
  };
}

/** What `upload` calls: bulkUpload, one attempt each (its caller paces and counts every attempt). */
function uploadCalls(
  { singleAttempt }: FacadeParts,
  call: (signal: AbortSignal) => { signal?: AbortSignal },
): Pick<ClientHandle, "bulkUpload"> {
  return {
    async bulkUpload(sp, job, request, signal) {
      const result = await singleAttempt().bulkUpload(sp, job, request, call(signal));
      return result.location ?? undefined;
    },
  };
}
