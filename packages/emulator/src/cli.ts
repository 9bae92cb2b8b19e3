/**
 * `graphsync-emulator`: returns its exit code (0, 1 cannot start, 2 bad flags) and never exits, so `graphsync emulator`
 * can embed it.
 */
import { constants, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkCorsOrigins } from "./cors.js";
import { DEMO_TENANT } from "./demo-tenant.js";
import type { Emulator } from "./emulator-api.js";
import { EmulatorError, EmulatorOptionsError } from "./errors.js";
import { DEFAULT_TOKEN } from "./facade.js";
import type { EmulatorOptions } from "./options.js";
import { startEmulator } from "./server.js";

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Stops the emulator when aborted (in addition to, or instead of, process signals). */
  signal?: AbortSignal;
  /** Listen for SIGINT and SIGTERM. Default true. */
  handleSignals?: boolean;
  /** Called once the emulator is ready (tests, embedding). */
  onReady?: (info: ReadyInfo) => void;
}

export interface ReadyInfo {
  event: "ready";
  url: string;
  graphUrl: string;
  betaUrl: string;
  controlUrl: string;
  tenantId: string;
  servicePrincipalId: string;
  auth: "bearer" | "jwt";
  /** Bearer mode: a token the emulator accepts (not a secret: any well-formed token works). */
  token?: string;
  authorityHost?: string;
  tokenUrl?: string;
  caFile?: string;
  stateFile?: string;
  pid: number;
}

export const DEFAULT_PORT = 4010;

export const USAGE = `Usage: graphsync-emulator [options]

A local, stateful Microsoft Graph emulator for synchronization jobs.

Options:
  --port <n>             TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <address>       interface to listen on (default 127.0.0.1; keep it on loopback)
  --state <file>         load the tenant from this JSON file and save every change to it (atomic)
  --tls                  serve HTTPS with a generated test CA
  --ca-out <file>        with --tls: write the CA certificate (PEM) to this file
  --auth <mode>          bearer (default: any bearer token) or jwt (tokens from the emulator's token endpoint)
  --seed <value>         reproducible ids and probabilistic faults
  --clock <mode>         real (default) or manual (move it with POST /_emulator/clock/advance)
  --clock-start <time>   where a manual clock starts (ISO 8601)
  --start-response <n>   what a successful start answers: 204 (default, the live service) or 200 (the seed)
  --cors-origins <list>  origins allowed to call Graph from a browser: * (default, like Graph) or a comma-separated
                         list such as http://127.0.0.1:5173 (the control endpoint never allows any)
  --json                 print the ready line as JSON (and nothing else on stdout)
  --quiet                do not log requests to stderr
  -h, --help             show this help
  --version              show the version

Control endpoint: GET /_emulator/health, /_emulator/state, /_emulator/counters, /_emulator/requests;
POST /_emulator/clock/advance, /_emulator/faults, /_emulator/reset (see the README).
`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

class UsageError extends Error {}

function parse(argv: string[]) {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
  return parsed.values;
}

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  state: { type: "string" },
  tls: { type: "boolean" },
  "ca-out": { type: "string" },
  auth: { type: "string" },
  seed: { type: "string" },
  clock: { type: "string" },
  "clock-start": { type: "string" },
  "start-response": { type: "string" },
  "cors-origins": { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** `--cors-origins`: `*` or a comma-separated list of origins. */
function corsOrigins(value: string): "*" | string[] {
  const list = value.trim() === "*" ? "*" : value.split(",").map((origin) => origin.trim());
  try {
    return checkCorsOrigins(list, "--cors-origins") as "*" | string[];
  } catch (error) {
    if (error instanceof EmulatorOptionsError) throw new UsageError(`invalid ${error.message}`);
    throw error;
  }
}

export function cliOptions(values: ReturnType<typeof parse>): EmulatorOptions {
  const options: EmulatorOptions = {};
  const port = values.port ?? String(DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw new UsageError(`invalid --port '${port}': use a whole number from 0 to 65535 (0 picks a free port)`);
  }
  options.port = Number(port);
  if (values.host !== undefined) options.host = values.host;
  if (values.state !== undefined) options.stateFile = values.state;
  if (values.tls) options.tls = true;
  if (values["ca-out"] !== undefined && !values.tls) throw new UsageError("--ca-out needs --tls");
  if (values.auth !== undefined) {
    if (values.auth !== "bearer" && values.auth !== "jwt") {
      throw new UsageError(`invalid --auth '${values.auth}': use bearer or jwt`);
    }
    options.auth = values.auth;
  }
  if (values.seed !== undefined) options.seed = values.seed;
  if (values.clock !== undefined && values.clock !== "real" && values.clock !== "manual") {
    throw new UsageError(`invalid --clock '${values.clock}': use real or manual`);
  }
  if (values["clock-start"] !== undefined) {
    if (values.clock !== "manual") throw new UsageError("--clock-start needs --clock manual");
    if (Number.isNaN(Date.parse(values["clock-start"]))) {
      throw new UsageError(
        `invalid --clock-start '${values["clock-start"]}': use an ISO 8601 time such as 2026-11-28T10:00:00Z`,
      );
    }
    options.clock = { mode: "manual", start: values["clock-start"] };
  } else if (values.clock === "manual") options.clock = "manual";
  if (values["start-response"] !== undefined) {
    if (values["start-response"] !== "200" && values["start-response"] !== "204") {
      throw new UsageError(`invalid --start-response '${values["start-response"]}': use 204 or 200`);
    }
    options.startResponse = Number(values["start-response"]) as 200 | 204;
  }
  if (values["cors-origins"] !== undefined) options.corsOrigins = corsOrigins(values["cors-origins"]);
  options.log = values.quiet ? "silent" : "stderr";
  return options;
}

type Parsed = { values: ReturnType<typeof parse>; options: EmulatorOptions } | { exit: number };

function parseCli(argv: string[], io: CliIo): Parsed {
  try {
    const values = parse(argv);
    if (values.help) {
      io.stdout.write(USAGE);
      return { exit: 0 };
    }
    if (values.version) {
      io.stdout.write(`${version()}\n`);
      return { exit: 0 };
    }
    return { values, options: cliOptions(values) };
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`graphsync-emulator: ${error.message}\nRun graphsync-emulator --help for usage.\n`);
      return { exit: 2 };
    }
    throw error;
  }
}

