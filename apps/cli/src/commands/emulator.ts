/** `graphsync emulator`: the emulator package as a long-running local server, stopped by Ctrl-C or SIGTERM (exit 0). */

import { access, constants, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { CommandContext } from "../context.js";
import { booleanOption, CliError, ExitCode, isCliError, type OptionValues, quote, stringOption } from "../core.js";

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) {
    throw new CliError(ExitCode.usage, `invalid --port ${quote(text)}`, {
      hint: "a whole number from 0 to 65535 (0 picks a free port).",
    });
  }
  return port;
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const tls = booleanOption(values, "tls");
  const caOut = stringOption(values, "ca-out");
  const stateFile = stringOption(values, "state");
  // The emulator writes the state beside the file (write, then rename): its folder must exist and be writable.
  for (const [flag, file] of [
    ["--state", stateFile],
    ["--ca-out", caOut],
  ] as const) {
    if (file !== undefined) await checkWritableFolder(flag, file);
  }
  const { serveEmulator } = await import("./emulator-serve.js");
  await serveEmulator(context, {
    port: parsePort(stringOption(values, "port") ?? "4010"),
    host: stringOption(values, "host") ?? "127.0.0.1",
    stateFile,
    tls,
    caOut,
    jwt: authMode(values) === "jwt",
    json: booleanOption(values, "json") || context.output.json,
    behaviour: behaviourOptions(values),
  });
}

/** --auth bearer|jwt, as graphsync-emulator takes it; --jwt is the same as --auth jwt. */
function authMode(values: OptionValues): "bearer" | "jwt" {
  const auth = stringOption(values, "auth");
  if (booleanOption(values, "jwt") && auth === "bearer") {
    throw new CliError(ExitCode.usage, "--jwt and --auth bearer contradict each other", {
      hint: "--jwt is the same as --auth jwt: give one of them.",
    });
  }
  return booleanOption(values, "jwt") || auth === "jwt" ? "jwt" : "bearer";
}

/** The flags graphsync-emulator shares: seed, clock, start answer, CORS (the emulator checks the origins). */
function behaviourOptions(values: OptionValues): Record<string, unknown> {
  const clock = stringOption(values, "clock");
  const clockStart = stringOption(values, "clock-start");
  if (clockStart !== undefined && clock !== "manual") {
    throw new CliError(ExitCode.usage, "--clock-start needs --clock manual");
  }
  if (clockStart !== undefined && Number.isNaN(Date.parse(clockStart))) {
    throw new CliError(ExitCode.usage, `invalid --clock-start ${quote(clockStart)}`, {
      hint: "an ISO 8601 time such as 2026-11-28T10:00:00Z.",
    });
  }
  const seed = stringOption(values, "seed");
  const startResponse = stringOption(values, "start-response");
  const cors = stringOption(values, "cors-origins");
  return {
    ...uploadOptions(values),
    ...(seed !== undefined ? { seed } : {}),
    ...(clock === "manual" ? { clock: clockStart ? { mode: "manual", start: clockStart } : "manual" } : {}),
    ...(startResponse !== undefined ? { startResponse: Number(startResponse) } : {}),
    ...(cors !== undefined ? { corsOrigins: cors.trim() === "*" ? "*" : cors.split(",").map((o) => o.trim()) } : {}),
  };
}

/** --upload-delay (seconds) and --upload-limits (per 5 s, per 24 h), as graphsync-emulator takes them. */
function uploadOptions(values: OptionValues): Record<string, unknown> {
  const delay = stringOption(values, "upload-delay");
  const limits = stringOption(values, "upload-limits");
  const pair = limits === undefined ? undefined : /^(\d{1,9}),(\d{1,9})$/.exec(limits);
  if (delay !== undefined && !/^\d{1,6}(\.\d{1,3})?$/.test(delay)) {
    throw new CliError(ExitCode.usage, `invalid --upload-delay ${quote(delay)}`, {
      hint: "seconds from 0, such as 5 or 0.5.",
    });
  }
  if (limits !== undefined && (!pair || Number(pair[1]) < 1 || Number(pair[2]) < 1)) {
    throw new CliError(ExitCode.usage, `invalid --upload-limits ${quote(limits)}`, {
      hint: "two whole numbers from 1, such as 40,6000.",
    });
  }
  return {
    ...(delay !== undefined ? { uploadDelayMs: Math.round(Number(delay) * 1000) } : {}),
    ...(pair ? { limits: { bulkUploadRequests: Number(pair[1]), bulkUploadDailyRequests: Number(pair[2]) } } : {}),
  };
}

async function checkWritableFolder(flag: string, file: string): Promise<void> {
  const folder = dirname(resolve(file));
  try {
    if (!(await stat(folder)).isDirectory())
      throw new CliError(ExitCode.usage, `${flag} ${quote(file)}: ${quote(folder)} is not a folder`);
    await access(folder, constants.W_OK);
  } catch (error) {
    if (isCliError(error, ExitCode.usage)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      ExitCode.usage,
      `${flag} ${quote(file)}: ${code === "ENOENT" ? `the folder ${quote(folder)} does not exist` : `the folder ${quote(folder)} is not writable (${code})`}`,
      { hint: "create the folder first, or give a path in a folder you can write to." },
    );
  }
}
