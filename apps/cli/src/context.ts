/**
 * What a command receives. Everything that touches the outside world (env, streams, clock, signal, the Graph client,
 * an embedded emulator) comes in through here, so tests call commands directly with buffers, a manual clock and an
 * emulator on 127.0.0.1:0.
 */
import type { Readable } from "node:stream";
import type { ClientHandle } from "./client-factory.js";
import {
  type AuthMode,
  booleanOption,
  type Clock,
  type OptionValues,
  Output,
  type OutputFormat,
  type OutputStream,
  type SecretRegistry,
  stringOption,
} from "./core.js";
import type { FetchLike } from "./transport.js";

export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";

/** The process-level things a run is given (bin.ts passes the real ones; tests pass fakes). */
export interface Runtime {
  version: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** A function: touching process.stdin opens a handle, which only `--from -` should pay for. */
  stdin(): Readable;
  /** Aborted on Ctrl-C: in-flight requests are aborted and waits stop. */
  signal: AbortSignal;
  clock: Clock;
  secrets?: SecretRegistry;
  /** Tests: the transport the Graph client uses (default: node:http, see transport.ts). */
  fetch?: FetchLike;
  /** Tests and the demo: extra options for the embedded emulator (a manual clock, faults). */
  emulatorOptions?: Record<string, unknown>;
}

export interface Settings {
  format: OutputFormat;
  quiet: boolean;
  verbose: boolean;
  emulator: boolean;
  dryRun: boolean;
  auth: AuthMode | undefined;
  tenant: string | undefined;
  clientId: string | undefined;
  clientSecretFile: string | undefined;
  certificateFile: string | undefined;
  cloud: string;
  /** Undefined unless given: --base-url carries its own version. */
  apiVersion: string | undefined;
  baseUrl: string | undefined;
  authorityHost: string | undefined;
}

export interface CommandContext {
  readonly runtime: Runtime;
  readonly output: Output;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secrets: SecretRegistry;
  /** "graphsync jobs start": for messages. */
  readonly label: string;
  /** The Graph client for this run (built on first use: auth, emulator, dry-run and verbose wiring). */
  client(): Promise<ClientHandle>;
  /** Runs `fn` when the invocation ends (after success or failure). */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export function settingsFrom(values: OptionValues): Settings {
  return {
    format: stringOption(values, "output") === "json" ? "json" : "table",
    quiet: booleanOption(values, "quiet"),
    verbose: booleanOption(values, "verbose"),
    emulator: booleanOption(values, "emulator"),
    dryRun: booleanOption(values, "dry-run"),
    auth: stringOption(values, "auth") as AuthMode | undefined,
    tenant: stringOption(values, "tenant"),
    clientId: stringOption(values, "client-id"),
    clientSecretFile: stringOption(values, "client-secret-file"),
    certificateFile: stringOption(values, "certificate-file"),
    cloud: stringOption(values, "cloud") ?? "global",
    apiVersion: stringOption(values, "api-version"),
    baseUrl: stringOption(values, "base-url"),
    authorityHost: stringOption(values, "authority-host"),
  };
}

export function createCommandContext(
  runtime: Runtime,
  values: OptionValues,
  secrets: SecretRegistry,
  label: string,
): CommandContext {
  const settings = settingsFrom(values);
  const output = new Output({
    stdout: runtime.stdout,
    stderr: runtime.stderr,
    format: settings.format,
    quiet: settings.quiet,
    color: values["no-color"] !== true,
    env: runtime.env,
    secrets,
  });
  const closers: (() => Promise<void> | void)[] = [];
  let handle: Promise<ClientHandle> | undefined;
  const context: CommandContext = {
    runtime,
    output,
    settings,
    clock: runtime.clock,
    signal: runtime.signal,
    env: runtime.env,
    secrets,
    label,
    client() {
      handle ??= import("./client-factory.js").then(({ createClientHandle }) => createClientHandle(context));
      return handle;
    },
    onClose(fn) {
      closers.push(fn);
    },
    async close() {
      // Last registered, first closed (the client before the emulator it talks to).
      for (const fn of closers.splice(0).reverse()) {
        try {
          await fn();
        } catch {
          // Closing is best effort: the run's own outcome is what the user needs to see.
        }
      }
    },
  };
  return context;
}
