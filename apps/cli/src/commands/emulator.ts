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
    jwt: booleanOption(values, "jwt"),
  });
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
