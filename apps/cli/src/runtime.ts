/** The process-level things a run is given, and the settings read from the global options. */
import type { Readable } from "node:stream";
import type { OptionValues } from "./args.js";
import { booleanOption, stringOption } from "./args.js";
import type { Clock } from "./clock.js";
import type { AuthMode } from "./options.js";
import type { OutputFormat, OutputStream } from "./output.js";
import type { SecretRegistry } from "./redact.js";
import type { FetchLike } from "./transport.js";

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

/** --output, where --query turns the default table into JSON (a query selects from the JSON document). */
function formatOf(values: OptionValues): OutputFormat {
  const format = (stringOption(values, "output") ?? "table") as OutputFormat;
  return format === "table" && stringOption(values, "query") !== undefined ? "json" : format;
}

export function settingsFrom(values: OptionValues): Settings {
  return {
    format: formatOf(values),
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
