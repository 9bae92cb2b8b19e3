/**
 * `graphsync emulator`'s server: the emulator package until Ctrl-C or SIGTERM, its ready lines (or one JSON line),
 * its request log on stderr. `@graphsync/emulator` is imported lazily: only this command and --emulator load it.
 */
import { constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator, LogEntry } from "@graphsync/emulator";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, quote } from "../core.js";

export interface ServeOptions {
  port: number;
  host: string;
  stateFile: string | undefined;
  tls: boolean;
  caOut: string | undefined;
  jwt: boolean;
  /** Print the one JSON ready line (--json or --output json). */
  json: boolean;
  /** graphsync-emulator's other flags, as emulator options: seed, clock, startResponse, corsOrigins. */
  behaviour: Record<string, unknown>;
}

function logLine(entry: LogEntry): string {
  const time = new Date().toISOString().slice(11, 23);
  if (entry.event === "request") {
    const faults = entry.faults?.length ? ` faults=${entry.faults.join(",")}` : "";
    return `${time} ${entry.method ?? ""} ${entry.url ?? ""} ${entry.status ?? 0} ${entry.durationMs ?? 0}ms ${entry.operation ?? "-"}${faults}`;
  }
  return `${time} ${entry.level} ${entry.message}`;
}

async function start(context: CommandContext, options: ServeOptions): Promise<Emulator> {
  const { startEmulator, EmulatorError } = await import("@graphsync/emulator");
  const { output } = context;
  try {
    return await startEmulator({
      ...options.behaviour,
      port: options.port,
      host: options.host,
      ...(options.stateFile ? { stateFile: options.stateFile } : {}),
      tls: options.tls,
      auth: options.jwt ? "jwt" : "bearer",
      log: (entry) => {
        if (!output.quiet) output.error(output.err.dim(logLine(entry)));
      },
    });
  } catch (error) {
    if (error instanceof EmulatorError) {
      const inUse = /EADDRINUSE|in use/i.test(error.message);
      throw new CliError(
        error.name === "EmulatorOptionsError" ? ExitCode.usage : ExitCode.failed,
        `the emulator could not start: ${error.message}`,
        { hint: inUse ? "pick another --port (0 picks a free one)." : undefined },
      );
    }
    throw error;
  }
}

/**
 * Where the test CA goes: --ca-out (an existing file is replaced, a symbolic link is refused), else a fresh private
 * (0700) folder from mkdtemp with exclusive creation, so nothing planted in the shared temp folder is followed.
 * The folder is removed when the emulator stops: the CA is generated for this run only.
 */
async function writeCa(
  context: CommandContext,
  emulator: Emulator,
  options: ServeOptions,
): Promise<string | undefined> {
  if (!emulator.ca) return undefined;
  let caFile = options.caOut;
  try {
    if (caFile === undefined) {
      const dir = await mkdtemp(join(tmpdir(), "graphsync-emulator-"));
      context.onClose(() => rm(dir, { recursive: true, force: true }));
      caFile = join(dir, "ca.pem");
      await writeFile(caFile, emulator.ca, { mode: 0o644, flag: "wx" });
    } else {
      const { O_WRONLY, O_CREAT, O_TRUNC, O_NOFOLLOW } = constants;
      await writeFile(caFile, emulator.ca, { mode: 0o644, flag: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW });
    }
  } catch (error) {
    const link =
      (error as { code?: string }).code === "ELOOP" ? " (it is a symbolic link, which is never followed)" : "";
    throw new CliError(
      ExitCode.failed,
      `cannot write the CA certificate to ${quote(caFile ?? tmpdir())}${link}: ${(error as Error).message}`,
    );
  }
  return caFile;
}

/** The ready lines (or one JSON line for scripts): where the emulator listens and how to point the CLI at it. */
interface Ready {
  emulator: Emulator;
  options: ServeOptions;
  caFile: string | undefined;
  /** The demo tenant's service principal and paused job, for the "Try:" line and scripts. */
  demo: { servicePrincipalId: string; pausedJobId: string };
}

