/** `graphsync emulator`: the emulator package as a long-running local server, stopped by Ctrl-C or SIGTERM (exit 0). */

import type { CommandContext } from "../context.js";
import { booleanOption, type OptionValues, quote, stringOption, UsageError } from "../core.js";

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) {
    throw new UsageError(`invalid --port ${quote(text)}`, {
      hint: "a whole number from 0 to 65535 (0 picks a free port).",
    });
  }
  return port;
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const tls = booleanOption(values, "tls");
  const caOut = stringOption(values, "ca-out");
  if (caOut !== undefined && !tls) throw new UsageError("--ca-out needs --tls", { hint: "add --tls to serve HTTPS." });
  const { serveEmulator } = await import("../embedded-emulator.js");
  await serveEmulator(context, {
    port: parsePort(stringOption(values, "port") ?? "4010"),
    host: stringOption(values, "host") ?? "127.0.0.1",
    stateFile: stringOption(values, "state"),
    tls,
    caOut,
    jwt: booleanOption(values, "jwt"),
  });
}