function readyInfo(emulator: Emulator, options: EmulatorOptions, caFile: string | undefined): ReadyInfo {
  return {
    event: "ready",
    url: emulator.url,
    graphUrl: emulator.graphUrl("v1.0"),
    betaUrl: emulator.graphUrl("beta"),
    controlUrl: `${emulator.url}/_emulator`,
    tenantId: emulator.tenantId,
    servicePrincipalId: DEMO_TENANT.servicePrincipalId,
    auth: options.auth ?? "bearer",
    ...(options.auth === "jwt"
      ? { authorityHost: emulator.authorityHost, tokenUrl: emulator.tokenUrl }
      : { token: emulator.token === DEFAULT_TOKEN ? DEFAULT_TOKEN : emulator.token }),
    ...(caFile ? { caFile } : {}),
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
    pid: process.pid,
  };
}

/** Resolves with the reason once SIGINT, SIGTERM or `io.signal` asks to stop; `cleanup` removes the listeners. */
function stopSignal(io: CliIo): { stopped: Promise<string>; cleanup: () => void } {
  let cleanup = () => {};
  const stopped = new Promise<string>((resolve) => {
    const stop = (reason: string) => () => resolve(reason);
    const onSigint = stop("SIGINT");
    const onSigterm = stop("SIGTERM");
    const onAbort = stop("abort");
    if (io.handleSignals !== false) {
      process.once("SIGINT", onSigint);
      process.once("SIGTERM", onSigterm);
    }
    if (io.signal?.aborted) resolve("abort");
    io.signal?.addEventListener("abort", onAbort, { once: true });
    cleanup = () => {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      io.signal?.removeEventListener("abort", onAbort);
    };
  });
  return { stopped, cleanup };
}

/** Starts the emulator, or writes why not and returns the exit code. */
async function start(options: EmulatorOptions, io: CliIo): Promise<Emulator | number> {
  try {
    return await startEmulator(options);
  } catch (error) {
    if (error instanceof EmulatorError) {
      io.stderr.write(`graphsync-emulator: ${error.message}\n`);
      return error instanceof EmulatorOptionsError ? 2 : 1;
    }
    throw error;
  }
}

/** Writes the CA for --ca-out; false (after saying why) when it cannot. */
async function writeCa(emulator: Emulator, path: string | undefined, io: CliIo): Promise<string | undefined | false> {
  if (path === undefined || !emulator.ca) return undefined;
  try {
    // Never through a symbolic link planted at that path: it could point at any file the user can write.
    const { O_WRONLY, O_CREAT, O_TRUNC, O_NOFOLLOW } = constants;
    await writeFile(path, emulator.ca, { mode: 0o644, flag: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW });
    return path;
  } catch (error) {
    io.stderr.write(`graphsync-emulator: cannot write --ca-out ${path}: ${(error as Error).message}\n`);
    return false;
  }
}

/** Runs the emulator until SIGINT/SIGTERM (or `io.signal`); returns the exit code. */
export async function runEmulatorCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const parsed = parseCli(argv, io);
  if ("exit" in parsed) return parsed.exit;
  const { values, options } = parsed;
  const emulator = await start(options, io);
  if (typeof emulator === "number") return emulator;
  if (!["127.0.0.1", "::1", "localhost"].includes(emulator.host)) {
    io.stderr.write(
      `graphsync-emulator: warning: listening on ${emulator.host}: the emulator accepts any bearer token and its control endpoint needs none; keep it on loopback\n`,
    );
  }
  const caFile = await writeCa(emulator, values["ca-out"], io);
  if (caFile === false) {
    await emulator.close();
    return 1;
  }
  const info = readyInfo(emulator, options, caFile);
  const { stopped, cleanup } = stopSignal(io);
  if (values.json) io.stdout.write(`${JSON.stringify(info)}\n`);
  else {
    io.stdout.write(
      `graphsync-emulator ready on ${info.url} (Graph ${info.graphUrl}, control ${info.controlUrl}/health)${caFile ? `, CA in ${caFile}` : ""}\n`,
    );
  }
  io.onReady?.(info);
  const reason = await stopped;
  cleanup();
  await emulator.close();
  if (!values.quiet) io.stderr.write(`graphsync-emulator stopped (${reason})\n`);
  return 0;
}