/** The JSON ready line: graphsync-emulator's fields, in its order, then the demo job and the bind address. */
function readyInfo({ emulator, options, caFile, demo }: Ready) {
  return {
    event: "ready" as const,
    url: emulator.url,
    graphUrl: emulator.graphUrl("v1.0"),
    betaUrl: emulator.graphUrl("beta"),
    controlUrl: `${emulator.url}/_emulator`,
    tenantId: emulator.tenantId,
    servicePrincipalId: demo.servicePrincipalId,
    auth: options.jwt ? ("jwt" as const) : ("bearer" as const),
    ...(options.jwt
      ? { authorityHost: emulator.authorityHost, tokenUrl: emulator.tokenUrl }
      : { token: emulator.token }),
    ...(caFile ? { caFile } : {}),
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
    pid: process.pid,
    pausedJobId: demo.pausedJobId,
    /** Where it really listens: with --host 0.0.0.0 every interface, while `url` is how to reach it locally. */
    listen: bindAddress(emulator),
  };
}

/** The ready line graphsync-emulator prints (scripts wait for "ready on"), then what to do with it. */
function printReady(context: CommandContext, ready: Ready): void {
  const { output } = context;
  const { emulator, options, caFile, demo } = ready;
  const info = readyInfo(ready);
  if (options.json) {
    output.printJsonLine(info);
    return;
  }
  const s = output.out;
  output.print(
    `${s.green("graphsync emulator")} ready on ${s.bold(info.url)} (Graph ${info.graphUrl}, control ${info.controlUrl}/health)${caFile ? `, CA in ${caFile}` : ""}`,
  );
  if (!loopback(emulator.host)) {
    output.print(`  listening on ${bindAddress(emulator)} (every interface; from this machine: ${emulator.url})`);
  }
  if (options.jwt) {
    output.print(
      `  token authority  ${emulator.authorityHost} (tenant ${emulator.tenantId}; clients in the emulator README)`,
    );
  } else {
    output.print(`  token            ${emulator.token} (the emulator accepts any token)`);
  }
  if (caFile) output.print(`  test CA          ${caFile} (trust it with NODE_EXTRA_CA_CERTS=${caFile})`);
  if (options.stateFile) output.print(`  state file       ${options.stateFile}`);
  output.print(`  demo tenant      service principal ${demo.servicePrincipalId}`);
  output.print("");
  output.print(
    `Try: ${s.cyan(`GRAPHSYNC_TOKEN=${options.jwt ? "<token>" : emulator.token} graphsync jobs list --sp ${demo.servicePrincipalId} --base-url ${info.graphUrl}`)} (Ctrl-C stops the emulator)`,
  );
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

function loopback(host: string): boolean {
  return LOOPBACK.has(host);
}

function bindAddress(emulator: Emulator): string {
  return `${emulator.host.includes(":") ? `[${emulator.host}]` : emulator.host}:${emulator.port}`;
}

/** `graphsync emulator`: serves until Ctrl-C or SIGTERM, then closes cleanly (saving the state file). */
export async function serveEmulator(context: CommandContext, options: ServeOptions): Promise<void> {
  const emulator = await start(context, options);
  context.onClose(() => emulator.close());
  if (!loopback(emulator.host)) {
    context.output.warn(
      `listening on ${bindAddress(emulator)}, not only on loopback: the emulator accepts any bearer token and its control endpoint (reset, faults, state) needs none, so anyone who can reach this machine can use it; keep --host 127.0.0.1 unless you mean that`,
    );
  }
  const { DEMO_TENANT } = await import("@graphsync/emulator");
  const demo = { servicePrincipalId: DEMO_TENANT.servicePrincipalId, pausedJobId: DEMO_TENANT.jobs.paused.jobId };
  printReady(context, { emulator, options, caFile: await writeCa(context, emulator, options), demo });
  // Runs until Ctrl-C or SIGTERM (bin.ts turns both into an abort); the close above then saves the state file.
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    else context.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  context.output.info(context.output.err.dim("graphsync emulator stopped"));
}
